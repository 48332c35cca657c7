package dev.jobpool.executor;

/**
 * What clients may create, so that one client cannot exhaust the service's threads or memory.
 *
 * @param maxExecutors executors that exist at once (terminated ones do not count)
 * @param maxWorkersPerExecutor the largest {@code maxWorkers} of one executor
 * @param maxWorkersTotal the sum of {@code maxWorkers} over all executors
 * @param maxQueueCapacity the largest {@code queueCapacity} of one executor
 * @param defaultQueueCapacity the {@code queueCapacity} of an executor created without one
 * @param maxMapBacklog calls that {@code map}s may hold for one executor beyond its queue, waiting for room
 * @param maxPendingBytes what the arguments of calls accepted and not yet done may hold, all executors together
 *                        ({@link PendingBytes})
 */
public record ExecutorLimits(int maxExecutors, int maxWorkersPerExecutor, int maxWorkersTotal,
                             int maxQueueCapacity, int defaultQueueCapacity, int maxMapBacklog,
                             long maxPendingBytes) {

    /** No bound on bytes, 100,000 calls of maps: for executors wired by hand (tests, tools). */
    public ExecutorLimits(int maxExecutors, int maxWorkersPerExecutor, int maxWorkersTotal, int maxQueueCapacity,
                          int defaultQueueCapacity) {
        this(maxExecutors, maxWorkersPerExecutor, maxWorkersTotal, maxQueueCapacity, defaultQueueCapacity, 100_000,
                Long.MAX_VALUE);
    }
}
