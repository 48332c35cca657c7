package dev.jobpool.executor;

import dev.jobpool.task.TaskCall;

/**
 * What it takes to create an executor, however it is asked for: over the API, in
 * {@code jobpool.executors.configured}, or again from the {@link ExecutorStore}. Unset sizes take Python's
 * defaults ({@link ExecutorRegistry#create(ExecutorRequest)}).
 *
 * @param kind null for {@code thread}
 * @param initializer bound already: run once in every new worker (pool thread or worker JVM)
 */
public record ExecutorRequest(String name, ExecutorKind kind, Integer maxWorkers, Integer queueCapacity,
                              Integer maxTasksPerChild, TaskCall<?> initializer, String heap, String profile) {

    /**
     * The worker options this request names, or null when it names none. Given to thread executors too, so
     * that the registry refuses them there with a message instead of dropping them.
     */
    WorkerOptions workerOptions() {
        WorkerOptions options = new WorkerOptions(maxTasksPerChild, initializer, heap, profile);
        return options.isNone() && kind != ExecutorKind.PROCESS ? null : options;
    }
}
