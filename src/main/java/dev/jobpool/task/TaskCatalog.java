package dev.jobpool.task;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The registered tasks by name, configured with their settings. The service finds them with
 * {@link ServiceLoader}; a worker JVM is told their classes by the service ({@link #load}), so that it loads
 * the same ones without scanning the classpath again.
 */
public final class TaskCatalog {

    private final Map<String, Task<?>> tasks;

    /**
     * The tasks {@link ServiceLoader} finds.
     *
     * @param settings each task's settings, by task name
     * @param enabled decides which discovered tasks are offered (test-only tasks are off in production)
     */
    public TaskCatalog(Function<String, TaskSettings> settings, Predicate<Task<?>> enabled) {
        this(ServiceLoader.load(Task.class), settings, enabled);
    }

    private TaskCatalog(Iterable<Task> found, Function<String, TaskSettings> settings, Predicate<Task<?>> enabled) {
        Map<String, Task<?>> byName = new TreeMap<>();
        for (Task<?> task : found) {
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

    /**
     * The tasks of the given classes, made as {@link ServiceLoader} makes providers (public no-argument
     * constructor). Finding them by name costs a worker JVM one class lookup each; a {@link ServiceLoader} on
     * the same classpath opens every jar to look for its provider files, which took about 45 ms of a worker's
     * start over this service's hundred jars.
     *
     * @throws IllegalStateException when a class cannot be loaded, is no task or cannot be made
     */
    @SuppressWarnings("rawtypes")
    public static TaskCatalog load(List<String> classNames, Function<String, TaskSettings> settings) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader(); // as ServiceLoader.load(Class) uses
        List<Task> found = new java.util.ArrayList<>(classNames.size());
        for (String name : classNames) {
            try {
                found.add(Class.forName(name, true, loader).asSubclass(Task.class).getConstructor().newInstance());
            } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
                throw new IllegalStateException("the task class " + name + " cannot be made here: " + e, e);
            }
        }
        return new TaskCatalog(found, settings, task -> true);
    }

    public Collection<Task<?>> all() {
        return tasks.values();
    }

    /** The classes of the tasks offered, for {@link #load}. */
    public List<String> classNames() {
        return tasks.values().stream().map(task -> task.getClass().getName()).toList();
    }

    public Task<?> get(String name) {
        Task<?> task = name == null ? null : tasks.get(name);
        if (task == null) {
            throw new UnknownTask(name);
        }
        return task;
    }
}
