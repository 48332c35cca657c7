package dev.jobpool.task;

import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * U+0000 in a string or a key. JSON carries it (escaped) and a Python str holds it, but PostgreSQL's
 * jsonb refuses it, so a durable store could keep neither a call that takes it nor a result that holds it: the
 * submit failed as if the database were down (503), and an end could not be recorded. It is refused where it
 * comes in, in every store, so that a call one deployment accepts, every deployment accepts. (Replacing it,
 * say with U+FFFD, would hand a task or a client another value than the one sent, without a word.)
 */
public final class Nul {

    private Nul() {
    }

    /** Whether a string or a key anywhere in {@code node} holds U+0000; depth is bounded by the caller (Nesting). */
    public static boolean in(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (node.isString()) {
            return node.asString().indexOf('\0') >= 0;
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                if (property.getKey().indexOf('\0') >= 0 || in(property.getValue())) {
                    return true;
                }
            }
            return false;
        }
        if (node.isArray()) {
            for (JsonNode item : node.values()) {
                if (in(item)) {
                    return true;
                }
            }
        }
        return false;
    }
}
