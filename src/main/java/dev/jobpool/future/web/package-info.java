/**
 * The Spring side of futures: {@code /api/v1/futures} (get, result, exception, cancel, delete, wait,
 * as-completed, list) with its request and response records, and the wiring of the future store.
 */
package dev.jobpool.future.web;
