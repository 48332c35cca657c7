package dev.jobpool.store;

import dev.jobpool.executor.IdempotencyKeys;
import dev.jobpool.executor.IdempotencyKeyReused;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Idempotency-Keys in memory, kept as long as finished futures are (same retention), oldest out first.
 *
 * <p>A key keeps the SHA-256 of its request, not the request: a request may be as large as a body (1 MB), and
 * 100,000 keys kept for an hour would otherwise hold up to 100 GB, so that one client posting large calls with
 * new keys could run the heap out. The digest is of the request written with sorted properties, so that two
 * requests that differ only in the order of their properties (equal as JSON trees) match, as before.
 */
public final class InMemoryIdempotencyKeys implements IdempotencyKeys {

    /** What a key was used for: its request's digest and the future it made. */
    private record Use(byte[] request, String futureId, Instant at) {
    }

    private static final JsonMapper CANONICAL = JsonMapper.builder()
            .enable(JsonNodeFeature.WRITE_PROPERTIES_SORTED).build();

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
    public Optional<String> reserve(String key, JsonNode request, String futureId) {
        byte[] digest = digest(request); // before the lock: a large request takes milliseconds to write out
        synchronized (this) {
            Instant now = clock.instant();
            Use use = uses.get(key);
            if (use != null && use.at().plus(retention).isBefore(now)) {
                uses.remove(key);
                use = null;
            }
            if (use == null) {
                uses.put(key, new Use(digest, futureId, now));
                return Optional.empty();
            }
            if (!MessageDigest.isEqual(use.request(), digest)) {
                throw new IdempotencyKeyReused(key, use.futureId());
            }
            return Optional.of(use.futureId());
        }
    }

    private static byte[] digest(JsonNode request) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(CANONICAL.writeValueAsBytes(request));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    @Override
    public synchronized void release(String key) {
        uses.remove(key);
    }
}
