package dev.jobpool.task;

import tools.jackson.databind.JsonNode;

/**
 * How deep JSON values may nest: arguments at submit, results when a call returns. One limit, well under what
 * Jackson reads (500) and writes (1,000 levels), so that whatever is accepted can also be written back inside
 * the envelopes the API wraps it in (a page of futures, a wait's answer). A value past it is refused where it
 * comes in, not found unwritable later by every client that lists it.
 */
public final class Nesting {

    /** Arrays and objects inside each other, counting the outermost. */
    public static final int MAX_DEPTH = 64;

    private Nesting() {
    }

    /** Whether {@code node} nests more than {@code levels} arrays and objects deep; stops looking past that. */
    public static boolean deeperThan(JsonNode node, int levels) {
        if (node == null || !node.isContainer()) {
            return false;
        }
        if (levels <= 0) {
            return true;
        }
        for (JsonNode child : node.values()) {
            if (deeperThan(child, levels - 1)) {
                return true;
            }
        }
        return false;
    }
}
