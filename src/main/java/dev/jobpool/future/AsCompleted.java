package dev.jobpool.future;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Python's {@code as_completed(fs, timeout)} as a pull iterator: futures already done come first (in the order
 * given), then each as it completes; duplicates are removed. The caller owns the clock: it passes what is
 * left of its overall timeout to every {@link #next}, and closes it when done, so that nothing it attached
 * stays on futures it no longer waits for.
 */
public final class AsCompleted implements AutoCloseable {

    private final LinkedBlockingQueue<JobFuture> completed = new LinkedBlockingQueue<>();
    private final List<JobFuture.Subscription> subscriptions;
    private final List<JobFuture> unique;
    private final java.util.Set<JobFuture> yieldedOnes = java.util.Collections.newSetFromMap(
            new java.util.IdentityHashMap<>());
    private final int total;
    private int yielded;

    public AsCompleted(List<JobFuture> futures) {
        unique = Waiting.distinct(futures);
        total = unique.size();
        // done ones are queued first, in order; every other one queues itself when it completes. The second pass
        // subscribes exactly those the first did not queue, rather than asking isDone() again: a future that
        // completes between the two passes would be in neither (the first saw it pending, a second isDone() sees
        // it done) and never come, which once left a client waiting out its whole timeout. onDone runs at once
        // for one that completed meanwhile, so each is queued once.
        java.util.Set<JobFuture> queued = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (JobFuture future : unique) {
            if (future.isDone()) {
                queued.add(future);
                completed.add(future);
            }
        }
        subscriptions = unique.stream().filter(f -> !queued.contains(f)).map(f -> f.onDone(() -> completed.add(f)))
                .toList();
    }

    /** Takes back what waits on the futures not yielded yet: the caller gave up on them (timeout, disconnect). */
    @Override
    public void close() {
        subscriptions.forEach(JobFuture.Subscription::close);
    }

    public boolean hasNext() {
        return yielded < total;
    }

    /** The next completed future, or null if none completes within {@code wait}. */
    public JobFuture next(Duration wait) throws InterruptedException {
        JobFuture next = completed.poll(Math.max(0, wait.toNanos()), TimeUnit.NANOSECONDS);
        if (next != null) {
            yielded++;
            yieldedOnes.add(next);
        }
        return next;
    }

    public int total() {
        return total;
    }

    public int unfinished() {
        return total - yielded;
    }

    /** The ids not yielded yet, in the order given. */
    public List<String> unfinishedIds() {
        return unique.stream().filter(f -> !yieldedOnes.contains(f)).map(JobFuture::id).toList();
    }
}
