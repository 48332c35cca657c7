package dev.jobpool.executor;

/** The Idempotency-Key was used before with a different request. */
public class IdempotencyKeyReused extends RuntimeException {

    private final String futureId;

    public IdempotencyKeyReused(String key, String futureId) {
        super("Idempotency-Key '" + key + "' was used for a different submission (future " + futureId
                + "); use a new key for a new submission");
        this.futureId = futureId;
    }

    public String futureId() {
        return futureId;
    }
}
