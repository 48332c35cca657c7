package dev.jobpool.task;

import java.util.List;

/** A submission's arguments do not fit the task's parameters; nothing was queued. */
public class InvalidArguments extends RuntimeException {

    private final String task;
    private final List<ArgumentError> errors;

    public InvalidArguments(String task, List<ArgumentError> errors) {
        super("invalid arguments for task '" + task + "': " + errors.stream()
                .map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""));
        this.task = task;
        this.errors = List.copyOf(errors);
    }

    public String task() {
        return task;
    }

    public List<ArgumentError> errors() {
        return errors;
    }
}
