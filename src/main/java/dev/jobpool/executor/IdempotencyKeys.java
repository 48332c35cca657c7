package dev.jobpool.executor;

import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * Remembers which future an {@code Idempotency-Key} created, so that a retried submit returns the same future
 * instead of running the task twice. A key is reserved for a future id before the future exists, so that two
 * racing retries (on one instance or on two) create one future.
 */
public interface IdempotencyKeys {

    /**
     * The longest key a client may send. Stores index keys (PostgreSQL's B-tree refuses entries over about
     * 2.7 kB, which it reported as a failed store, a 503), and 255 is what payment APIs that popularised the
     * header allow: room for a UUID or a hash with a prefix, not for a document.
     */
    int MAX_LENGTH = 255;

    /**
     * Reserves {@code key} for {@code futureId}, or finds what it was used for.
     *
     * @return empty if the key is now reserved for {@code futureId} (submit it, or {@link #release} the key);
     *         the earlier future's id if the key came with the same request before
     * @throws IdempotencyKeyReused if the key came with another request
     */
    Optional<String> reserve(String key, JsonNode request, String futureId);

    /** Frees a key whose submission was refused, so that a retry may succeed. */
    void release(String key);
}
