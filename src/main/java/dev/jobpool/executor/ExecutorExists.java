package dev.jobpool.executor;

/** An executor of that name exists and has not terminated. */
public class ExecutorExists extends RuntimeException {

    private final String executor;

    public ExecutorExists(String executor, ExecutorState state) {
        super("an executor named '" + executor + "' exists already (" + state + ")");
        this.executor = executor;
    }

    public String executor() {
        return executor;
    }
}
