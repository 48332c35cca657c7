package dev.jobpool.tenant;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobpool.tenants.*}: every tenant's quota, and overrides by tenant name.
 *
 * @param defaultQuota what every tenant may hold; by default 100,000 unfinished calls (as many as one executor's
 *                     maps may hold waiting), no byte or rate quota beyond the service's own bounds
 * @param quotas by tenant; a field left out is the default quota's
 * @param maxEventStreams event streams ({@code GET /api/v1/events}) this instance serves at once, all tenants'
 *                        together: each holds a thread and reads the store every second or on every end
 * @param maxWaitingFutures futures that {@code wait} and {@code as-completed} requests wait on at once on this
 *                          instance, all tenants' together: each request holds its ids and a listener on every
 *                          future it names (measured: about 190 bytes a future, so 200,000 hold about 40 MB)
 */
@ConfigurationProperties("jobpool.tenants")
@Validated
public record TenantProperties(@Valid @NotNull @DefaultValue Quota defaultQuota, Map<String, @Valid Quota> quotas,
                               @Min(1) @DefaultValue("1000") int maxEventStreams,
                               @Min(1) @DefaultValue("200000") int maxWaitingFutures) {

    public TenantProperties {
        quotas = quotas == null ? Map.of() : Map.copyOf(quotas);
        // here rather than as @DefaultValue on the field, which would fill every override's unset field too
        defaultQuota = defaultQuota.over(new Quota(DEFAULT_MAX_ACTIVE_CALLS, null, null, null,
                DEFAULT_MAX_EVENT_STREAMS, DEFAULT_MAX_WAITING_FUTURES));
    }

    static final int DEFAULT_MAX_ACTIVE_CALLS = 100_000;
    /** A Python client opens one stream per executor object; a dashboard one per view. */
    static final int DEFAULT_MAX_EVENT_STREAMS = 32;
    /** Ten Python clients waiting on 10,000 futures each (the most one request may name); half the instance's. */
    static final int DEFAULT_MAX_WAITING_FUTURES = 100_000;

    /**
     * One tenant's quota; null fields are unlimited (or, in an override, the default quota's).
     *
     * @param maxActiveCalls calls pending (queued, or waiting in a map) or running at once
     * @param maxRetainedBytes what its finished futures may keep; past it, submits wait until it deletes some or
     *                         their retention ends
     * @param submitsPerSecond submit and map requests per second, on average (a token bucket, per instance)
     * @param burst requests that may come at once after a quiet while; default the rate rounded up
     * @param maxEventStreams event streams it may have open at once on one instance (default 32)
     * @param maxWaitingFutures futures its {@code wait} and {@code as-completed} requests may wait on at once on
     *                          one instance (default 100,000)
     */
    public record Quota(@Min(1) Integer maxActiveCalls, DataSize maxRetainedBytes,
                        @DecimalMin(value = "0", inclusive = false) Double submitsPerSecond, @Min(1) Integer burst,
                        @Min(1) Integer maxEventStreams, @Min(1) Integer maxWaitingFutures) {

        /** This quota, where it says nothing taking {@code base}'s values. */
        Quota over(Quota base) {
            return new Quota(maxActiveCalls != null ? maxActiveCalls : base.maxActiveCalls,
                    maxRetainedBytes != null ? maxRetainedBytes : base.maxRetainedBytes,
                    submitsPerSecond != null ? submitsPerSecond : base.submitsPerSecond,
                    burst != null ? burst : base.burst,
                    maxEventStreams != null ? maxEventStreams : base.maxEventStreams,
                    maxWaitingFutures != null ? maxWaitingFutures : base.maxWaitingFutures);
        }

        int burstOrDefault() {
            return burst != null ? burst : (int) Math.max(1, Math.ceil(submitsPerSecond));
        }
    }

    /** The quota that applies to {@code tenant}. */
    Quota quotaOf(String tenant) {
        Quota own = quotas.get(tenant);
        return own == null ? defaultQuota : own.over(defaultQuota);
    }
}
