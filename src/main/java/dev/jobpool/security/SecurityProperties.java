package dev.jobpool.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code jobpool.security.*}: who may call the API. JWTs are configured the standard way
 * ({@code spring.security.oauth2.resourceserver.jwt.*}); this record holds the rest.
 *
 * @param apiKeys by client id; keys are never configured in clear, only their SHA-256
 * @param allowAnonymous serve a non-loopback address with no credentials configured, everyone an administrator:
 *                       for a network that is already closed, on purpose only
 */
@ConfigurationProperties("jobpool.security")
@Validated
public record SecurityProperties(Map<String, @Valid ApiKey> apiKeys, @Valid @NotNull @DefaultValue Jwt jwt,
                                 @DefaultValue("false") boolean allowAnonymous) {

    public SecurityProperties {
        apiKeys = apiKeys == null ? Map.of() : Map.copyOf(apiKeys);
    }

    /**
     * One client's key.
     *
     * @param sha256 the key's SHA-256, 64 hex digits ({@code java -jar jobpool.jar --generate-api-key} prints a
     *               new key and its hash)
     * @param tenant whose futures the client sees; default: the client id
     * @param scopes submit, read, admin, monitor
     * @param executors the executors it may submit to; default: all
     */
    public record ApiKey(@NotNull @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hex digits (SHA-256)")
                         String sha256,
                         @Pattern(regexp = "[A-Za-z0-9._@-]{1,128}") String tenant,
                         @NotEmpty List<Scope> scopes,
                         List<String> executors) {
    }

    /** @param tenantClaim the claim that names the tenant; the subject when a token has none */
    public record Jwt(@NotNull @DefaultValue("tenant") String tenantClaim) {
    }

    @AssertTrue(message = "a client id is letters, digits, dots, dashes, underscores or @, at most 128")
    boolean isClientIdsPlain() {
        return apiKeys.keySet().stream().allMatch(id -> id.matches("[A-Za-z0-9._@-]{1,128}"));
    }
}
