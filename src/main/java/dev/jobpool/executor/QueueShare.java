package dev.jobpool.executor;

/**
 * How much of an executor's queue one tenant may hold, the same rule wherever calls wait ({@link TenantQueue},
 * the shared queue in the database). Tenants taking turns only helps calls that got in: without a share, one
 * tenant's submits and maps would keep the queue full and every other tenant's submits refused.
 *
 * <p>A tenant alone may fill the queue but for a tenth, kept for a tenant that comes next (nothing is kept of a
 * queue under ten); with k other tenants' calls waiting, each may hold an equal share, capacity / (k + 1), and
 * at least one call. A tenant over its share keeps what it has (nothing accepted is taken back); it gets no more
 * until it is under again.
 */
public final class QueueShare {

    private QueueShare() {
    }

    /** The calls a tenant may have waiting in a queue of {@code capacity} while {@code others} tenants have some. */
    public static int of(int capacity, int others) {
        return (int) of((long) capacity, others);
    }

    /** The same rule over any amount, e.g. bytes ({@link PendingBytes}). */
    static long of(long capacity, int others) {
        return Math.max(1, others == 0 ? capacity - capacity / 10 : capacity / (others + 1));
    }

    /** The refusal of a tenant past its share. */
    public static QueueFull refused(String executor, String tenant, int queued) {
        return new QueueFull(executor, "executor '" + executor + "' keeps the rest of its queue for other tenants:"
                + " tenant '" + tenant + "' has " + queued + " calls queued, its share for now; retry later");
    }
}
