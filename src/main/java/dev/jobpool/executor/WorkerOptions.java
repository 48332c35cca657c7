package dev.jobpool.executor;

import dev.jobpool.task.TaskCall;

/**
 * How an executor's workers start: the initializer for both kinds (a pool thread or a worker JVM runs it), the
 * rest for a process executor's worker JVMs.
 *
 * @param maxTasksPerChild a worker is replaced by a fresh one after this many calls; null for never (Python's
 *                         {@code max_tasks_per_child})
 * @param initializer run once in every new worker (thread or JVM) before its first call; if it raises, the
 *                    executor is broken (Python's {@code initializer} + {@code initargs}); null for none
 * @param heap the worker's maximum heap, a JVM size such as {@code 256m}; null for the JVM's default
 * @param profile the name of a worker JVM profile from configuration ({@code jobpool.process-pool.profiles}); null
 *                for the default. Requests name a profile and never carry JVM flags: a flag can run commands
 *                (-XX:OnOutOfMemoryError), open a debugger port or read and write files on the host
 */
public record WorkerOptions(Integer maxTasksPerChild, TaskCall<?> initializer, String heap, String profile) {

    public static final WorkerOptions NONE = new WorkerOptions(null, null, null, null);

    boolean isNone() {
        return maxTasksPerChild == null && initializer == null && heap == null && profile == null;
    }
}
