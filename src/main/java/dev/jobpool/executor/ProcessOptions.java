package dev.jobpool.executor;

import dev.jobpool.task.TaskCall;

import java.util.List;

/**
 * How a process executor's worker JVMs are run.
 *
 * @param maxTasksPerChild a worker is replaced by a fresh one after this many calls; null for never (Python's
 *                         {@code max_tasks_per_child})
 * @param initializer run once in every new worker before its first call; if it raises, the executor is broken
 *                    (Python's {@code initializer} + {@code initargs}); null for none
 * @param heap the worker's maximum heap, a JVM size such as {@code 256m}; null for the JVM's default
 * @param jvmFlags extra flags for the worker JVM, e.g. {@code -XX:+UseSerialGC}
 */
public record ProcessOptions(Integer maxTasksPerChild, TaskCall<?> initializer, String heap, List<String> jvmFlags) {

    public static final ProcessOptions NONE = new ProcessOptions(null, null, null, List.of());

    public ProcessOptions {
        jvmFlags = jvmFlags == null ? List.of() : List.copyOf(jvmFlags);
    }

    boolean isNone() {
        return maxTasksPerChild == null && initializer == null && heap == null && jvmFlags.isEmpty();
    }
}
