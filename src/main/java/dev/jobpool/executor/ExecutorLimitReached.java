package dev.jobpool.executor;

/** Creating the executor would pass a configured limit (executors, or workers in total). */
public class ExecutorLimitReached extends RuntimeException {

    public ExecutorLimitReached(String message) {
        super(message);
    }
}
