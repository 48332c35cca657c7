package dev.jobpool.task;

/** No task of that name is registered. */
public class UnknownTask extends RuntimeException {

    private final String task;

    public UnknownTask(String task) {
        super("no task named '" + task + "' is registered (GET /api/v1/tasks lists them)");
        this.task = task;
    }

    public String task() {
        return task;
    }
}
