package dev.jobpool.executor;

import java.util.HashMap;
import java.util.Map;

/**
 * How much heap the arguments of calls accepted here and not yet done may hold, all executors together
 * ({@code jobpool.executors.max-pending-bytes}), and each tenant's share of it.
 *
 * <p>Why a bound in bytes beside the queues' bounds in calls: a call's arguments may be as large as a request
 * body (1 MB), so {@code queueCapacity} calls of 10,000 could hold 10 GB. Before this bound one client posting
 * 900 KB {@code echo} calls behind a busy executor took a {@code -Xmx512m} service to OutOfMemoryError in
 * seconds, Tomcat's poller thread with it, and the service answered nobody after that. The bytes are
 * {@link dev.jobpool.task.JsonSize}'s estimate of the JSON a call was bound from, taken when the executor
 * accepts the call and given back when the call is done (run, cancelled or failed), whichever way.
 *
 * <p>Shared by tenants as {@link QueueShare} shares a queue: a tenant alone may take all but a tenth; with
 * others holding bytes, an equal share each. A tenant over its share keeps what it has and gets no more until
 * it is under again, so one tenant's large calls cannot shut the others out.
 *
 * <p>A lock, not atomics: a reservation reads the total, the tenant's bytes and how many tenants hold some,
 * and must change two of them together. It is held for a few field updates, once per accepted call.
 */
public final class PendingBytes {

    private final long capacity;
    /** Guarded by this; tenants holding nothing are removed, so its size counts the tenants holding some. */
    private final Map<String, Long> byTenant = new HashMap<>();
    private long total;

    /** @param capacity the bytes all pending calls may hold together */
    public PendingBytes(long capacity) {
        this.capacity = capacity;
    }

    /** No bound: for executors wired by hand (tests, tools). */
    public static PendingBytes unbounded() {
        return new PendingBytes(Long.MAX_VALUE);
    }

    /**
     * Takes {@code bytes} for {@code tenant}'s calls, or refuses them and takes nothing.
     *
     * @throws QueueFull naming the limit, when the bytes do not fit in the tenant's share or in the total
     */
    public synchronized void reserve(String executor, String tenant, long bytes) {
        if (bytes == 0) {
            return;
        }
        long mine = byTenant.getOrDefault(tenant, 0L);
        long share = QueueShare.of(capacity, byTenant.size() - (mine > 0 ? 1 : 0));
        if (total + bytes > capacity || mine + bytes > share) {
            throw new QueueFull(executor, "calls accepted by this instance and not yet done hold about " + total
                    + " bytes of arguments (tenant '" + tenant + "' " + mine + ", its share for now " + share
                    + "); " + bytes + " more would pass the limit of " + capacity
                    + " (jobpool.executors.max-pending-bytes); retry when some have finished");
        }
        total += bytes;
        byTenant.put(tenant, mine + bytes);
    }

    /** Gives back what {@link #reserve} took, once the calls are done. */
    public synchronized void release(String tenant, long bytes) {
        if (bytes == 0) {
            return;
        }
        total -= bytes;
        byTenant.computeIfPresent(tenant, (t, held) -> held == bytes ? null : held - bytes);
    }

    /** The bytes held now, all tenants together: for status and tests. */
    public synchronized long held() {
        return total;
    }
}
