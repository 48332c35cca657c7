package dev.jobpool.task;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A task's own configuration, read under {@code jobpool.tasks.<task-name>.*} in the service (and from system
 * properties of the same names in a worker JVM).
 */
public interface TaskSettings {

    Optional<String> value(String key);

    List<String> values(String key);

    /** Settings that hold nothing, for tests and tools. */
    static TaskSettings empty() {
        return of(Map.of());
    }

    /** Settings from a map; a single value is the first of its list. */
    static TaskSettings of(Map<String, List<String>> settings) {
        return new TaskSettings() {
            @Override
            public Optional<String> value(String key) {
                return values(key).stream().findFirst();
            }

            @Override
            public List<String> values(String key) {
                return settings.getOrDefault(key, List.of());
            }
        };
    }
}
