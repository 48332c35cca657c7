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
}
