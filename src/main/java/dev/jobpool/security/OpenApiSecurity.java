package dev.jobpool.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;

import java.util.List;

import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpMethod;

/**
 * Declares in the OpenAPI description how to authenticate (a bearer API key or JWT) and each operation's scope,
 * from {@link AccessRules}: generated SDKs then send credentials, and Swagger UI's Authorize button works.
 */
final class OpenApiSecurity implements OpenApiCustomizer {

    static final String SCHEME = "bearer";
    static final String OPENID = "oauth2";

    /** The JWT issuer, when one is configured: then an OpenID Connect scheme points clients at it. */
    private final String issuer;

    OpenApiSecurity(String issuer) {
        this.issuer = issuer == null || issuer.isBlank() ? null : issuer.replaceAll("/+$", "");
    }

    @Override
    public void customise(OpenAPI openApi) {
        Components components = openApi.getComponents() == null ? new Components() : openApi.getComponents();
        components.addSecuritySchemes(SCHEME, new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .description("An API key (jobpool.security.api-keys) or a JWT from the configured issuer, as"
                        + " Authorization: Bearer <token>. Operations list the scope they need: jobpool:read,"
                        + " jobpool:submit (includes read), jobpool:admin (includes submit), jobpool:monitor."
                        + " A service with no credentials configured listens on loopback only and needs none."));
        if (issuer != null) {
            components.addSecuritySchemes(OPENID, new SecurityScheme().type(SecurityScheme.Type.OPENIDCONNECT)
                    .openIdConnectUrl(issuer + "/.well-known/openid-configuration")
                    .description("OAuth 2.0 / OpenID Connect: a token from this issuer with the jobpool:* scopes"));
        }
        openApi.setComponents(components);
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) ->
                AccessRules.of(HttpMethod.valueOf(method.name()), path).map(AccessRules.Rule::scope)
                        .ifPresent(scope -> operation.setSecurity(requirements(
                                "jobpool:" + scope.name().toLowerCase(java.util.Locale.ROOT))))));
    }

    /** Either scheme will do: each requirement is an alternative. */
    private List<SecurityRequirement> requirements(String scope) {
        SecurityRequirement bearer = new SecurityRequirement().addList(SCHEME, scope);
        return issuer == null ? List.of(bearer) : List.of(bearer, new SecurityRequirement().addList(OPENID, scope));
    }

}
