package dev.jobpool.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

/**
 * API keys as bearer tokens: the resource server's filter reads {@code Authorization: Bearer <key>}, this provider
 * hashes the key and finds the client whose configured SHA-256 it is. Keys are never stored in clear.
 *
 * <p>Implementation notes. Every configured hash is compared, each in constant time
 * ({@link MessageDigest#isEqual}), and the loop does not stop at a match, so the time taken says nothing about
 * which key, or how much of one, was right. A token shaped like a JWT (three dot-separated parts) is left to the
 * JWT provider: keys made here never contain a dot.
 */
final class ApiKeys implements AuthenticationProvider {

    private static final String PREFIX = "jp_";

    private record Known(byte[] sha256, Caller caller) {
    }

    private final List<Known> keys;
    private final boolean jwtsToo;

    /** @param jwtsToo whether a JWT provider follows this one (then a JWT-shaped token is not refused here) */
    ApiKeys(Map<String, SecurityProperties.ApiKey> configured, boolean jwtsToo) {
        this.keys = configured.entrySet().stream().map(entry -> {
            SecurityProperties.ApiKey key = entry.getValue();
            String tenant = key.tenant() == null ? entry.getKey() : key.tenant();
            return new Known(HexFormat.of().parseHex(key.sha256().toLowerCase()),
                    new Caller(entry.getKey(), tenant, Set.copyOf(key.scopes()), key.executors()));
        }).toList();
        this.jwtsToo = jwtsToo;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String token = ((BearerTokenAuthenticationToken) authentication).getToken();
        if (jwtsToo && token.chars().filter(c -> c == '.').count() == 2) {
            return null; // a JWT: the next provider decides
        }
        byte[] presented = sha256(token);
        Caller found = null;
        for (Known known : keys) {
            if (MessageDigest.isEqual(known.sha256(), presented)) {
                found = known.caller();
            }
        }
        if (found == null) {
            throw new InvalidBearerTokenException("the bearer token is no API key of this service, nor a valid JWT");
        }
        return new CallerAuthentication(found);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }

    static byte[] sha256(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** A new key: 32 random bytes, URL-safe, recognisable by its prefix (so that secret scanners find it). */
    static String newKey() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** What {@code --generate-api-key} prints: the key once, and the configuration that accepts it. */
    static String generated(String client) {
        String key = newKey();
        String hash = HexFormat.of().formatHex(sha256(key));
        return "API key (shown once; give it to the client, keep it nowhere else):\n  " + key + "\n\n"
                + "Configuration (the hash only):\n"
                + "  jobpool.security.api-keys." + client + ".sha256=" + hash + "\n"
                + "  jobpool.security.api-keys." + client + ".scopes=submit\n"
                + "  # optional: .tenant (default: the client id), .executors (default: all)\n";
    }
}
