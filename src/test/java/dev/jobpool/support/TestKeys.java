package dev.jobpool.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.springframework.test.context.DynamicPropertyRegistry;

/** API keys for tests: plain test strings (not secrets), configured by their SHA-256 as the service wants them. */
public final class TestKeys {

    private TestKeys() {
    }

    /** Configures {@code key} for {@code client} of {@code tenant} with one scope, optionally one executor only. */
    public static void register(DynamicPropertyRegistry registry, String client, String key, String tenant,
                                String scope, String executor) {
        String prefix = "jobpool.security.api-keys." + client + ".";
        registry.add(prefix + "sha256", () -> sha256(key));
        registry.add(prefix + "tenant", () -> tenant);
        registry.add(prefix + "scopes", () -> scope);
        if (executor != null) {
            registry.add(prefix + "executors", () -> executor);
        }
    }

    public static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
