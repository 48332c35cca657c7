package dev.jobpool.executor;

import dev.jobpool.future.JobFuture;

/**
 * Where accepted calls wait until a worker takes them, and how they are cancelled there: this instance's
 * executors ({@link LocalCallQueue}, the in-memory store), or a queue that every instance over one database
 * shares ({@code store.jdbc.JdbcCallQueue}). Chosen once, where the store is wired, so that no caller asks
 * which one it has.
 */
public interface CallQueue {

    /**
     * Accepts a new pending future: once this returns, the store keeps it and a worker will run its call.
     *
     * @throws QueueFull when {@code queueCapacity} calls of this executor already wait
     * @throws ExecutorShutDown when the executor takes no more calls
     */
    void enqueue(Executor executor, Submission submission);

    /**
     * Python's {@code cancel()}, wherever the call waits: true if the future was pending (and is now cancelled)
     * or was cancelled already; false if it started or finished.
     */
    boolean cancel(JobFuture future);

    /**
     * The opt-in interrupting cancel, wherever the call runs: true if it ends CANCELLED.
     */
    boolean interrupt(JobFuture future);

    /** {@link #cancel}, then, when that fails and {@code interrupt} is asked for, {@link #interrupt}. */
    default boolean cancel(JobFuture future, boolean interrupt) {
        return cancel(future) || interrupt && interrupt(future);
    }
}
