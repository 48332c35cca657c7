package dev.jobpool.store.jdbc;

import dev.jobpool.future.FutureStore;
import dev.jobpool.store.FutureStoreContract;
import dev.jobpool.future.RetentionSettings;
import dev.jobpool.support.TestDatabase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.jobpool.future.FutureState;
import dev.jobpool.future.JobFuture;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

/** The store contract against a real PostgreSQL (see {@link TestDatabase}). */
class JdbcFutureStoreIT extends FutureStoreContract {

    @Override
    protected FutureStore newStore(RetentionSettings settings, Clock clock) {
        TestDatabase database = TestDatabase.get();
        database.clear();
        return new JdbcFutureStore(database.dataSource(), JsonMapper.builder().build(), settings,
                clock, "test");
    }

    /**
     * Starts and ends are written in groups, one transaction each (GroupCommit), where they may meet: each item's
     * outcome is its own.
     * Rows moved behind the store's back (as another instance's cancel or janitor would) refuse their start or
     * keep their state, and only the ends that were written are announced.
     */
    @Test
    void startsAndEndsWrittenTogetherEachGetTheirOwnOutcome() throws Exception {
        TestDatabase database = TestDatabase.get();
        JdbcClient jdbc = JdbcClient.create(database.dataSource());
        List<JobFuture> futures = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            JobFuture future = new JobFuture(UUID.randomUUID().toString(), "default", "echo", Instant.now());
            store.add(future, null);
            futures.add(future);
        }
        // a third taken away before they start, a third after they start, a third left alone
        for (int i = 0; i < 60; i += 3) {
            moveBehindTheStoresBack(jdbc, futures.get(i), "PENDING");
        }
        List<Boolean> started = concurrently(futures, future -> future.setRunningOrNotifyCancel());
        for (int i = 0; i < 60; i++) {
            assertThat(started.get(i)).as("start of call %d", i).isEqualTo(i % 3 != 0);
        }
        for (int i = 1; i < 60; i += 3) {
            moveBehindTheStoresBack(jdbc, futures.get(i), "RUNNING");
        }
        List<JobFuture> running = futures.stream().filter(future -> future.state() == FutureState.RUNNING).toList();
        List<String> written = IntStream.range(0, 60).filter(i -> i % 3 == 2).mapToObj(i -> futures.get(i).id())
                .toList();
        Set<String> announced = new HashSet<>();
        try (Connection listener = database.dataSource().getConnection();
             Statement listen = listener.createStatement()) {
            listen.execute("listen jobpool_done");
            try {
                concurrently(running, future -> {
                    future.setResult(future.id());
                    return true;
                });
                long until = System.nanoTime() + 10_000_000_000L;
                while (announced.size() < written.size() && System.nanoTime() < until) {
                    PGNotification[] received = listener.unwrap(PGConnection.class).getNotifications(500);
                    for (PGNotification notification : received == null ? new PGNotification[0] : received) {
                        announced.addAll(List.of(notification.getParameter().split(",")));
                    }
                }
            } finally {
                listen.execute("unlisten jobpool_done"); // the connection goes back to the pool
            }
        }
        assertThat(announced).containsExactlyInAnyOrderElementsOf(written);
        for (int i = 0; i < 60; i++) {
            JobFuture future = futures.get(i);
            var row = jdbc.sql("select state, result #>> '{}' as result, finished_at from jobpool_future"
                    + " where id = :id").param("id", UUID.fromString(future.id())).query().singleRow();
            if (written.contains(future.id())) {
                assertThat(row.get("state")).isEqualTo("FINISHED");
                assertThat(row.get("result")).isEqualTo(future.id());
                assertThat(((java.sql.Timestamp) row.get("finished_at")).toInstant())
                        .isCloseTo(future.finishedAt(), within(1, ChronoUnit.MICROS));
            } else {
                assertThat(row.get("state")).as("row %d", i).isEqualTo("CANCELLED");
                assertThat(row.get("result")).isNull();
            }
        }
    }

    /**
     * The thread that ends a call (a worker) goes on at once; the future's waiters are woken only once the end is
     * in the row. A transaction elsewhere holds the row's lock, so the end cannot be recorded until it lets go.
     */
    @Test
    void anEndIsRecordedBeforeWaitersWakeButTheWorkerDoesNotWaitForIt() throws Exception {
        TestDatabase database = TestDatabase.get();
        JdbcClient jdbc = JdbcClient.create(database.dataSource());
        JobFuture future = new JobFuture(UUID.randomUUID().toString(), "default", "echo", Instant.now());
        store.add(future, null);
        assertThat(future.setRunningOrNotifyCancel()).isTrue();
        try (Connection locker = database.dataSource().getConnection()) {
            locker.setAutoCommit(false);
            try (Statement lock = locker.createStatement()) {
                lock.execute("select id from jobpool_future where id = '" + future.id() + "' for update");
                Thread worker = Thread.ofPlatform().start(() -> future.setResult("ok"));
                worker.join(java.time.Duration.ofSeconds(10)); // the lock is held for as long as this test likes
                assertThat(worker.isAlive()).as("the worker waits for the end's commit").isFalse();
                assertThat(future.state()).isEqualTo(FutureState.FINISHED);
                assertThat(future.awaitDone(java.time.Duration.ofMillis(300))).as("woken before the end is recorded")
                        .isFalse();
                assertThat(store.get(future.id()).isDone()).isFalse();
            } finally {
                locker.rollback();
            }
        }
        assertThat(future.awaitDone(java.time.Duration.ofSeconds(10))).isTrue();
        assertThat(jdbc.sql("select state from jobpool_future where id = :id")
                .param("id", UUID.fromString(future.id())).query(String.class).single()).isEqualTo("FINISHED");
    }

    private static void moveBehindTheStoresBack(JdbcClient jdbc, JobFuture future, String from) {
        assertThat(jdbc.sql("update jobpool_future set state = 'CANCELLED' where id = :id and state = :from")
                .param("id", UUID.fromString(future.id())).param("from", from).update()).isEqualTo(1);
    }

    /** Runs {@code action} on every future at once, from threads of their own; what each returned, in order. */
    private static List<Boolean> concurrently(List<JobFuture> futures,
                                              java.util.function.Function<JobFuture, Boolean> action) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(16);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (JobFuture future : futures) {
                outcomes.add(threads.submit(() -> {
                    go.await();
                    return action.apply(future);
                }));
            }
            go.countDown();
            List<Boolean> results = new ArrayList<>();
            for (Future<Boolean> outcome : outcomes) {
                results.add(outcome.get());
            }
            return results;
        } finally {
            threads.shutdownNow();
        }
    }
}
