package dev.jobpool.future;

/** A filter over futures; a null field matches everything. */
public record FutureQuery(String tenant, String executor, FutureState state, String task) {

    /**
     * True when no future can match: no tenant, executor or task name holds U+0000 (names are checked where
     * they come in), so a store need not be asked, and one that cannot take the character (PostgreSQL's text,
     * which would fail the query as if the database were down) is not.
     */
    public boolean matchesNothing() {
        return holdsNul(tenant) || holdsNul(executor) || holdsNul(task);
    }

    private static boolean holdsNul(String name) {
        return name != null && name.indexOf('\0') >= 0;
    }

    public boolean matches(FutureSnapshot future) {
        return (tenant == null || tenant.equals(future.tenant()))
                && (executor == null || executor.equals(future.executor()))
                && (state == null || state == future.state())
                && (task == null || task.equals(future.task()));
    }
}
