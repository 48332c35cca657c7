package dev.jobpool.task;

/**
 * An exception a task raises on purpose, with the type name clients see. Tasks that port Python code use
 * Python's names ({@code ValueError}) so that clients can match on them as they would in Python.
 */
public class TaskFailure extends RuntimeException {

    private final String type;

    public TaskFailure(String type, String message) {
        super(message);
        this.type = type;
    }

    public String type() {
        return type;
    }
}
