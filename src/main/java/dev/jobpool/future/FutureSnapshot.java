package dev.jobpool.future;

import java.time.Instant;

/** A consistent, immutable view of a {@link JobFuture} at one moment. */
public record FutureSnapshot(
        String id,
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
}
