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
    private final ProcessRunners processRunners;
    private final ExecutorEvents events;
    /** Per-call timeouts of every executor; one daemon thread, since a timer only settles and stops. */
    private final java.util.concurrent.ScheduledExecutorService timers =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().daemon().name("jobpool-timeouts").factory());
    /** Read freely; changed only under this. */
    private final Map<String, Executor> executors = new ConcurrentHashMap<>();
    /**
     * How long a terminated executor stays listed (with its counters, meters and health) before it is forgotten:
     * long enough for clients and dashboards to see how it ended, short enough that create/shutdown cycles do
     * not pile up executors, health components and meter series without end.
     */
    private final Duration forgetAfter;
    /** One bound for the arguments of every executor's pending calls: it is the heap of this instance they hold. */
    private final PendingBytes pendingBytes;

    /**
     * @param processRunners makes the runner of a process executor (worker JVMs); null where process
     *                       executors are not available
     * @param events hears of every executor created and of every call its executors accept, start and end
     */
    public ExecutorRegistry(ExecutorLimits limits, UnaryOperator<Object> encodeResult,
                            ProcessRunners processRunners,
                            ExecutorEvents events) {
        this(limits, encodeResult, processRunners, events, Duration.ofMinutes(5));
    }

    /** @param forgetAfter how long a terminated executor stays listed before it is forgotten */
    public ExecutorRegistry(ExecutorLimits limits, UnaryOperator<Object> encodeResult,
                            ProcessRunners processRunners, ExecutorEvents events, Duration forgetAfter) {
        this.forgetAfter = forgetAfter;
        this.limits = limits;
        this.pendingBytes = new PendingBytes(limits.maxPendingBytes());
        this.encodeResult = encodeResult;
        this.processRunners = processRunners;
        this.events = events;
    }

    public ExecutorEvents events() {
        return events;
    }

    /** Creates and starts the executor a request asks for. */
    public Executor create(ExecutorRequest request) {
        return create(request.name(), request.kind(), request.maxWorkers(), request.queueCapacity(),
                request.workerOptions());
    }

    /**
     * Creates and starts an executor.
     *
     * @param kind null for {@code thread}
     * @param maxWorkers null for Python's default: {@code min(32, cores + 4)} threads, or one process per core
     * @param queueCapacity null for the configured default
     * @param options how its workers start; null for {@link WorkerOptions#NONE}
     */
    public synchronized Executor create(String name, ExecutorKind kind, Integer maxWorkers, Integer queueCapacity,
                                       WorkerOptions options) {
        ExecutorKind actualKind = kind == null ? ExecutorKind.THREAD : kind;
        int defaultWorkers = actualKind == ExecutorKind.THREAD ? ExecutorSpec.defaultThreadWorkers()
                : ExecutorSpec.defaultProcessWorkers();
        ExecutorSpec spec = new ExecutorSpec(name, actualKind,
                maxWorkers == null ? Math.min(defaultWorkers, limits.maxWorkersPerExecutor()) : maxWorkers,
                queueCapacity == null ? limits.defaultQueueCapacity() : queueCapacity,
                options == null ? WorkerOptions.NONE : options);
        check(spec);
        Executor existing = executors.get(name);
        if (existing != null && !existing.status().terminated()) {
            throw new ExecutorExists(name, existing.status().state());
        }
        List<Executor> live = executors.values().stream()
                .filter(e -> e != existing && !e.status().terminated()).toList();
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
        if (spec.kind() == ExecutorKind.PROCESS) {
            long reserved = live.stream().filter(e -> e.spec().kind() == ExecutorKind.PROCESS)
                    .mapToLong(e -> processRunners.heapReserved(e.spec())).sum();
            long wanted = processRunners.heapReserved(spec);
            if (reserved + wanted > processRunners.maxTotalHeap()) {
                throw new ExecutorLimitReached(spec.maxWorkers() + " workers would reserve " + (wanted >> 20)
                        + " MB of heap, and process executors reserve " + (reserved >> 20) + " MB already: over"
                        + " the limit of " + (processRunners.maxTotalHeap() >> 20)
                        + " MB (jobpool.process-pool.max-total-heap)");
            }
        }
        CallRunner runner = switch (spec.kind()) {
            case THREAD -> new InThreadRunner(spec.name(), spec.workers().initializer());
            case PROCESS -> processRunners.runner(spec);
        };
        Executor executor = new PoolExecutor(spec, runner, encodeResult, timers, events, limits.maxMapBacklog(),
                pendingBytes);
        executors.put(name, executor);
        events.created(executor);
        executor.whenTerminated().thenRun(() -> timers.schedule(() -> forget(executor), forgetAfter.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS));
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
        WorkerOptions options = spec.workers();
        if (spec.kind() == ExecutorKind.THREAD
                && (options.maxTasksPerChild() != null || options.heap() != null || options.profile() != null)) {
            // an initializer applies to both, as in Python; these three are about worker JVMs
            errors.add(new ArgumentError("kind", "maxTasksPerChild, heap and profile apply to process executors"
                    + " only"));
        }
        if (spec.kind() == ExecutorKind.PROCESS && processRunners == null) {
            errors.add(new ArgumentError("kind", "process executors are not available in this service"));
        }
        Integer maxTasks = spec.workers().maxTasksPerChild();
        if (maxTasks != null && maxTasks < 1) {
            errors.add(new ArgumentError("maxTasksPerChild", "must be at least 1"));
        }
        String heap = spec.workers().heap();
        if (heap != null && !heap.matches("[1-9][0-9]{0,12}[kKmMgG]?")) {
            errors.add(new ArgumentError("heap", "must be a JVM size such as 256m or 2g"));
        }
        if (spec.kind() == ExecutorKind.PROCESS && processRunners != null) {
            errors.addAll(processRunners.check(spec.workers()));
        }
        if (!errors.isEmpty()) {
            throw new InvalidExecutorSpec(errors);
        }
    }

    public Executor get(String name) {
        return find(name).orElseThrow(() -> new ExecutorNotFound(name));
    }

    /** The executor of this name, if there is one (terminated or not). */
    public java.util.Optional<Executor> find(String name) {
        return java.util.Optional.ofNullable(name == null ? null : executors.get(name));
    }

    /** Drops a terminated executor, unless its name was used again meanwhile. */
    private synchronized void forget(Executor executor) {
        if (executors.remove(executor.name(), executor)) {
            events.forgotten(executor);
        }
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
        for (Executor executor : all) {
            executor.awaitTermination(Duration.ofSeconds(10)); // idle workers of process executors say bye
        }
        timers.shutdownNow();
    }
}
