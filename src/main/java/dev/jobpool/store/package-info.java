/**
 * Where futures are kept: the {@link dev.jobpool.future.FutureStore} port and its in-memory adapter. Retention
 * (how long finished futures stay answerable, and how many) is the store's business; so is telling a future
 * that was forgotten (410) from one that never existed (404).
 */
package dev.jobpool.store;
