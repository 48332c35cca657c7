package dev.jobpool.store;

import dev.jobpool.future.RetentionSettings;
import dev.jobpool.future.Seconds;
import dev.jobpool.future.FutureQuery;
import dev.jobpool.future.FuturePage;
import dev.jobpool.future.FutureStore;
import dev.jobpool.future.FutureGone;
import dev.jobpool.future.FutureNotDone;
import dev.jobpool.future.FutureNotFound;
import dev.jobpool.future.Ended;
import dev.jobpool.future.FutureSnapshot;
import dev.jobpool.future.JobFuture;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Futures in this JVM's memory: nothing to install, and nothing survives a restart.
 *
 * <p>Implementation notes. Ids are time-ordered (UUIDv7), so one sorted map serves both lookups and
 * newest-first listings. Finished futures are also queued in the order they finished, which is the order
 * retention removes them in; that queue, its count and the tombstones are guarded by {@code retentionLock}
 * (one short critical section per finished task: a concurrent queue would still need the count kept in step).
 */
public final class InMemoryFutureStore implements FutureStore {

    private final ConcurrentSkipListMap<String, JobFuture> futures = new ConcurrentSkipListMap<>();
    private final RetentionSettings settings;
    private final Clock clock;

    private final Object retentionLock = new Object();
    /** Finished futures in finishing order; may still hold deleted ones, skipped when reached. Guarded by retentionLock. */
    private final FinishedLog finishedOrder = new FinishedLog();
    /** How many finished futures are in {@code futures}. Guarded by retentionLock. */
    private int retained;
    /** About how much memory they hold ({@link RetainedSize}). Guarded by retentionLock. */
    private long retainedBytes;
    /** Ids of each tenant's futures that have not finished; removing an id twice is harmless. */
    private final ConcurrentHashMap<String, Set<String>> active = new ConcurrentHashMap<>();
    /** {@code retainedBytes} by tenant; no entry for a tenant with none. Guarded by retentionLock. */
    private final HashMap<String, Long> retainedBytesByTenant = new HashMap<>();
    /** Forgotten ids, whose they were and why, oldest first. Guarded by retentionLock. */
    private final LinkedHashMap<String, Tombstone> tombstones;

    private record Tombstone(String tenant, String why) {
    }

    private static final String DELETED = "deleted by a client";
    /** Why retention forgot a future: made once, shared by every tombstone (there may be a hundred thousand). */
    private final String overCountWhy;
    private final String overBytesWhy;
    private final String expiredWhy;

    public InMemoryFutureStore(RetentionSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.overCountWhy = "more than " + settings.maxRetained() + " finished futures were retained";
        this.overBytesWhy = "finished futures held more than " + settings.maxRetainedBytes()
                + " bytes (jobpool.futures.max-retained-bytes)";
        this.expiredWhy = "its retention of " + Seconds.of(settings.retention()) + " ended";
        this.tombstones = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Tombstone> eldest) {
                return size() > settings.maxTombstones();
            }
        };
    }

    @Override
    public void add(JobFuture future, Object arguments) {
        keep(future);
    }

    /** Keeps a live future (also for the durable store, which keeps its live futures here). */
    public void keep(JobFuture future) {
        JobFuture replaced = futures.put(future.id(), future);
        if (replaced != null && replaced != future) {
            replaced.forget(); // a durable store's newer object for the same id: the old one is not kept any more
        }
        active.computeIfAbsent(future.tenant(), t -> ConcurrentHashMap.newKeySet()).add(future.id());
        future.whenDone().thenRun(() -> finished(future));
    }

    @Override
    public void discard(JobFuture future) {
        future.forget();
        futures.remove(future.id(), future);
        inactive(future);
    }

    private void inactive(JobFuture future) {
        active.computeIfPresent(future.tenant(), (tenant, ids) -> {
            ids.remove(future.id());
            return ids.isEmpty() ? null : ids;
        });
    }

    @Override
    public long activeCalls(String tenant) {
        Set<String> ids = active.get(tenant);
        return ids == null ? 0 : ids.size();
    }

    @Override
    public long retainedBytes(String tenant) {
        synchronized (retentionLock) {
            return retainedBytesByTenant.getOrDefault(tenant, 0L);
        }
    }

    /** Counts a finished future's bytes in or (negative) out. Caller holds retentionLock. */
    private void retainedBytes(JobFuture future, long sign) {
        long bytes = sign * RetainedSize.of(future);
        retainedBytes += bytes;
        retainedBytesByTenant.merge(future.tenant(), bytes, (a, b) -> a + b == 0 ? null : a + b);
    }

    private void finished(JobFuture future) {
        inactive(future);
        List<JobFuture> evicted;
        synchronized (retentionLock) {
            if (future.isForgotten()) {
                return; // discarded or deleted before its completion got here
            }
            finishedOrder.add(future);
            retentionLock.notifyAll(); // event streams waiting in awaitEnded
            retained++;
            retainedBytes(future, 1);
            evicted = evict(clock.instant());
        }
        removeAll(evicted);
    }

    /**
     * Takes evicted futures out of the map, after the retention lock is released: every call's end takes that
     * lock, and a removal from the sorted map is its slowest part. Meanwhile an evicted future can still be read
     * (it is done, so what is read is right) but no longer deleted or counted twice: it is forgotten already.
     */
    private void removeAll(List<JobFuture> evicted) {
        for (JobFuture future : evicted) {
            futures.remove(future.id(), future);
        }
    }

    @Override
    public JobFuture get(String id) {
        JobFuture future = futures.get(id);
        if (future != null && !expired(future, clock.instant())) {
            return future;
        }
        if (future != null) {
            evictExpired();
        }
        Tombstone gone;
        synchronized (retentionLock) {
            gone = tombstones.get(id);
        }
        if (gone != null) {
            throw new FutureGone(id, gone.tenant(), gone.why());
        }
        throw new FutureNotFound(List.of(id));
    }

    @Override
    public void delete(String id) {
        JobFuture future = get(id);
        if (!future.isDone()) {
            throw new FutureNotDone(id, future.state());
        }
        synchronized (retentionLock) {
            if (!future.isForgotten() && futures.remove(id, future)) {
                future.forget();
                retained--;
                retainedBytes(future, -1);
                tombstones.put(id, new Tombstone(future.tenant(), DELETED));
            }
        }
    }

    @Override
    public long lastEnded() {
        synchronized (retentionLock) {
            return finishedOrder.last();
        }
    }

    @Override
    public void awaitEnded(long sequence, java.time.Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (retentionLock) {
            long left;
            while (finishedOrder.last() <= sequence && (left = deadline - System.nanoTime()) > 0) {
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(retentionLock, left);
            }
        }
    }

    @Override
    public List<Ended> endedSince(long sequence, FutureQuery query, int limit) {
        List<Ended> found = new ArrayList<>();
        synchronized (retentionLock) {
            for (int i = finishedOrder.indexAfter(sequence); i < finishedOrder.size() && found.size() < limit; i++) {
                JobFuture future = finishedOrder.future(i);
                if (future.isForgotten()) {
                    continue; // deleted: its end is forgotten with it
                }
                FutureSnapshot snapshot = future.snapshot();
                if (query.matches(snapshot)) {
                    found.add(new Ended(finishedOrder.number(i), snapshot));
                }
            }
        }
        return found;
    }

    @Override
    public FuturePage list(FutureQuery query, int page, int size) {
        List<FutureSnapshot> items = new ArrayList<>(size);
        long skip = (long) page * size;
        long total = 0;
        Instant now = clock.instant();
        for (JobFuture future : futures.descendingMap().values()) {
            FutureSnapshot snapshot = future.snapshot();
            if (!query.matches(snapshot) || expired(future, now)) {
                continue;
            }
            if (total >= skip && items.size() < size) {
                items.add(snapshot);
            }
            total++;
        }
        return new FuturePage(items, page, size, total);
    }

    @Override
    public int evictExpired() {
        List<JobFuture> evicted;
        synchronized (retentionLock) {
            evicted = evict(clock.instant());
        }
        removeAll(evicted);
        return evicted.size();
    }

    /**
     * Forgets finished futures past their retention or beyond the count limit, and gives them back for the caller
     * to take out of the map ({@link #removeAll}) once it has released the lock. Caller holds retentionLock.
     */
    private List<JobFuture> evict(Instant now) {
        List<JobFuture> evicted = List.of();
        while (!finishedOrder.isEmpty()) {
            JobFuture oldest = finishedOrder.first();
            boolean stillKept = !oldest.isForgotten();
            boolean overCount = retained > settings.maxRetained();
            boolean overBytes = retainedBytes > settings.maxRetainedBytes();
            if (stillKept && !overCount && !overBytes && !expired(oldest, now)) {
                break;
            }
            finishedOrder.removeFirst();
            if (stillKept) {
                oldest.forget();
                retained--;
                retainedBytes(oldest, -1);
                if (evicted.isEmpty()) {
                    evicted = new ArrayList<>(1);
                }
                evicted.add(oldest);
                tombstones.put(oldest.id(), new Tombstone(oldest.tenant(), overCount ? overCountWhy
                        : overBytes ? overBytesWhy : expiredWhy));
            }
        }
        return evicted;
    }

    private boolean expired(JobFuture future, Instant now) {
        Instant finishedAt = future.finishedAt();
        return finishedAt != null && finishedAt.plus(settings.retention()).isBefore(now);
    }
}
