package dev.jobpool.executor;

import dev.jobpool.future.FutureSnapshot;

/**
 * What executors tell the outside about the calls they accept and run, e.g. for metrics. Each call is told as
 * {@link #accepted} once, then {@link #started} at most once, then {@link #ended} exactly once: a call is pending
 * between accepted and started, running between started and ended. Events run on the thread that caused them
 * (a request thread, a pool thread, a canceller), so implementations must be quick and must not throw.
 */
public interface ExecutorEvents {

    ExecutorEvents NONE = new ExecutorEvents() {
    };

    /** An executor was created (a name may be used again once its executor terminated). */
    /** A terminated executor was forgotten: nothing of it should stay (meters, health). */
    default void forgotten(Executor executor) {
    }

    default void created(Executor executor) {
    }

    /** A call was accepted: it is pending until it starts or ends. */
    default void accepted(ExecutorSpec spec, String task) {
    }

    /** A call was refused because the executor's queue was full. */
    default void rejected(ExecutorSpec spec, String task) {
    }

    /** A call started on a worker; {@code now.startedAt() - now.submittedAt()} is its wait in the queue. */
    default void started(ExecutorSpec spec, FutureSnapshot now) {
    }

    /**
     * A call ended: returned or raised ({@code now.state()} FINISHED), or was cancelled, before or while running
     * ({@code wasRunning}). {@code timedOut} when its per-call timeout stopped it.
     */
    default void ended(ExecutorSpec spec, FutureSnapshot now, boolean wasRunning, boolean timedOut) {
    }
}
