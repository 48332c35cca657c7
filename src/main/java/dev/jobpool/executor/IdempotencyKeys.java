package dev.jobpool.executor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Remembers which future an {@code Idempotency-Key} created, so that a retried submit returns the same future
 * instead of running the task twice. Keys are kept as long as finished futures are (same retention, same
 * count limit), oldest first out.
 */
final class IdempotencyKeys {

    /** What a key was used for: the request it came with and the future it made. */
    record Use(Object request, String futureId, Instant at) {
    }

    private final Duration retention;
    private final Clock clock;
    /** Guarded by this; in insertion (= time) order. */
    private final LinkedHashMap<String, Use> uses;

    IdempotencyKeys(Duration retention, int maxKeys, Clock clock) {
        this.retention = retention;
        this.clock = clock;
        this.uses = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Use> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /**
     * Returns the id of the future this key made before, or runs {@code submit} and remembers its future.
     * Holding the lock across {@code submit} (which never blocks) makes two racing retries create one future.
     *
     * @return the future id and whether it was made before
     * @throws IdempotencyKeyReused if the key came with another request
     */
    synchronized Replay submitOnce(String key, Object request, Supplier<String> submit) {
        Instant now = clock.instant();
        Use use = uses.get(key);
        if (use != null && use.at().plus(retention).isBefore(now)) {
            uses.remove(key);
            use = null;
        }
        if (use != null) {
            if (!use.request().equals(request)) {
                throw new IdempotencyKeyReused(key, use.futureId());
            }
            return new Replay(use.futureId(), true);
        }
        String futureId = submit.get();
        uses.put(key, new Use(request, futureId, now));
        return new Replay(futureId, false);
    }

    record Replay(String futureId, boolean replayed) {
    }
}
