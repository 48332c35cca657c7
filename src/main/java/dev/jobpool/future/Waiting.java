package dev.jobpool.future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Python's module functions {@code wait(fs, timeout, return_when)} and {@code as_completed(fs, timeout)}. */
public final class Waiting {

    private Waiting() {
    }

    /**
     * Waits until the condition holds or the timeout passes, then splits the futures into done and not done
     * (in the order given, duplicates removed). FIRST_EXCEPTION returns when any future finishes by raising,
     * or else when all are done, as in Python.
     */
    public static DoneAndNotDone waitFor(List<JobFuture> futures, Duration timeout, ReturnWhen returnWhen)
            throws InterruptedException {
        List<JobFuture> unique = distinct(futures);
        CompletableFuture<?> condition = switch (returnWhen) {
            case ALL_COMPLETED -> CompletableFuture.allOf(dones(unique));
            case FIRST_COMPLETED -> CompletableFuture.anyOf(dones(unique));
            case FIRST_EXCEPTION -> firstException(unique);
        };
        try {
            condition.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // Python's wait does not raise on timeout: it reports what is done by then
        } catch (ExecutionException e) {
            throw new IllegalStateException("futures only ever complete normally", e);
        } finally {
            condition.cancel(false); // drop the combined waiter; the futures themselves are untouched
        }
        List<JobFuture> done = new ArrayList<>();
        List<JobFuture> notDone = new ArrayList<>();
        for (JobFuture future : unique) {
            (future.isDone() ? done : notDone).add(future);
        }
        return new DoneAndNotDone(done, notDone);
    }

    private static CompletableFuture<?> firstException(List<JobFuture> futures) {
        CompletableFuture<Void> first = new CompletableFuture<>();
        for (JobFuture future : futures) {
            future.whenDone().thenAccept(f -> {
                if (f.snapshot().exception() != null) {
                    first.complete(null);
                }
            });
        }
        CompletableFuture.allOf(dones(futures)).thenRun(() -> first.complete(null));
        return first;
    }

    private static CompletableFuture<?>[] dones(List<JobFuture> futures) {
        return futures.stream().map(JobFuture::whenDone).toArray(CompletableFuture[]::new);
    }

    static List<JobFuture> distinct(List<JobFuture> futures) {
        Map<String, JobFuture> byId = new LinkedHashMap<>();
        futures.forEach(f -> byId.putIfAbsent(f.id(), f));
        return List.copyOf(byId.values());
    }
}
