package dev.jobpool.processpool;

import dev.jobpool.executor.ProcessRunners;
import dev.jobpool.processpool.protocol.FrameCodec;
import dev.jobpool.task.TaskCatalog;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import dev.jobpool.task.TaskSettingsSnapshot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.unit.DataSize;
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
                                 Path classDataSharingDirectory,
                                 Map<String, @Valid Profile> profiles,
                                 @NotNull @DefaultValue("1GB") DataSize maxHeap,
                                 @NotNull @DefaultValue("256MB") DataSize defaultHeap,
                                 @NotNull @DefaultValue("4GB") DataSize maxTotalHeap,
                                 @NotNull @DefaultValue("") List<String> workerEnvironment) {

        ProcessPoolProperties {
            profiles = profiles == null ? Map.of() : profiles;
        }

        /** Profile names are what requests send: they follow executor names. */
        @AssertTrue(message = "profile names are lower-case letters, digits and dashes")
        boolean isProfileNamesPlain() {
            return profiles == null || profiles.keySet().stream().allMatch(name -> name.matches("[a-z0-9][a-z0-9-]{0,62}"));
        }

        /** A worker is pinged a few times before it counts as hung. */
        @AssertTrue(message = "ping-timeout must be longer than ping-interval")
        boolean isPingTimeoutAboveInterval() {
            return pingTimeout == null || pingInterval == null || pingTimeout.compareTo(pingInterval) > 0;
        }
    }

    /**
     * Worker JVM flags that executors may pick by name; only the operator writes them.
     *
     * @param jvmFlags added after {@code default-jvm-flags}, e.g. [-XX:+UseParallelGC]
     */
    record Profile(@NotNull @DefaultValue("") List<String> jvmFlags) {
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService workerPinger() {
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("jobpool-pinger").factory());
    }

    @Bean
    ProcessRunners processRunners(ProcessPoolProperties properties, TaskSettingsSnapshot tasks, TaskCatalog catalog,
                                  ScheduledExecutorService workerPinger) {
        // workers offer the catalog's tasks; and it must exist (its tasks having read their settings) before the
        // snapshot is taken
        Path cds = !properties.classDataSharing() ? null : properties.classDataSharingDirectory() != null
                ? properties.classDataSharingDirectory()
                : Path.of(System.getProperty("java.io.tmpdir"), "jobpool-cds");
        Map<String, List<String>> profiles = new TreeMap<>();
        profiles.put(WorkerSettings.DEFAULT_PROFILE, List.of());
        properties.profiles().forEach((name, profile) -> profiles.put(name, profile.jvmFlags()));
        WorkerSettings settings = new WorkerSettings(properties.startTimeout(), properties.pingInterval(),
                properties.pingTimeout(), properties.byeGrace(), properties.crashLoopLimit(),
                properties.defaultJvmFlags(), cds, catalog.classNames(), profiles, properties.maxHeap().toBytes(),
                properties.defaultHeap().toBytes(), properties.maxTotalHeap().toBytes(),
                properties.workerEnvironment());
        return new WorkerProcessRunners(settings, new FrameCodec(JsonMapper.builder().build()), tasks.settings(),
                workerPinger);
    }
}
