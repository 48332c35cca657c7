package dev.jobpool.security;

/** {@code java -jar jobpool.jar --generate-api-key[=client-id]}: a new API key and the configuration for it. */
public final class KeyGenerator {

    private KeyGenerator() {
    }

    public static String generate(String client) {
        if (!client.matches("[A-Za-z0-9._@-]{1,128}")) {
            return "a client id is letters, digits, dots, dashes, underscores or @, at most 128\n";
        }
        return ApiKeys.generated(client);
    }
}
