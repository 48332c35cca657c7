/**
 * Tenants' quotas: how many calls a tenant may have unfinished, how many bytes its finished futures may keep, and
 * how fast it may submit ({@link dev.jobpool.tenant.TenantQuotas}, from {@code jobpool.tenants.*}). Fair turns
 * between tenants on a shared executor are the executor's own business ({@code executor.TenantQueue}, and the
 * shared queue's claim order in {@code store.jdbc}).
 */
package dev.jobpool.tenant;
