package dev.jobpool.store;

import dev.jobpool.future.FutureGone;
import dev.jobpool.future.FutureStore;
import dev.jobpool.future.JobFuture;
import dev.jobpool.future.RetentionSettings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.node.StringNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryFutureStoreTest extends FutureStoreContract {

    @Override
    protected FutureStore newStore(RetentionSettings settings, Clock clock) {
        return new InMemoryFutureStore(settings, clock);
    }

    @Test
    void finishedFuturesHoldAtMostMaxRetainedBytesOldestOut() {
        InMemoryFutureStore store = new InMemoryFutureStore(new RetentionSettings(Duration.ofHours(1), 1_000, 1_000,
                1 << 20, 20_000), Clock.systemUTC());
        List<JobFuture> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            JobFuture future = new JobFuture(UUID.randomUUID().toString(), "default", "echo", Instant.now());
            store.add(future, null);
            future.setRunningOrNotifyCancel();
            future.setResult(StringNode.valueOf("x".repeat(4_000))); // ~4.5 KB each
            futures.add(future);
        }
        long kept = futures.stream().filter(f -> {
            try {
                return store.get(f.id()) == f;
            } catch (FutureGone gone) {
                return false;
            }
        }).count();
        assertThat(kept).as("about 20 KB of 4.5 KB results").isBetween(2L, 4L);
        assertThat(store.get(futures.getLast().id())).as("the newest stays").isSameAs(futures.getLast());
        assertThatThrownBy(() -> store.get(futures.getFirst().id())).isInstanceOf(FutureGone.class)
                .hasMessageContaining("max-retained-bytes");
    }

    @Test
    void aFutureReplacedUnderItsIdOrDeletedIsNeverCountedOrForgottenTwice() {
        InMemoryFutureStore store = new InMemoryFutureStore(new RetentionSettings(Duration.ofHours(1), 2, 1_000,
                1 << 20, 1 << 20), Clock.systemUTC());
        String id = UUID.randomUUID().toString();
        JobFuture replaced = finishable(store, id);
        JobFuture current = finishable(store, id); // a durable store keeps a newer object for the same id
        finish(replaced);
        assertThat(store.retainedBytes(JobFuture.DEFAULT_TENANT)).as("the replaced object's end is not counted").isZero();
        finish(current);
        long one = store.retainedBytes(JobFuture.DEFAULT_TENANT);
        assertThat(one).isPositive();

        JobFuture deleted = finishable(store, UUID.randomUUID().toString());
        finish(deleted);
        store.delete(deleted.id());
        assertThat(store.retainedBytes(JobFuture.DEFAULT_TENANT)).isEqualTo(one);
        for (int i = 0; i < 3; i++) { // push the deleted one and then the current one out of retention
            finish(finishable(store, UUID.randomUUID().toString()));
        }
        assertThat(store.retainedBytes(JobFuture.DEFAULT_TENANT)).as("two retained, each counted once").isEqualTo(2 * one);
        assertThatThrownBy(() -> store.get(id)).isInstanceOf(FutureGone.class).hasMessageContaining("more than 2");
        assertThatThrownBy(() -> store.get(deleted.id())).isInstanceOf(FutureGone.class)
                .hasMessageContaining("deleted");
    }

    private static JobFuture finishable(InMemoryFutureStore store, String id) {
        JobFuture future = new JobFuture(id, "default", "echo", Instant.now());
        store.add(future, null);
        future.setRunningOrNotifyCancel();
        return future;
    }

    private static void finish(JobFuture future) {
        future.setResult(StringNode.valueOf("same size"));
    }
}
