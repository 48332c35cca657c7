package dev.jobpool.task;

/** One thing wrong with a submission's arguments: which parameter (or {@code args}/{@code kwargs}) and why. */
public record ArgumentError(String field, String message) {
}
