package dev.jobpool.task.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobpool.tasks.*} as a whole; each task reads its own {@code jobpool.tasks.<task-name>.*} settings
 * through {@link dev.jobpool.task.TaskSettings}.
 *
 * @param testTasksEnabled offer the chaos-* tasks that crash workers on purpose: for Jobpool's own tests only
 */
@ConfigurationProperties("jobpool.tasks")
@Validated
public record TaskProperties(@DefaultValue("false") boolean testTasksEnabled) {
}
