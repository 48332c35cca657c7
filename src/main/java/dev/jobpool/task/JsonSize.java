package dev.jobpool.task;

import tools.jackson.databind.JsonNode;

/**
 * About how much heap a JSON tree holds: an estimate, not a measurement (which would cost a heap walk), within
 * a small factor of what a heap histogram shows, and the same number whenever it is asked for the same tree, so
 * that what is added and taken away balances. Bounds that hold memory in bytes (the results finished futures
 * keep, the arguments of calls waiting to run) count with it.
 */
public final class JsonSize {

    /** A JSON tree node, before what it holds. */
    private static final long NODE = 32;

    private JsonSize() {
    }

    public static long of(JsonNode node) {
        long bytes = NODE;
        if (node.isString()) {
            bytes += chars(node.asString());
        } else if (node.isBigInteger() || node.isBigDecimal()) {
            bytes += 64; // never written out: a huge exponent would spell billions of digits
        }
        for (var entry : node.properties()) {
            bytes += NODE + chars(entry.getKey()) + of(entry.getValue());
        }
        if (node.isArray()) {
            for (JsonNode element : node.values()) {
                bytes += 8 + of(element);
            }
        }
        return bytes;
    }

    /** A Java string of this length: header, array, and one byte per Latin-1 char (two for others, rarely). */
    public static long chars(String text) {
        return text == null ? 0 : 48 + text.length();
    }
}
