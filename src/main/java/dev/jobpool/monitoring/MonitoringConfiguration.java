package dev.jobpool.monitoring;

import dev.jobpool.executor.ExecutorEvents;
import dev.jobpool.executor.ExecutorRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MonitoringConfiguration {

    @Bean
    ExecutorEvents executorMetrics(MeterRegistry meters) {
        return new ExecutorMetrics(meters);
    }

    /** Named so that its components are at {@code /actuator/health/executors}. */
    @Bean
    HealthContributor executorsHealthContributor(ExecutorRegistry registry) {
        return new ExecutorHealth(registry);
    }
}
