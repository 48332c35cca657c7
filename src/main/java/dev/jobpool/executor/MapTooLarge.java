package dev.jobpool.executor;

/** A single map with more calls than an executor may hold waiting beyond its queue: it could never be accepted. */
public final class MapTooLarge extends RuntimeException {

    public MapTooLarge(String executor, int calls, int limit) {
        super("a map of " + calls + " calls is larger than executor '" + executor + "' may hold waiting for room ("
                + limit + ", jobpool.executors.max-map-backlog); split it");
    }
}
