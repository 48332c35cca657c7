package dev.jobpool.executor;

/** No executor has that name. */
public class ExecutorNotFound extends RuntimeException {

    private final String executor;

    public ExecutorNotFound(String executor) {
        super("no executor is named '" + executor + "'");
        this.executor = executor;
    }

    public String executor() {
        return executor;
    }
}
