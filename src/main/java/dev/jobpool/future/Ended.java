package dev.jobpool.future;

/**
 * A future's end (FINISHED or CANCELLED) as the event stream tells it: numbered in the order futures ended (in a
 * store that instances share, in the database), so that a client that reconnects says where it stopped.
 */
public record Ended(long sequence, FutureSnapshot future) {
}
