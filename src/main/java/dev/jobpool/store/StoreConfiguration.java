package dev.jobpool.store;

import dev.jobpool.executor.CallQueue;
import dev.jobpool.executor.ExecutorRegistry;
import dev.jobpool.executor.ExecutorStore;
import dev.jobpool.executor.IdempotencyKeys;
import dev.jobpool.executor.LocalCallQueue;
import dev.jobpool.future.FutureStore;
import dev.jobpool.future.RetentionSettings;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.hibernate.validator.constraints.time.DurationMin;

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
import org.springframework.validation.annotation.Validated;

/**
 * Wires the stores: retention for all of them, the in-memory adapters here for {@code jobpool.store=memory}
 * (the default), the PostgreSQL ones in {@code store.jdbc}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
@EnableConfigurationProperties({StoreConfiguration.StoreProperties.class, StoreConfiguration.FutureProperties.class})
class StoreConfiguration {

    /** @param store memory (the default) or postgres; anything else stops the start, naming the property */
    @ConfigurationProperties("jobpool")
    @Validated
    record StoreProperties(@NotNull @DefaultValue("memory") StoreKind store) {
    }

    /**
     * @param retention how long a finished future stays answerable
     * @param maxRetained at most this many finished futures are kept (oldest go first): bounds memory
     * @param maxTombstones forgotten ids remembered to answer 410 Gone instead of 404
     * @param maxIdempotencyKeys at most this many Idempotency-Keys are remembered in memory (each for retention)
     * @param maxResultSize the largest result a future keeps (as JSON); a larger one fails it with ResultTooLarge
     * @param maxRetainedBytes about how much memory finished futures may hold; default a quarter of the heap
     * @param sweepInterval how often futures past their retention are looked for while nothing else happens
     */
    @ConfigurationProperties("jobpool.futures")
    @Validated
    record FutureProperties(@NotNull @DurationMin(millis = 1) @DefaultValue("1h") Duration retention,
                            @Min(1) @DefaultValue("100000") int maxRetained,
                            @Min(0) @DefaultValue("100000") int maxTombstones,
                            @Min(0) @DefaultValue("100000") int maxIdempotencyKeys,
                            @NotNull @DefaultValue("1MB") org.springframework.util.unit.DataSize maxResultSize,
                            org.springframework.util.unit.DataSize maxRetainedBytes,
                            @NotNull @DurationMin(millis = 1) @DefaultValue("30s") Duration sweepInterval) {

        RetentionSettings settings() {
            // a quarter of the heap unless set: room for the rest of the service, bounded whatever clients return
            long retainedBytes = maxRetainedBytes != null ? maxRetainedBytes.toBytes()
                    : Runtime.getRuntime().maxMemory() / 4;
            return new RetentionSettings(retention, maxRetained, maxTombstones, maxResultSize.toBytes(),
                    retainedBytes);
        }
    }

    @Bean
    RetentionSettings retentionSettings(FutureProperties properties) {
        return properties.settings();
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

        @Scheduled(fixedDelayString = "${jobpool.futures.sweep-interval:30s}") // validated in FutureProperties
        void sweep() {
            store.evictExpired();
        }
    }

    /** {@code jobpool.store=memory}: nothing to install, nothing survives a restart. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = StoreKind.PROPERTY, havingValue = "memory", matchIfMissing = true)
    static class InMemory {

        @Bean
        FutureStore inMemoryFutureStore(RetentionSettings settings, Clock clock) {
            return new InMemoryFutureStore(settings, clock);
        }

        @Bean
        CallQueue localCallQueue(FutureStore store, ExecutorRegistry executors) {
            return new LocalCallQueue(store, executors);
        }

        @Bean
        IdempotencyKeys inMemoryIdempotencyKeys(FutureProperties properties, Clock clock) {
            return new InMemoryIdempotencyKeys(properties.retention(), properties.maxIdempotencyKeys(), clock);
        }

        @Bean
        ExecutorStore inMemoryExecutorStore() {
            return new InMemoryExecutorStore();
        }
    }
}
