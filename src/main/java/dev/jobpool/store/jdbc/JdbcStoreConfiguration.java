package dev.jobpool.store.jdbc;

import dev.jobpool.executor.CallQueue;
import dev.jobpool.executor.ExecutorProperties;
import dev.jobpool.executor.ExecutorRegistry;
import dev.jobpool.executor.ExecutorStore;
import dev.jobpool.executor.IdempotencyKeys;
import dev.jobpool.executor.StoredExecutors;
import dev.jobpool.executor.Submissions;
import dev.jobpool.future.FutureStore;
import dev.jobpool.future.RetentionSettings;
import dev.jobpool.store.StoreKind;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.validation.annotation.Validated;

import tools.jackson.databind.json.JsonMapper;

/**
 * {@code jobpool.store=postgres}: futures, Idempotency-Keys and API-created executors in PostgreSQL
 * ({@code spring.datasource.*}, schema by Flyway), calls in a queue all instances share, and this instance in
 * the {@link Cluster} of those on the same database.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = StoreKind.PROPERTY, havingValue = "postgres")
@EnableConfigurationProperties(JdbcStoreConfiguration.ClusterProperties.class)
class JdbcStoreConfiguration {

    /**
     * @param heartbeatInterval how often this instance says it is alive
     * @param instanceTimeout an instance silent this long is lost and its calls are taken back; keep it well
     *                        above the longest pause an instance may make (GC, a stalled machine)
     * @param pollInterval how often claimers and waiters look without a NOTIFY (the fallback)
     * @param claim whether this instance runs calls, those it accepts and those it claims from the shared queue
     *              (false: it only accepts and answers, and the calls it accepts wait for other instances)
     * @param interruptTimeout how long an interrupting cancel of a call on another instance waits for it to end
     */
    @ConfigurationProperties("jobpool.cluster")
    @Validated
    record ClusterProperties(@NotNull @DurationMin(millis = 10) @DefaultValue("1s") Duration heartbeatInterval,
                             @NotNull @DurationMin(millis = 10) @DefaultValue("5s") Duration instanceTimeout,
                             @NotNull @DurationMin(millis = 10) @DefaultValue("500ms") Duration pollInterval,
                             @DefaultValue("true") boolean claim,
                             @NotNull @DurationMin(millis = 1) @DefaultValue("2s") Duration interruptTimeout) {

        /** An instance must be able to miss a heartbeat or two before the others take it for lost. */
        @AssertTrue(message = "instance-timeout must be at least twice heartbeat-interval")
        boolean isInstanceTimeoutAboveHeartbeats() {
            return instanceTimeout == null || heartbeatInterval == null
                    || instanceTimeout.compareTo(heartbeatInterval.multipliedBy(2)) >= 0;
        }
    }

    @Bean(destroyMethod = "close")
    JdbcFutureStore jdbcFutureStore(RetentionSettings settings, Clock clock, DataSource dataSource, JsonMapper json) {
        String instance = ManagementFactory.getRuntimeMXBean().getName() + "/"
                + UUID.randomUUID().toString().substring(0, 8);
        return new JdbcFutureStore(dataSource, json, settings, clock, instance);
    }

    @Bean
    JdbcCallQueue jdbcCallQueue(JdbcFutureStore store, JdbcClient jdbc, JsonMapper json, ExecutorRegistry executors,
                                ClusterProperties properties) {
        return new JdbcCallQueue(store, jdbc, json, executors, properties.interruptTimeout(), properties.claim());
    }

    @Bean
    IdempotencyKeys jdbcIdempotencyKeys(RetentionSettings settings, Clock clock, JdbcClient jdbc, JsonMapper json) {
        return new JdbcIdempotencyKeys(jdbc, json, settings.retention(), clock);
    }

    @Bean
    ExecutorStore jdbcExecutorStore(JdbcClient jdbc, JsonMapper json, Clock clock) {
        return new JdbcExecutorStore(jdbc, json, clock);
    }

    /**
     * Depends on stopExecutors so that it closes first: calls not yet started are released (not cancelled), and
     * it keeps heartbeating while running calls finish (up to the shutdown grace period).
     */
    @Bean(initMethod = "start", destroyMethod = "close")
    @DependsOn("stopExecutors")
    Cluster cluster(JdbcFutureStore store, JdbcCallQueue queue, JdbcClient jdbc, DataSource dataSource,
                    JsonMapper json, Clock clock, ClusterProperties properties, ExecutorRegistry executors,
                    Submissions submissions, StoredExecutors storedExecutors, ExecutorProperties executorProperties) {
        return new Cluster(store, queue, jdbc, dataSource, json, clock, new Cluster.Settings(
                properties.heartbeatInterval(), properties.instanceTimeout(), properties.pollInterval(),
                properties.claim(), executorProperties.shutdownGrace()), executors,
                (task, kwargs) -> submissions.bind(task, List.of(), kwargs), storedExecutors::sync);
    }
}
