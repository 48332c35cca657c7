/**
 * The adapters that keep state, and their wiring ({@code jobpool.store}): in memory here (futures with retention,
 * Idempotency-Keys, API-created executors, and calls that wait in this instance's executors), PostgreSQL in
 * {@code jdbc}. The ports they implement belong to the features that use them ({@code future.FutureStore},
 * {@code executor.CallQueue}, {@code IdempotencyKeys}, {@code ExecutorStore}); nothing depends on this package.
 */
package dev.jobpool.store;
