package dev.jobpool.store;

import dev.jobpool.future.FutureSnapshot;
import dev.jobpool.future.JobFuture;
import dev.jobpool.future.RaisedException;
import dev.jobpool.task.JsonSize;

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

    private RetainedSize() {
    }

    static long of(JobFuture future) {
        FutureSnapshot done = future.snapshot();
        long bytes = FUTURE;
        if (done.result() instanceof JsonNode tree) {
            bytes += JsonSize.of(tree);
        } else if (done.result() != null) {
            bytes += 64;
        }
        RaisedException raised = done.exception();
        if (raised != null) {
            bytes += 64 + JsonSize.chars(raised.type()) + JsonSize.chars(raised.message())
                    + JsonSize.chars(raised.traceback());
        }
        return bytes;
    }
}
