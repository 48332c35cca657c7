package dev.jobpool.problem;

import dev.jobpool.task.ArgumentError;

import java.util.List;

/** A request parameter or field is out of range (a check that Bean Validation cannot express). */
public class InvalidRequest extends RuntimeException {

    private final List<ArgumentError> errors;

    public InvalidRequest(String field, String message) {
        super(field + ": " + message);
        this.errors = List.of(new ArgumentError(field, message));
    }

    public List<ArgumentError> errors() {
        return errors;
    }
}
