package dev.jobpool.task.config;

import dev.jobpool.task.ArgumentBinder;
import dev.jobpool.task.TaskCatalog;
import dev.jobpool.task.TaskSettings;
import dev.jobpool.task.TaskSettingsSnapshot;

import java.util.List;
import java.util.Optional;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Loads the task catalog and gives each task its settings from {@code jobpool.tasks.<task-name>.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TaskProperties.class)
class TaskConfiguration {

    @Bean
    TaskSettingsSnapshot taskSettingsSnapshot() {
        return new TaskSettingsSnapshot();
    }

    /** The catalog; test-only tasks are offered when {@code jobpool.tasks.test-tasks-enabled} is true. */
    @Bean
    TaskCatalog taskCatalog(Environment environment, TaskSettingsSnapshot snapshot, TaskProperties properties) {
        Binder binder = Binder.get(environment);
        boolean testTasks = properties.testTasksEnabled();
        return new TaskCatalog(name -> snapshot.recording(name, new TaskSettings() {
            @Override
            public Optional<String> value(String key) {
                return binder.bind(prefix(name, key), Bindable.of(String.class)).map(Optional::of).orElse(Optional.empty());
            }

            @Override
            public List<String> values(String key) {
                return binder.bind(prefix(name, key), Bindable.listOf(String.class)).orElse(List.of());
            }
        }), task -> testTasks || !task.testOnly());
    }

    private static String prefix(String task, String key) {
        return "jobpool.tasks." + task + "." + key;
    }

    @Bean
    ArgumentBinder argumentBinder(jakarta.validation.Validator validator) {
        return new ArgumentBinder(validator);
    }
}
