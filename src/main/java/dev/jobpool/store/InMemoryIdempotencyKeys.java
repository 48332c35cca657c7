package dev.jobpool.store;

import dev.jobpool.executor.IdempotencyKeys;
import dev.jobpool.executor.IdempotencyKeyReused;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/** Idempotency-Keys in memory, kept as long as finished futures are (same retention), oldest out first. */
public final class InMemoryIdempotencyKeys implements IdempotencyKeys {

    /** What a key was used for: the request it came with and the future it made. */
    private record Use(JsonNode request, String futureId, Instant at) {
    }

    private final Duration retention;
    private final Clock clock;
    /** Guarded by this; in insertion (= time) order. */
    private final LinkedHashMap<String, Use> uses;

    public InMemoryIdempotencyKeys(Duration retention, int maxKeys, Clock clock) {
        this.retention = retention;
        this.clock = clock;
        this.uses = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Use> eldest) {
                return size() > maxKeys;
            }
        };
    }

    @Override
    public synchronized Optional<String> reserve(String key, JsonNode request, String futureId) {
        Instant now = clock.instant();
        Use use = uses.get(key);
        if (use != null && use.at().plus(retention).isBefore(now)) {
            uses.remove(key);
            use = null;
        }
        if (use == null) {
            uses.put(key, new Use(request, futureId, now));
            return Optional.empty();
        }
        if (!use.request().equals(request)) {
            throw new IdempotencyKeyReused(key, use.futureId());
        }
        return Optional.of(use.futureId());
    }

    @Override
    public synchronized void release(String key) {
        uses.remove(key);
    }
}
