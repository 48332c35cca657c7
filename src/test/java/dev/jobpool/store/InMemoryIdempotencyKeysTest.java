package dev.jobpool.store;

import dev.jobpool.executor.IdempotencyKeys;

import java.lang.ref.WeakReference;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract in memory. */
class InMemoryIdempotencyKeysTest extends IdempotencyKeysContract {

    @Override
    protected IdempotencyKeys newKeys(Duration retention, Clock clock) {
        return new InMemoryIdempotencyKeys(retention, 1_000, clock);
    }

    /** A key may be kept an hour and requests may be 1 MB: only a digest of the request stays. */
    @Test
    void aKeyDoesNotKeepItsRequest() throws InterruptedException {
        IdempotencyKeys keys = newKeys(RETENTION, clock);
        JsonNode request = JsonNodeFactory.instance.arrayNode().add("x".repeat(1_000_000));
        WeakReference<JsonNode> kept = new WeakReference<>(request);
        keys.reserve("k", request, "f");
        request = null;
        for (int i = 0; i < 50 && kept.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(kept.get()).as("the request, reachable after the reserve").isNull();
        assertThat(keys.reserve("k", JsonNodeFactory.instance.arrayNode().add("x".repeat(1_000_000)), "g"))
                .as("the same request still finds its future").contains("f");
    }
}
