package dev.jobpool.store;

import dev.jobpool.future.FutureSnapshot;
import dev.jobpool.future.JobFuture;
import dev.jobpool.future.RaisedException;

import tools.jackson.databind.JsonNode;

/**
 * About how much heap a finished future holds: its result tree and exception, and the future itself. An
 * estimate, not a measurement (which would cost a heap walk per future): within a small factor of what a heap
 * histogram shows, and the same number whenever it is asked for the same future, so that adding and removing
 * balance.
 */
final class RetainedSize {

    /** The future, its snapshot fields and its place in the store's maps (measured: ~324 bytes, see docs/performance.md). */
    private static final long FUTURE = 400;
    /** A JSON tree node, before what it holds. */
    private static final long NODE = 32;

    private RetainedSize() {
    }

    static long of(JobFuture future) {
        FutureSnapshot done = future.snapshot();
        long bytes = FUTURE;
        if (done.result() instanceof JsonNode tree) {
            bytes += of(tree);
        } else if (done.result() != null) {
            bytes += 64;
        }
        RaisedException raised = done.exception();
        if (raised != null) {
            bytes += 64 + chars(raised.type()) + chars(raised.message()) + chars(raised.traceback());
        }
        return bytes;
    }

    private static long of(JsonNode node) {
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
    private static long chars(String text) {
        return text == null ? 0 : 48 + text.length();
    }
}
