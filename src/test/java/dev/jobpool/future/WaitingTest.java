package dev.jobpool.future;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WaitingTest {

    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private JobFuture future(String id) {
        JobFuture future = new JobFuture(id, "default", "sleep", Instant.now());
        future.setRunningOrNotifyCancel();
        return future;
    }

    private void finishLater(JobFuture future, long millis, boolean raise) {
        timer.schedule(() -> {
            if (raise) {
                future.setException(new RaisedException("ValueError", "boom", null));
            } else {
                future.setResult(future.id());
            }
        }, millis, TimeUnit.MILLISECONDS);
    }

    @Test
    void firstCompletedReturnsAsSoonAsOneIsDone() throws InterruptedException {
        JobFuture quick = future("quick");
        JobFuture never = future("never");
        finishLater(quick, 50, false);

        DoneAndNotDone result = Waiting.waitFor(List.of(quick, never), Duration.ofSeconds(5), ReturnWhen.FIRST_COMPLETED);

        assertThat(result.done()).containsExactly(quick);
        assertThat(result.notDone()).containsExactly(never);
    }

    @Test
    void firstExceptionReturnsOnARaiseAndOtherwiseWhenAllAreDone() throws InterruptedException {
        JobFuture ok = future("ok");
        JobFuture raises = future("raises");
        JobFuture slow = future("slow");
        finishLater(ok, 10, false);
        finishLater(raises, 60, true);

        DoneAndNotDone result = Waiting.waitFor(List.of(ok, raises, slow), Duration.ofSeconds(5), ReturnWhen.FIRST_EXCEPTION);
        assertThat(result.done()).containsExactly(ok, raises);
        assertThat(result.notDone()).containsExactly(slow);

        JobFuture a = future("a");
        JobFuture b = future("b");
        finishLater(a, 10, false);
        finishLater(b, 30, false);
        assertThat(Waiting.waitFor(List.of(a, b), Duration.ofSeconds(5), ReturnWhen.FIRST_EXCEPTION).notDone()).isEmpty();
    }

    @Test
    void allCompletedReportsWhatIsDoneWhenTheTimeoutPasses() throws InterruptedException {
        JobFuture done = future("done");
        done.setResult(1);
        JobFuture never = future("never");

        DoneAndNotDone result = Waiting.waitFor(List.of(done, never, done), Duration.ofMillis(50), ReturnWhen.ALL_COMPLETED);

        assertThat(result.done()).containsExactly(done);
        assertThat(result.notDone()).containsExactly(never);
    }

    @Test
    void asCompletedYieldsDoneFuturesFirstThenInCompletionOrderWithoutDuplicates() throws InterruptedException {
        JobFuture slow = future("slow");
        JobFuture fast = future("fast");
        JobFuture already = future("already");
        already.setResult(0);
        finishLater(slow, 150, false);
        finishLater(fast, 50, false);

        AsCompleted completed = new AsCompleted(List.of(slow, fast, already, fast));
        List<String> order = new ArrayList<>();
        while (completed.hasNext()) {
            order.add(completed.next(Duration.ofSeconds(5)).id());
        }

        assertThat(order).containsExactly("already", "fast", "slow");
        assertThat(completed.total()).isEqualTo(3);
    }

    @Test
    void asCompletedYieldsEveryFutureEvenThoseThatCompleteWhileItIsBuilt() throws Exception {
        // a future completing between AsCompleted's two passes over its futures was once in neither: seen pending
        // by the first, done by the second, and never yielded. Completing thousands while it is built hits it.
        for (int round = 0; round < 5; round++) {
            List<JobFuture> futures = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                futures.add(future(round + "-" + i));
            }
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            Thread completer = Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                futures.forEach(f -> f.setResult(f.id()));
            });
            go.countDown();
            try (AsCompleted completed = new AsCompleted(futures)) {
                int yielded = 0;
                while (completed.hasNext() && completed.next(Duration.ofSeconds(10)) != null) {
                    yielded++;
                }
                assertThat(yielded).as("round " + round).isEqualTo(futures.size());
            }
            completer.join();
        }
    }

    @Test
    void asCompletedGivesNothingWhenNoFutureCompletesInTime() throws InterruptedException {
        AsCompleted completed = new AsCompleted(List.of(future("never")));

        assertThat(completed.next(Duration.ofMillis(30))).isNull();
        assertThat(completed.unfinished()).isEqualTo(1);
    }

    @Test
    void aWaitThatReturnsLeavesNothingOnTheFuturesItWaitedFor() throws InterruptedException {
        List<JobFuture> pending = new java.util.ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            pending.add(future("p" + i));
        }
        for (ReturnWhen returnWhen : ReturnWhen.values()) {
            for (int i = 0; i < 20; i++) {
                assertThat(Waiting.waitFor(pending, Duration.ZERO, returnWhen).notDone()).hasSize(1_000);
            }
        }
        assertThat(pending).allSatisfy(f -> assertThat(f.waiting()).isZero());

        AsCompleted completed = new AsCompleted(pending);
        assertThat(pending.getFirst().waiting()).isEqualTo(1);
        assertThat(completed.next(Duration.ZERO)).isNull();
        completed.close();
        assertThat(pending).allSatisfy(f -> assertThat(f.waiting()).isZero());
        pending.getFirst().setResult("late");
        assertThat(completed.next(Duration.ZERO)).as("closed: a late completion is not queued").isNull();
    }

    @Test
    void waitingOnAFutureThatIsDoneAlreadyRunsAtOnce() throws InterruptedException {
        JobFuture done = future("done");
        done.setResult(1);
        assertThat(Waiting.waitFor(List.of(done), Duration.ofSeconds(5), ReturnWhen.ALL_COMPLETED).done())
                .containsExactly(done);
        assertThat(Waiting.waitFor(List.of(), Duration.ofSeconds(5), ReturnWhen.FIRST_COMPLETED).done()).isEmpty();
        assertThat(done.waiting()).isZero();
    }
}
