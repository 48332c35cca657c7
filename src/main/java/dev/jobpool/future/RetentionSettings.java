package dev.jobpool.future;

import java.time.Duration;

/**
 * How long and how many finished futures stay answerable.
 *
 * @param retention how long a finished future is kept after it finished
 * @param maxRetained at most this many finished futures are kept; the oldest go first. This bounds memory:
 *                    pending and running futures are bounded by the executors' queues instead
 * @param maxTombstones how many forgotten ids are remembered so that they answer 410 rather than 404
 */
public record RetentionSettings(Duration retention, int maxRetained, int maxTombstones) {
}
