package dev.jobpool.future.web;

import dev.jobpool.store.FutureStore;
import dev.jobpool.store.InMemoryFutureStore;
import dev.jobpool.store.RetentionSettings;

import java.time.Clock;
import java.time.Duration;

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
     */
    @ConfigurationProperties("jobpool.futures")
    record FutureProperties(@DefaultValue("1h") Duration retention,
                            @DefaultValue("100000") int maxRetained,
                            @DefaultValue("100000") int maxTombstones) {
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    FutureStore futureStore(FutureProperties properties, Clock clock) {
        return new InMemoryFutureStore(new RetentionSettings(properties.retention(), properties.maxRetained(),
                properties.maxTombstones()), clock);
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
