package dev.jobpool.future;

import java.time.Duration;

/**
 * How long and how many finished futures stay answerable.
 *
 * @param retention how long a finished future is kept after it finished
 * @param maxRetained at most this many finished futures are kept; the oldest go first. This bounds memory:
 *                    pending and running futures are bounded by the executors' queues instead
 * @param maxTombstones how many forgotten ids are remembered so that they answer 410 rather than 404
 * @param maxResultBytes the largest result one future keeps, as JSON; a larger one fails its future with
 *                       ResultTooLarge
 * @param maxRetainedBytes at most about this much memory is held by finished futures (their results and
 *                         exceptions, as estimated); the oldest go first
 */
public record RetentionSettings(Duration retention, int maxRetained, int maxTombstones, long maxResultBytes,
                                long maxRetainedBytes) {

    /** The limits without sizes of their own: 1 MiB a result, a quarter of the heap for all of them. */
    public RetentionSettings(Duration retention, int maxRetained, int maxTombstones) {
        this(retention, maxRetained, maxTombstones, 1L << 20, Runtime.getRuntime().maxMemory() / 4);
    }
}
