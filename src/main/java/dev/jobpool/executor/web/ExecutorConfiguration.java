package dev.jobpool.executor.web;

import dev.jobpool.executor.ExecutorKind;
import dev.jobpool.executor.ExecutorLimits;
import dev.jobpool.executor.ExecutorRegistry;
import dev.jobpool.executor.ProcessOptions;
import dev.jobpool.executor.Submissions;
import dev.jobpool.store.FutureStore;
import dev.jobpool.task.ArgumentBinder;
import dev.jobpool.task.TaskCatalog;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

/** Builds the executor registry, with the executors named in {@code jobpool.executors.configured}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExecutorConfiguration.ExecutorProperties.class)
class ExecutorConfiguration {

    /**
     * @param configured executors created at start, by name (a {@code default} thread executor ships in
     *                   application.yml)
     * @param shutdownGrace when the service stops, how long running calls may take before they are interrupted
     */
    @ConfigurationProperties("jobpool.executors")
    record ExecutorProperties(@DefaultValue("64") int maxExecutors,
                              @DefaultValue("256") int maxWorkersPerExecutor,
                              @DefaultValue("1024") int maxWorkersTotal,
                              @DefaultValue("1000000") int maxQueueCapacity,
                              @DefaultValue("10000") int defaultQueueCapacity,
                              @DefaultValue("30s") Duration shutdownGrace,
                              Map<String, Configured> configured) {
    }

    /** One executor created at start; unset sizes take the same defaults as over the API. */
    record Configured(ExecutorKind kind, Integer maxWorkers, Integer queueCapacity, Integer maxTasksPerChild,
                      String heap, java.util.List<String> jvmFlags) {
    }

    @Bean
    ExecutorRegistry executorRegistry(ExecutorProperties properties, JsonMapper json,
                                      dev.jobpool.processpool.ProcessRunners processRunners,
                                      dev.jobpool.executor.ExecutorEvents events) {
        ExecutorLimits limits = new ExecutorLimits(properties.maxExecutors(), properties.maxWorkersPerExecutor(),
                properties.maxWorkersTotal(), properties.maxQueueCapacity(), properties.defaultQueueCapacity());
        // results are kept as JSON trees: detached from the task's objects, and known to be serialisable
        ExecutorRegistry registry = new ExecutorRegistry(limits, value -> {
            try {
                return json.valueToTree(value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(e);
            }
        }, processRunners, events);
        if (properties.configured() != null) {
            properties.configured().forEach((name, c) -> registry.create(name, c.kind(), c.maxWorkers(),
                    c.queueCapacity(), c.kind() == ExecutorKind.PROCESS
                            ? new ProcessOptions(c.maxTasksPerChild(), null, c.heap(), c.jvmFlags()) : null));
        }
        return registry;
    }

    /** With a durable store: creates again the executors that clients created through the API. */
    @Bean
    org.springframework.boot.ApplicationRunner recreateStoredExecutors(StoredExecutors storedExecutors) {
        return arguments -> storedExecutors.sync();
    }

    @Bean
    StoredExecutors storedExecutors(Submissions submissions, ExecutorRegistry registry,
                                    dev.jobpool.executor.ExecutorStore executorStore) {
        return new StoredExecutors(submissions, registry, executorStore);
    }

    @Bean
    DisposableBean stopExecutors(ExecutorRegistry registry, ExecutorProperties properties) {
        return () -> registry.stopAll(properties.shutdownGrace());
    }

    @Bean
    Submissions submissions(ExecutorRegistry registry, FutureStore store, TaskCatalog catalog, ArgumentBinder binder,
                            dev.jobpool.executor.IdempotencyKeys idempotencyKeys) {
        TimeBasedEpochGenerator uuids = Generators.timeBasedEpochGenerator();
        return new Submissions(registry, store, catalog, binder, () -> uuids.generate().toString(), idempotencyKeys);
    }
}
