package dev.jobpool.future;

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
     * {@code tenant}'s futures that have not finished: pending (queued or waiting in a map) or running; for a store
     * that instances share, in all of them. Asked on every submit, so it must be cheap.
     */
    long activeCalls(String tenant);

    /**
     * About how many bytes {@code tenant}'s finished futures keep (the in-memory store's estimate, or what the
     * database stores of their results and exceptions). Asked only for a tenant with a {@code max-retained-bytes}
     * quota: a durable store adds the bytes up row by row.
     */
    long retainedBytes(String tenant);

    /** Takes back a future whose submission was refused after {@link #add}; leaves no trace. */
    void discard(JobFuture future);

    /**
     * @throws FutureNotFound if no future ever had this id
     * @throws FutureGone if it was deleted or its retention ended
     */
    JobFuture get(String id);

    /**
     * The futures with these ids that {@code visible} lets the caller see, in the order given.
     *
     * @throws FutureNotFound naming every id that is unknown, gone or not visible: one answer for all three, so
     *         that it says nothing of futures the caller may not see
     */
    default List<JobFuture> getAll(List<String> ids, java.util.function.Predicate<JobFuture> visible) {
        List<JobFuture> found = new java.util.ArrayList<>(ids.size());
        List<String> missing = new java.util.ArrayList<>();
        for (String id : ids) {
            try {
                JobFuture future = get(id);
                if (visible.test(future)) {
                    found.add(future);
                } else {
                    missing.add(id);
                }
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

    /**
     * Futures that ended after {@code sequence} and match {@code query}, in the order they ended, at most
     * {@code limit}: the event stream's source. Ends of futures forgotten since (retention, delete) are gone.
     */
    List<Ended> endedSince(long sequence, FutureQuery query, int limit);

    /** The number of the latest end {@link #endedSince} gives now; 0 when none. */
    long lastEnded();

    /**
     * Returns when a future may have ended after {@code sequence}, or after {@code wait}, whichever is first. This
     * default sleeps a little (a store that instances share polls); a store that sees every end wakes at once.
     */
    default void awaitEnded(long sequence, java.time.Duration wait) throws InterruptedException {
        Thread.sleep(Math.min(wait.toMillis(), 250));
    }

    /** One page of futures, newest first. */
    FuturePage list(FutureQuery query, int page, int size);

    /** Forgets finished futures whose retention has ended; returns how many. */
    int evictExpired();
}
