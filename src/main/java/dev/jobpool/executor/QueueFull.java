package dev.jobpool.executor;

/** The executor's queue holds {@code queueCapacity} calls already; retry later. */
public class QueueFull extends RuntimeException {

    private final String executor;

    public QueueFull(String executor, int capacity) {
        super("executor '" + executor + "' has " + capacity + " calls queued already (its queueCapacity); retry later");
        this.executor = executor;
    }

    public String executor() {
        return executor;
    }
}
