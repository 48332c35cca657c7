package dev.jobpool.future;

/**
 * The states of a {@link JobFuture}, with Python's names. The allowed moves, and only these, are:
 *
 * <pre>
 *   PENDING ──start──▶ RUNNING ──returned / raised / timed out──▶ FINISHED
 *      │                  │                                          ▲
 *      ├──cancel──▶ CANCELLED ◀──cancel(interrupt=true)             │
 *      └──raised before it could start (executor broken)─────────────┘
 * </pre>
 *
 * <p>RUNNING → CANCELLED is Jobpool's one addition to Python: a client that asks for it explicitly stops a
 * running call (its thread is interrupted, its worker process killed). Plain {@code cancel()} keeps Python's
 * meaning and never touches a running call.
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
            case RUNNING -> next == FINISHED || next == CANCELLED;
            case CANCELLED, FINISHED -> false;
        };
    }
}
