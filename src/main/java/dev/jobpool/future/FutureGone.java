package dev.jobpool.future;

/** The future existed but was forgotten: deleted by a client, or removed when its retention ran out. */
public class FutureGone extends RuntimeException {

    private final String id;
    private final String tenant;

    /** @param tenant whose future it was: another tenant is told it never existed */
    public FutureGone(String id, String tenant, String why) {
        super("future " + id + " is gone: " + why);
        this.id = id;
        this.tenant = tenant;
    }

    public String tenant() {
        return tenant;
    }

    public String id() {
        return id;
    }
}
