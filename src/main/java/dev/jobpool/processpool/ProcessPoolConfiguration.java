package dev.jobpool.processpool;

import dev.jobpool.executor.ProcessRunners;
import dev.jobpool.processpool.protocol.FrameCodec;
import dev.jobpool.task.TaskCatalog;
import dev.jobpool.task.config.TaskProperties;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import dev.jobpool.task.TaskSettingsSnapshot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.validation.annotation.Validated;

import tools.jackson.databind.json.JsonMapper;

/** Wires process executors from {@code jobpool.process-pool.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProcessPoolConfiguration.ProcessPoolProperties.class)
class ProcessPoolConfiguration {

    /**
     * @param classDataSharing keep a class-data sharing archive for workers (faster starts)
     * @param classDataSharingDirectory where; default: a {@code jobpool-cds} folder in java.io.tmpdir
     */
    @ConfigurationProperties("jobpool.process-pool")
    @Validated
    record ProcessPoolProperties(@NotNull @DurationMin(millis = 1) @DefaultValue("30s") Duration startTimeout,
                                 @NotNull @DurationMin(millis = 1) @DefaultValue("2s") Duration pingInterval,
                                 @NotNull @DurationMin(millis = 1) @DefaultValue("10s") Duration pingTimeout,
                                 @NotNull @DurationMin(millis = 0) @DefaultValue("5s") Duration byeGrace,
                                 @Min(1) @DefaultValue("3") int crashLoopLimit,
                                 @NotNull @DefaultValue("-XX:+UseSerialGC") List<String> defaultJvmFlags,
                                 @DefaultValue("true") boolean classDataSharing,
                                 Path classDataSharingDirectory) {

        /** A worker is pinged a few times before it counts as hung. */
        @AssertTrue(message = "ping-timeout must be longer than ping-interval")
        boolean isPingTimeoutAboveInterval() {
            return pingTimeout == null || pingInterval == null || pingTimeout.compareTo(pingInterval) > 0;
        }
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService workerPinger() {
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("jobpool-pinger").factory());
    }

    @Bean
    ProcessRunners processRunners(ProcessPoolProperties properties, TaskProperties taskProperties,
                                  TaskSettingsSnapshot tasks, TaskCatalog catalog,
                                  ScheduledExecutorService workerPinger) {
        // the catalog is a parameter so that it exists (and its tasks have read their settings) before the snapshot is taken
        Path cds = !properties.classDataSharing() ? null : properties.classDataSharingDirectory() != null
                ? properties.classDataSharingDirectory()
                : Path.of(System.getProperty("java.io.tmpdir"), "jobpool-cds");
        boolean testTasks = taskProperties.testTasksEnabled();
        WorkerSettings settings = new WorkerSettings(properties.startTimeout(), properties.pingInterval(),
                properties.pingTimeout(), properties.byeGrace(), properties.crashLoopLimit(),
                properties.defaultJvmFlags(), cds, testTasks);
        return new WorkerProcessRunners(settings, new FrameCodec(JsonMapper.builder().build()), tasks.settings(),
                workerPinger);
    }
}
