package dev.jobpool.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * What a client may do. API keys list them by name ({@code submit}); JWTs carry them in their {@code scope} or
 * {@code scp} claim as {@code jobpool:submit}. {@code admin} includes {@code submit}, which includes
 * {@code read}; {@code monitor} stands apart.
 */
public enum Scope {
    /** get, result, exception, wait, as-completed and list of one's own futures; list tasks and executors. */
    READ,
    /** submit and map, cancel and delete one's own futures, and everything READ allows. */
    SUBMIT,
    /** create and shut down executors, end their workers, see, cancel and delete any tenant's futures. */
    ADMIN,
    /** the actuator: metrics, prometheus, health details, info. */
    MONITOR;

    /** The authority Spring Security checks, as the resource server names a JWT scope. */
    public String authority() {
        return "SCOPE_jobpool:" + name().toLowerCase(Locale.ROOT);
    }

    /** These scopes with the ones they include. */
    static Set<Scope> withImplied(Set<Scope> scopes) {
        Set<Scope> all = scopes.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(scopes);
        if (all.contains(ADMIN)) {
            all.add(SUBMIT);
        }
        if (all.contains(SUBMIT)) {
            all.add(READ);
        }
        return all;
    }
}
