package dev.jobpool.future.web;

import dev.jobpool.store.FutureStore;
import dev.jobpool.store.InMemoryFutureStore;
import dev.jobpool.store.RetentionSettings;

import java.time.Clock;
import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Wires the future store and sweeps expired futures out of it. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties(FutureConfiguration.FutureProperties.class)
class FutureConfiguration {

    /**
     * @param retention how long a finished future stays answerable
     * @param maxRetained at most this many finished futures are kept (oldest go first): bounds memory
     * @param maxTombstones forgotten ids remembered to answer 410 Gone instead of 404
     * @param maxIdempotencyKeys at most this many Idempotency-Keys are remembered in memory (each for retention)
     */
    @ConfigurationProperties("jobpool.futures")
    record FutureProperties(@DefaultValue("1h") Duration retention,
                            @DefaultValue("100000") int maxRetained,
                            @DefaultValue("100000") int maxTombstones,
                            @DefaultValue("100000") int maxIdempotencyKeys) {
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** {@code jobpool.store=memory} (the default): nothing to install, nothing survives a restart. */
    @Bean
    @ConditionalOnProperty(name = "jobpool.store", havingValue = "memory", matchIfMissing = true)
    FutureStore inMemoryFutureStore(FutureProperties properties, Clock clock) {
        return new InMemoryFutureStore(retention(properties), clock);
    }

    /** {@code jobpool.store=postgres}: futures in PostgreSQL ({@code spring.datasource.*}), schema by Flyway. */
    @Bean
    @ConditionalOnProperty(name = "jobpool.store", havingValue = "postgres")
    dev.jobpool.store.jdbc.JdbcFutureStore jdbcFutureStore(FutureProperties properties, Clock clock,
                                org.springframework.jdbc.core.simple.JdbcClient jdbc,
                                tools.jackson.databind.json.JsonMapper json) {
        String instance = java.lang.management.ManagementFactory.getRuntimeMXBean().getName()
                + "/" + java.util.UUID.randomUUID().toString().substring(0, 8);
        return new dev.jobpool.store.jdbc.JdbcFutureStore(jdbc, json, retention(properties), clock, instance);
    }

    @Bean
    @ConditionalOnProperty(name = "jobpool.store", havingValue = "memory", matchIfMissing = true)
    dev.jobpool.executor.IdempotencyKeys inMemoryIdempotencyKeys(FutureProperties properties, Clock clock) {
        return new dev.jobpool.executor.InMemoryIdempotencyKeys(properties.retention(),
                properties.maxIdempotencyKeys(), clock);
    }

    @Bean
    @ConditionalOnProperty(name = "jobpool.store", havingValue = "postgres")
    dev.jobpool.executor.IdempotencyKeys jdbcIdempotencyKeys(FutureProperties properties, Clock clock,
            org.springframework.jdbc.core.simple.JdbcClient jdbc, tools.jackson.databind.json.JsonMapper json) {
        return new dev.jobpool.store.jdbc.JdbcIdempotencyKeys(jdbc, json, properties.retention(), clock);
    }

    @Bean
    @ConditionalOnProperty(name = "jobpool.store", havingValue = "memory", matchIfMissing = true)
    dev.jobpool.executor.ExecutorStore inMemoryExecutorStore() {
        return dev.jobpool.executor.ExecutorStore.NONE;
    }

    @Bean
    @ConditionalOnProperty(name = "jobpool.store", havingValue = "postgres")
    dev.jobpool.executor.ExecutorStore jdbcExecutorStore(org.springframework.jdbc.core.simple.JdbcClient jdbc,
                                                         tools.jackson.databind.json.JsonMapper json, Clock clock) {
        return new dev.jobpool.store.jdbc.JdbcExecutorStore(jdbc, json, clock);
    }

    private static RetentionSettings retention(FutureProperties properties) {
        return new RetentionSettings(properties.retention(), properties.maxRetained(), properties.maxTombstones());
    }

    @Bean
    RetentionSweep retentionSweep(FutureStore store) {
        return new RetentionSweep(store);
    }

    /** Retention also runs on every completion; this catches futures that expire while nothing else happens. */
    static final class RetentionSweep {

        private final FutureStore store;

        RetentionSweep(FutureStore store) {
            this.store = store;
        }

        @Scheduled(fixedDelayString = "${jobpool.futures.sweep-interval:30s}")
        void sweep() {
            store.evictExpired();
        }
    }
}
