package dev.jobpool.future;

import java.time.Duration;

/** Python's {@code TimeoutError}: what was waited for was not done in time. */
public class FutureTimedOut extends RuntimeException {

    private final String id;

    public FutureTimedOut(String id, Duration waited) {
        this(id, "future " + id + " was not done within " + Seconds.of(waited));
    }

    public FutureTimedOut(String id, String message) {
        super(message);
        this.id = id;
    }

    /** The future waited for, or null when several were. */
    public String id() {
        return id;
    }
}
