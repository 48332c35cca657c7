package dev.jobpool.security;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * A valid JWT (the resource server checked its signature, expiry, issuer and audience) becomes a {@link Caller}:
 * scopes from its {@code scope} / {@code scp} claim ({@code jobpool:submit} …, others ignored), the tenant from
 * the configured claim, else its subject.
 */
final class JwtCallers implements Converter<Jwt, AbstractAuthenticationToken> {

    private static final String PREFIX = "SCOPE_jobpool:";

    /** The resource server's own reading of scope and scp, so that both spellings count. */
    private final JwtGrantedAuthoritiesConverter scopes = new JwtGrantedAuthoritiesConverter();
    private final String tenantClaim;

    JwtCallers(String tenantClaim) {
        this.tenantClaim = tenantClaim;
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        Set<Scope> granted = EnumSet.noneOf(Scope.class);
        for (GrantedAuthority authority : scopes.convert(jwt)) {
            String name = authority.getAuthority();
            if (name.startsWith(PREFIX)) {
                for (Scope scope : Scope.values()) {
                    if (scope.name().toLowerCase(Locale.ROOT).equals(name.substring(PREFIX.length()))) {
                        granted.add(scope);
                    }
                }
            }
        }
        String tenant = jwt.getClaimAsString(tenantClaim);
        String subject = jwt.getSubject() == null ? "unknown-subject" : jwt.getSubject();
        return new CallerAuthentication(new Caller(subject, tenant == null || tenant.isBlank() ? subject : tenant,
                granted, null));
    }
}
