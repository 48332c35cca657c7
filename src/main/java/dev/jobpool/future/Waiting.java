package dev.jobpool.future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Python's module functions {@code wait(fs, timeout, return_when)} and {@code as_completed(fs, timeout)}. */
public final class Waiting {

    private Waiting() {
    }

    /**
     * Waits until the condition holds or the timeout passes, then splits the futures into done and not done
     * (in the order given, duplicates removed). FIRST_EXCEPTION returns when any future finishes by raising,
     * or else when all are done, as in Python. An empty list is done at once, as in Python.
     */
    public static DoneAndNotDone waitFor(List<JobFuture> futures, Duration timeout, ReturnWhen returnWhen)
            throws InterruptedException {
        List<JobFuture> unique = distinct(futures);
        CountDownLatch condition = new CountDownLatch(1);
        AtomicInteger notDone = new AtomicInteger(unique.size());
        List<JobFuture.Subscription> subscriptions = new ArrayList<>(unique.size());
        try {
            for (JobFuture future : unique) {
                subscriptions.add(future.onDone(() -> {
                    boolean allDone = notDone.decrementAndGet() == 0;
                    boolean met = switch (returnWhen) {
                        case ALL_COMPLETED -> allDone;
                        case FIRST_COMPLETED -> true;
                        case FIRST_EXCEPTION -> allDone || future.snapshot().exception() != null;
                    };
                    if (met) {
                        condition.countDown();
                    }
                }));
            }
            // Python's wait does not raise on timeout: it reports what is done by then
            condition.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            subscriptions.forEach(JobFuture.Subscription::close); // a wait that returns leaves nothing behind
        }
        List<JobFuture> done = new ArrayList<>();
        List<JobFuture> pending = new ArrayList<>();
        for (JobFuture future : unique) {
            (future.isDone() ? done : pending).add(future);
        }
        return new DoneAndNotDone(done, pending);
    }

    static List<JobFuture> distinct(List<JobFuture> futures) {
        Map<String, JobFuture> byId = new LinkedHashMap<>();
        futures.forEach(f -> byId.putIfAbsent(f.id(), f));
        return List.copyOf(byId.values());
    }
}
