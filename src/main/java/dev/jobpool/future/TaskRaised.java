package dev.jobpool.future;

/** {@code result()} re-raises what the task raised. */
public class TaskRaised extends RuntimeException {

    private final String id;
    private final RaisedException exception;

    public TaskRaised(String id, RaisedException exception) {
        super(exception.type() + (exception.message() == null ? "" : ": " + exception.message()));
        this.id = id;
        this.exception = exception;
    }

    public String id() {
        return id;
    }

    public RaisedException exception() {
        return exception;
    }
}
