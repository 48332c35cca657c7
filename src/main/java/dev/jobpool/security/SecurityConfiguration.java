package dev.jobpool.security;

import dev.jobpool.problem.ProblemType;
import dev.jobpool.problem.Problems;
import dev.jobpool.problem.RequestBodies;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.firewall.RequestRejectedHandler;

import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what. One stateless filter chain: bearer tokens through Spring Security's resource server (API keys
 * by {@link ApiKeys}, JWTs by the decoder Spring Boot configures from
 * {@code spring.security.oauth2.resourceserver.jwt.*}), then the scope each path needs ({@link AccessRules}).
 * With no credentials configured the service is in protected mode ({@link ProtectedMode}): it listens on
 * loopback only and everyone is the local administrator.
 *
 * <pre>
 *  probes (liveness, readiness), OpenAPI, Swagger UI, /problems   open
 *  /actuator/**                                                   monitor
 *  POST /executors, DELETE /executors/{name}                      admin
 *  submit, map (to an executor the key allows), cancel, delete    submit (admin includes it)
 *  every other GET and POST under /api/v1                         read   (submit includes it)
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    OpenApiSecurity openApiSecurity(@Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String issuer) {
        return new OpenApiSecurity(issuer);
    }

    /**
     * No observations of the security filter chain, authentications or authorizations. The property
     * {@code management.observations.enable.spring.security=false} (application.yml) turns them into no-ops,
     * but the chain is still built with a decorator that wraps each of its filters, per request; with these
     * settings Spring Security builds the plain chain. Every request pays for the chain, and nobody here
     * reads security traces ({@code http.server.requests}, which dashboards use, is unaffected).
     */
    @Bean
    org.springframework.security.config.observation.SecurityObservationSettings securityObservationSettings() {
        return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }

    @Bean
    Callers callers() {
        return new Callers();
    }

    /** With allow-anonymous, /actuator/health says so to whoever monitors it. */
    @Bean
    HealthIndicator security(SecurityProperties properties, ObjectProvider<JwtDecoder> jwtDecoder) {
        boolean anonymous = protectedMode(properties, jwtDecoder.getIfAvailable());
        return () -> anonymous && properties.allowAnonymous()
                ? Health.up().withDetail("mode", "anonymous").withDetail("warning", "jobpool.security.allow-anonymous"
                        + "=true: every client is an administrator, with no credential").build()
                : Health.up().withDetail("mode", anonymous ? "protected (loopback only)" : "authenticated").build();
    }

    /** The body of a 401 or 403: the same problem shape as every other error of the API. */
    record Problem(String type, String title, int status, String detail, String instance) {
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, SecurityProperties properties, ObjectProvider<JwtDecoder> jwtDecoder,
                            JsonMapper json, RequestBodies requestBodies,
                            @Value("${server.address:}") String serverAddress) throws Exception {
        JwtDecoder jwt = jwtDecoder.getIfAvailable();
        boolean protectedMode = protectedMode(properties, jwt);
        AuthenticationEntryPoint unauthenticated = problem(new BearerTokenAuthenticationEntryPoint()::commence,
                ProblemType.UNAUTHENTICATED, json);
        AccessDeniedHandler forbidden = (request, response, denied) -> {
            new BearerTokenAccessDeniedHandler().handle(request, response, denied);
            write(response, request, ProblemType.FORBIDDEN, "this credential may not " + request.getMethod() + " "
                    + request.getRequestURI(), json);
        };
        http.csrf(csrf -> csrf.disable()) // no cookies, no sessions: nothing for a cross-site request to ride on
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .formLogin(form -> form.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(forbidden))
                // The security headers go on before the request is handled, not when the response commits or
                // the request leaves the filter, whichever comes first: a stream (map, as-completed, events)
                // commits on its own thread, and the two wrote the same headers at once into Tomcat's
                // unsynchronized header list (spring-security#15510), which sent headers twice and, now and
                // then, a line with no name that clients reject (StreamHeadersIT). The price: a handler's own
                // Cache-Control must replace the one written here (setHeader), not add a second.
                .headers(headers -> headers.withObjectPostProcessor(new ObjectPostProcessor<HeaderWriterFilter>() {
                    @Override
                    public <O extends HeaderWriterFilter> O postProcess(O filter) {
                        filter.setShouldWriteHeadersEagerly(true);
                        return filter;
                    }
                }))
                // what bodies are read (size, no Content-Encoding): refused with the headers above, before anyone
                // is authenticated
                .addFilterAfter(requestBodies, HeaderWriterFilter.class);
        if (protectedMode) {
            if (properties.allowAnonymous()) {
                log.warn("jobpool.security.allow-anonymous=true: Jobpool listens on {} and every client is an"
                        + " administrator, with no credential; only for a network that is closed already",
                        serverAddress);
            } else {
                log.info("protected mode: no API key and no JWT issuer configured, so Jobpool listens on {} only"
                        + " and every request is the local administrator", serverAddress);
            }
            http.anonymous(anonymous -> anonymous.principal(Caller.LOCAL_ADMINISTRATOR).authorities(
                    Arrays.stream(Scope.values()).map(Scope::authority).toArray(String[]::new)));
        } else {
            List<AuthenticationProvider> providers = new ArrayList<>();
            providers.add(new ApiKeys(properties.apiKeys(), jwt != null));
            if (jwt != null) {
                JwtAuthenticationProvider jwts = new JwtAuthenticationProvider(jwt);
                jwts.setJwtAuthenticationConverter(new JwtCallers(properties.jwt().tenantClaim()));
                providers.add(jwts);
            }
            ProviderManager manager = new ProviderManager(providers);
            http.oauth2ResourceServer(server -> server.authenticationManagerResolver(request -> manager)
                    .authenticationEntryPoint(unauthenticated).accessDeniedHandler(forbidden));
            log.info("API clients authenticate with {}", jwt == null ? properties.apiKeys().size() + " API keys"
                    : properties.apiKeys().size() + " API keys and JWTs");
        }
        http.authorizeHttpRequests(requests -> {
            for (AccessRules.Rule rule : AccessRules.RULES) {
                var matched = rule.method() == null ? requests.requestMatchers(rule.pattern())
                        : requests.requestMatchers(rule.method(), rule.pattern());
                if (rule.scope() == null) {
                    matched.permitAll();
                } else if (rule.perExecutor()) {
                    matched.access(SecurityConfiguration::maySubmitTo);
                } else {
                    matched.hasAuthority(rule.scope().authority());
                }
            }
            requests.anyRequest().authenticated();
        });
        return http.build();
    }

    /**
     * What the firewall refuses before the chain runs (a {@code ;}, {@code //}, {@code ..} or encoded {@code %} in
     * the path, a header value it does not allow) answers as a problem that says what was refused. Spring
     * Security's default sends a bare 400, which the error page turned into a problem that named nothing.
     */
    @Bean
    RequestRejectedHandler requestRejected(JsonMapper json, ObjectProvider<SecurityFilterChain> chains) {
        return (request, response, rejected) -> securityHeaders(chains).doFilter(request, response,
                (req, res) -> write(response, request, ProblemType.INVALID_REQUEST, Problems.rejected(rejected),
                        json));
    }

    /**
     * The chain's own header filter, to give the firewall's refusals the headers every other answer has: the
     * firewall answers before the chain runs, and writing the headers here by hand would drift from what the chain
     * is configured to write.
     */
    private static HeaderWriterFilter securityHeaders(ObjectProvider<SecurityFilterChain> chains) {
        return chains.orderedStream().flatMap(chain -> chain.getFilters().stream())
                .filter(HeaderWriterFilter.class::isInstance).map(HeaderWriterFilter.class::cast).findFirst()
                .orElseThrow(() -> new IllegalStateException("no HeaderWriterFilter in the security filter chain"));
    }

    /** No API key and no JWT decoder: loopback only, everyone the local administrator (see ProtectedMode). */
    private static boolean protectedMode(SecurityProperties properties, JwtDecoder jwt) {
        return properties.apiKeys().isEmpty() && jwt == null;
    }

    /** Submit scope, and an API key restricted to some executors names this one. */
    private static AuthorizationDecision maySubmitTo(Supplier<? extends Authentication> authentication,
                                                     RequestAuthorizationContext context) {
        Object principal = authentication.get().getPrincipal();
        boolean allowed = principal instanceof Caller caller && caller.scopes().contains(Scope.SUBMIT)
                && caller.mayUse(context.getVariables().get("name"));
        return new AuthorizationDecision(allowed);
    }

    private interface Commence {
        void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
                throws IOException;
    }

    /** Spring Security's answer (status, WWW-Authenticate), with a problem body and an audit line. */
    private static AuthenticationEntryPoint problem(Commence headers, ProblemType type, JsonMapper json) {
        return (request, response, e) -> {
            headers.commence(request, response, e);
            write(response, request, type, e.getMessage() == null ? type.title() : e.getMessage(), json);
        };
    }

    private static void write(HttpServletResponse response, HttpServletRequest request, ProblemType type,
                              String detail, JsonMapper json) throws IOException {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        Caller caller = who != null && who.getPrincipal() instanceof Caller c ? c : null;
        AuditLog.denied(caller == null ? "anonymous" : caller.client(), caller == null ? null : caller.tenant(),
                request.getMethod(), request.getRequestURI(), type.status().value(), detail);
        response.setStatus(type.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), new Problem(type.uri().toString(), type.title(),
                type.status().value(), detail, request.getRequestURI()));
    }
}
