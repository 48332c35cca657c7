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
     * @param buffersize at most this many calls (chunks, with a chunksize) are queued or running ahead of the
     *                   results taken through {@link dev.jobpool.future.JobFuture#read()}; 0 for no limit
     * @param chunksize  a process executor sends its workers this many calls at a time (see {@link MapFeed});
     *                   a thread executor ignores it, as Python's does
     * @throws ExecutorShutDown after {@link #shutdown}
     */
    MapFeed feed(List<Submission> submissions, int buffersize, int chunksize);

    /** {@link #feed(List, int, int)} one call at a time. */
    default MapFeed feed(List<Submission> submissions, int buffersize) {
        return feed(submissions, buffersize, 1);
    }

    ExecutorStatus status();

    /**
     * The opt-in interrupting cancel: if {@code future} is running here, it becomes CANCELLED and its call is
     * stopped (its thread interrupted, or its worker process killed).
     *
     * @return false if the future is not running on this executor
     */
    boolean interrupt(dev.jobpool.future.JobFuture future);

    /**
     * Python's broken executor: fails every call that has not started with {@code reason} and refuses new ones.
     * Called by a runner that cannot run anything any more, e.g. when its initializer fails.
     */
    void breakWith(dev.jobpool.future.RaisedException reason);

    /**
     * Python's {@code shutdown(cancel_futures)}, without the waiting: refuses new submissions; with
     * {@code cancelFutures}, cancels every call that has not started. Calls already accepted still run.
     */
    void shutdown(boolean cancelFutures);

    /** Completes once every accepted call has run and the workers are gone. */
    java.util.concurrent.CompletableFuture<Void> whenTerminated();

    /** Waits until every accepted call has run and the workers are gone; true if that happened in time. */
    boolean awaitTermination(Duration timeout) throws InterruptedException;

    /**
     * Python 3.14's {@code terminate_workers()} / {@code kill_workers()}: shuts down cancelling what has not
     * started, then ends every worker process (SIGTERM, or SIGKILL when {@code force}); the calls they were
     * running fail with BrokenProcessPool.
     *
     * @throws UnsupportedOperationException for executors without worker processes
     */
    void stopWorkers(boolean force);

    /** Interrupts running calls: the service stops and its grace period is over. */
    void shutdownNow();
}
