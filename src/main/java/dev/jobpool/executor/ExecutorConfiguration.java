package dev.jobpool.executor;

import dev.jobpool.future.FutureStore;
import dev.jobpool.future.RaisedException;
import dev.jobpool.task.ArgumentBinder;
import dev.jobpool.task.Nesting;
import dev.jobpool.task.TaskCatalog;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;


import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Builds the executor registry, with the executors named in {@code jobpool.executors.configured}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExecutorProperties.class)
class ExecutorConfiguration {

    @Bean
    ExecutorRegistry executorRegistry(ExecutorProperties properties, JsonMapper json,
                                      ProcessRunners processRunners,
                                      dev.jobpool.executor.ExecutorEvents events,
                                      dev.jobpool.future.RetentionSettings retention) {
        ExecutorLimits limits = properties.limits();
        // results are kept as JSON trees: detached from the task's objects, and known to be serialisable
        ExecutorRegistry registry = new ExecutorRegistry(limits, value -> {
            JsonNode tree;
            try {
                tree = json.valueToTree(value);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(e);
            }
            if (Nesting.deeperThan(tree, Nesting.MAX_DEPTH)) {
                throw new ResultRefused(new RaisedException("ValueError", "the task returned a value that nests"
                        + " arrays and objects more than " + Nesting.MAX_DEPTH + " levels deep", null));
            }
            java.util.Optional<String> unstorable = dev.jobpool.task.Unstorable.in(tree);
            if (unstorable.isPresent()) {
                throw new ResultRefused(new RaisedException("ValueError", "the task returned a value that "
                        + unstorable.get(), null));
            }
            // measured as the JSON it will be answered as; the task (and its worker) are not harmed
            long size = json.writeValueAsBytes(tree).length;
            if (size > retention.maxResultBytes()) {
                throw new ResultRefused(new RaisedException("ResultTooLarge", "the task returned " + size
                        + " bytes of JSON, more than jobpool.futures.max-result-size (" + retention.maxResultBytes()
                        + " bytes)", null));
            }
            return tree;
        }, processRunners, events, properties.forgetAfter());
        properties.configured().forEach((name, c) -> registry.create(new ExecutorRequest(name, c.kind(),
                    c.maxWorkers(), c.queueCapacity(), c.maxTasksPerChild(), null, c.heap(), c.profile())));
        return registry;
    }

    /** With a durable store: creates again the executors that clients created through the API. */
    @Bean
    org.springframework.boot.ApplicationRunner recreateStoredExecutors(StoredExecutors storedExecutors) {
        return arguments -> storedExecutors.sync();
    }

    @Bean
    StoredExecutors storedExecutors(Submissions submissions, ExecutorRegistry registry, ExecutorStore executorStore,
                                    JsonMapper json) {
        return new StoredExecutors(submissions, registry, executorStore, json);
    }

    @Bean
    DisposableBean stopExecutors(ExecutorRegistry registry, ExecutorProperties properties) {
        return () -> registry.stopAll(properties.shutdownGrace());
    }

    @Bean
    Submissions submissions(ExecutorRegistry registry, FutureStore store, CallQueue queue, TaskCatalog catalog,
                            ArgumentBinder binder, IdempotencyKeys idempotencyKeys,
                            dev.jobpool.tenant.TenantQuotas quotas) {
        TimeBasedEpochGenerator uuids = Generators.timeBasedEpochGenerator();
        return new Submissions(registry, store, queue, catalog, binder, () -> uuids.generate().toString(),
                idempotencyKeys, quotas);
    }
}
