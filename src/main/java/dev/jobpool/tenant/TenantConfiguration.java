package dev.jobpool.tenant;

import dev.jobpool.future.FutureStore;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tenants' quotas from {@code jobpool.tenants.*}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(TenantProperties.class)
class TenantConfiguration {

    @Bean
    TenantQuotas tenantQuotas(TenantProperties properties, FutureStore store) {
        return new TenantQuotas(properties, store, System::nanoTime);
    }
}
