package dev.jobpool.processpool;

import dev.jobpool.processpool.protocol.FrameCodec;
import dev.jobpool.task.web.TaskSettingsSnapshot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Wires process executors from {@code jobpool.process-pool.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ProcessPoolConfiguration.ProcessPoolProperties.class)
class ProcessPoolConfiguration {

    /**
     * @param classDataSharing keep a class-data sharing archive for workers (faster starts)
     * @param classDataSharingDirectory where; default: a {@code jobpool-cds} folder in java.io.tmpdir
     */
    @ConfigurationProperties("jobpool.process-pool")
    record ProcessPoolProperties(@DefaultValue("30s") Duration startTimeout,
                                 @DefaultValue("2s") Duration pingInterval,
                                 @DefaultValue("10s") Duration pingTimeout,
                                 @DefaultValue("5s") Duration byeGrace,
                                 @DefaultValue("3") int crashLoopLimit,
                                 @DefaultValue("-XX:+UseSerialGC") List<String> defaultJvmFlags,
                                 @DefaultValue("true") boolean classDataSharing,
                                 Path classDataSharingDirectory) {
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService workerPinger() {
        return Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("jobpool-pinger").factory());
    }

    @Bean
    ProcessRunners processRunners(ProcessPoolProperties properties, Environment environment, TaskSettingsSnapshot tasks,
                                  dev.jobpool.task.TaskCatalog catalog, ScheduledExecutorService workerPinger) {
        // the catalog is a parameter so that it exists (and its tasks have read their settings) before the snapshot is taken
        Path cds = !properties.classDataSharing() ? null : properties.classDataSharingDirectory() != null
                ? properties.classDataSharingDirectory()
                : Path.of(System.getProperty("java.io.tmpdir"), "jobpool-cds");
        boolean testTasks = environment.getProperty("jobpool.tasks.test-tasks-enabled", Boolean.class, false);
        WorkerSettings settings = new WorkerSettings(properties.startTimeout(), properties.pingInterval(),
                properties.pingTimeout(), properties.byeGrace(), properties.crashLoopLimit(),
                properties.defaultJvmFlags(), cds, testTasks);
        JsonMapper json = JsonMapper.builder().build();
        ObjectNode taskSettings = json.valueToTree(tasks.settings());
        return new ProcessRunners(settings, new FrameCodec(json), taskSettings, workerPinger);
    }
}
