package dev.jobpool.executor;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobpool.executors.*}, checked at start: a bad value stops the service with the property's name.
 *
 * @param configured executors created at start, by name (a {@code default} thread executor and a
 *                   {@code processes} process executor ship in application.yml)
 * @param shutdownGrace when the service stops, how long running calls may take before they are interrupted
 * @param maxMapBacklog calls that maps may hold for one executor beyond its queue; a larger map is 413, one
 *                      that would go past it while others wait is 429
 * @param forgetAfter how long a terminated executor stays listed before it, its meters and health go
 * @param maxPendingBytes about how much heap the arguments of calls accepted here and not yet done may hold, all
 *                        executors together; default a quarter of the heap (see {@link PendingBytes})
 */
@ConfigurationProperties("jobpool.executors")
@Validated
public record ExecutorProperties(@Min(1) @DefaultValue("64") int maxExecutors,
                                 @Min(1) @DefaultValue("256") int maxWorkersPerExecutor,
                                 @Min(1) @DefaultValue("1024") int maxWorkersTotal,
                                 @Min(1) @DefaultValue("1000000") int maxQueueCapacity,
                                 @Min(1) @DefaultValue("10000") int defaultQueueCapacity,
                                 @Min(1) @DefaultValue("100000") int maxMapBacklog,
                                 @NotNull @DurationMin(millis = 0) @DefaultValue("30s") Duration shutdownGrace,
                                 @NotNull @DurationMin(millis = 0) @DefaultValue("5m") Duration forgetAfter,
                                 DataSize maxPendingBytes,
                                 @Valid Map<String, Configured> configured) {

    public ExecutorProperties {
        configured = configured == null ? Map.of() : configured;
    }

    /** One executor created at start; unset sizes take the same defaults as over the API. */
    public record Configured(ExecutorKind kind, Integer maxWorkers, Integer queueCapacity, Integer maxTasksPerChild,
                             String heap, String profile) {
    }

    @AssertTrue(message = "default-queue-capacity must not exceed max-queue-capacity")
    boolean isDefaultQueueWithinMax() {
        return defaultQueueCapacity <= maxQueueCapacity;
    }

    @AssertTrue(message = "max-pending-bytes must be positive")
    boolean isPendingBytesPositive() {
        return maxPendingBytes == null || maxPendingBytes.toBytes() > 0;
    }

    @AssertTrue(message = "max-workers-per-executor must not exceed max-workers-total")
    boolean isPerExecutorWithinTotal() {
        return maxWorkersPerExecutor <= maxWorkersTotal;
    }

    ExecutorLimits limits() {
        // a quarter of the heap unless set, as for the results finished futures keep: the two together leave
        // half of it to the rest of the service, whatever clients send and return
        long pendingBytes = maxPendingBytes != null ? maxPendingBytes.toBytes() : Runtime.getRuntime().maxMemory() / 4;
        return new ExecutorLimits(maxExecutors, maxWorkersPerExecutor, maxWorkersTotal, maxQueueCapacity,
                defaultQueueCapacity, maxMapBacklog, pendingBytes);
    }
}
