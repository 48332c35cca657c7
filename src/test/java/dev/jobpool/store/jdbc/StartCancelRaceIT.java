package dev.jobpool.store.jdbc;

import dev.jobpool.future.FutureState;
import dev.jobpool.future.JobFuture;
import dev.jobpool.future.RetentionSettings;
import dev.jobpool.support.TestDatabase;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A worker starting a call and a client cancelling it at the same moment: the database decides, and the row
 * and the live future always end up agreeing on who won.
 */
class StartCancelRaceIT {

    private static final int RACES = 300;

    private final TestDatabase database = TestDatabase.get();
    private final JdbcClient jdbc = JdbcClient.create(database.dataSource());
    private final JdbcFutureStore store = new JdbcFutureStore(database.dataSource(), JsonMapper.builder().build(),
            new RetentionSettings(Duration.ofHours(1), 100_000, 100_000), Clock.systemUTC(), "race");
    private final ExecutorService threads = Executors.newFixedThreadPool(2);

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void startAndCancelOfOnePendingCallAreOneDecisionAndTheRowAgreesWithTheFuture() throws Exception {
        database.clear();
        int started = 0;
        int cancelled = 0;
        for (int i = 0; i < RACES; i++) {
            JobFuture future = new JobFuture(UUID.randomUUID().toString(), "default", "echo", Instant.now());
            store.add(future, java.util.Map.of("value", i));
            CyclicBarrier together = new CyclicBarrier(2);
            CompletableFuture<Boolean> start = CompletableFuture.supplyAsync(() -> {
                await(together);
                return future.setRunningOrNotifyCancel();
            }, threads);
            CompletableFuture<Boolean> cancel = CompletableFuture.supplyAsync(() -> {
                await(together);
                return future.cancel();
            }, threads);
            boolean didStart = start.get(10, TimeUnit.SECONDS);
            boolean didCancel = cancel.get(10, TimeUnit.SECONDS);

            assertThat(didStart).as("race %d: exactly one of start and cancel wins", i).isNotEqualTo(didCancel);
            FutureState row = FutureState.valueOf(jdbc.sql("select state from jobpool_future where id = :id")
                    .param("id", UUID.fromString(future.id())).query(String.class).single());
            assertThat(row).as("race %d: the row says what the future says", i).isEqualTo(future.state());
            assertThat(row).isEqualTo(didStart ? FutureState.RUNNING : FutureState.CANCELLED);
            if (didStart) {
                started++;
                future.setResult("done"); // leave nothing running behind
            } else {
                cancelled++;
            }
        }
        // both outcomes happened, or the race was never run
        assertThat(started).as("starts that won").isPositive();
        assertThat(cancelled).as("cancels that won").isPositive();
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
