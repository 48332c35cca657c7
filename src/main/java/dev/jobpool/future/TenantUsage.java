package dev.jobpool.future;

/**
 * What one tenant holds in a store, for its quotas.
 *
 * @param activeCalls its futures that have not finished: pending (queued or waiting in a map) or running
 * @param retainedBytes about how many bytes its finished futures keep (the in-memory store's estimate, or what the
 *                      database stores of their results and exceptions)
 */
public record TenantUsage(long activeCalls, long retainedBytes) {
}
