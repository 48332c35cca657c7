package dev.jobpool.monitoring;

import dev.jobpool.executor.Executor;
import dev.jobpool.executor.ExecutorRegistry;
import dev.jobpool.executor.ExecutorStatus;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code /actuator/health/executors/{name}}: one component per executor, read from the registry at each request
 * so that executors created and shut down by clients come and go.
 *
 * <p>RUNNING is UP, or SATURATED when every worker is busy and the queue is full (submits are refused with 429
 * then); BROKEN is DOWN; SHUT_DOWN and TERMINATED are OUT_OF_SERVICE, until an executor of the same name is
 * created again. The liveness and readiness groups leave executors out: one executor a client shut down must not
 * get the instance restarted or taken out of the load balancer.
 */
final class ExecutorHealth implements CompositeHealthContributor {

    /** Between UP and OUT_OF_SERVICE in {@code management.endpoint.health.status.order}; answers 200. */
    static final Status SATURATED = new Status("SATURATED", "every worker is busy and the queue is full");

    private final ExecutorRegistry registry;

    ExecutorHealth(ExecutorRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthContributor getContributor(String name) {
        return registry.find(name).map(ExecutorHealth::indicator).orElse(null);
    }

    @Override
    public Stream<HealthContributors.Entry> stream() {
        return registry.all().stream().map(e -> new HealthContributors.Entry(e.name(), indicator(e)));
    }

    private static HealthIndicator indicator(Executor executor) {
        return () -> health(executor);
    }

    static Health health(Executor executor) {
        ExecutorStatus status = executor.status();
        int capacity = executor.spec().queueCapacity();
        Status overall = switch (status.state()) {
            case RUNNING -> status.active() >= executor.spec().maxWorkers() && status.queued() >= capacity
                    ? SATURATED : Status.UP;
            case BROKEN -> Status.DOWN;
            case SHUT_DOWN, TERMINATED -> Status.OUT_OF_SERVICE;
        };
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("kind", executor.spec().kind().jsonName());
        details.put("state", status.state());
        details.put("workers", status.workers());
        details.put("maxWorkers", executor.spec().maxWorkers());
        details.put("active", status.active());
        details.put("queued", status.queued());
        details.put("queueCapacity", capacity);
        details.put("waitingInMaps", status.waitingInMaps());
        details.put("completed", status.completed());
        if (status.brokenBecause() != null) {
            details.put("brokenBecause", status.brokenBecause());
        }
        if (status.processes() != null) {
            details.put("processes", status.processes().withoutCrashReport()); // crash reports: administrators only
        }
        return Health.status(overall).withDetails(details).build();
    }
}
