package dev.jobpool.executor;

/** The executor was shut down and takes no new submissions (Python: "cannot schedule new futures after shutdown"). */
public class ExecutorShutDown extends RuntimeException {

    private final String executor;

    public ExecutorShutDown(String executor) {
        super("executor '" + executor + "' is shut down: it cannot schedule new futures");
        this.executor = executor;
    }

    public String executor() {
        return executor;
    }
}
