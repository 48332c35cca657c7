package dev.jobpool.task;

/** What a running task may ask of the call it runs in. */
public interface TaskContext {

    /**
     * True once the call should stop early (the service shuts down, or the future is cancelled while running).
     * Long loops should check it; blocking calls are also interrupted.
     */
    boolean isCancelled();

    /**
     * Publishes progress on the future.
     *
     * @param fraction between 0 and 1
     * @param message a short text, may be null
     */
    void reportProgress(double fraction, String message);

    /** True inside a worker JVM of a process executor, where a task may harm nothing but its own process. */
    default boolean isolated() {
        return false;
    }
}
