package dev.jobpool;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A bad setting stops the start, with a message that names it, before anything serves. */
class ConfigurationIT {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "jobpool.store=mysql                                | jobpool.store",
            "jobpool.executors.max-executors=0                  | jobpool.executors",
            "jobpool.executors.default-queue-capacity=2000000   | default-queue-capacity must not exceed max-queue-capacity",
            "jobpool.executors.shutdown-grace=-1s               | jobpool.executors",
            "jobpool.executors.max-pending-bytes=0B             | max-pending-bytes must be positive",
            "jobpool.futures.retention=0s                       | jobpool.futures",
            "jobpool.futures.max-retained=-5                    | jobpool.futures",
            "jobpool.http.max-wait=0s                           | jobpool.http",
            "jobpool.process-pool.ping-timeout=1s               | ping-timeout must be longer than ping-interval",
            "jobpool.process-pool.crash-loop-limit=0            | jobpool.process-pool",
            "jobpool.tenants.quotas.alice.submits-per-second=0  | jobpool.tenants",
            "jobpool.tenants.default-quota.max-active-calls=0   | jobpool.tenants",
    })
    void aBadValueStopsTheStartNamingTheProperty(String setting, String named) {
        assertThatThrownBy(() -> start("--" + setting)).hasStackTraceContaining(named);
    }

    @org.junit.jupiter.api.Test
    void theClusterRefusesAnInstanceTimeoutThatAHeartbeatOrTwoWouldReach() {
        assertThatThrownBy(() -> start("--jobpool.store=postgres",
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none", "--spring.flyway.enabled=false",
                "--jobpool.cluster.heartbeat-interval=3s", "--jobpool.cluster.instance-timeout=5s"))
                .hasStackTraceContaining("instance-timeout must be at least twice heartbeat-interval");
    }

    @org.junit.jupiter.api.Test
    void withNoCredentialsItListensOnLoopbackOnlyAndRefusesAnyOtherAddress() {
        try (var context = new SpringApplicationBuilder(JobpoolApplication.class)
                .run("--server.port=0", "--spring.main.banner-mode=off")) {
            org.assertj.core.api.Assertions.assertThat(context.getEnvironment().getProperty("server.address"))
                    .isEqualTo("127.0.0.1");
        }
        assertThatThrownBy(() -> start("--server.address=0.0.0.0"))
                .hasStackTraceContaining("refuses to listen on 0.0.0.0 with no credentials configured")
                .hasStackTraceContaining("jobpool.security.api-keys");
        try (var context = new SpringApplicationBuilder(JobpoolApplication.class).run("--server.port=0",
                "--spring.main.banner-mode=off", "--server.address=0.0.0.0", "--jobpool.security.allow-anonymous=true")) {
            var health = context.getBean("security", org.springframework.boot.health.contributor.HealthIndicator.class)
                    .health(true);
            org.assertj.core.api.Assertions.assertThat(health.getDetails().get("warning").toString())
                    .contains("allow-anonymous");
        }
    }

    @org.junit.jupiter.api.Test
    void anApiKeyMustBeAHashNotAKey() {
        assertThatThrownBy(() -> start("--jobpool.security.api-keys.alice.sha256=my-secret-key",
                "--jobpool.security.api-keys.alice.scopes=submit"))
                .hasStackTraceContaining("jobpool.security").hasStackTraceContaining("must be 64 hex digits (SHA-256)");
    }

    /** Command-line arguments, as an operator gives them: they win over application.yml. */
    private static void start(String... arguments) {
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("--server.port=0",
                "--spring.main.banner-mode=off"), java.util.Arrays.stream(arguments)).toArray(String[]::new);
        new SpringApplicationBuilder(JobpoolApplication.class).run(all).close();
    }
}
