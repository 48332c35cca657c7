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
 *                       ResultTooLarge, so that maxRetained futures bound memory to maxRetained × this
 */
public record RetentionSettings(Duration retention, int maxRetained, int maxTombstones, long maxResultBytes) {

    /** The limits without a result size of their own: 1 MiB, as the default configuration has it. */
    public RetentionSettings(Duration retention, int maxRetained, int maxTombstones) {
        this(retention, maxRetained, maxTombstones, 1L << 20);
    }
}
