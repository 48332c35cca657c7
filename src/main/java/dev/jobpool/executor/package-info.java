/**
 * Executors: the {@link dev.jobpool.executor.Executor} port, the bounded thread pool behind {@code kind: thread},
 * the registry of named executors with its limits, and {@link dev.jobpool.executor.Submissions}, where a submit
 * or map request becomes futures (binding, idempotency, feeding). Plain Java; {@code web} is the Spring side.
 */
package dev.jobpool.executor;
