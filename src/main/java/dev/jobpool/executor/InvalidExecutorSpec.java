package dev.jobpool.executor;

import dev.jobpool.task.ArgumentError;

import java.util.List;

/** An executor cannot be created as asked: a name, size or kind that is out of bounds. */
public class InvalidExecutorSpec extends RuntimeException {

    private final List<ArgumentError> errors;

    public InvalidExecutorSpec(List<ArgumentError> errors) {
        super(errors.stream().map(e -> e.field() + ": " + e.message()).reduce((a, b) -> a + "; " + b).orElse(""));
        this.errors = List.copyOf(errors);
    }

    public List<ArgumentError> errors() {
        return errors;
    }
}
