package dev.jobpool.store;

import dev.jobpool.future.RetentionSettings;
import dev.jobpool.future.FutureQuery;
import dev.jobpool.future.FutureStore;
import dev.jobpool.future.FutureGone;
import dev.jobpool.future.FutureNotDone;
import dev.jobpool.future.FutureNotFound;
import dev.jobpool.future.FutureState;
import dev.jobpool.future.JobFuture;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.uuid.Generators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link FutureStore} must do. Each adapter's test extends this suite and says how to make a
 * store; nothing here knows which adapter it runs against.
 */
public abstract class FutureStoreContract {

    protected static final Duration RETENTION = Duration.ofMinutes(10);
    protected static final int MAX_RETAINED = 3;

    protected final MutableClock clock = new MutableClock(Instant.now()); // futures stamp real time
    protected FutureStore store;

    /** A store with {@link #RETENTION}, {@link #MAX_RETAINED} and the given clock. */
    protected abstract FutureStore newStore(RetentionSettings settings, Clock clock);

    @BeforeEach
    void createStore() {
        store = newStore(new RetentionSettings(RETENTION, MAX_RETAINED, 100), clock);
    }

    /** One generator, as in the service: its ids increase even within a millisecond. */
    private static final com.fasterxml.uuid.impl.TimeBasedEpochGenerator IDS = Generators.timeBasedEpochGenerator();

    private static JobFuture future(String executor, String task) {
        return new JobFuture(IDS.generate().toString(), executor, task, Instant.now());
    }

    private static JobFuture finished(JobFuture future) {
        future.setRunningOrNotifyCancel();
        future.setResult("ok");
        return done(future);
    }

    /**
     * A future is done for everyone once its waiters are woken: a durable store wakes them when the end is
     * recorded, which may be after the thread that ended the call went on (as a worker does).
     */
    private static JobFuture done(JobFuture future) {
        try {
            assertThat(future.awaitDone(java.time.Duration.ofSeconds(5))).as("done within 5 s").isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return future;
    }

    @Test
    void aStoredFutureIsFoundByIdAndAnUnknownIdIsNotFound() {
        JobFuture future = future("default", "echo");
        store.add(future, null);

        assertThat(store.get(future.id()).id()).isEqualTo(future.id());
        assertThatThrownBy(() -> store.get(UUID.randomUUID().toString())).isInstanceOf(FutureNotFound.class);
    }

    @Test
    void getAllNamesEveryUnknownId() {
        JobFuture future = future("default", "echo");
        store.add(future, null);

        assertThat(store.getAll(List.of(future.id(), future.id()), f -> true)).hasSize(2);
        assertThatThrownBy(() -> store.getAll(List.of("x", future.id(), "y"), f -> true))
                .isInstanceOfSatisfying(FutureNotFound.class, e -> assertThat(e.ids()).containsExactly("x", "y"));
    }

    @Test
    void aTenantsUsageCountsItsUnfinishedCallsAndTheBytesItsFinishedOnesKeep() {
        JobFuture first = new JobFuture(IDS.generate().toString(), "alice", "e", "t", Instant.now(), 0);
        JobFuture second = new JobFuture(IDS.generate().toString(), "alice", "e", "t", Instant.now(), 0);
        JobFuture others = new JobFuture(IDS.generate().toString(), "bob", "e", "t", Instant.now(), 0);
        store.add(first, null);
        store.add(second, null);
        store.add(others, null);
        assertThat(store.activeCalls("alice")).isEqualTo(2);
        assertThat(store.retainedBytes("alice")).isEqualTo(0);

        finished(first);
        second.setRunningOrNotifyCancel();
        assertThat(store.activeCalls("alice")).isEqualTo(1);
        assertThat(store.retainedBytes("alice")).isPositive();
        assertThat(store.activeCalls("bob")).isEqualTo(1);
        assertThat(store.retainedBytes("bob")).isEqualTo(0);

        store.discard(others);
        store.delete(first.id());
        assertThat(store.activeCalls("bob")).isEqualTo(0);
        assertThat(store.retainedBytes("bob")).isEqualTo(0);
        assertThat(store.activeCalls("alice")).isEqualTo(1);
        assertThat(store.retainedBytes("alice")).isEqualTo(0);
        assertThat(store.activeCalls("nobody")).isEqualTo(0);
        assertThat(store.retainedBytes("nobody")).isEqualTo(0);
    }

    @Test
    void endsAreNumberedInTheOrderFuturesEndedAndReadFromAnyNumber() throws InterruptedException {
        JobFuture first = future("e", "t");
        JobFuture other = future("elsewhere", "t");
        JobFuture cancelled = future("e", "t");
        List.of(first, other, cancelled).forEach(f -> store.add(f, null)); // MAX_RETAINED of them
        finished(first);
        finished(other);
        cancelled.cancel();

        FutureQuery onE = new FutureQuery(null, "e", null, null);
        List<dev.jobpool.future.Ended> ends = awaitEnds(onE, 2);
        assertThat(ends).extracting(e -> e.future().id()).containsExactly(first.id(), cancelled.id());
        assertThat(ends).extracting(e -> e.future().state()).containsExactly(FutureState.FINISHED, FutureState.CANCELLED);
        assertThat(store.endedSince(ends.get(0).sequence(), onE, 10)).extracting(e -> e.future().id())
                .containsExactly(cancelled.id());
        assertThat(store.endedSince(ends.get(1).sequence(), onE, 10)).isEmpty();

        store.delete(first.id());
        assertThat(store.endedSince(0, onE, 10)).extracting(e -> e.future().id()).containsExactly(cancelled.id());
    }

    /** The ends a store gives, once it gives {@code count} (a shared store holds fresh ones back a moment). */
    private List<dev.jobpool.future.Ended> awaitEnds(FutureQuery query, int count) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<dev.jobpool.future.Ended> ends;
        while ((ends = store.endedSince(0, query, 100)).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return ends;
    }

    @Test
    void aDiscardedFutureLeavesNoTrace() {
        JobFuture future = future("default", "echo");
        store.add(future, null);
        store.discard(future);

        assertThatThrownBy(() -> store.get(future.id())).isInstanceOf(FutureNotFound.class);
    }

    @Test
    void onlyADoneFutureCanBeDeletedAndThenItIsGone() {
        JobFuture pending = future("default", "echo");
        store.add(pending, null);
        assertThatThrownBy(() -> store.delete(pending.id())).isInstanceOf(FutureNotDone.class);

        finished(pending);
        store.delete(pending.id());
        assertThatThrownBy(() -> store.get(pending.id())).isInstanceOf(FutureGone.class);
    }

    @Test
    void finishedFuturesAreGoneWhenTheirRetentionEnds() {
        JobFuture done = future("default", "echo");
        JobFuture running = future("default", "sleep");
        store.add(done, null);
        store.add(running, null);
        finished(done);
        running.setRunningOrNotifyCancel();

        clock.advance(RETENTION.plusSeconds(1));

        assertThatThrownBy(() -> store.get(done.id())).isInstanceOf(FutureGone.class);
        store.evictExpired();
        assertThatThrownBy(() -> store.get(done.id())).isInstanceOf(FutureGone.class);
        assertThat(store.get(running.id()).state()).isEqualTo(FutureState.RUNNING);
    }

    @Test
    void atMostMaxRetainedFinishedFuturesAreKeptOldestFirstOut() {
        List<JobFuture> futures = List.of(future("e", "t"), future("e", "t"), future("e", "t"), future("e", "t"));
        futures.forEach(f -> store.add(f, null));
        futures.forEach(FutureStoreContract::finished);
        store.evictExpired(); // a store may enforce the count when it sweeps, not on every finish

        assertThatThrownBy(() -> store.get(futures.get(0).id())).isInstanceOf(FutureGone.class);
        futures.subList(1, 4).forEach(f -> assertThat(store.get(f.id())).isNotNull());
    }

    @Test
    void whatAFutureBecameIsWhatTheStoreAnswers() {
        JobFuture future = future("default", "divide");
        store.add(future, null);
        future.setRunningOrNotifyCancel();
        future.setException(new dev.jobpool.future.RaisedException("ValueError", "Can't process zero!", "tb"));
        done(future);

        var kept = store.get(future.id()).snapshot();
        assertThat(kept.state()).isEqualTo(FutureState.FINISHED);
        assertThat(kept.exception().message()).isEqualTo("Can't process zero!");
        assertThat(store.list(new FutureQuery(null, null, FutureState.FINISHED, "divide"), 0, 10).items())
                .extracting(s -> s.id()).containsExactly(future.id());
    }

    @Test
    void listFiltersAndPagesNewestFirst() {
        JobFuture a = future("one", "echo");
        JobFuture b = future("one", "sleep");
        JobFuture c = future("two", "echo");
        List.of(a, b, c).forEach(f -> store.add(f, null));
        c.cancel();

        assertThat(store.list(new FutureQuery(null, null, null, null), 0, 2).items()).extracting(s -> s.id())
                .containsExactly(c.id(), b.id());
        assertThat(store.list(new FutureQuery(null, null, null, null), 1, 2).items()).extracting(s -> s.id())
                .containsExactly(a.id());
        assertThat(store.list(new FutureQuery(null, "one", null, null), 0, 10).totalItems()).isEqualTo(2);
        assertThat(store.list(new FutureQuery(null, null, null, "echo"), 0, 10).totalItems()).isEqualTo(2);
        assertThat(store.list(new FutureQuery(null, null, FutureState.CANCELLED, null), 0, 10).items())
                .extracting(s -> s.id()).containsExactly(c.id());
    }

    @Test
    void aFilterThatHoldsANulMatchesNothingInsteadOfFailing() {
        store.add(future("one", "echo"), null);

        for (FutureQuery query : List.of(new FutureQuery(null, "one\0", null, null),
                new FutureQuery(null, null, null, "echo\0"), new FutureQuery("\0", null, null, null))) {
            assertThat(store.list(query, 0, 10).totalItems()).as(query.toString()).isZero();
            assertThat(store.list(query, 0, 10).items()).isEmpty();
        }
    }

    @Test
    void aFutureKeepsItsTenantAndListsFilterByTenant() {
        JobFuture alices = new JobFuture(IDS.generate().toString(), "alice", "default", "echo", Instant.now(), 0);
        JobFuture bobs = new JobFuture(IDS.generate().toString(), "bob", "default", "echo", Instant.now(), 0);
        store.add(alices, null);
        store.add(bobs, null);

        assertThat(store.get(alices.id()).tenant()).isEqualTo("alice");
        assertThat(store.list(new FutureQuery("alice", null, null, null), 0, 10).items()).extracting(s -> s.id())
                .containsExactly(alices.id());
        assertThat(store.list(new FutureQuery("bob", null, null, null), 0, 10).totalItems()).isEqualTo(1);
        assertThat(store.list(new FutureQuery(null, null, null, null), 0, 10).totalItems()).isEqualTo(2);
        finished(alices);
        assertThat(store.get(alices.id()).snapshot().tenant()).as("after it finished").isEqualTo("alice");
    }
}
