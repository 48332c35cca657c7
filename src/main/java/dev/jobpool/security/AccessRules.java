package dev.jobpool.security;

import java.util.List;
import java.util.Optional;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Which scope each path needs, in one table: the filter chain enforces it and the OpenAPI description declares
 * it, so the two cannot drift. The first rule that matches a request decides; a request no rule matches needs
 * only to be authenticated.
 */
final class AccessRules {

    /**
     * @param method null for every method
     * @param scope null: open to everyone, credential or not
     * @param perExecutor also checks that the caller may use the executor named by the path's {@code {name}}
     */
    record Rule(HttpMethod method, String pattern, Scope scope, boolean perExecutor) {

        boolean matches(HttpMethod requested, String path) {
            PathPattern parsed = PathPatternParser.defaultInstance.parse(pattern);
            return (method == null || method.equals(requested)) && parsed.matches(PathContainer.parsePath(path));
        }
    }

    static final List<Rule> RULES = List.of(
            open("/actuator/health/liveness"), open("/actuator/health/readiness"),
            new Rule(null, "/actuator/**", Scope.MONITOR, false),
            open("/v3/api-docs"), open("/v3/api-docs/**"), open("/swagger-ui.html"), open("/swagger-ui/**"),
            open("/problems/**"), open("/error"),
            new Rule(HttpMethod.POST, "/api/v1/executors", Scope.ADMIN, false),
            new Rule(HttpMethod.DELETE, "/api/v1/executors/{name}", Scope.ADMIN, false),
            new Rule(HttpMethod.POST, "/api/v1/executors/{name}/futures", Scope.SUBMIT, true),
            new Rule(HttpMethod.POST, "/api/v1/executors/{name}/map", Scope.SUBMIT, true),
            new Rule(HttpMethod.POST, "/api/v1/futures/{id}/cancel", Scope.SUBMIT, false),
            new Rule(HttpMethod.DELETE, "/api/v1/futures/{id}", Scope.SUBMIT, false),
            new Rule(null, "/api/v1/**", Scope.READ, false));

    private AccessRules() {
    }

    private static Rule open(String pattern) {
        return new Rule(null, pattern, null, false);
    }

    /** The rule for a request (or an OpenAPI operation), if any matches. */
    static Optional<Rule> of(HttpMethod method, String path) {
        return RULES.stream().filter(rule -> rule.matches(method, path)).findFirst();
    }
}
