package dev.jobpool.executor;

/**
 * Makes the {@link CallRunner} of each process executor (worker JVMs, in {@code processpool}). A port, so that
 * executors know nothing of worker processes and {@code processpool} depends on {@code executor}, not back.
 */
@FunctionalInterface
public interface ProcessRunners {

    CallRunner runner(ExecutorSpec spec);

    /**
     * What is wrong with these options for worker JVMs here (an unknown profile, a heap over the limit); empty
     * if nothing. Called before an executor is created; a runner with nothing to check keeps the default.
     */
    default java.util.List<dev.jobpool.task.ArgumentError> check(WorkerOptions options) {
        return java.util.List.of();
    }

    /** The heap this executor's workers may take in all, at most: maxWorkers × their heap. */
    default long heapReserved(ExecutorSpec spec) {
        return 0;
    }

    /** What all process executors' workers may reserve together ({@code jobpool.process-pool.max-total-heap}). */
    default long maxTotalHeap() {
        return Long.MAX_VALUE;
    }
}
