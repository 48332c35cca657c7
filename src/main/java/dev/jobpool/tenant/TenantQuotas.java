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
    /** Event streams open here. */
    private final Held streams = new Held();
    /** Futures that wait and as-completed requests wait on here. */
    private final Held waits = new Held();

    public TenantQuotas(TenantProperties properties, FutureStore store, LongSupplier nanoTime) {
        this.properties = properties;
        this.store = store;
        this.nanoTime = nanoTime;
    }

    /** No quotas but the default's unfinished calls: for tools that wire the core by hand. */
    public static TenantQuotas defaults(FutureStore store) {
        return new TenantQuotas(
                new TenantProperties(new TenantProperties.Quota(null, null, null, null, null, null), null, 1000, 200_000),
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
        return streams.take(tenant, 1, properties.quotaOf(tenant).maxEventStreams(), properties.maxEventStreams(),
                () -> new QuotaExceeded(tenant, "max-event-streams", STREAM_RETRY_SECONDS,
                        "this instance serves its limit of " + properties.maxEventStreams() + " event streams at once"
                        + " (jobpool.tenants.max-event-streams); retry later, or on another instance"),
                limit -> new QuotaExceeded(tenant, "max-event-streams", STREAM_RETRY_SECONDS,
                        "tenant '" + tenant + "' has " + limit + " event streams open on this instance, its quota"
                        + " (jobpool.tenants max-event-streams); close one (one stream can follow every future of"
                        + " the tenant) or retry later"));
    }

    /**
     * Counts a {@code wait} or {@code as-completed} request of {@code tenant} over {@code futures} futures, within
     * its {@code max-waiting-futures} and this instance's; the request must run the returned release when it
     * returns or its stream ends (running it again does nothing). Each such request holds its ids and a listener
     * on every future until then, for as long as its timeout: without a bound, a few hundred of them over 10,000
     * futures each took a -Xmx512m instance to its heap's end.
     *
     * @throws QuotaExceeded past either limit
     */
    public Runnable openWait(String tenant, int futures) {
        return waits.take(tenant, futures, properties.quotaOf(tenant).maxWaitingFutures(),
                properties.maxWaitingFutures(),
                () -> new QuotaExceeded(tenant, "max-waiting-futures", 1, "requests waiting on this instance"
                        + " wait on " + properties.maxWaitingFutures() + " futures already, its limit"
                        + " (jobpool.tenants.max-waiting-futures); retry later, or on another instance"),
                limit -> new QuotaExceeded(tenant, "max-waiting-futures", 1, "the waiting requests of tenant '"
                        + tenant + "' on this instance would wait on more than " + limit + " futures with these "
                        + futures + ", its quota (jobpool.tenants max-waiting-futures); wait on fewer at once, or"
                        + " retry when a wait has returned"));
    }

    /**
     * What tenants hold open on this instance (streams, futures waited on), counted per tenant and in all, each
     * count under its limit. Tenants holding nothing are not kept.
     */
    private static final class Held {
        private final ConcurrentHashMap<String, Long> byTenant = new ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicLong all = new java.util.concurrent.atomic.AtomicLong();

        Runnable take(String tenant, long count, long tenantLimit, long instanceLimit,
                      java.util.function.Supplier<QuotaExceeded> instanceFull,
                      java.util.function.LongFunction<QuotaExceeded> tenantFull) {
            if (all.addAndGet(count) > instanceLimit) {
                all.addAndGet(-count);
                throw instanceFull.get();
            }
            boolean[] admitted = {false};
            byTenant.compute(tenant, (t, held) -> {
                long now = held == null ? 0 : held;
                admitted[0] = now + count <= tenantLimit;
                return admitted[0] ? Long.valueOf(now + count) : held;
            });
            if (!admitted[0]) {
                all.addAndGet(-count);
                throw tenantFull.apply(tenantLimit);
            }
            java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
            return () -> {
                if (released.compareAndSet(false, true)) {
                    byTenant.computeIfPresent(tenant, (t, held) -> held == count ? null : held - count);
                    all.addAndGet(-count);
                }
            };
        }
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
