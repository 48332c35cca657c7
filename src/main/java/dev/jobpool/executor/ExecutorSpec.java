package dev.jobpool.executor;

/**
 * What an executor is: its name, kind, sizes and how its workers start. Checked by
 * the registry against the configured limits.
 *
 * @param workers how its workers start; {@link WorkerOptions#NONE} for none (a thread executor may have an initializer)
 */
public record ExecutorSpec(String name, ExecutorKind kind, int maxWorkers, int queueCapacity, WorkerOptions workers) {

    /** Python's default for ThreadPoolExecutor: {@code min(32, os.cpu_count() + 4)}. */
    public static int defaultThreadWorkers() {
        return Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
    }

    /** Python's default for ProcessPoolExecutor: the number of cores. */
    public static int defaultProcessWorkers() {
        return Runtime.getRuntime().availableProcessors();
    }
}
