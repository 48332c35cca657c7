package dev.jobpool.future;

import dev.jobpool.future.FutureSnapshot;
import dev.jobpool.future.FutureState;

/** A filter over futures; a null field matches everything. */
public record FutureQuery(String executor, FutureState state, String task) {

    public boolean matches(FutureSnapshot future) {
        return (executor == null || executor.equals(future.executor()))
                && (state == null || state == future.state())
                && (task == null || task.equals(future.task()));
    }
}
