package dev.jobpool.executor;

import dev.jobpool.future.JobFuture;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Queues one {@code map} call's submissions in input order, on a thread of its own, waiting for queue room
 * (and, with a {@code buffersize}, for results to be read) between them.
 *
 * <p>Python's {@code buffersize} keeps the calls submitted at most that far ahead of the results the iterator
 * has yielded. Here a result counts as yielded when a client is given it ({@link JobFuture#read}): a line of
 * the streamed map written to the connection, or the future's outcome read by id (the JSON form of map). The
 * second is exact; the first cannot see past the operating system's socket buffers, which take written lines
 * that the client has not read (a few MB).
 *
 * <p>With a {@code chunksize} (process executors only, as in Python), consecutive calls are queued together as
 * one chunk: one worker takes them all and runs them in order. A chunk holds one place in the queue, as one
 * work item does in CPython, and {@code buffersize} counts chunks, as CPython's does ({@code buffersize ×
 * chunksize} calls run ahead at most).
 *
 * <p>Implementation notes. {@link #stop()} is Python's clean-up when a map's result iterator is abandoned: every
 * future of the map is cancelled (those running or done are unaffected, as {@code cancel()} returns false for
 * them) and the feeding thread is interrupted out of any wait.
 */
public final class MapFeed {

    /** Blocks until the executor has room, then queues the chunk (of one call, but with a chunksize). */
    interface Enqueuer {
        void enqueueWhenRoom(List<Submission> chunk) throws InterruptedException;
    }

    private final List<Submission> submissions;
    private final int chunksize;
    /** Permits for calls that may run ahead of the consumer; null when unbounded. */
    private final Semaphore window;
    private final AtomicInteger waiting;
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private volatile boolean stopped;
    private volatile Thread thread;

    /** @param chunksize calls per chunk, at least 1; @param buffersize chunks ahead of the results, 0 for any */
    MapFeed(List<Submission> submissions, int buffersize, int chunksize) {
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize " + chunksize + " is below 1");
        }
        this.submissions = List.copyOf(submissions);
        this.chunksize = chunksize;
        // one permit per call, and the calls of a chunk take theirs one by one: a chunk never waits for a
        // permit that only its own results could give back
        this.window = buffersize > 0 ? new Semaphore((int) Math.min(Integer.MAX_VALUE, (long) buffersize * chunksize)) : null;
        if (window != null) {
            submissions.forEach(s -> s.future().whenRead(window::release));
        }
        this.waiting = new AtomicInteger(submissions.size());
    }

    void run(Enqueuer enqueuer) {
        thread = Thread.currentThread();
        try {
            int next = 0;
            while (next < submissions.size() && !stopped) {
                List<Submission> chunk = new ArrayList<>(Math.min(chunksize, submissions.size() - next));
                int taken = 0;
                while (chunk.size() < chunksize && next < submissions.size() && !stopped) {
                    Submission submission = submissions.get(next++);
                    taken++;
                    if (!submission.future().isDone()) { // cancelled while it waited here: it takes no place
                        if (window != null) {
                            window.acquire();
                        }
                        chunk.add(submission);
                    }
                }
                if (stopped) {
                    break;
                }
                if (!chunk.isEmpty()) {
                    enqueuer.enqueueWhenRoom(chunk);
                }
                waiting.addAndGet(-taken);
            }
        } catch (InterruptedException | ExecutorShutDown e) {
            stop();
        } finally {
            if (stopped) {
                submissions.forEach(s -> s.future().cancel());
            }
            waiting.set(0);
            finished.complete(null);
        }
    }

    /** Cancels what has not started and stops feeding. */
    public void stop() {
        stopped = true;
        submissions.forEach(s -> s.future().cancel());
        Thread feeding = thread;
        if (feeding != null && feeding != Thread.currentThread()) {
            feeding.interrupt();
        }
    }

    /** Fails what has not started with {@code reason} (the executor broke) and stops feeding. */
    public void fail(dev.jobpool.future.RaisedException reason) {
        submissions.forEach(s -> s.future().failPending(reason));
        stop();
    }

    int waiting() {
        return waiting.get();
    }

    CompletableFuture<Void> finished() {
        return finished;
    }
}
