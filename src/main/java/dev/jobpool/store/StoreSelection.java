package dev.jobpool.store;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * With the default {@code jobpool.store=memory}, keeps Spring Boot from configuring a DataSource (and so
 * Flyway): the JDBC driver is on the classpath for {@code postgres}, but an in-memory Jobpool must start with
 * no database at all.
 */
class StoreSelection implements EnvironmentPostProcessor {

    private static final String DATA_SOURCE = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        StoreKind kind = Binder.get(environment).bind(StoreKind.PROPERTY, StoreKind.class).orElse(StoreKind.MEMORY);
        if (kind == StoreKind.POSTGRES) {
            return;
        }
        Set<String> excluded = new LinkedHashSet<>();
        String already = environment.getProperty("spring.autoconfigure.exclude");
        if (already != null && !already.isBlank()) {
            excluded.addAll(java.util.List.of(already.split("\\s*,\\s*")));
        }
        excluded.add(DATA_SOURCE);
        environment.getPropertySources().addFirst(new MapPropertySource("jobpool-store-memory",
                Map.of("spring.autoconfigure.exclude", String.join(",", excluded))));
    }
}
