package dev.jobpool.future;

/** A filter over futures; a null field matches everything. */
public record FutureQuery(String tenant, String executor, FutureState state, String task) {

    public boolean matches(FutureSnapshot future) {
        return (tenant == null || tenant.equals(future.tenant()))
                && (executor == null || executor.equals(future.executor()))
                && (state == null || state == future.state())
                && (task == null || task.equals(future.task()));
    }
}
