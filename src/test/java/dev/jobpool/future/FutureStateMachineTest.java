package dev.jobpool.future;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.jobpool.future.FutureState.CANCELLED;
import static dev.jobpool.future.FutureState.FINISHED;
import static dev.jobpool.future.FutureState.PENDING;
import static dev.jobpool.future.FutureState.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every from → to pair of the state machine, and Python's answers of each method in each state. */
class FutureStateMachineTest {

    static final Set<List<FutureState>> ALLOWED = Set.of(
            List.of(PENDING, RUNNING), List.of(PENDING, CANCELLED), List.of(PENDING, FINISHED),
            List.of(RUNNING, FINISHED), List.of(RUNNING, CANCELLED));

    static Stream<Arguments> everyPair() {
        List<Arguments> pairs = new ArrayList<>();
        for (FutureState from : FutureState.values()) {
            for (FutureState to : FutureState.values()) {
                pairs.add(Arguments.of(from, to));
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("everyPair")
    void onlyTheDrawnTransitionsAreAllowed(FutureState from, FutureState to) {
        assertThat(from.canMoveTo(to)).isEqualTo(ALLOWED.contains(List.of(from, to)));
    }

    /** A future brought into {@code state} through the public methods. */
    static JobFuture in(FutureState state) {
        JobFuture future = new JobFuture("f", "default", "echo", Instant.now());
        switch (state) {
            case PENDING -> {
            }
            case RUNNING -> future.setRunningOrNotifyCancel();
            case CANCELLED -> future.cancel();
            case FINISHED -> {
                future.setRunningOrNotifyCancel();
                future.setResult(42);
            }
        }
        assertThat(future.state()).isEqualTo(state);
        return future;
    }

    @ParameterizedTest
    @EnumSource(FutureState.class)
    void cancelIsTrueWhenPendingOrCancelledAndFalseWhenRunningOrFinished(FutureState state) {
        JobFuture future = in(state);
        boolean expected = state == PENDING || state == CANCELLED;

        assertThat(future.cancel()).isEqualTo(expected);
        assertThat(future.state()).isEqualTo(state == PENDING ? CANCELLED : state);
    }

    @ParameterizedTest
    @EnumSource(FutureState.class)
    void setRunningStartsAPendingFutureSkipsACancelledOneAndRefusesTheRest(FutureState state) {
        JobFuture future = in(state);
        switch (state) {
            case PENDING -> assertThat(future.setRunningOrNotifyCancel()).isTrue();
            case CANCELLED -> assertThat(future.setRunningOrNotifyCancel()).isFalse();
            default -> assertThatThrownBy(future::setRunningOrNotifyCancel).isInstanceOf(InvalidStateError.class)
                    .hasMessageContaining(state.name());
        }
    }

    @ParameterizedTest
    @EnumSource(FutureState.class)
    void outcomesCanBeSetOnlyBeforeTheFutureIsDone(FutureState state) {
        for (Consumer<JobFuture> settle : List.<Consumer<JobFuture>>of(
                f -> f.setResult("x"), f -> f.setException(new RaisedException("E", "m", null)))) {
            JobFuture future = in(state);
            if (state.isDone()) {
                assertThatThrownBy(() -> settle.accept(future)).isInstanceOf(InvalidStateError.class)
                        .hasMessageContaining(state.name());
            } else {
                settle.accept(future);
                assertThat(future.state()).isEqualTo(FINISHED);
                assertThat(future.whenDone()).isCompleted();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(FutureState.class)
    void theInterruptingCancelStopsOnlyARunningFuture(FutureState state) {
        JobFuture future = in(state);

        assertThat(future.cancelRunning()).isEqualTo(state == RUNNING || state == CANCELLED);
        assertThat(future.state()).isEqualTo(state == RUNNING ? CANCELLED : state);
    }

    @ParameterizedTest
    @EnumSource(FutureState.class)
    void aLateOutcomeOfAStoppedCallIsDropped(FutureState state) {
        JobFuture future = in(state);

        assertThat(future.settleRunning("late", null)).isEqualTo(state == RUNNING);
        assertThat(future.state()).isEqualTo(state == RUNNING ? FINISHED : state);
    }

    @Test
    void resultReturnsTheValueReRaisesTheExceptionOrRaisesCancelledAndTimeout() throws InterruptedException {
        assertThat(in(FINISHED).result(Duration.ZERO)).isEqualTo(42);
        assertThat(in(FINISHED).exception(Duration.ZERO)).isNull();

        JobFuture raised = in(RUNNING);
        raised.setException(new RaisedException("ValueError", "Can't process zero!", null));
        assertThatThrownBy(() -> raised.result(Duration.ZERO)).isInstanceOf(TaskRaised.class)
                .hasMessage("ValueError: Can't process zero!");
        assertThat(raised.exception(Duration.ZERO).message()).isEqualTo("Can't process zero!");

        assertThatThrownBy(() -> in(CANCELLED).result(Duration.ZERO)).isInstanceOf(FutureCancelled.class);
        assertThatThrownBy(() -> in(CANCELLED).exception(Duration.ZERO)).isInstanceOf(FutureCancelled.class);
        assertThatThrownBy(() -> in(RUNNING).result(Duration.ofMillis(20))).isInstanceOf(FutureTimedOut.class);
        assertThatThrownBy(() -> in(PENDING).exception(Duration.ofMillis(20))).isInstanceOf(FutureTimedOut.class);
    }

    @Test
    void awaitDoneSeesAnOutcomeSetWhileItSpinsOrAfterItParkedAndKeepsToItsTimeout() throws Exception {
        for (long setAfterMicros : new long[] {0, 5, 20_000}) { // within the 30 µs spin, and long after it
            JobFuture running = in(RUNNING);
            Thread setter = Thread.ofPlatform().start(() -> {
                java.util.concurrent.locks.LockSupport.parkNanos(setAfterMicros * 1_000);
                running.setResult("late");
            });
            assertThat(running.awaitDone(Duration.ofSeconds(10))).as("set after %d µs", setAfterMicros).isTrue();
            setter.join();
        }
        JobFuture never = in(RUNNING);
        assertThat(never.awaitDone(Duration.ZERO)).isFalse();
        assertThat(never.awaitDone(Duration.ofNanos(10_000))).as("a timeout shorter than the spin").isFalse();
        long began = System.nanoTime();
        assertThat(never.awaitDone(Duration.ofMillis(50))).isFalse();
        assertThat(System.nanoTime() - began).as("waited its timeout").isGreaterThanOrEqualTo(50_000_000);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> never.awaitDone(Duration.ofSeconds(10))).isInstanceOf(InterruptedException.class);
    }

    @Test
    void doneIsSignalledOnceTheFutureFinishesOrIsCancelled() {
        JobFuture running = in(RUNNING);
        assertThat(running.whenDone()).isNotCompleted();
        running.setResult(null);
        assertThat(running.whenDone()).isCompletedWithValue(running);
        assertThat(in(CANCELLED).whenDone()).isCompleted();
    }
}
