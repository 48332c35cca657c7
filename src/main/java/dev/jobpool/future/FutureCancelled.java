package dev.jobpool.future;

/** Python's {@code CancelledError}: the future was cancelled, so it has no result or exception. */
public class FutureCancelled extends RuntimeException {

    private final String id;

    public FutureCancelled(String id) {
        super("future " + id + " was cancelled");
        this.id = id;
    }

    public String id() {
        return id;
    }
}
