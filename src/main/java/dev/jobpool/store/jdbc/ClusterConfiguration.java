package dev.jobpool.store.jdbc;

import dev.jobpool.executor.ExecutorRegistry;
import dev.jobpool.executor.Submissions;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

/** With {@code jobpool.store=postgres}, this instance joins the others on the same database. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "jobpool.store", havingValue = "postgres")
@EnableConfigurationProperties(ClusterConfiguration.ClusterProperties.class)
class ClusterConfiguration {

    /**
     * @param heartbeatInterval how often this instance says it is alive
     * @param instanceTimeout an instance silent this long is lost and its calls are taken back; keep it well
     *                        above the longest pause an instance may make (GC, a stalled machine)
     * @param pollInterval how often claimers and waiters look without a NOTIFY (the fallback)
     * @param claim whether this instance runs calls from the shared queue (false: it only accepts and answers)
     */
    @ConfigurationProperties("jobpool.cluster")
    record ClusterProperties(@DefaultValue("1s") Duration heartbeatInterval,
                             @DefaultValue("5s") Duration instanceTimeout,
                             @DefaultValue("500ms") Duration pollInterval,
                             @DefaultValue("true") boolean claim) {
    }

    /**
     * Depends on stopExecutors so that it closes first: calls not yet started are released (not cancelled), and
     * it keeps heartbeating while running calls finish (up to the shutdown grace period).
     */
    @Bean(initMethod = "start", destroyMethod = "close")
    @org.springframework.context.annotation.DependsOn("stopExecutors")
    Cluster cluster(JdbcFutureStore store, JdbcClient jdbc, DataSource dataSource, JsonMapper json, Clock clock,
                    ClusterProperties properties, ExecutorRegistry executors, Submissions submissions,
                    dev.jobpool.executor.web.StoredExecutors storedExecutors,
                    org.springframework.core.env.Environment environment) {
        Duration grace = environment.getProperty("jobpool.executors.shutdown-grace", Duration.class,
                Duration.ofSeconds(30));
        return new Cluster(store, jdbc, dataSource, json, clock, new Cluster.Settings(properties.heartbeatInterval(),
                properties.instanceTimeout(), properties.pollInterval(), properties.claim(), grace), executors,
                (task, kwargs) -> submissions.bind(task, List.of(), kwargs), storedExecutors::sync);
    }
}
