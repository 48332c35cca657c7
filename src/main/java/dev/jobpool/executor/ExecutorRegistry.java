package dev.jobpool.executor;

import dev.jobpool.task.ArgumentError;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * The named executors of this service, created from configuration at start and by clients later, within
 * {@link ExecutorLimits}. A terminated executor's name may be used again.
 */
public final class ExecutorRegistry {

    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private final ExecutorLimits limits;
    private final UnaryOperator<Object> encodeResult;
    /** Read freely; changed only under this. */
    private final Map<String, Executor> executors = new ConcurrentHashMap<>();

    public ExecutorRegistry(ExecutorLimits limits, UnaryOperator<Object> encodeResult) {
        this.limits = limits;
        this.encodeResult = encodeResult;
    }

    public ExecutorLimits limits() {
        return limits;
    }

    /**
     * Creates and starts an executor.
     *
     * @param maxWorkers null for Python's default, {@code min(32, cores + 4)}
     * @param queueCapacity null for the configured default
     */
    public synchronized Executor create(String name, ExecutorKind kind, Integer maxWorkers, Integer queueCapacity) {
        ExecutorSpec spec = new ExecutorSpec(name, kind == null ? ExecutorKind.THREAD : kind,
                maxWorkers == null ? Math.min(ExecutorSpec.defaultMaxWorkers(), limits.maxWorkersPerExecutor()) : maxWorkers,
                queueCapacity == null ? limits.defaultQueueCapacity() : queueCapacity);
        check(spec);
        Executor existing = executors.get(name);
        if (existing != null && existing.status().state() != ExecutorState.TERMINATED) {
            throw new ExecutorExists(name, existing.status().state());
        }
        List<Executor> live = executors.values().stream()
                .filter(e -> e != existing && e.status().state() != ExecutorState.TERMINATED).toList();
        if (live.size() >= limits.maxExecutors()) {
            throw new ExecutorLimitReached("at most " + limits.maxExecutors() + " executors may exist at once"
                    + " (jobpool.executors.max-executors); shut one down first");
        }
        int workers = live.stream().mapToInt(e -> e.spec().maxWorkers()).sum();
        if (workers + spec.maxWorkers() > limits.maxWorkersTotal()) {
            throw new ExecutorLimitReached("maxWorkers " + spec.maxWorkers() + " would bring the workers of all"
                    + " executors to " + (workers + spec.maxWorkers()) + ", over the limit of "
                    + limits.maxWorkersTotal() + " (jobpool.executors.max-workers-total)");
        }
        Executor executor = switch (spec.kind()) {
            case THREAD -> new ThreadExecutor(spec, encodeResult);
        };
        executors.put(name, executor);
        return executor;
    }

    private void check(ExecutorSpec spec) {
        List<ArgumentError> errors = new ArrayList<>();
        if (spec.name() == null || !NAME.matcher(spec.name()).matches()) {
            errors.add(new ArgumentError("name", "must match " + NAME.pattern()
                    + " (lower-case letters, digits and dashes, at most 63)"));
        }
        if (spec.maxWorkers() < 1 || spec.maxWorkers() > limits.maxWorkersPerExecutor()) {
            errors.add(new ArgumentError("maxWorkers", "must be between 1 and " + limits.maxWorkersPerExecutor()));
        }
        if (spec.queueCapacity() < 1 || spec.queueCapacity() > limits.maxQueueCapacity()) {
            errors.add(new ArgumentError("queueCapacity", "must be between 1 and " + limits.maxQueueCapacity()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidExecutorSpec(errors);
        }
    }

    public Executor get(String name) {
        Executor executor = name == null ? null : executors.get(name);
        if (executor == null) {
            throw new ExecutorNotFound(name);
        }
        return executor;
    }

    public List<Executor> all() {
        return executors.values().stream().sorted(Comparator.comparing(Executor::name)).toList();
    }

    /**
     * Stops every executor when the service stops: nothing new starts, queued calls are cancelled (in memory
     * they could never run later), running calls get {@code grace} to finish and are then interrupted.
     */
    public void stopAll(Duration grace) throws InterruptedException {
        List<Executor> all = all();
        all.forEach(e -> e.shutdown(true));
        Instant deadline = Instant.now().plus(grace);
        for (Executor executor : all) {
            Duration left = Duration.between(Instant.now(), deadline);
            if (!executor.awaitTermination(left.isNegative() ? Duration.ZERO : left)) {
                executor.shutdownNow();
            }
        }
    }
}
