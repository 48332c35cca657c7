package dev.jobpool.executor;

/** The executor's queue holds {@code queueCapacity} calls already; retry later. */
public class QueueFull extends RuntimeException {

    private final String executor;

    public QueueFull(String executor, int capacity) {
        this(executor, "executor '" + executor + "' has " + capacity + " calls queued already (its queueCapacity);"
                + " retry later");
    }

    public QueueFull(String executor, String message) {
        super(message);
        this.executor = executor;
    }

    public String executor() {
        return executor;
    }
}
