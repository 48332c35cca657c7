package dev.jobpool.future;

/**
 * The states of a {@link JobFuture}, with Python's names. The allowed moves, and only these, are:
 *
 * <pre>
 *   PENDING ──start──▶ RUNNING ──returned / raised──▶ FINISHED
 *      │                                                 ▲
 *      ├──cancel──▶ CANCELLED                            │
 *      └──raised before it could start (executor broken)─┘
 * </pre>
 */
public enum FutureState {
    PENDING, RUNNING, CANCELLED, FINISHED;

    public boolean isDone() {
        return this == CANCELLED || this == FINISHED;
    }

    /** Whether a future in this state may move to {@code next}. */
    public boolean canMoveTo(FutureState next) {
        return switch (this) {
            case PENDING -> next == RUNNING || next == CANCELLED || next == FINISHED;
            case RUNNING -> next == FINISHED;
            case CANCELLED, FINISHED -> false;
        };
    }
}
