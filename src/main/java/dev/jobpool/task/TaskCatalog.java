package dev.jobpool.task;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/** The registered tasks by name, loaded once with {@link ServiceLoader} and configured with their settings. */
public final class TaskCatalog {

    private final Map<String, Task<?>> tasks;

    /**
     * @param settings each task's settings, by task name
     * @param enabled decides which discovered tasks are offered (test-only tasks are off in production)
     */
    public TaskCatalog(Function<String, TaskSettings> settings, java.util.function.Predicate<Task<?>> enabled) {
        Map<String, Task<?>> byName = new TreeMap<>();
        for (Task<?> task : ServiceLoader.load(Task.class)) {
            if (!enabled.test(task)) {
                continue;
            }
            Task<?> previous = byName.putIfAbsent(task.name(), task);
            if (previous != null) {
                throw new IllegalStateException("two tasks are named '" + task.name() + "': "
                        + previous.getClass().getName() + " and " + task.getClass().getName());
            }
            task.configure(settings.apply(task.name()));
        }
        this.tasks = Collections.unmodifiableMap(byName);
    }

    public Collection<Task<?>> all() {
        return tasks.values();
    }

    public Task<?> get(String name) {
        Task<?> task = name == null ? null : tasks.get(name);
        if (task == null) {
            throw new UnknownTask(name);
        }
        return task;
    }
}
