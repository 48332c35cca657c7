package dev.jobpool.tenant;

/** A tenant asked for more than its quota allows; nothing was accepted. */
public class QuotaExceeded extends RuntimeException {

    private final String tenant;
    private final String quota;
    private final long retryAfterSeconds;

    /**
     * @param quota the property that set the limit, e.g. {@code max-active-calls}
     * @param retryAfterSeconds when a retry may pass, at the soonest
     */
    QuotaExceeded(String tenant, String quota, long retryAfterSeconds, String message) {
        super(message);
        this.tenant = tenant;
        this.quota = quota;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public String tenant() {
        return tenant;
    }

    public String quota() {
        return quota;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
