package dev.jobpool.future;

/** The future existed but was forgotten: deleted by a client, or removed when its retention ran out. */
public class FutureGone extends RuntimeException {

    private final String id;

    public FutureGone(String id, String why) {
        super("future " + id + " is gone: " + why);
        this.id = id;
    }

    public String id() {
        return id;
    }
}
