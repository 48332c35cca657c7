package dev.jobpool.monitoring;

import dev.jobpool.executor.Executor;
import dev.jobpool.executor.ExecutorEvents;
import dev.jobpool.executor.ExecutorKind;
import dev.jobpool.executor.WorkerStatistics;
import dev.jobpool.executor.ExecutorSpec;
import dev.jobpool.future.FutureSnapshot;
import dev.jobpool.future.FutureState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

import org.springframework.boot.convert.DurationStyle;

/**
 * The meters of every executor, tagged {@code executor} and {@code kind} (and {@code task} for the timers). The
 * names and what they count are listed in docs/monitoring.md; the Grafana dashboard uses them.
 *
 * <p>Implementation notes. Counters and the pending/running gauges live as long as the service and are keyed by
 * executor name and kind, so an executor created again under a used name goes on counting (Prometheus takes a
 * counter that only grows). They obey {@code submitted = completed + raised + cancelled + pending + running} at
 * every moment a scrape cannot see between two events of one call. The gauges that read an executor's status
 * and the process counters are bound to one executor object: when the name is used again, they move to the new
 * executor, and when it comes back with another kind, the old kind's meters go.
 */
final class ExecutorMetrics implements ExecutorEvents {

    /**
     * The buckets of every timer: percentiles come from {@code histogram_quantile} over them, which, unlike
     * percentiles computed in each instance, add up across instances. 17 chosen buckets from 1 ms to 1 h rather
     * than Micrometer's ~70 keep a scrape small with many tasks and executors.
     */
    private static final Duration[] BUCKETS = Stream.of("1ms", "5ms", "10ms", "25ms", "50ms", "100ms", "250ms",
            "500ms", "1s", "2500ms", "5s", "10s", "30s", "60s", "300s", "900s", "3600s")
            .map(DurationStyle.SIMPLE::parse).toArray(Duration[]::new);

    private final MeterRegistry meters;
    /** Read freely; changed only under this. */
    private final Map<String, Counts> counts = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> statusMeters = new ConcurrentHashMap<>();
    private final Map<TaskKey, Timers> timers = new ConcurrentHashMap<>();

    ExecutorMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    private record TaskKey(String executor, ExecutorKind kind, String task) {
    }

    private record Timers(Timer queueWait, Timer runTime) {
    }

    /** One executor name's counters, and the live counts they imply. */
    private final class Counts {
        final ExecutorKind kind;
        final List<Meter> meters = new ArrayList<>();
        final Counter submitted;
        final Counter completed;
        final Counter raised;
        final Counter cancelled;
        final Counter rejected;
        final Counter timedOut;
        final AtomicLong pending = new AtomicLong();
        final AtomicLong running = new AtomicLong();

        Counts(String executor, ExecutorKind kind) {
            this.kind = kind;
            Tags tags = tags(executor, kind);
            submitted = counter("jobpool.futures.submitted", "calls accepted", tags);
            completed = counter("jobpool.futures.completed", "calls that returned a value", tags);
            raised = counter("jobpool.futures.raised", "calls that raised (timeouts and broken executors too)", tags);
            cancelled = counter("jobpool.futures.cancelled", "calls cancelled, queued or running", tags);
            rejected = counter("jobpool.futures.rejected", "submits refused because the queue was full", tags);
            timedOut = counter("jobpool.futures.timed.out", "calls stopped by their timeout (also raised)", tags);
            meters.add(Gauge.builder("jobpool.futures.pending", pending, AtomicLong::get)
                    .description("calls accepted that have not started").tags(tags).register(ExecutorMetrics.this.meters));
            meters.add(Gauge.builder("jobpool.futures.running", running, AtomicLong::get)
                    .description("calls running now").tags(tags).register(ExecutorMetrics.this.meters));
        }

        private Counter counter(String name, String description, Tags tags) {
            Counter counter = Counter.builder(name).description(description).tags(tags)
                    .register(ExecutorMetrics.this.meters);
            meters.add(counter);
            return counter;
        }
    }

    private static Tags tags(String executor, ExecutorKind kind) {
        return Tags.of("executor", executor, "kind", kind.jsonName());
    }

    private Counts counts(ExecutorSpec spec) {
        Counts current = counts.get(spec.name());
        return current != null && current.kind == spec.kind() ? current : countsFor(spec);
    }

    private synchronized Counts countsFor(ExecutorSpec spec) {
        Counts current = counts.get(spec.name());
        if (current != null && current.kind == spec.kind()) {
            return current;
        }
        if (current != null) {
            current.meters.forEach(meters::remove); // the name came back as another kind
            removeTimersOf(spec.name());
        }
        Counts fresh = new Counts(spec.name(), spec.kind());
        counts.put(spec.name(), fresh);
        return fresh;
    }

    @Override
    public synchronized void forgotten(Executor executor) {
        List<Meter> bound = statusMeters.remove(executor.name());
        if (bound != null) {
            bound.forEach(meters::remove);
        }
        Counts gone = counts.remove(executor.name());
        if (gone != null) {
            gone.meters.forEach(meters::remove);
        }
        removeTimersOf(executor.name());
    }

    /** Removes the per-task timers of an executor that is gone or came back as another kind. */
    private void removeTimersOf(String executor) {
        timers.entrySet().removeIf(entry -> {
            boolean gone = entry.getKey().executor().equals(executor);
            if (gone) {
                meters.remove(entry.getValue().queueWait());
                meters.remove(entry.getValue().runTime());
            }
            return gone;
        });
    }

    @Override
    public synchronized void created(Executor executor) {
        ExecutorSpec spec = executor.spec();
        List<Meter> old = statusMeters.remove(spec.name());
        if (old != null) {
            old.forEach(meters::remove);
        }
        counts(spec);
        Tags tags = tags(spec.name(), spec.kind());
        List<Meter> bound = new ArrayList<>();
        bound.add(gauge("jobpool.executor.workers", "worker threads alive (one worker process each for kind process)",
                executor, e -> e.status().workers(), tags));
        bound.add(gauge("jobpool.executor.workers.active", "workers running a call now",
                executor, e -> e.status().active(), tags));
        bound.add(gauge("jobpool.executor.workers.max", "maxWorkers", executor, e -> e.spec().maxWorkers(), tags));
        bound.add(gauge("jobpool.executor.queue.depth", "calls in the queue, waiting for a worker",
                executor, e -> e.status().queued(), tags));
        bound.add(gauge("jobpool.executor.queue.capacity", "queueCapacity", executor, e -> e.spec().queueCapacity(),
                tags));
        bound.add(gauge("jobpool.executor.map.waiting", "calls accepted by map that wait for room in the queue",
                executor, e -> e.status().waitingInMaps(), tags));
        if (spec.kind() == ExecutorKind.PROCESS) {
            bound.add(processCounter("jobpool.process.worker.starts", "worker processes started",
                    WorkerStatistics::workerStarts, executor, tags));
            bound.add(processCounter("jobpool.process.worker.crashes", "worker processes that died running a call",
                    WorkerStatistics::workerCrashes, executor, tags));
            bound.add(processCounter("jobpool.process.worker.recycles", "workers replaced after maxTasksPerChild",
                    WorkerStatistics::workerRecycles, executor, tags));
        }
        statusMeters.put(spec.name(), bound);
    }

    private Meter gauge(String name, String description, Executor executor, ToDoubleFunction<Executor> value,
                        Tags tags) {
        return Gauge.builder(name, executor, value).description(description).tags(tags).register(meters);
    }

    private Meter processCounter(String name, String description, java.util.function.ToLongFunction<WorkerStatistics> count,
                                 Executor executor, Tags tags) {
        return FunctionCounter.builder(name, executor, e -> {
                    WorkerStatistics processes = e.status().processes();
                    return processes == null ? 0 : count.applyAsLong(processes);
                })
                .description(description).tags(tags).register(meters);
    }

    @Override
    public void accepted(ExecutorSpec spec, String task) {
        Counts c = counts(spec);
        c.pending.incrementAndGet();
        c.submitted.increment();
    }

    @Override
    public void rejected(ExecutorSpec spec, String task) {
        counts(spec).rejected.increment();
    }

    @Override
    public void started(ExecutorSpec spec, FutureSnapshot now) {
        Counts c = counts(spec);
        c.running.incrementAndGet();
        c.pending.decrementAndGet();
        timers(spec, now.task()).queueWait().record(between(now.submittedAt(), now.startedAt()));
    }

    @Override
    public void ended(ExecutorSpec spec, FutureSnapshot now, boolean wasRunning, boolean timedOut) {
        Counts c = counts(spec);
        // the outcome first, then the live count: a scrape in between sees the call twice, never not at all
        if (now.state() == FutureState.FINISHED) {
            (now.exception() == null ? c.completed : c.raised).increment();
        } else {
            c.cancelled.increment(); // cancelled, or withdrawn by a shared store before it started
        }
        if (timedOut) {
            c.timedOut.increment();
        }
        (wasRunning ? c.running : c.pending).decrementAndGet();
        if (wasRunning) {
            timers(spec, now.task()).runTime().record(between(now.startedAt(), now.finishedAt()));
        }
    }

    private Timers timers(ExecutorSpec spec, String task) {
        return timers.computeIfAbsent(new TaskKey(spec.name(), spec.kind(), task), key -> {
            Tags tags = tags(key.executor(), key.kind()).and("task", key.task());
            return new Timers(timer("jobpool.futures.queue.wait", "from submit to the start on a worker", tags),
                    timer("jobpool.futures.run.time", "from the start on a worker to the outcome", tags));
        });
    }

    private Timer timer(String name, String description, Tags tags) {
        return Timer.builder(name).description(description).tags(tags)
                .serviceLevelObjectives(BUCKETS)
                .register(meters);
    }

    private static Duration between(Instant from, Instant to) {
        if (from == null || to == null || to.isBefore(from)) {
            return Duration.ZERO; // another instance's clock may be ahead of ours
        }
        return Duration.between(from, to);
    }
}
