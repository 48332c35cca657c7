package dev.jobpool.executor;

import dev.jobpool.future.JobFuture;
import dev.jobpool.future.Progress;
import dev.jobpool.future.RaisedException;
import dev.jobpool.task.TaskContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;

/**
 * An executor of {@code maxWorkers} pool threads with a bounded queue, Python's ThreadPoolExecutor and (with a
 * process {@link CallRunner}) ProcessPoolExecutor. The runner decides where a call runs; everything else —
 * queueing, cancellation, timeouts, breaking and shutdown — is here, the same for both kinds.
 *
 * <p>Implementation notes. The JDK pool's own queue is unbounded; the bound is {@code room}, a semaphore of
 * {@code maxWorkers + queueCapacity} permits taken when a call (or a chunk of a process map's calls, see
 * {@link MapFeed}) is queued and given back exactly once
 * ({@link Queued#release}) when it has run or was taken out of the queue by a cancel. A semaphore rather than
 * a bounded queue lets {@code map} wait for room ({@link Semaphore#acquire}) while {@code submit} refuses at
 * once ({@link Semaphore#tryAcquire}), over the same bound. A cancelled call leaves the queue at once, so a
 * cancel frees room immediately instead of when a worker would have skipped it.
 *
 * <p>Calls wait in a {@link TenantQueue}: tenants take turns, and share the queue's room out, so a shared
 * executor serves them fairly.
 *
 * <p>A running call is in {@code running} until it ends. A timeout or an interrupting cancel settles its future
 * first and then stops it through the runner; {@link Running#ended} (guarded by the Running object) makes sure
 * the stop never reaches the next call that the same pool thread picks up.
 *
 * <p>Every accepted call is in {@code tracked} until it ends, so that {@link ExecutorEvents} hear of its end
 * exactly once, whichever way it ends: run, cancelled in the queue or in a map's feed, failed by a broken
 * executor, or withdrawn by a shared store before it started.
 *
 * <p>Shutdown: the pool itself is shut down only when every map feed has finished, since a feed queues calls
 * that were accepted before the shutdown (in Python they would already be in the queue).
 */
final class PoolExecutor implements Executor {

    private final ExecutorSpec spec;
    private final CallRunner runner;
    private final UnaryOperator<Object> encodeResult;
    private final ScheduledExecutorService timers;
    private final ExecutorEvents events;
    private final int maxMapBacklog;
    private final PendingBytes pendingBytes;
    private final Semaphore room;
    private final LongAdder completed = new LongAdder();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final ThreadPoolExecutor pool;
    private final TenantQueue<Runnable> queue;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    /** Calls in the queue (a chunk is one entry of it), and pool threads running calls, for {@link #status}. */
    private final java.util.concurrent.atomic.AtomicInteger queuedCalls = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger busyThreads = new java.util.concurrent.atomic.AtomicInteger();
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();

    /**
     * Pool threads whose {@link CallRunner#threadEnded} has not run yet, and whether the JDK pool terminated.
     * The JDK pool reports termination before its threads' last code has run, and that code (a worker's bye)
     * must be over before this executor says TERMINATED. Guarded by {@code lifecycle}.
     */
    private final Object lifecycle = new Object();
    private int liveThreads;
    private boolean poolTerminated;
    private boolean terminating;

    /** Changed under this, with {@link #shutdown}. */
    private final Set<MapFeed> feeds = ConcurrentHashMap.newKeySet();
    private volatile boolean shutdown;
    private volatile boolean stopping;
    private volatile RaisedException broken;

    /**
     * @param encodeResult turns a task's return value into what the future keeps (JSON); throws
     *                     IllegalArgumentException for a value it cannot encode
     * @param timers runs the per-call timeouts (shared by all executors)
     * @param events hears of every call accepted, started and ended
     */
    PoolExecutor(ExecutorSpec spec, CallRunner runner, UnaryOperator<Object> encodeResult,
                 ScheduledExecutorService timers, ExecutorEvents events) {
        this(spec, runner, encodeResult, timers, events, Integer.MAX_VALUE, PendingBytes.unbounded());
    }

    /**
     * @param maxMapBacklog calls that maps may hold beyond the queue, waiting for room; past it maps are refused
     * @param pendingBytes what the arguments of calls not yet done may hold, shared with the other executors
     */
    PoolExecutor(ExecutorSpec spec, CallRunner runner, UnaryOperator<Object> encodeResult,
                 ScheduledExecutorService timers, ExecutorEvents events, int maxMapBacklog,
                 PendingBytes pendingBytes) {
        this.maxMapBacklog = maxMapBacklog;
        this.pendingBytes = pendingBytes;
        this.spec = spec;
        this.runner = runner;
        this.encodeResult = encodeResult;
        this.timers = timers;
        this.events = events;
        this.room = new Semaphore(spec.maxWorkers() + spec.queueCapacity());
        this.queue = new TenantQueue<>(PoolExecutor::tenantOf, spec.queueCapacity());
        ThreadFactory threads = Thread.ofPlatform().name("jobpool-" + spec.name() + "-", 1).factory();
        this.pool = new ThreadPoolExecutor(spec.maxWorkers(), spec.maxWorkers(), 60, TimeUnit.SECONDS,
                queue, task -> threads.newThread(() -> {
                    threadStarted();
                    try {
                        task.run();
                    } finally {
                        runner.threadEnded(); // a process executor's worker says bye here
                        threadEnded();
                    }
                })) {
            @Override
            protected void terminated() {
                poolTerminated();
            }
        };
        pool.allowCoreThreadTimeOut(true); // idle executors hold no threads, like Python's lazily started ones
        runner.attach(this);
    }

    /** Whose turn a queued call waits for (see {@link TenantQueue}). */
    private static String tenantOf(Runnable queued) {
        return queued instanceof Queued call ? call.calls.getFirst().future().tenant() : ""; // a map's: one tenant
    }

    private void threadStarted() {
        synchronized (lifecycle) {
            liveThreads++;
        }
    }

    private void threadEnded() {
        synchronized (lifecycle) {
            liveThreads--;
            terminateIfDone();
        }
    }

    private void poolTerminated() {
        synchronized (lifecycle) {
            poolTerminated = true;
            terminateIfDone();
        }
    }

    /**
     * Caller holds lifecycle. TERMINATED means, as after Python's {@code shutdown(wait=True)}, that every call
     * this executor took is done: a durable store wakes a future's waiters only once its end is recorded, which
     * may be after the pool thread that ran it went on, so the executor waits for the calls it still tracks.
     */
    private void terminateIfDone() {
        if (poolTerminated && liveThreads == 0 && !terminating) {
            terminating = true;
            runner.close();
            CompletableFuture.allOf(tracked.values().stream().map(call -> call.future.whenDone())
                    .toArray(CompletableFuture[]::new)).thenRun(() -> terminated.complete(null));
        }
    }

    @Override
    public ExecutorSpec spec() {
        return spec;
    }

    @Override
    public void submit(Submission submission) {
        refuseIfClosed();
        String tenant = submission.future().tenant();
        if (!queue.hasShare(tenant)) {
            throw QueueShare.refused(spec.name(), tenant, queue.queued(tenant));
        }
        if (!room.tryAcquire()) {
            throw new QueueFull(spec.name(), spec.queueCapacity());
        }
        try {
            pendingBytes.reserve(spec.name(), tenant, submission.call().argumentBytes());
        } catch (QueueFull full) {
            room.release();
            throw full;
        }
        track(submission);
        enqueue(List.of(submission));
    }

    /**
     * The call is accepted: events hear of it now, and of its end once, when it is done; the bytes its
     * arguments reserved are given back then.
     */
    private void track(Submission submission) {
        JobFuture future = submission.future();
        tracked.put(future.id(), new Tracked(future, submission.call().argumentBytes()));
        events.accepted(spec, future.task());
        future.whenDone().thenRun(() -> untrack(future));
    }

    /** The call ended here (done, or withdrawn by a shared store before it started); the first call counts. */
    private void untrack(JobFuture future) {
        Tracked call = tracked.remove(future.id());
        if (call != null) {
            pendingBytes.release(future.tenant(), call.argumentBytes);
            events.ended(spec, future.snapshot(), call.started, call.timedOut);
        }
    }

    private void refuseIfClosed() {
        if (broken != null) {
            throw new ExecutorBroken(spec.name(), broken.message());
        }
        if (shutdown) {
            throw new ExecutorShutDown(spec.name());
        }
    }

    /** A thread executor ignores {@code chunksize}, as Python's ThreadPoolExecutor does. */
    @Override
    public MapFeed feed(List<Submission> submissions, int buffersize, int chunksize) {
        MapFeed feed = new MapFeed(submissions, buffersize, spec.kind() == ExecutorKind.PROCESS ? chunksize : 1);
        synchronized (this) {
            refuseIfClosed();
            // Python's map queues everything; here what waits beyond the queue is bounded, or one large map (a
            // 1 MiB body holds ~140,000 calls) would hold memory for all of them until they ran
            if (submissions.size() > maxMapBacklog) {
                throw new MapTooLarge(spec.name(), submissions.size(), maxMapBacklog);
            }
            int waiting = feeds.stream().mapToInt(MapFeed::waiting).sum();
            if (waiting + submissions.size() > maxMapBacklog) {
                throw new QueueFull(spec.name(), "executor '" + spec.name() + "' holds " + waiting + " calls of maps"
                        + " waiting for room already; " + submissions.size() + " more would pass its limit of "
                        + maxMapBacklog + " (jobpool.executors.max-map-backlog); retry later");
            }
            long bytes = submissions.stream().mapToLong(s -> s.call().argumentBytes()).sum();
            if (bytes > 0) { // a map is one tenant's
                pendingBytes.reserve(spec.name(), submissions.getFirst().future().tenant(), bytes);
            }
            feeds.add(feed);
        }
        submissions.forEach(this::track);
        Thread.ofVirtual().name("jobpool-" + spec.name() + "-map").start(() -> {
            try {
                feed.run(chunk -> {
                    queue.awaitShare(chunk.getFirst().future().tenant()); // its tenant's share, then room
                    room.acquire(); // one place for a chunk, as one work item in CPython's call queue
                    List<Submission> live = chunk.stream().filter(s -> !s.future().isDone()).toList();
                    if (live.isEmpty()) {
                        room.release();
                    } else {
                        enqueue(live);
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

    /** Queues a call, or a chunk of a map's calls, whose room permit the caller holds. */
    private void enqueue(List<Submission> calls) {
        Queued queued = new Queued(calls);
        queuedCalls.addAndGet(calls.size());
        try {
            pool.execute(queued);
        } catch (RejectedExecutionException e) {
            queued.dequeued();
            queued.release();
            calls.forEach(s -> untrack(s.future())); // the store takes them back: they end without running
            throw new ExecutorShutDown(spec.name());
        }
        for (Submission submission : calls) {
            submission.future().whenDone().thenRun(() -> {
                if (queued.oneDone() && !queued.started && pool.remove(queued)) {
                    queued.dequeued();
                    queued.release(); // cancelled while queued: free its room now
                }
            });
        }
    }

    @Override
    public boolean interrupt(JobFuture future) {
        Running call = running.get(future.id());
        if (call == null || call.future != future) {
            return false;
        }
        if (future.cancelRunning()) {
            call.stop("cancelled with interrupt=true");
        }
        return true;
    }

    @Override
    public ExecutorStatus status() {
        boolean done = terminated.isDone();
        ExecutorState state = broken != null ? ExecutorState.BROKEN
                : done ? ExecutorState.TERMINATED : shutdown ? ExecutorState.SHUT_DOWN : ExecutorState.RUNNING;
        int waiting = feeds.stream().mapToInt(MapFeed::waiting).sum();
        return new ExecutorStatus(state, pool.getPoolSize(), busyThreads.get(), queuedCalls.get(), waiting,
                completed.sum(), done, broken == null ? null : broken.message(), runner.workers());
    }

    @Override
    public void shutdown(boolean cancelFutures) {
        List<MapFeed> active;
        synchronized (this) {
            shutdown = true;
            active = List.copyOf(feeds);
            if (active.isEmpty()) {
                pool.shutdown();
            }
        }
        if (cancelFutures) {
            active.forEach(MapFeed::stop);
            for (Queued queued : drainQueue()) {
                queued.calls.forEach(s -> s.future().cancel());
            }
        }
    }

    /**
     * Python's BrokenProcessPool: fails every call that has not started with {@code reason}, refuses new ones,
     * and shuts the executor down. Called by a runner that cannot run anything any more (its initializer fails).
     */
    @Override
    public void breakWith(RaisedException reason) {
        List<MapFeed> active;
        synchronized (this) {
            if (broken != null) {
                return;
            }
            broken = reason;
            shutdown = true;
            active = List.copyOf(feeds);
            if (active.isEmpty()) {
                pool.shutdown();
            }
        }
        active.forEach(feed -> feed.fail(reason));
        for (Queued queued : drainQueue()) {
            queued.calls.forEach(s -> s.future().failPending(reason));
        }
    }

    private List<Queued> drainQueue() {
        List<Runnable> drained = new ArrayList<>();
        pool.getQueue().drainTo(drained);
        List<Queued> queued = new ArrayList<>(drained.size());
        for (Runnable runnable : drained) {
            Queued call = (Queued) runnable;
            call.dequeued();
            call.release();
            queued.add(call);
        }
        return queued;
    }

    @Override
    public CompletableFuture<Void> whenTerminated() {
        return terminated.copy(); // a copy: callers may not complete or cancel the executor's own
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
    public void stopWorkers(boolean force) {
        if (spec.kind() != ExecutorKind.PROCESS) {
            throw new UnsupportedOperationException("executor '" + spec.name() + "' runs threads, not processes");
        }
        shutdown(true);
        runner.stopWorkers(force);
    }

    @Override
    public void shutdownNow() {
        stopping = true;
        shutdown(true);
        running.values().forEach(call -> {
            if (call.future.cancelRunning()) {
                call.stop("the service is stopping");
            }
        });
        pool.shutdownNow();
    }

    /**
     * One queued call, or a chunk of a map's calls that one pool thread runs in order; {@link #release} gives
     * its room back, once, whichever of run or cancel gets there.
     */
    private final class Queued implements Runnable {

        private final List<Submission> calls;
        /** Its calls not done yet: a chunk leaves the queue early only once all of them were cancelled. */
        private final java.util.concurrent.atomic.AtomicInteger notDone;
        private final AtomicBoolean released = new AtomicBoolean();
        private final AtomicBoolean inQueue = new AtomicBoolean(true);
        private volatile boolean started;

        Queued(List<Submission> calls) {
            this.calls = calls;
            this.notDone = new java.util.concurrent.atomic.AtomicInteger(calls.size());
        }

        /**
         * Every call of a chunk moves to RUNNING when the chunk starts, as in CPython, where the chunk is one
         * work item sent to one worker: none of them can be cancelled from then on.
         */
        @Override
        public void run() {
            started = true;
            dequeued();
            try {
                List<Submission> starting = new ArrayList<>(calls.size());
                for (Submission submission : calls) {
                    JobFuture future = submission.future();
                    if (future.setRunningOrNotifyCancel()) {
                        Tracked call = tracked.get(future.id());
                        if (call != null) {
                            call.started = true;
                        }
                        events.started(spec, future.snapshot());
                        starting.add(submission);
                    } else if (!future.isDone()) {
                        untrack(future); // a shared store vetoed the start: cancelled or taken elsewhere
                    }
                }
                if (!starting.isEmpty()) {
                    busyThreads.incrementAndGet();
                    try {
                        runCalls(starting);
                    } finally {
                        busyThreads.decrementAndGet();
                    }
                }
            } finally {
                release();
            }
        }

        /**
         * Runs the calls and settles their futures. A call's timeout counts from here; only single submits
         * carry one (a map's calls have none), so a chunk never times out a call for the time of the ones
         * before it.
         */
        private void runCalls(List<Submission> starting) {
            List<Running> calls = new ArrayList<>(starting.size());
            List<TaskContext> contexts = new ArrayList<>(starting.size());
            List<ScheduledFuture<?>> timeouts = new ArrayList<>(1);
            for (Submission submission : starting) {
                Running call = new Running(submission.future(), Thread.currentThread());
                calls.add(call);
                contexts.add(new Context(submission.future()));
                running.put(submission.future().id(), call);
                if (submission.timeout() != null) {
                    timeouts.add(timers.schedule(() -> timedOut(submission, call), submission.timeout().toNanos(),
                            TimeUnit.NANOSECONDS));
                }
            }
            // every line logged about this call names it (a chunk's lines name its first call)
            org.slf4j.MDC.put(JobFuture.LOG_KEY, starting.getFirst().future().id());
            try {
                List<CallRunner.Outcome> outcomes = starting.size() == 1
                        ? List.of(runner.run(starting.getFirst(), contexts.getFirst()))
                        : runner.runChunk(starting, contexts);
                for (int i = 0; i < starting.size(); i++) {
                    settle(starting.get(i).future(), outcomes.get(i));
                }
            } finally {
                timeouts.forEach(timeout -> timeout.cancel(false));
                for (Running call : calls) {
                    call.end();
                    running.remove(call.future.id(), call);
                }
                org.slf4j.MDC.remove(JobFuture.LOG_KEY);
                Thread.interrupted(); // a stop that raced with the end must not reach the next call
            }
        }

        private void settle(JobFuture future, CallRunner.Outcome outcome) {
            boolean settled;
            try {
                settled = future.settleRunning(outcome.raised() == null ? encode(outcome.value()) : null,
                        outcome.raised());
            } catch (NotJson e) {
                settled = future.settleRunning(null, e.raised);
            }
            if (settled) {
                completed.increment();
            }
        }

        private Object encode(Object value) {
            try {
                return encodeResult.apply(value);
            } catch (ResultRefused refused) {
                throw new NotJson(refused.raised());
            } catch (IllegalArgumentException notJson) {
                throw new NotJson(new RaisedException("TypeError", "the task returned a "
                        + value.getClass().getSimpleName() + ", which cannot be encoded as JSON", null));
            }
        }

        private void timedOut(Submission submission, Running call) {
            Tracked tracking = tracked.get(submission.future().id());
            if (tracking != null) {
                tracking.timedOut = true; // read by untrack if the settle below ends the call
            }
            String limit = dev.jobpool.future.Seconds.of(submission.timeout());
            if (submission.future().settleRunning(null, new RaisedException("TimeoutError",
                    "the call ran longer than its timeout of " + limit + " and was stopped", null))) {
                call.stop("timed out after " + limit);
            }
        }

        /** One of its calls is done; true when that was the last (a count, not a scan of a 10,000-call chunk). */
        boolean oneDone() {
            return notDone.decrementAndGet() == 0;
        }

        /** It left the queue (started, cancelled out of it, or drained): its calls no longer count as queued. */
        void dequeued() {
            if (inQueue.compareAndSet(true, false)) {
                queuedCalls.addAndGet(-calls.size());
            }
        }

        void release() {
            if (released.compareAndSet(false, true)) {
                room.release();
            }
        }
    }

    /** What events need to know when an accepted call ends. */
    private static final class Tracked {
        final JobFuture future;
        final long argumentBytes;
        volatile boolean started;
        volatile boolean timedOut;

        Tracked(JobFuture future, long argumentBytes) {
            this.future = future;
            this.argumentBytes = argumentBytes;
        }
    }

    /** A result that cannot be encoded, carried out of {@link Queued#encode} as the call's outcome. */
    private static final class NotJson extends RuntimeException {
        private final RaisedException raised;

        NotJson(RaisedException raised) {
            super(raised.message(), null, false, false);
            this.raised = raised;
        }
    }

    /** A call on a pool thread; stopping it after it ended is a no-op. */
    private final class Running {

        private final JobFuture future;
        private final Thread thread;
        /** Guarded by this. */
        private boolean ended;

        Running(JobFuture future, Thread thread) {
            this.future = future;
            this.thread = thread;
        }

        synchronized void stop(String why) {
            if (!ended) {
                runner.stop(thread, why);
            }
        }

        synchronized void end() {
            ended = true;
        }
    }

    private final class Context implements TaskContext {

        private final JobFuture future;

        Context(JobFuture future) {
            this.future = future;
        }

        @Override
        public boolean isCancelled() {
            return stopping || Thread.currentThread().isInterrupted() || future.isDone();
        }

        @Override
        public void reportProgress(double fraction, String message) {
            future.setProgress(new Progress(fraction, message));
        }
    }
}
