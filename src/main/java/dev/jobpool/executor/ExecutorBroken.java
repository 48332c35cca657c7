package dev.jobpool.executor;

/** The executor is broken (Python's BrokenExecutor), e.g. its initializer failed; it runs nothing more. */
public class ExecutorBroken extends RuntimeException {

    private final String executor;

    public ExecutorBroken(String executor, String why) {
        super("executor '" + executor + "' is broken: " + why);
        this.executor = executor;
    }

    public String executor() {
        return executor;
    }
}
