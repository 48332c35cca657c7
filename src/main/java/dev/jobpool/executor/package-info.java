/**
 * Executors: the {@link dev.jobpool.executor.Executor} port, the bounded thread pool behind {@code kind: thread},
 * the registry of named executors with its limits, {@link dev.jobpool.executor.Submissions}, where a submit or
 * map request becomes futures (binding, idempotency, feeding), and the ports executors need from elsewhere:
 * {@link dev.jobpool.executor.CallQueue} (where calls wait), {@link dev.jobpool.executor.IdempotencyKeys},
 * {@link dev.jobpool.executor.ExecutorStore}, {@link dev.jobpool.executor.ProcessRunners} (worker JVMs) and
 * {@link dev.jobpool.executor.ExecutorEvents} (meters). Wired from {@code jobpool.executors.*} here;
 * {@code web} is the HTTP adapter.
 */
package dev.jobpool.executor;
