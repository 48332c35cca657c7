/**
 * Futures: the state machine of one submitted call ({@link dev.jobpool.future.JobFuture}), its outcome, Python's
 * module-level waiting functions {@code wait} and {@code as_completed}, and the
 * {@link dev.jobpool.future.FutureStore} port that keeps futures answerable by id. Plain Java, no Spring: the
 * executors and stores build on it; {@code web} exposes it over HTTP.
 */
package dev.jobpool.future;
