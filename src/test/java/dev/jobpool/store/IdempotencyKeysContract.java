package dev.jobpool.store;

import dev.jobpool.executor.IdempotencyKeyReused;
import dev.jobpool.executor.IdempotencyKeys;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link IdempotencyKeys} must do; each adapter's test says how to make one. */
public abstract class IdempotencyKeysContract {

    protected static final Duration RETENTION = Duration.ofMinutes(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    protected final MutableClock clock = new MutableClock(Instant.now());
    private IdempotencyKeys keys;

    /** Keys remembered for {@link #RETENTION} by the given clock, starting from none. */
    protected abstract IdempotencyKeys newKeys(Duration retention, Clock clock);

    @BeforeEach
    void createKeys() {
        keys = newKeys(RETENTION, clock);
    }

    private static JsonNode request(String body) {
        return JSON.readTree(body);
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    @Test
    void aNewKeyIsReservedAndTheSameRequestAgainFindsTheFirstFuture() {
        String first = id();
        assertThat(keys.reserve("k", request("{\"task\":\"echo\",\"args\":[1]}"), first)).isEmpty();
        assertThat(keys.reserve("k", request("{\"args\":[1],\"task\":\"echo\"}"), id())).contains(first);
    }

    @Test
    void theLongestKeyAClientMaySendIsKeptWithItsTenantsPrefix() {
        // random, so that no store can compress it below its index's limit
        java.util.Random random = new java.util.Random(42);
        String key = "64:" + "t".repeat(64) + ":" + random.ints(IdempotencyKeys.MAX_LENGTH, 0x20, 0x7F)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append);
        String first = id();

        assertThat(keys.reserve(key, request("{\"task\":\"echo\"}"), first)).isEmpty();
        assertThat(keys.reserve(key, request("{\"task\":\"echo\"}"), id())).contains(first);
    }

    @Test
    void propertiesInAnotherOrderAtAnyDepthAreTheSameRequest() {
        String first = id();
        keys.reserve("k", request("{\"kwargs\":{\"b\":{\"y\":[1,{\"q\":1,\"p\":2}],\"x\":2},\"a\":1}}"), first);
        assertThat(keys.reserve("k", request("{\"kwargs\":{\"a\":1,\"b\":{\"x\":2,\"y\":[1,{\"p\":2,\"q\":1}]}}}"),
                id())).contains(first);
        assertThatThrownBy(() -> keys.reserve("k", request("{\"kwargs\":{\"a\":1,\"b\":{\"x\":2,\"y\":[{\"p\":2,"
                + "\"q\":1},1]}}}"), id())).as("array order counts").isInstanceOf(IdempotencyKeyReused.class);
    }

    @Test
    void theSameKeyWithAnotherRequestIsRefusedNamingTheFirstFuture() {
        String first = id();
        keys.reserve("k", request("{\"task\":\"echo\",\"args\":[1]}"), first);
        assertThatThrownBy(() -> keys.reserve("k", request("{\"task\":\"echo\",\"args\":[2]}"), id()))
                .isInstanceOfSatisfying(IdempotencyKeyReused.class, e -> assertThat(e.getMessage()).contains("k"));
    }

    @Test
    void aReleasedKeyMayBeReservedAgain() {
        keys.reserve("k", request("[1]"), id());
        keys.release("k");
        String second = id();
        assertThat(keys.reserve("k", request("[2]"), second)).isEmpty();
        assertThat(keys.reserve("k", request("[2]"), id())).contains(second);
    }

    @Test
    void aKeyIsForgottenWhenItsRetentionEnds() {
        keys.reserve("k", request("[1]"), id());
        clock.advance(RETENTION.plusSeconds(1));
        String later = id();
        assertThat(keys.reserve("k", request("[2]"), later)).isEmpty();
    }

    @Test
    void keysAreIndependent() {
        String a = id();
        String b = id();
        assertThat(keys.reserve("a", request("[1]"), a)).isEmpty();
        assertThat(keys.reserve("b", request("[1]"), b)).isEmpty();
        assertThat(keys.reserve("a", request("[1]"), id())).contains(a);
    }
}
