package dev.jobpool.executor;

import java.time.Duration;
import java.util.List;

/** A named pool of workers that runs submitted calls, Python's {@code Executor}. */
public interface Executor {

    ExecutorSpec spec();

    default String name() {
        return spec().name();
    }

    /**
     * Queues a call. Never blocks: a full queue refuses at once.
     *
     * @throws QueueFull when {@code queueCapacity} calls already wait
     * @throws ExecutorShutDown after {@link #shutdown}
     */
    void submit(Submission submission);

    /**
     * Queues {@code map}'s calls in order as room frees, from a thread of its own, so that a map larger than the
     * queue never fails for lack of room (Python's queue is unbounded; ours is not).
     *
     * @param buffersize at most this many calls are queued or running ahead of the results taken through
     *                   {@link MapFeed#taken()}; 0 for no limit
     * @throws ExecutorShutDown after {@link #shutdown}
     */
    MapFeed feed(List<Submission> submissions, int buffersize);

    ExecutorStatus status();

    /**
     * Python's {@code shutdown(cancel_futures)}, without the waiting: refuses new submissions; with
     * {@code cancelFutures}, cancels every call that has not started. Calls already accepted still run.
     */
    void shutdown(boolean cancelFutures);

    /** Waits until every accepted call has run and the workers are gone; true if that happened in time. */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /** Interrupts running calls: the service stops and its grace period is over. */
    void shutdownNow();
}
