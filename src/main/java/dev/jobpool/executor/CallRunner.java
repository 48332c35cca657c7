package dev.jobpool.executor;

import dev.jobpool.future.RaisedException;
import dev.jobpool.task.TaskContext;

import java.util.ArrayList;
import java.util.List;

/**
 * How a pool thread of a {@link PoolExecutor} runs a call: in itself ({@code kind: thread}) or in a worker JVM
 * of its own ({@code kind: process}, in {@code dev.jobpool.processpool}). The executor owns queueing,
 * cancellation, timeouts and shutdown; the runner only runs.
 */
public interface CallRunner {

    /** A call's outcome: {@code raised} when it raised, else {@code value}. */
    record Outcome(Object value, RaisedException raised) {

        public static Outcome returned(Object value) {
            return new Outcome(value, null);
        }

        public static Outcome raised(RaisedException raised) {
            return new Outcome(null, raised);
        }
    }

    /** Called once by the executor this runner serves, e.g. so that a runner can break it. */
    default void attach(Executor executor) {
    }

    /** Runs one call on the current pool thread; a task's failure is an outcome, never an exception. */
    Outcome run(Submission submission, TaskContext context);

    /**
     * Runs a chunk of a map's calls on the current pool thread, in order, and gives their outcomes in the same
     * order. A process runner sends the chunk to its worker in one message (Python's {@code chunksize}); this
     * default, for runners with no cheaper way, runs the calls one by one.
     */
    default List<Outcome> runChunk(List<Submission> chunk, List<TaskContext> contexts) {
        List<Outcome> outcomes = new ArrayList<>(chunk.size());
        for (int i = 0; i < chunk.size(); i++) {
            outcomes.add(run(chunk.get(i), contexts.get(i)));
        }
        return outcomes;
    }

    /**
     * Stops the call running on {@code poolThread} now (its future was already settled): interrupts the
     * thread, or kills the thread's worker process.
     */
    void stop(Thread poolThread, String why);

    /**
     * Ends every worker process now: SIGTERM, or SIGKILL when {@code force} (Python 3.14's terminate_workers and
     * kill_workers). Only runners that have workers support it.
     */
    default void stopWorkers(boolean force) {
        throw new UnsupportedOperationException("this executor has no worker processes");
    }

    /** The current pool thread ends (idle, or the pool shut down): release what it holds. */
    default void threadEnded() {
    }

    /** The executor terminated: release everything. */
    default void close() {
    }

    /** What the runner counts of its worker processes; null for runners without any (threads). */
    default WorkerStatistics workers() {
        return null;
    }
}
