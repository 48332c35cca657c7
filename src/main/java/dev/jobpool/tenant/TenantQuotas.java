package dev.jobpool.tenant;

import dev.jobpool.future.FutureStore;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Admits a tenant's submit or map, or refuses it with {@link QuotaExceeded} before anything is accepted.
 *
 * <p>Unfinished calls and retained bytes are read from the {@link FutureStore} (with PostgreSQL, from the rows, so
 * that every instance counts the calls of all), at the moment of the request: requests of one tenant that arrive
 * together may pass a quota by as many calls as they carry, since counting and accepting are not one step.
 * Making them one would serialise every submit of a tenant on a lock (or a row); a quota is a guard against
 * runaway use, not an exact ledger. The rate is per instance (a token bucket in memory): a limit shared by
 * instances would cost a database round trip per submit.
 */
public final class TenantQuotas {

    /** Tenants whose buckets are kept before full (idle) ones are dropped. */
    private static final int BUCKETS_KEPT = 10_000;

    private final TenantProperties properties;
    private final FutureStore store;
    private final LongSupplier nanoTime;
    private final ConcurrentHashMap<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    /**
     * A stream whose client left is noticed at its next write, the heartbeat at the latest (15 s): a retry sooner
     * would find the place still taken.
     */
    private static final int STREAM_RETRY_SECONDS = 15;
    /** Event streams open here, by tenant (tenants with none are not kept), and in all. */
    private final ConcurrentHashMap<String, Integer> streams = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger allStreams =
            new java.util.concurrent.atomic.AtomicInteger();

    public TenantQuotas(TenantProperties properties, FutureStore store, LongSupplier nanoTime) {
        this.properties = properties;
        this.store = store;
        this.nanoTime = nanoTime;
    }

    /** No quotas but the default's unfinished calls: for tools that wire the core by hand. */
    public static TenantQuotas defaults(FutureStore store) {
        return new TenantQuotas(
                new TenantProperties(new TenantProperties.Quota(null, null, null, null, null), null, 1000),
                store, System::nanoTime);
    }

    /**
     * @param calls how many calls the request would add (1 for a submit, the items of a map)
     * @throws QuotaExceeded naming the quota, with when to retry
     */
    public void admit(String tenant, int calls) {
        TenantProperties.Quota quota = properties.quotaOf(tenant);
        long active = store.activeCalls(tenant);
        if (active + calls > quota.maxActiveCalls()) {
            throw new QuotaExceeded(tenant, "max-active-calls", 1, "tenant '" + tenant + "' has "
                    + active + " calls pending or running; " + calls + " more would pass its quota of "
                    + quota.maxActiveCalls() + " (jobpool.tenants max-active-calls); retry when some have finished");
        }
        long retained;
        if (quota.maxRetainedBytes() != null
                && (retained = store.retainedBytes(tenant)) >= quota.maxRetainedBytes().toBytes()) {
            throw new QuotaExceeded(tenant, "max-retained-bytes", 5, "tenant '" + tenant + "' keeps about "
                    + retained + " bytes of finished futures, its quota is "
                    + quota.maxRetainedBytes().toBytes() + " (jobpool.tenants max-retained-bytes); delete finished"
                    + " futures (DELETE /api/v1/futures/{id}) or retry when their retention has ended");
        }
        if (quota.submitsPerSecond() != null) {
            long now = nanoTime.getAsLong();
            long wait = bucket(tenant, quota, now).take(now);
            if (wait > 0) {
                throw new QuotaExceeded(tenant, "submits-per-second", Math.max(1, (wait + 999_999_999) / 1_000_000_000),
                        "tenant '" + tenant + "' submits faster than its quota of " + quota.submitsPerSecond()
                                + " requests a second (jobpool.tenants submits-per-second, burst "
                                + quota.burstOrDefault() + "); retry later");
            }
        }
    }

    /**
     * Counts an event stream of {@code tenant} opening, within its {@code max-event-streams} and this instance's;
     * the stream must run the returned release when it ends (running it again does nothing).
     *
     * @throws QuotaExceeded past either limit
     */
    public Runnable openStream(String tenant) {
        int limit = properties.quotaOf(tenant).maxEventStreams();
        if (allStreams.incrementAndGet() > properties.maxEventStreams()) {
            allStreams.decrementAndGet();
            throw new QuotaExceeded(tenant, "max-event-streams", STREAM_RETRY_SECONDS,
                    "this instance serves its limit of " + properties.maxEventStreams() + " event streams at once"
                    + " (jobpool.tenants.max-event-streams); retry later, or on another instance");
        }
        boolean[] admitted = {false};
        streams.compute(tenant, (t, open) -> {
            int now = open == null ? 0 : open;
            admitted[0] = now < limit;
            return admitted[0] ? now + 1 : open;
        });
        if (!admitted[0]) {
            allStreams.decrementAndGet();
            throw new QuotaExceeded(tenant, "max-event-streams", STREAM_RETRY_SECONDS,
                    "tenant '" + tenant + "' has " + limit + " event streams open on this instance, its quota"
                    + " (jobpool.tenants max-event-streams); close one (one stream can follow every future of the"
                    + " tenant) or retry later");
        }
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                streams.computeIfPresent(tenant, (t, open) -> open == 1 ? null : open - 1);
                allStreams.decrementAndGet();
            }
        };
    }

    private TokenBucket bucket(String tenant, TenantProperties.Quota quota, long now) {
        TokenBucket bucket = buckets.get(tenant);
        if (bucket == null) {
            if (buckets.size() >= BUCKETS_KEPT) {
                buckets.values().removeIf(idle -> idle.full(now)); // a full bucket is what a new one would be
            }
            bucket = buckets.computeIfAbsent(tenant,
                    t -> new TokenBucket(quota.submitsPerSecond(), quota.burstOrDefault(), now));
        }
        return bucket;
    }
}
