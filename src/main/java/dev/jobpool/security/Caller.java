package dev.jobpool.security;

import java.util.List;
import java.util.Set;

/**
 * Who sent a request, as the API sees it: a client (an API key's id, or a JWT's subject), the tenant whose
 * futures it sees, what it may do, and which executors it may submit to.
 *
 * @param scopes with the scopes they include ({@link Scope#withImplied})
 * @param executors the executors it may submit and map to; null for all
 */
public record Caller(String client, String tenant, Set<Scope> scopes, List<String> executors) {

    /** The tenant of the local administrator (protected mode) and of futures made before tenants existed. */
    static final String LOCAL_TENANT = dev.jobpool.future.JobFuture.DEFAULT_TENANT;

    /** Everyone in protected mode: the service listens on loopback only, so a caller is on this machine. */
    static final Caller LOCAL_ADMINISTRATOR = new Caller("local-administrator", LOCAL_TENANT,
            Set.of(Scope.values()), null);

    public Caller {
        scopes = Set.copyOf(Scope.withImplied(scopes));
        executors = executors == null ? null : List.copyOf(executors);
    }

    public boolean isAdmin() {
        return scopes.contains(Scope.ADMIN);
    }

    /** Whether this caller sees (and may act on) a future of {@code tenant}: its own, or any for an admin. */
    public boolean sees(String tenant) {
        return isAdmin() || this.tenant.equals(tenant);
    }

    /** Whether this caller may submit to {@code executor}. */
    public boolean mayUse(String executor) {
        return executors == null || executors.contains(executor);
    }
}
