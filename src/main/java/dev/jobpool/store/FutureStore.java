package dev.jobpool.store;

import dev.jobpool.future.FutureGone;
import dev.jobpool.future.FutureNotDone;
import dev.jobpool.future.FutureNotFound;
import dev.jobpool.future.JobFuture;

import java.util.List;

/** Keeps futures answerable by id from submission until their retention ends. */
public interface FutureStore {

    /**
     * Keeps a new, pending future; a durable store has committed it when this returns.
     *
     * @param arguments the bound arguments (a record), kept by durable stores to run the call after a restart
     */
    void add(JobFuture future, Object arguments);

    /**
     * Futures that a previous run of the service left pending or running; empty for stores that forget on
     * restart. Each is to be {@link #adopt adopted} and then run again or failed.
     */
    default List<Unfinished> unfinished() {
        return List.of();
    }

    /** Takes charge of a future restored from {@link #unfinished()}: it is kept live and written through again. */
    default void adopt(JobFuture future) {
        throw new UnsupportedOperationException("this store keeps nothing across restarts");
    }

    /** A future left unfinished by a previous run, with what it needs to run again. */
    record Unfinished(dev.jobpool.future.FutureSnapshot future, tools.jackson.databind.JsonNode arguments) {
    }

    /** Takes back a future whose submission was refused after {@link #add}; leaves no trace. */
    void discard(JobFuture future);

    /**
     * @throws FutureNotFound if no future ever had this id
     * @throws FutureGone if it was deleted or its retention ended
     */
    JobFuture get(String id);

    /**
     * The futures with these ids, in the order given.
     *
     * @throws FutureNotFound naming every id that is unknown or gone
     */
    default List<JobFuture> getAll(List<String> ids) {
        List<JobFuture> found = new java.util.ArrayList<>(ids.size());
        List<String> missing = new java.util.ArrayList<>();
        for (String id : ids) {
            try {
                found.add(get(id));
            } catch (FutureNotFound | FutureGone e) {
                missing.add(id);
            }
        }
        if (!missing.isEmpty()) {
            throw new FutureNotFound(missing);
        }
        return found;
    }

    /**
     * Forgets a done future: later lookups answer {@link FutureGone}.
     *
     * @throws FutureNotDone if it is pending or running
     */
    void delete(String id);

    /** One page of futures, newest first. */
    FuturePage list(FutureQuery query, int page, int size);

    /** Forgets finished futures whose retention has ended; returns how many. */
    int evictExpired();
}
