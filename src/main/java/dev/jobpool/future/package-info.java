/**
 * Futures: the state machine of one submitted call ({@link dev.jobpool.future.JobFuture}), its outcome, and
 * Python's module-level waiting functions {@code wait} and {@code as_completed}. Plain Java, no Spring: the
 * executors and stores build on it; {@code web} exposes it over HTTP.
 */
package dev.jobpool.future;
