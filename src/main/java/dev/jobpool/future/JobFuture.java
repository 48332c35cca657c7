package dev.jobpool.future;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One submitted call and its eventual outcome, Python's {@code concurrent.futures.Future}.
 *
 * <p>Implementation notes. The transitions are those drawn on {@link FutureState}, and they happen in the four
 * methods CPython has: {@link #cancel()}, {@link #setRunningOrNotifyCancel()}, {@link #setResult} and
 * {@link #setException}, plus {@link #cancelRunning()} for the opt-in interrupting cancel. Executors settle a
 * running call with {@link #settleRunning}: a call stopped by a timeout or an interrupting cancel may still
 * return later, and that late outcome is dropped rather than an error. Each holds this object's monitor while it reads and writes the state; an illegal move
 * throws {@link InvalidStateError} naming the current state. Once a future is done, {@link #whenDone()} completes
 * (outside the monitor, so that callbacks never run while it is held); waiters block on that, never on the
 * monitor, so a waiting virtual thread pins nothing.
 */
public final class JobFuture {

    /**
     * The logging MDC key that names the future a line is about: set by the pool thread running the call and by
     * requests about one future, and a field of its own in structured (JSON) logs.
     */
    public static final String LOG_KEY = "futureId";

    /** The tenant of futures made without one: the local administrator's in protected mode, and older rows. */
    public static final String DEFAULT_TENANT = "local";

    private final String id;
    /** Whose future it is: only that tenant (and administrators) may see it. */
    private final String tenant;
    private final String executor;
    private final String task;
    /**
     * The three times as nanoseconds since the epoch ({@link #NOT_YET} for none): an {@code Instant} is a
     * 24-byte object of its own, and a finished future is kept by the hundred thousand, so three of them were a
     * fifth of what one retained future costs. {@link #snapshot} gives them back as {@code Instant}s.
     */
    private final long submittedAt;
    private final int retries;
    private final CompletableFuture<JobFuture> done = new CompletableFuture<>();

    // guarded by this
    private FutureState state = FutureState.PENDING;
    private Object result;
    private RaisedException exception;
    private long startedAt = NOT_YET;
    private long finishedAt = NOT_YET;
    /** How many times the call started, counting runs before a restart for a durable store. */
    private int attempts;

    /** Run once, the first time a client is given this future's outcome ({@link #read}); null for none. */
    private volatile Runnable onRead;
    private static final java.util.concurrent.atomic.AtomicReferenceFieldUpdater<JobFuture, Runnable> ON_READ =
            java.util.concurrent.atomic.AtomicReferenceFieldUpdater.newUpdater(JobFuture.class, Runnable.class,
                    "onRead");

    /** Written by the running task only; readers want the latest value, not a consistent pair. */
    private volatile Progress progress;

    /**
     * Who waits for this future to be done: run once when it is, and removable before, so that a waiter that
     * gives up (a wait that timed out) leaves nothing behind on a future that may run for a day. Guarded by
     * this; null before the first waiter and after completion (then {@link #waitersRan}).
     */
    private java.util.Set<Runnable> waiters;
    /** Guarded by this. */
    private boolean waitersRan;

    /** Told of every transition, after it happened (a durable store writes it through); set once, by the store. */
    private volatile Listener listener;

    /**
     * Set once the store that kept this future let go of it (deleted, evicted, discarded, or replaced by another
     * object for the same id). Kept here rather than asked of the store's sorted map because the store asks it
     * on every end, under its retention lock: a flag costs nothing (it fits the object's alignment padding), a
     * lookup among a hundred thousand time-ordered ids costs microseconds that every finishing call waited for.
     */
    private volatile boolean forgotten;

    /** Hears a future's transitions; runs on the thread that made them, outside the future's monitor. */
    public interface Listener {
        /**
         * Told of every transition, after it happened. For a move to a done state, the future's waiters are woken
         * when the returned stage completes (normally or not): a durable store completes it once the move is
         * recorded, so that what a woken waiter reads next is durable, while the thread that made the move (a
         * worker) goes on to its next call rather than waiting for the record.
         */
        CompletionStage<?> transitioned(JobFuture future, FutureState from, FutureSnapshot now);

        /**
         * Asked just before a worker starts the call: false vetoes the start (a shared store found the call
         * cancelled or taken back elsewhere), and the worker skips it as it would a cancelled one.
         */
        default boolean mayStart(JobFuture future) {
            return true;
        }

        /**
         * Asked before a pending future is cancelled: false vetoes the cancel (a shared store found that the call
         * started first). With {@link #mayStart} this makes start and cancel one decision, the store's, so that
         * the store and this object never disagree on which came first. A cancel that was allowed is still
         * {@link #transitioned told}, as every transition is.
         */
        default boolean mayCancel(JobFuture future) {
            return true;
        }
    }

    public JobFuture(String id, String executor, String task, Instant submittedAt) {
        this(id, executor, task, submittedAt, 0);
    }

    /**
     * @param retries how many times the call may run again if the instance running it is lost (durable stores
     *                only; at-least-once). 0 means at most once, as in Python
     */
    public JobFuture(String id, String executor, String task, Instant submittedAt, int retries) {
        this(id, DEFAULT_TENANT, executor, task, submittedAt, retries);
    }

    /** A new, pending future of {@code tenant}. */
    public JobFuture(String id, String tenant, String executor, String task, Instant submittedAt, int retries) {
        this.id = id;
        this.tenant = tenant;
        this.executor = executor;
        this.task = task;
        this.submittedAt = nanos(submittedAt);
        this.retries = retries;
    }

    /** A time not reached yet (started, finished). Long.MIN_VALUE ns is the year 1677: no future's time. */
    private static final long NOT_YET = Long.MIN_VALUE;

    private static long nanos(Instant instant) {
        return instant == null ? NOT_YET : instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static Instant instant(long nanos) {
        return nanos == NOT_YET ? null : Instant.ofEpochSecond(0, nanos);
    }

    private static long now() {
        return nanos(Instant.now());
    }

    /** A future as a durable store kept it: in its state, with its outcome, done if it was done. */
    public static JobFuture restored(FutureSnapshot kept) {
        JobFuture future = new JobFuture(kept.id(), kept.tenant(), kept.executor(), kept.task(), kept.submittedAt(),
                kept.retries());
        future.attempts = kept.attempts();
        future.state = kept.state();
        future.result = kept.result();
        future.exception = kept.exception();
        future.progress = kept.progress();
        future.startedAt = nanos(kept.startedAt());
        future.finishedAt = nanos(kept.finishedAt());
        if (kept.state().isDone()) {
            future.done.complete(future);
            future.waitersRan = true;
        }
        return future;
    }

    public void listen(Listener listener) {
        this.listener = listener;
    }

    private void tell(FutureState from) {
        Listener current = listener;
        if (current != null) {
            current.transitioned(this, from, snapshot());
        }
    }

    public String id() {
        return id;
    }

    public String tenant() {
        return tenant;
    }

    public String executor() {
        return executor;
    }

    public String task() {
        return task;
    }

    /**
     * Python's {@code cancel()}: true if the future was pending (it is now cancelled) or already cancelled;
     * false if it is running or finished.
     */
    public boolean cancel() {
        Listener current = listener;
        if (current != null && state() == FutureState.PENDING && !current.mayCancel(this)) {
            return state() == FutureState.CANCELLED;
        }
        synchronized (this) {
            if (state == FutureState.CANCELLED) {
                return true;
            }
            if (state != FutureState.PENDING) {
                return false;
            }
            move(FutureState.CANCELLED);
            finishedAt = now();
        }
        finish(FutureState.PENDING);
        return true;
    }

    /**
     * After a move to a done state: waiters are woken once the listener has the move recorded, so that what they
     * read next is durable. With no listener (the in-memory store), or one that recorded it already, they are
     * woken here, on this thread; else on the thread that completes the record.
     */
    private void finish(FutureState from) {
        Listener current = listener;
        if (current == null) {
            wake(); // nothing to record: no stage to make on the in-memory store's path, which every call takes
            return;
        }
        current.transitioned(this, from, snapshot()).whenComplete((recorded, failed) -> wake());
    }

    private void wake() {
        done.complete(this);
        runWaiters();
    }

    /**
     * Runs {@code action} the first time a client is given this future's outcome: a map with a buffersize moves
     * on by what its client has read, not by what finished.
     */
    public void whenRead(Runnable action) {
        onRead = action;
    }

    /** A client was given this future's outcome (its result, exception or cancellation); only the first counts. */
    public void read() {
        Runnable action = ON_READ.getAndSet(this, null);
        if (action != null) {
            action.run();
        }
    }

    /** A registration made with {@link #onDone}; closing it removes the action if it has not run. */
    @FunctionalInterface
    public interface Subscription extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Runs {@code action} once this future is done: now, on this thread, if it is done already; else on the
     * thread that completes it. Unlike a stage of {@link #whenDone()}, the returned subscription removes the
     * action at once when closed: a waiter that returns takes back what it attached.
     */
    public Subscription onDone(Runnable action) {
        synchronized (this) {
            if (!waitersRan) {
                if (waiters == null) {
                    waiters = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                }
                waiters.add(action);
                return () -> {
                    synchronized (JobFuture.this) {
                        if (waiters != null) {
                            waiters.remove(action);
                        }
                    }
                };
            }
        }
        action.run();
        return () -> { };
    }

    private void runWaiters() {
        java.util.Set<Runnable> toRun;
        synchronized (this) {
            toRun = waiters;
            waiters = null;
            waitersRan = true;
        }
        if (toRun != null) {
            toRun.forEach(Runnable::run);
        }
    }

    /** How many waiters are attached now: for tests that check waiters leave nothing behind. */
    public synchronized int waiting() {
        return waiters == null ? 0 : waiters.size();
    }

    /**
     * Brings a future that ran elsewhere (a mirror of a shared store's row) to the done state the row reached,
     * with the row's times, attempts and outcome: what this object answers is then what the row says.
     *
     * @return false if this future was done already
     */
    public boolean completeFrom(FutureSnapshot row) {
        if (!row.state().isDone()) {
            throw new IllegalArgumentException("future " + id + ": its row is " + row.state() + ", not done");
        }
        synchronized (this) {
            if (state.isDone()) {
                return false;
            }
            state = row.state(); // PENDING or RUNNING to a done state: both are moves the diagram allows
            result = row.result();
            exception = row.exception();
            startedAt = nanos(row.startedAt());
            finishedAt = nanos(row.finishedAt());
            attempts = row.attempts();
        }
        wake();
        return true;
    }

    /**
     * Called by a worker just before it runs the call: true if the future is now running, false if it was
     * cancelled meanwhile (the worker then skips it).
     */
    public boolean setRunningOrNotifyCancel() {
        Listener current = listener;
        if (current != null && state() == FutureState.PENDING && !current.mayStart(this)) {
            return false;
        }
        synchronized (this) {
            if (state == FutureState.CANCELLED) {
                return false;
            }
            move(FutureState.RUNNING);
            startedAt = now();
            attempts++;
        }
        tell(FutureState.PENDING);
        return true;
    }

    public void setResult(Object value) {
        FutureState from;
        synchronized (this) {
            from = state;
            move(FutureState.FINISHED);
            result = value;
            finishedAt = now();
        }
        finish(from);
    }

    public void setException(RaisedException raised) {
        FutureState from;
        synchronized (this) {
            from = state;
            move(FutureState.FINISHED);
            exception = raised;
            finishedAt = now();
        }
        finish(from);
    }

    /**
     * The interrupting cancel: a running future becomes CANCELLED. True if it was running (or is cancelled
     * already); false if it is pending (use {@link #cancel()}) or finished.
     */
    public boolean cancelRunning() {
        synchronized (this) {
            if (state == FutureState.CANCELLED) {
                return true;
            }
            if (state != FutureState.RUNNING) {
                return false;
            }
            move(FutureState.CANCELLED);
            finishedAt = now();
        }
        finish(FutureState.RUNNING);
        return true;
    }

    /**
     * Sets the outcome of a running call unless something else (a timeout, an interrupting cancel) already
     * ended it. Exactly one of {@code value} and {@code raised} is used: {@code raised} when it is not null.
     *
     * @return false if the future was no longer running, so the outcome was dropped
     */
    public boolean settleRunning(Object value, RaisedException raised) {
        synchronized (this) {
            if (state != FutureState.RUNNING) {
                return false;
            }
            move(FutureState.FINISHED);
            result = raised == null ? value : null;
            exception = raised;
            finishedAt = now();
        }
        finish(FutureState.RUNNING);
        return true;
    }

    /**
     * Fails a future that never started, e.g. when its executor broke: PENDING → FINISHED with the exception.
     *
     * @return false if it was no longer pending
     */
    public boolean failPending(RaisedException raised) {
        synchronized (this) {
            if (state != FutureState.PENDING) {
                return false;
            }
            move(FutureState.FINISHED);
            exception = raised;
            finishedAt = now();
        }
        finish(FutureState.PENDING);
        return true;
    }

    public void setProgress(Progress progress) {
        this.progress = progress;
    }

    private void move(FutureState next) {
        if (!state.canMoveTo(next)) {
            throw new InvalidStateError(id, state, next);
        }
        state = next;
    }

    public synchronized FutureState state() {
        return state;
    }

    public boolean isDone() {
        return done.isDone();
    }

    /** The store let go of this future for good: see {@link #forgotten}. */
    public void forget() {
        forgotten = true;
    }

    public boolean isForgotten() {
        return forgotten;
    }

    /** Completes with this future once it is finished or cancelled. */
    public CompletableFuture<JobFuture> whenDone() {
        return done;
    }

    /** How long {@link #awaitDone} spins before it parks. */
    private static final long SPIN_NANOS = 30_000;

    /** Blocks until done or the timeout passes; true if done. */
    public boolean awaitDone(Duration timeout) throws InterruptedException {
        if (done.isDone()) {
            return true;
        }
        // A short call is often done a few tens of microseconds after it is submitted, and a waiter that parks
        // has to be woken: on the bench machine that wake-up (the virtual thread's carrier parked too) cost about
        // 150 µs, more than the service's own time for a submit, and a Prefer: wait answer took 2.4 times a plain
        // submit's time; with this spin, 1.2 times. The price is at most SPIN_NANOS of one core per wait that
        // does park; the JDK's own synchronizers (SynchronousQueue, Phaser) spin before they park for the same
        // reason. Longer would buy little: the waits the spin saves are the ones done within it.
        long began = System.nanoTime();
        long spun;
        while ((spun = System.nanoTime() - began) < Math.min(timeout.toNanos(), SPIN_NANOS)) {
            if (done.isDone()) {
                return true;
            }
            Thread.onSpinWait();
        }
        try {
            done.get(timeout.toNanos() - spun, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException("done is only ever completed normally", e);
        }
    }

    /** Python's {@code result(timeout)}: the value, or the task's exception, cancellation or a timeout raised. */
    public Object result(Duration timeout) throws InterruptedException {
        FutureSnapshot snapshot = outcome(timeout);
        snapshot.failure().ifPresent(failure -> {
            throw failure;
        });
        return snapshot.result();
    }

    /** Python's {@code exception(timeout)}: the task's exception, or null if it returned. */
    public RaisedException exception(Duration timeout) throws InterruptedException {
        return outcome(timeout).exception();
    }

    private FutureSnapshot outcome(Duration timeout) throws InterruptedException {
        if (!awaitDone(timeout)) {
            throw new FutureTimedOut(id, timeout);
        }
        FutureSnapshot snapshot = snapshot();
        if (snapshot.state() == FutureState.CANCELLED) {
            throw snapshot.failure().orElseThrow();
        }
        return snapshot;
    }

    /** A consistent copy of everything about this future, for answers and listings. */
    public FutureSnapshot snapshot() {
        synchronized (this) {
            return new FutureSnapshot(id, tenant, executor, task, state, result, exception, progress,
                    instant(submittedAt), instant(startedAt), instant(finishedAt), attempts, retries);
        }
    }

    public synchronized Instant finishedAt() {
        return instant(finishedAt);
    }

    @Override
    public String toString() {
        return "JobFuture[" + id + " " + task + " on " + executor + "]";
    }
}
