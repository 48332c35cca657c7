package dev.jobpool.task;

import dev.jobpool.task.TaskSettings;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every setting the service's tasks read while they were configured, with its resolved value: exactly what a
 * worker JVM must give the same tasks, whatever source (YAML, environment, command line) it came from.
 */
public final class TaskSettingsSnapshot {

    private final Map<String, Map<String, List<String>>> read = new ConcurrentHashMap<>();

    /** Wraps a task's settings so that what it reads is recorded here. */
    public TaskSettings recording(String task, TaskSettings settings) {
        Map<String, List<String>> values = read.computeIfAbsent(task, t -> new ConcurrentHashMap<>());
        return new TaskSettings() {
            @Override
            public Optional<String> value(String key) {
                Optional<String> value = settings.value(key);
                values.put(key, value.map(List::of).orElse(List.of()));
                return value;
            }

            @Override
            public List<String> values(String key) {
                List<String> list = settings.values(key);
                values.put(key, List.copyOf(list));
                return list;
            }
        };
    }

    /** Task name → setting key → values. */
    public Map<String, Map<String, List<String>>> settings() {
        return Map.copyOf(read);
    }
}
