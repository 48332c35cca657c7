package dev.jobpool.executor;

import dev.jobpool.future.FutureState;
import dev.jobpool.future.JobFuture;
import dev.jobpool.task.Task;
import dev.jobpool.task.TaskCall;
import dev.jobpool.task.TaskContext;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The bounded pool with in-thread calls: room, cancellation, timeouts, shutdown and map feeding, with real threads. */
class PoolExecutorTest {

    /** A task that blocks until the test opens its gate. */
    static final class Gated implements Task<Gated.Args> {
        record Args() {
        }

        final CountDownLatch gate = new CountDownLatch(1);
        final AtomicInteger started = new AtomicInteger();
        /** Calls whose gate stayed shut: checked on the test thread, where a failed assertion fails the test. */
        final AtomicInteger gateStayedShut = new AtomicInteger();

        @Override
        public String name() {
            return "gated";
        }

        @Override
        public String description() {
            return "waits for the test";
        }

        @Override
        public Class<Args> argumentsType() {
            return Args.class;
        }

        @Override
        public Object run(Args args, TaskContext context) throws InterruptedException {
            started.incrementAndGet();
            if (!gate.await(10, TimeUnit.SECONDS)) {
                gateStayedShut.incrementAndGet();
            }
            return "opened";
        }
    }

    private final Gated task = new Gated();
    private static final java.util.concurrent.ScheduledExecutorService TIMERS =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

    private static PoolExecutor pool(String name, int workers, int queue) {
        return pool(name, ExecutorKind.THREAD, workers, queue, new InThreadRunner("test", null));
    }

    private static PoolExecutor pool(String name, ExecutorKind kind, int workers, int queue, CallRunner runner) {
        return new PoolExecutor(new ExecutorSpec(name, kind, workers, queue, WorkerOptions.NONE), runner,
                value -> value, TIMERS, ExecutorEvents.NONE);
    }

    private final PoolExecutor executor = pool("test", 1, 2);

    @AfterEach
    void stop() {
        task.gate.countDown();
        executor.shutdownNow();
        assertThat(task.gateStayedShut).as("calls that waited 10 s for a gate the test never opened").hasValue(0);
    }

    private Submission submission() {
        return new Submission(new JobFuture("f" + System.nanoTime(), "test", "gated", Instant.now()),
                new TaskCall<>(task, new Gated.Args()));
    }

    private Submission submitted() {
        Submission submission = submission();
        executor.submit(submission);
        return submission;
    }

    /** An initializer that notes the threads it ran on. */
    static final class Noting implements Task<Noting.Args> {
        record Args() {
        }

        final java.util.Queue<Thread> ranOn = new java.util.concurrent.ConcurrentLinkedQueue<>();

        @Override
        public String name() {
            return "noting";
        }

        @Override
        public String description() {
            return "notes its thread";
        }

        @Override
        public Class<Args> argumentsType() {
            return Args.class;
        }

        @Override
        public Object run(Args args, TaskContext context) {
            ranOn.add(Thread.currentThread());
            return null;
        }
    }

    @Test
    void eachPoolThreadRunsTheInitializerOnce() {
        Noting initializer = new Noting();
        PoolExecutor initialized = pool("init", ExecutorKind.THREAD, 2, 10,
                new InThreadRunner("init", new TaskCall<>(initializer, new Noting.Args())));
        task.gate.countDown(); // the calls run straight through
        try {
            List<Submission> calls = java.util.stream.IntStream.range(0, 8).mapToObj(i -> submission()).toList();
            calls.forEach(initialized::submit);
            await().until(() -> calls.stream().allMatch(c -> c.future().isDone()));

            assertThat(calls).allSatisfy(c -> assertThat(c.future().snapshot().exception()).isNull());
            assertThat(initializer.ranOn).as("once per thread").doesNotHaveDuplicates()
                    .hasSizeBetween(1, 2);
        } finally {
            initialized.shutdownNow();
        }
    }

    @Test
    void theArgumentsOfCallsNotYetDoneAreBoundedInBytesAndGivenBackHoweverTheCallsEnd() {
        PendingBytes bytes = new PendingBytes(1000);
        PoolExecutor bounded = new PoolExecutor(new ExecutorSpec("bytes", ExecutorKind.THREAD, 1, 100,
                WorkerOptions.NONE), new InThreadRunner("test", null), value -> value, TIMERS, ExecutorEvents.NONE,
                Integer.MAX_VALUE, bytes);
        try {
            Submission running = sized(400);
            bounded.submit(running);
            await().until(() -> task.started.get() == 1);
            Submission queued = sized(400);
            bounded.submit(queued);

            assertThatThrownBy(() -> bounded.submit(sized(400))).isInstanceOf(QueueFull.class)
                    .hasMessageContaining("max-pending-bytes");
            assertThatThrownBy(() -> bounded.feed(List.of(sized(100), sized(100)), 0)).as("a map, all of it")
                    .isInstanceOf(QueueFull.class);
            assertThat(bounded.status().queued()).as("refused calls take no room").isEqualTo(1);
            assertThat(bytes.held()).isEqualTo(800);

            assertThat(queued.future().cancel()).isTrue();
            assertThat(bytes.held()).as("cancelled in the queue").isEqualTo(400);
            List<Submission> mapped = List.of(sized(200), sized(200));
            bounded.feed(mapped, 0);
            assertThat(bytes.held()).isEqualTo(800);

            task.gate.countDown();
            await().until(() -> mapped.stream().allMatch(s -> s.future().isDone()) && running.future().isDone());
            await().untilAsserted(() -> assertThat(bytes.held()).as("run").isZero());
        } finally {
            bounded.shutdownNow();
        }
    }

    /** A gated call whose arguments count {@code bytes}. */
    private Submission sized(long bytes) {
        return new Submission(new JobFuture("f" + System.nanoTime(), "test", "gated", Instant.now()),
                new TaskCall<>(task, new Gated.Args(), bytes));
    }

    @Test
    void refusesWhenQueueCapacityCallsWaitAndACancelFreesRoomAtOnce() {
        Submission running = submitted();
        await().until(() -> task.started.get() == 1);
        Submission queued = submitted();
        submitted();

        assertThatThrownBy(this::submitted).isInstanceOf(QueueFull.class);
        assertThat(executor.status().queued()).isEqualTo(2);

        assertThat(queued.future().cancel()).isTrue();
        assertThat(executor.status().queued()).isEqualTo(1);
        submitted(); // the cancelled call's room is free again
        assertThat(running.future().cancel()).isFalse();
    }

    @Test
    void shutdownWithCancelFuturesCancelsQueuedCallsAndLetsRunningOnesFinish() throws InterruptedException {
        Submission running = submitted();
        await().until(() -> task.started.get() == 1);
        Submission queued = submitted();

        executor.shutdown(true);
        assertThatThrownBy(this::submitted).isInstanceOf(ExecutorShutDown.class);
        assertThat(queued.future().state()).isEqualTo(FutureState.CANCELLED);
        assertThat(executor.status().state()).isEqualTo(ExecutorState.SHUT_DOWN);

        task.gate.countDown();
        assertThat(executor.awaitTermination(Duration.ofSeconds(5))).isTrue();
        assertThat(running.future().state()).isEqualTo(FutureState.FINISHED);
        assertThat(executor.status().state()).isEqualTo(ExecutorState.TERMINATED);
    }

    @Test
    void shutdownWithoutCancelRunsEverythingAccepted() throws InterruptedException {
        List<Submission> accepted = List.of(submitted(), submitted(), submitted());

        executor.shutdown(false);
        task.gate.countDown();

        assertThat(executor.awaitTermination(Duration.ofSeconds(5))).isTrue();
        assertThat(accepted).allSatisfy(s -> assertThat(s.future().state()).isEqualTo(FutureState.FINISHED));
    }

    /**
     * A durable store records an end after the worker went on (its waiters wake then): the executor is
     * TERMINATED only once every call it took is done, as after Python's shutdown(wait=True).
     */
    @Test
    void terminatedWaitsForTheEndsAStoreIsStillRecording() throws InterruptedException {
        java.util.concurrent.CompletableFuture<Void> recorded = new java.util.concurrent.CompletableFuture<>();
        Submission submission = submission();
        submission.future().listen((future, from, now) -> now.state().isDone() ? recorded
                : java.util.concurrent.CompletableFuture.completedFuture(null));
        executor.submit(submission);
        executor.shutdown(false);
        task.gate.countDown();

        assertThat(executor.awaitTermination(Duration.ofMillis(300))).isFalse();
        assertThat(submission.future().state()).isEqualTo(FutureState.FINISHED);
        assertThat(executor.status().state()).isEqualTo(ExecutorState.SHUT_DOWN);

        recorded.complete(null);
        assertThat(executor.awaitTermination(Duration.ofSeconds(5))).isTrue();
        assertThat(submission.future().isDone()).isTrue();
    }

    @Test
    void aMapLargerThanTheQueueWaitsForRoomInsteadOfFailing() {
        List<Submission> many = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            many.add(submission());
        }
        executor.feed(many, 0);
        await().until(() -> executor.status().queued() == 2);
        assertThat(executor.status().waitingInMaps()).isEqualTo(7);

        task.gate.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> many.stream().allMatch(s -> s.future().isDone()));
        assertThat(many).allSatisfy(s -> assertThat(s.future().state()).isEqualTo(FutureState.FINISHED));
    }

    @Test
    void stoppingAMapCancelsWhatHasNotStarted() {
        List<Submission> many = List.of(submission(), submission(), submission(), submission(), submission());
        MapFeed feed = executor.feed(many, 0);
        await().until(() -> task.started.get() == 1);

        feed.stop();
        task.gate.countDown();

        await().until(() -> many.stream().allMatch(s -> s.future().isDone()));
        assertThat(many.get(0).future().state()).isEqualTo(FutureState.FINISHED);
        assertThat(many.subList(1, 5)).allSatisfy(s -> assertThat(s.future().state()).isEqualTo(FutureState.CANCELLED));
    }

    @Test
    void aBufferSizeKeepsTheFeedAtMostThatFarAheadOfTheConsumer() {
        PoolExecutor roomy = pool("roomy", 4, 100);
        try {
            List<Submission> many = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                many.add(submission());
            }
            MapFeed feed = roomy.feed(many, 2);
            await().until(() -> task.started.get() == 2);
            assertThat(feed.waiting()).isEqualTo(4);

            many.get(0).future().read();
            many.get(0).future().read(); // read twice: counts once
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .until(() -> task.started.get() == 3);
        } finally {
            task.gate.countDown();
            roomy.shutdownNow();
        }
    }

    /** Runs in the pool thread, as threads do, and records the chunks it is given. */
    private static final class ChunkRecorder implements CallRunner {
        final InThreadRunner inThread = new InThreadRunner("test", null);
        final List<Integer> chunkSizes = java.util.Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger chunksNotAllRunning = new AtomicInteger();

        @Override
        public Outcome run(Submission submission, TaskContext context) {
            return inThread.run(submission, context);
        }

        @Override
        public List<Outcome> runChunk(List<Submission> chunk, List<TaskContext> contexts) {
            chunkSizes.add(chunk.size());
            if (!chunk.stream().allMatch(s -> s.future().state() == FutureState.RUNNING)) {
                chunksNotAllRunning.incrementAndGet();
            }
            return CallRunner.super.runChunk(chunk, contexts);
        }

        @Override
        public void stop(Thread poolThread, String why) {
            poolThread.interrupt();
        }
    }

    @Test
    void aProcessExecutorsMapGoesToAPoolThreadInChunksWhoseCallsAllStartTogether() {
        ChunkRecorder runner = new ChunkRecorder();
        PoolExecutor processes = pool("chunked", ExecutorKind.PROCESS, 1, 10, runner);
        try {
            List<Submission> many = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                many.add(submission());
            }
            processes.feed(many, 0, 4);
            await().until(() -> task.started.get() == 1);

            assertThat(many.subList(0, 4)).allSatisfy(s -> assertThat(s.future().state()).isEqualTo(FutureState.RUNNING));
            assertThat(many.subList(4, 10)).allSatisfy(s -> assertThat(s.future().state()).isEqualTo(FutureState.PENDING));
            assertThat(many.get(1).future().cancel()).as("started with its chunk").isFalse();
            await().until(() -> processes.status().queued() == 6); // the calls of two chunks
            assertThat(processes.status().active()).isEqualTo(1);

            task.gate.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> many.stream().allMatch(s -> s.future().isDone()));
            assertThat(many).allSatisfy(s -> assertThat(s.future().state()).isEqualTo(FutureState.FINISHED));
            assertThat(runner.chunkSizes).containsExactly(4, 4, 2);
            assertThat(runner.chunksNotAllRunning).hasValue(0);
        } finally {
            task.gate.countDown();
            processes.shutdownNow();
        }
    }

    @Test
    void aChunkLeavesTheQueueWhenAllItsCallsAreCancelledAndAThreadExecutorIgnoresChunksize() {
        ChunkRecorder runner = new ChunkRecorder();
        PoolExecutor processes = pool("chunked", ExecutorKind.PROCESS, 1, 1, runner);
        PoolExecutor threads = pool("threads", ExecutorKind.THREAD, 1, 10, runner);
        try {
            List<Submission> many = List.of(submission(), submission(), submission(), submission());
            processes.feed(many, 0, 2);
            await().until(() -> task.started.get() == 1 && processes.status().queued() == 2);

            assertThat(many.get(2).future().cancel()).isTrue();
            assertThat(processes.status().queued()).as("the chunk waits for its other call").isEqualTo(2);
            assertThatThrownBy(() -> processes.submit(submission())).isInstanceOf(QueueFull.class);
            assertThat(many.get(3).future().cancel()).isTrue();
            assertThat(processes.status().queued()).isZero();
            processes.submit(submission()); // the chunk's place is free again

            List<Submission> threaded = List.of(submission(), submission(), submission());
            threads.feed(threaded, 0, 2);
            task.gate.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> threaded.stream().allMatch(s -> s.future().isDone()));
            assertThat(runner.chunkSizes).as("only the process executor's first chunk").containsExactly(2);
        } finally {
            task.gate.countDown();
            processes.shutdownNow();
            threads.shutdownNow();
        }
    }

    @Test
    void aCallThatRunsLongerThanItsTimeoutIsStoppedAndFailsWithTimeoutError() throws Exception {
        Submission submission = new Submission(new JobFuture("t", "test", "gated", Instant.now()),
                new TaskCall<>(task, new Gated.Args()), Duration.ofMillis(200));
        executor.submit(submission);

        await().atMost(Duration.ofSeconds(5)).until(() -> submission.future().isDone());
        assertThat(submission.future().snapshot().exception().type()).isEqualTo("TimeoutError");
        // the gated task was interrupted: the pool thread is free for the next call
        Submission next = submitted();
        task.gate.countDown();
        await().until(() -> next.future().state() == FutureState.FINISHED);
    }

    @Test
    void tenantsTakeTurnsSoOnesBacklogDelaysAnothersCallByAboutOneCall() {
        PoolExecutor shared = pool("shared", 1, 100);
        try {
            List<String> ranFor = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Submission> backlog = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                backlog.add(submissionOf("greedy"));
            }
            Submission other = submissionOf("other");
            backlog.forEach(s -> s.future().whenDone().thenRun(() -> ranFor.add("greedy")));
            other.future().whenDone().thenRun(() -> ranFor.add("other"));

            backlog.forEach(shared::submit);
            await().until(() -> task.started.get() == 1);
            shared.submit(other);
            task.gate.countDown();

            await().atMost(Duration.ofSeconds(10)).until(() -> ranFor.size() == 31);
            // the running call, then greedy's turn, then other's: not after greedy's 29 waiting calls
            assertThat(ranFor.indexOf("other")).isEqualTo(2);
        } finally {
            shared.shutdownNow();
        }
    }

    @Test
    void oneTenantsMapCannotKeepTheQueueFullForAnother() {
        PoolExecutor shared = pool("shared", 1, 10);
        try {
            List<Submission> backlog = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                backlog.add(submissionOf("greedy"));
            }
            shared.feed(backlog, 0);
            await().until(() -> shared.status().queued() == 9); // a tenth kept for others

            Submission other = submissionOf("other");
            shared.submit(other);
            assertThatThrownBy(() -> shared.submit(submissionOf("greedy"))).isInstanceOf(QueueFull.class)
                    .hasMessageContaining("for other tenants");
            task.gate.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> other.future().state() == FutureState.FINISHED);
        } finally {
            task.gate.countDown();
            shared.shutdownNow();
        }
    }

    private Submission submissionOf(String tenant) {
        return new Submission(new JobFuture("f" + System.nanoTime(), tenant, "test", "gated", Instant.now(), 0),
                new TaskCall<>(task, new Gated.Args()));
    }

    @Test
    void theInterruptingCancelStopsARunningCall() {
        Submission running = submitted();
        await().until(() -> task.started.get() == 1);

        assertThat(executor.interrupt(running.future())).isTrue();

        assertThat(running.future().state()).isEqualTo(FutureState.CANCELLED);
        Submission next = submitted();
        task.gate.countDown();
        await().until(() -> next.future().state() == FutureState.FINISHED);
        assertThat(executor.interrupt(next.future())).as("no longer running").isFalse();
    }

    @Test
    void aBrokenExecutorFailsWhatHasNotStartedAndRefusesNewCalls() {
        Submission running = submitted();
        await().until(() -> task.started.get() == 1);
        Submission queued = submitted();

        executor.breakWith(new dev.jobpool.future.RaisedException("BrokenProcessPool", "initializer failed", null));

        assertThat(queued.future().snapshot().exception().type()).isEqualTo("BrokenProcessPool");
        assertThatThrownBy(this::submitted).isInstanceOf(ExecutorBroken.class).hasMessageContaining("initializer failed");
        assertThat(executor.status().state()).isEqualTo(ExecutorState.BROKEN);
        task.gate.countDown();
        await().until(() -> running.future().state() == FutureState.FINISHED);
    }
}
