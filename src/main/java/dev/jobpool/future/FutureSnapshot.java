package dev.jobpool.future;

import java.time.Instant;

/** A consistent, immutable view of a {@link JobFuture} at one moment. */
public record FutureSnapshot(
        String id,
        String tenant,
        String executor,
        String task,
        FutureState state,
        Object result,
        RaisedException exception,
        Progress progress,
        Instant submittedAt,
        Instant startedAt,
        Instant finishedAt,
        int attempts,
        int retries) {

    public boolean done() {
        return state.isDone();
    }

    /**
     * What Python's {@code result()} raises for this done future: {@link FutureCancelled} or {@link TaskRaised};
     * empty if it returned (or is not done). The one place that maps an outcome to an exception.
     */
    public java.util.Optional<RuntimeException> failure() {
        if (state == FutureState.CANCELLED) {
            return java.util.Optional.of(new FutureCancelled(id));
        }
        if (state == FutureState.FINISHED && exception != null) {
            return java.util.Optional.of(new TaskRaised(id, exception));
        }
        return java.util.Optional.empty();
    }
}
