package dev.jobpool.tenant;

/**
 * {@code rate} tokens a second, up to {@code capacity} saved. Time is given by the caller (nanoseconds), so that
 * tests need no sleeping.
 */
final class TokenBucket {

    private final double rate;
    private final double capacity;
    /** Guarded by this. */
    private double tokens;
    private long updatedAt;

    TokenBucket(double rate, int capacity, long now) {
        this.rate = rate;
        this.capacity = capacity;
        this.tokens = capacity;
        this.updatedAt = now;
    }

    /** Takes one token: 0 if taken, else the nanoseconds until one will be there (nothing taken). */
    synchronized long take(long now) {
        refill(now);
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return (long) Math.ceil((1 - tokens) / rate * 1e9);
    }

    /** True when it has been quiet long enough to forget: a new bucket would be the same. */
    synchronized boolean full(long now) {
        refill(now);
        return tokens >= capacity;
    }

    private void refill(long now) {
        tokens = Math.min(capacity, tokens + (now - updatedAt) / 1e9 * rate);
        updatedAt = now;
    }
}
