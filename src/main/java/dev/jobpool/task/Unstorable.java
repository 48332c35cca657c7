package dev.jobpool.task;

import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * Characters that JSON can carry (escaped) and a Python str can hold, but that no store keeps as they were
 * sent: U+0000, which PostgreSQL's jsonb refuses (the submit failed as if the database were down, a 503, and an
 * end could not be recorded), and an unpaired UTF-16 surrogate (U+D800 with no low half after it, say), which
 * is not a Unicode character and which PostgreSQL received as '?' (another value, without a word). They are
 * refused where they come in, in every store, so that a call one deployment accepts, every deployment accepts
 * and keeps as sent. (Replacing them, say with U+FFFD, would hand a task or a client another value.)
 */
public final class Unstorable {

    private Unstorable() {
    }

    /**
     * Why {@code node} cannot be kept ("holds U+0000 (NUL) in a string or key, …"), in the client's terms; empty
     * if it can. Depth is bounded by the caller ({@link Nesting}).
     */
    public static Optional<String> in(JsonNode node) {
        return find(node).map(what -> "holds " + what + " in a string or key, which Jobpool refuses in every store"
                + " (PostgreSQL cannot keep it as sent)");
    }

    private static Optional<String> find(JsonNode node) {
        if (node == null) {
            return Optional.empty();
        }
        if (node.isString()) {
            return in(node.asString());
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                Optional<String> found = in(property.getKey()).or(() -> find(property.getValue()));
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node.values()) {
                Optional<String> found = find(item);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<String> in(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') {
                return Optional.of("U+0000 (NUL)");
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                        && Character.isLowSurrogate(text.charAt(i + 1));
                if (!paired) {
                    return Optional.of(String.format("an unpaired surrogate (\\u%04x)", (int) c));
                }
                i++; // the pair's low half
            }
        }
        return Optional.empty();
    }
}
