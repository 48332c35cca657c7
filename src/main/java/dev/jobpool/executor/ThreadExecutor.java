package dev.jobpool.executor;

import dev.jobpool.future.JobFuture;
import dev.jobpool.future.Progress;
import dev.jobpool.future.RaisedException;
import dev.jobpool.task.TaskContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * {@code kind: thread}: Python's ThreadPoolExecutor on a {@link ThreadPoolExecutor} of {@code maxWorkers}
 * threads, with a bounded queue.
 *
 * <p>Implementation notes. The JDK pool's own queue is unbounded; the bound is {@code room}, a semaphore of
 * {@code maxWorkers + queueCapacity} permits taken when a call is queued and given back exactly once
 * ({@link Queued#release}) when it has run or was taken out of the queue by a cancel. A semaphore rather than
 * a bounded queue lets {@code map} wait for room ({@link Semaphore#acquire}) while {@code submit} refuses at
 * once ({@link Semaphore#tryAcquire}), over the same bound. A cancelled call leaves the queue at once, so a
 * cancel frees room immediately instead of when a worker would have skipped it.
 *
 * <p>Shutdown: the pool itself is shut down only when every map feed has finished, since a feed queues calls
 * that were accepted before the shutdown (in Python they would already be in the queue).
 */
final class ThreadExecutor implements Executor {

    private final ExecutorSpec spec;
    private final UnaryOperator<Object> encodeResult;
    private final Semaphore room;
    private final LongAdder completed = new LongAdder();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final ThreadPoolExecutor pool;

    /** Guarded by this, with {@link #shutdown}. */
    private final Set<MapFeed> feeds = ConcurrentHashMap.newKeySet();
    private volatile boolean shutdown;
    private volatile boolean stopping;

    /**
     * @param encodeResult turns a task's return value into what the future keeps (JSON); throws
     *                     IllegalArgumentException for a value it cannot encode
     */
    ThreadExecutor(ExecutorSpec spec, UnaryOperator<Object> encodeResult) {
        this.spec = spec;
        this.encodeResult = encodeResult;
        this.room = new Semaphore(spec.maxWorkers() + spec.queueCapacity());
        this.pool = new ThreadPoolExecutor(spec.maxWorkers(), spec.maxWorkers(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Thread.ofPlatform().name("jobpool-" + spec.name() + "-", 1).factory()) {
            @Override
            protected void terminated() {
                ThreadExecutor.this.terminated.complete(null);
            }
        };
        pool.allowCoreThreadTimeOut(true); // idle executors hold no threads, like Python's lazily started ones
    }

    @Override
    public ExecutorSpec spec() {
        return spec;
    }

    @Override
    public void submit(Submission submission) {
        if (shutdown) {
            throw new ExecutorShutDown(spec.name());
        }
        if (!room.tryAcquire()) {
            throw new QueueFull(spec.name(), spec.queueCapacity());
        }
        enqueue(submission);
    }

    @Override
    public MapFeed feed(List<Submission> submissions, int buffersize) {
        MapFeed feed = new MapFeed(submissions, buffersize);
        synchronized (this) {
            if (shutdown) {
                throw new ExecutorShutDown(spec.name());
            }
            feeds.add(feed);
        }
        Thread.ofVirtual().name("jobpool-" + spec.name() + "-map").start(() -> {
            try {
                feed.run(s -> {
                    room.acquire();
                    if (s.future().isDone()) {
                        room.release();
                    } else {
                        enqueue(s);
                    }
                });
            } finally {
                feedFinished(feed);
            }
        });
        return feed;
    }

    private synchronized void feedFinished(MapFeed feed) {
        feeds.remove(feed);
        if (shutdown && feeds.isEmpty()) {
            pool.shutdown();
        }
    }

    /** Queues a call whose room permit the caller holds. */
    private void enqueue(Submission submission) {
        Queued queued = new Queued(submission);
        try {
            pool.execute(queued);
        } catch (RejectedExecutionException e) {
            queued.release();
            throw new ExecutorShutDown(spec.name());
        }
        submission.future().whenDone().thenRun(() -> {
            if (!queued.started && pool.remove(queued)) {
                queued.release(); // cancelled while queued: free its room now
            }
        });
    }

    @Override
    public ExecutorStatus status() {
        ExecutorState state = terminated.isDone() ? ExecutorState.TERMINATED
                : shutdown ? ExecutorState.SHUT_DOWN : ExecutorState.RUNNING;
        int waiting = feeds.stream().mapToInt(MapFeed::waiting).sum();
        return new ExecutorStatus(state, pool.getPoolSize(), pool.getActiveCount(), pool.getQueue().size(),
                waiting, completed.sum());
    }

    @Override
    public void shutdown(boolean cancelFutures) {
        List<MapFeed> running;
        synchronized (this) {
            shutdown = true;
            running = List.copyOf(feeds);
            if (running.isEmpty()) {
                pool.shutdown();
            }
        }
        if (cancelFutures) {
            running.forEach(MapFeed::stop);
            cancelQueued();
        }
    }

    private void cancelQueued() {
        List<Runnable> drained = new ArrayList<>();
        pool.getQueue().drainTo(drained);
        for (Runnable runnable : drained) {
            Queued queued = (Queued) runnable;
            queued.submission.future().cancel();
            queued.release();
        }
    }

    @Override
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        try {
            terminated.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void shutdownNow() {
        stopping = true;
        shutdown(true);
        pool.shutdownNow();
    }

    /** One queued call; {@link #release} gives its room back, once, whichever of run or cancel gets there. */
    private final class Queued implements Runnable {

        private final Submission submission;
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile boolean started;

        Queued(Submission submission) {
            this.submission = submission;
        }

        @Override
        public void run() {
            started = true;
            try {
                if (submission.future().setRunningOrNotifyCancel()) {
                    runCall();
                }
            } finally {
                release();
            }
        }

        private void runCall() {
            JobFuture future = submission.future();
            Object value;
            try {
                value = submission.call().run(new Context(future));
            } catch (Throwable raised) {
                // a task's exception, even an Error such as StackOverflowError, is its outcome, as in Python
                future.setException(RaisedException.of(raised, submission.call().task().getClass()));
                completed.increment();
                return;
            }
            Object encoded;
            try {
                encoded = encodeResult.apply(value);
            } catch (IllegalArgumentException notJson) {
                future.setException(new RaisedException("TypeError", "the task returned a "
                        + value.getClass().getSimpleName() + ", which cannot be encoded as JSON", null));
                completed.increment();
                return;
            }
            future.setResult(encoded);
            completed.increment();
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                room.release();
            }
        }
    }

    private final class Context implements TaskContext {

        private final JobFuture future;

        Context(JobFuture future) {
            this.future = future;
        }

        @Override
        public boolean isCancelled() {
            return stopping || Thread.currentThread().isInterrupted();
        }

        @Override
        public void reportProgress(double fraction, String message) {
            future.setProgress(new Progress(fraction, message));
        }
    }
}
