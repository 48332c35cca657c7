package dev.jobpool.executor;

/** What an executor is: its name, kind and sizes. Checked by the registry against the configured limits. */
public record ExecutorSpec(String name, ExecutorKind kind, int maxWorkers, int queueCapacity) {

    /** Python's default for ThreadPoolExecutor: {@code min(32, os.cpu_count() + 4)}. */
    public static int defaultMaxWorkers() {
        return Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
    }
}
