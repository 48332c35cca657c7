package dev.jobpool.monitoring;

import dev.jobpool.executor.WorkerStatistics;
import dev.jobpool.executor.CallRunner;
import dev.jobpool.executor.Executor;
import dev.jobpool.executor.ExecutorKind;
import dev.jobpool.executor.ExecutorLimits;
import dev.jobpool.executor.ExecutorRegistry;
import dev.jobpool.executor.Submission;
import dev.jobpool.future.JobFuture;
import dev.jobpool.task.TaskCall;
import dev.jobpool.task.TaskContext;
import dev.jobpool.task.builtin.EchoTask;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The meters' life across executors that come and go under one name, without HTTP. */
class ExecutorMetricsTest {

    /** A process runner that runs in the calling thread and reports worker counters, as a real one would. */
    private static final CallRunner FAKE_PROCESS_RUNNER = new CallRunner() {
        @Override
        public Outcome run(Submission submission, TaskContext context) {
            return Outcome.returned(((EchoTask.Args) submission.call().args()).value());
        }

        @Override
        public void stop(Thread poolThread, String why) {
        }

        @Override
        public WorkerStatistics workers() {
            return new WorkerStatistics(List.of(), 7, 2, 1, null, null);
        }
    };

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ExecutorRegistry registry = new ExecutorRegistry(new ExecutorLimits(8, 8, 64, 100, 10), v -> v,
            spec -> FAKE_PROCESS_RUNNER, new ExecutorMetrics(meters));

    @AfterEach
    void stop() throws InterruptedException {
        registry.stopAll(Duration.ofSeconds(5));
    }

    private static void run(Executor executor, Object value) throws InterruptedException {
        JobFuture future = new JobFuture(UUID.randomUUID().toString(), executor.name(), "echo", Instant.now());
        executor.submit(new Submission(future, new TaskCall<>(new EchoTask(), new EchoTask.Args(value))));
        assertThat(future.awaitDone(Duration.ofSeconds(5))).isTrue();
    }

    /** An executor of this name that ran one call and terminated, so that its name may be used again. */
    private void ranAndTerminated(String name, ExecutorKind kind) throws InterruptedException {
        Executor executor = registry.create(name, kind, 1, 10, null);
        run(executor, 1);
        executor.shutdown(false);
        assertThat(executor.awaitTermination(Duration.ofSeconds(5))).isTrue();
    }

    private double count(String name, String executor, String kind) {
        var counter = meters.find(name).tags("executor", executor, "kind", kind).counter();
        return counter == null ? Double.NaN : counter.count();
    }

    private long metersOf(String executor, String kind) {
        return meters.getMeters().stream().map(Meter::getId)
                .filter(id -> executor.equals(id.getTag("executor")) && kind.equals(id.getTag("kind"))).count();
    }

    @Test
    void aNameUsedAgainByTheSameKindGoesOnCounting() throws Exception {
        ranAndTerminated("again", ExecutorKind.THREAD);

        Executor second = registry.create("again", ExecutorKind.THREAD, 2, 10, null);
        run(second, 2);

        assertThat(count("jobpool.futures.submitted", "again", "thread")).isEqualTo(2);
        assertThat(count("jobpool.futures.completed", "again", "thread")).isEqualTo(2);
        assertThat(meters.get("jobpool.executor.workers.max").tags("executor", "again").gauge().value())
                .as("the status gauges follow the new executor").isEqualTo(2);
    }

    @Test
    void aNameUsedAgainByAnotherKindDropsTheOldKindsMeters() throws Exception {
        ranAndTerminated("switch", ExecutorKind.THREAD);
        assertThat(metersOf("switch", "thread")).isPositive();

        Executor processes = registry.create("switch", ExecutorKind.PROCESS, 1, 10, null);
        run(processes, 2);

        assertThat(metersOf("switch", "thread")).as("no meter of the thread executor is left").isZero();
        assertThat(count("jobpool.futures.submitted", "switch", "process")).isEqualTo(1);
        assertThat(meters.get("jobpool.process.worker.starts").tags("executor", "switch").functionCounter().count())
                .isEqualTo(7);
        assertThat(meters.get("jobpool.futures.run.time").tags("executor", "switch", "task", "echo").timer().count())
                .isEqualTo(1);
    }

    @Test
    void aTerminatedExecutorIsForgottenAfterAWhileWithEveryMeterOfIt() throws InterruptedException {
        ExecutorRegistry forgetful = new ExecutorRegistry(new ExecutorLimits(8, 8, 64, 100, 10), v -> v,
                spec -> FAKE_PROCESS_RUNNER, new ExecutorMetrics(meters), Duration.ofMillis(200));
        for (int cycle = 0; cycle < 20; cycle++) {
            Executor executor = forgetful.create("cycle-" + cycle, ExecutorKind.THREAD, 1, 10, null);
            run(executor, cycle);
            executor.shutdown(false);
            assertThat(executor.awaitTermination(Duration.ofSeconds(5))).isTrue();
        }
        Executor kept = forgetful.create("kept", ExecutorKind.THREAD, 1, 10, null);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> forgetful.all().size() == 1);
        assertThat(forgetful.all()).containsExactly(kept);
        for (int cycle = 0; cycle < 20; cycle++) {
            assertThat(metersOf("cycle-" + cycle, "thread")).as("meters of cycle-%d", cycle).isZero();
        }
        assertThat(metersOf("kept", "thread")).isPositive();
        forgetful.stopAll(Duration.ofSeconds(5));
    }
}
