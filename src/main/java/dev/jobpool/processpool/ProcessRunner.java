package dev.jobpool.processpool;

import dev.jobpool.executor.CallRunner;
import dev.jobpool.executor.WorkerStatistics;
import dev.jobpool.executor.Executor;
import dev.jobpool.executor.ExecutorSpec;
import dev.jobpool.executor.Submission;
import dev.jobpool.future.RaisedException;
import dev.jobpool.future.Seconds;
import dev.jobpool.processpool.protocol.FrameCodec;
import dev.jobpool.processpool.protocol.Frame;
import dev.jobpool.task.TaskCall;
import dev.jobpool.task.TaskContext;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * {@code kind: process}: every pool thread of the executor owns one worker JVM and runs its calls there.
 *
 * <p>Unlike Python, where one dead worker breaks the whole pool, a dead worker here fails only the call it was
 * running (with {@code BrokenProcessPool}, naming the exit status and the tail of its stderr) and is replaced
 * on the thread's next call; queued calls are not touched. Two things still break the executor, as in Python:
 * an initializer that raises, and workers that cannot start {@code crashLoopLimit} times in a row. A task that
 * crashes its worker {@code crashLoopLimit} times in a row is refused from then on instead of crash-looping.
 *
 * <p>Implementation notes. {@code workers} maps each pool thread to its worker; only that thread starts or
 * replaces its worker, while the pinger, {@link #stop} and {@link #stopWorkers} may kill any of them. The
 * counters are for the executor's status (and metrics).
 */
final class ProcessRunner implements CallRunner {

    private static final Logger log = LoggerFactory.getLogger(ProcessRunner.class);

    private final ExecutorSpec spec;
    private final WorkerCommand command;
    private final WorkerSettings settings;
    private final FrameCodec codec;
    private final Map<String, Map<String, List<String>>> taskSettings;
    private final Map<Thread, WorkerProcess> workers = new ConcurrentHashMap<>();
    private final Map<Thread, Integer> callsByWorker = new ConcurrentHashMap<>();
    private final Map<String, Integer> crashStreaks = new ConcurrentHashMap<>();
    /** Workers killed on purpose (timeouts, interrupting cancels, terminate/kill): their end is no crash. */
    private final java.util.Set<WorkerProcess> stoppedOnPurpose = ConcurrentHashMap.newKeySet();
    /**
     * Pool threads whose running call was stopped while its worker was still starting: the call must not be
     * sent to the worker once it is up. Cleared when the call ends.
     */
    private final java.util.Set<Thread> stopRequested = ConcurrentHashMap.newKeySet();
    /** Set by {@link #stopWorkers}: no worker may run anything from then on. */
    private volatile boolean workersStopped;
    private final AtomicInteger failedStarts = new AtomicInteger();
    private final AtomicLong starts = new AtomicLong();
    private final AtomicLong crashes = new AtomicLong();
    private final AtomicLong recycles = new AtomicLong();
    /** Names the chunks sent to workers. */
    private final AtomicLong chunks = new AtomicLong();
    /** How long the last worker took from its start to ready (hello and init done). */
    private volatile long lastStartMillis = -1;
    /** The last worker death while it ran a call, for administrators (WorkerStatistics#lastCrash). */
    private volatile String lastCrash;
    private final ScheduledFuture<?> pinger;
    private volatile Executor executor;

    ProcessRunner(ExecutorSpec spec, WorkerCommand command, WorkerSettings settings, FrameCodec codec,
                  Map<String, Map<String, List<String>>> taskSettings, ScheduledExecutorService scheduler) {
        this.spec = spec;
        this.command = command;
        this.settings = settings;
        this.codec = codec;
        this.taskSettings = taskSettings;
        long interval = settings.pingInterval().toNanos();
        this.pinger = scheduler.scheduleWithFixedDelay(this::pingAll, interval, interval, TimeUnit.NANOSECONDS);
    }

    @Override
    public void attach(Executor executor) {
        this.executor = executor;
    }

    @Override
    public Outcome run(Submission submission, TaskContext context) {
        Frame.Call call = callFrame(submission);
        return runOnWorker(List.of(submission), worker -> List.of(worker.call(call,
                progress -> context.reportProgress(progress.fraction(), progress.message())))).getFirst();
    }

    /** One {@code calls} frame for the chunk, one {@code results} frame back (PROTOCOL.md). */
    @Override
    public List<Outcome> runChunk(List<Submission> chunk, List<TaskContext> contexts) {
        Map<String, TaskContext> byId = new HashMap<>();
        for (int i = 0; i < chunk.size(); i++) {
            byId.put(chunk.get(i).future().id(), contexts.get(i));
        }
        Frame.Calls calls = new Frame.Calls("chunk-" + chunks.incrementAndGet(),
                chunk.stream().map(this::callFrame).toList());
        return runOnWorker(chunk, worker -> worker.calls(calls, progress -> {
            TaskContext context = byId.get(progress.id());
            if (context != null) {
                context.reportProgress(progress.fraction(), progress.message());
            }
        }));
    }

    private Frame.Call callFrame(Submission submission) {
        return new Frame.Call(submission.future().id(), submission.call().task().name(),
                codec.json().valueToTree(submission.call().args()));
    }

    /** What is sent to the worker and read back: one call, or a chunk. */
    private interface Exchange {
        List<Frame.Reply> with(WorkerProcess worker) throws WorkerDied;
    }

    /**
     * Runs calls of one task on this pool thread's worker (started if need be) and gives their outcomes in
     * order; when anything fails on the way (the task is refused after crashes, no worker starts, the worker
     * dies), every call fails the same way, as a chunk is one work item in CPython.
     */
    private List<Outcome> runOnWorker(List<Submission> calls, Exchange exchange) {
        String task = calls.getFirst().call().task().name();
        int streak = crashStreaks.getOrDefault(task, 0);
        if (streak >= settings.crashLoopLimit()) {
            return failAll(calls, broken("task '" + task + "' crashed its worker " + streak + " times in a row,"
                    + " so executor '" + spec.name() + "' does not run it again (create a new executor to retry)"));
        }
        WorkerProcess worker;
        try {
            worker = workerOfThisThread();
        } catch (WorkerDied e) {
            return failAll(calls, broken("no worker could be started for this call: " + e.getMessage()));
        } catch (InitializerFailed e) {
            return failAll(calls, broken("the initializer raised " + e.getMessage()));
        }
        try {
            return exchange(calls, exchange, task, worker);
        } finally {
            stopRequested.remove(Thread.currentThread());
        }
    }

    private List<Outcome> exchange(List<Submission> calls, Exchange exchange, String task, WorkerProcess worker) {
        if (workersStopped || stopRequested.contains(Thread.currentThread())) {
            // stopped while the worker was starting: the call's future is settled already, the worker goes
            stoppedOnPurpose.add(worker);
            workers.remove(Thread.currentThread(), worker);
            worker.kill(workersStopped ? "its executor's workers were stopped" : "its call was stopped");
            return failAll(calls, broken("the call was stopped before it reached a worker"));
        }
        try {
            List<Frame.Reply> replies = exchange.with(worker);
            crashStreaks.remove(task);
            recycleIfDue(worker);
            return replies.stream().map(reply -> reply instanceof Frame.Raised raised
                    ? Outcome.raised(raised.exception()) : Outcome.returned(((Frame.Returned) reply).value())).toList();
        } catch (WorkerDied e) {
            workers.remove(Thread.currentThread(), worker);
            if (stoppedOnPurpose.remove(worker)) {
                return failAll(calls, broken(e.getMessage()));
            }
            crashes.incrementAndGet();
            crashStreaks.merge(task, 1, Integer::sum);
            String which = calls.size() == 1 ? "future " + calls.getFirst().future().id()
                    : "a chunk of " + calls.size() + " futures from " + calls.getFirst().future().id();
            lastCrash = e.getMessage() + " running " + which + " (" + task + "); its stderr ended with:\n"
                    + worker.stderrTail();
            log.warn("worker pid {} of executor '{}' died running {} ({}): {}; its stderr ended with:\n{}",
                    worker.pid(), spec.name(), which, task, e.getMessage(), worker.stderrTail());
            return failAll(calls, broken(e.getMessage()));
        }
    }

    private static List<Outcome> failAll(List<Submission> calls, RaisedException reason) {
        return java.util.Collections.nCopies(calls.size(), Outcome.raised(reason));
    }

    private static RaisedException broken(String message) {
        return new RaisedException("BrokenProcessPool", message, null);
    }

    /** This pool thread's worker, started (or replaced) when it has none alive. */
    private WorkerProcess workerOfThisThread() throws WorkerDied, InitializerFailed {
        Thread thread = Thread.currentThread();
        WorkerProcess worker = workers.get(thread);
        if (worker != null && worker.isAlive()) {
            return worker;
        }
        TaskCall<?> initializer = spec.workers().initializer();
        Frame.Init init = new Frame.Init("init", settings.taskClasses(), taskSettings, initializer == null ? null
                : new Frame.Invocation(initializer.task().name(), codec.json().valueToTree(initializer.args())));
        command.prepare(training -> AotTraining.start(training, command.environment(),
                new Frame.Init("init", settings.taskClasses(), taskSettings, null), codec, settings.startTimeout()));
        long startedAt = System.nanoTime();
        try {
            worker = WorkerProcess.start(spec.name(), command.command(spec.workers()), command.environment(), init, codec,
                    settings.startTimeout());
        } catch (InitializerFailed e) {
            log.error("the initializer of executor '{}' raised {}: the executor is broken", spec.name(), e.getMessage());
            executor.breakWith(broken("the initializer raised " + e.getMessage()));
            throw e;
        } catch (WorkerDied e) {
            int failures = failedStarts.incrementAndGet();
            log.warn("a worker of executor '{}' failed to start ({} in a row): {}", spec.name(), failures, e.getMessage());
            if (failures >= settings.crashLoopLimit()) {
                executor.breakWith(broken(failures + " workers in a row failed to start; the last: " + e.getMessage()));
            }
            throw e;
        }
        failedStarts.set(0);
        starts.incrementAndGet();
        lastStartMillis = (System.nanoTime() - startedAt) / 1_000_000;
        workers.put(thread, worker);
        callsByWorker.put(thread, 0);
        log.debug("executor '{}' started worker pid {} in {} ms", spec.name(), worker.pid(), lastStartMillis);
        return worker;
    }

    private void recycleIfDue(WorkerProcess worker) {
        Integer max = spec.workers().maxTasksPerChild();
        int calls = callsByWorker.merge(Thread.currentThread(), 1, Integer::sum);
        if (max != null && calls >= max) {
            workers.remove(Thread.currentThread(), worker);
            recycles.incrementAndGet();
            worker.bye(settings.byeGrace());
        }
    }

    @Override
    public void stop(Thread poolThread, String why) {
        stopRequested.add(poolThread);
        WorkerProcess worker = workers.get(poolThread);
        if (worker != null) {
            stoppedOnPurpose.add(worker);
            worker.kill(why);
        }
    }

    @Override
    public void threadEnded() {
        callsByWorker.remove(Thread.currentThread());
        WorkerProcess worker = workers.remove(Thread.currentThread());
        if (worker != null) {
            worker.bye(settings.byeGrace());
        }
    }

    /**
     * Python 3.14's {@code terminate_workers()} ({@code force} false: SIGTERM) and {@code kill_workers()}
     * ({@code force} true: SIGKILL): the calls they were running fail with BrokenProcessPool.
     */
    @Override
    public void stopWorkers(boolean force) {
        workersStopped = true;
        for (WorkerProcess worker : workers.values()) {
            String why = force ? "its executor's workers were killed" : "its executor's workers were terminated";
            stoppedOnPurpose.add(worker);
            if (force) {
                worker.kill(why);
            } else {
                worker.terminate(why);
            }
        }
    }

    @Override
    public void close() {
        pinger.cancel(false);
        workers.values().forEach(worker -> worker.kill("its executor terminated"));
        workers.clear();
    }

    /** Pings every worker; kills the ones that have been silent too long (a hung JVM, a stopped process). */
    private void pingAll() {
        for (WorkerProcess worker : List.copyOf(workers.values())) {
            if (worker.silentNanos() > settings.pingTimeout().toNanos()) {
                log.warn("worker pid {} of executor '{}' did not answer for {} ms: killing it", worker.pid(),
                        spec.name(), Duration.ofNanos(worker.silentNanos()).toMillis());
                worker.kill("it stopped answering pings for " + Seconds.of(settings.pingTimeout()));
            } else if (worker.isAlive()) {
                worker.ping();
            }
        }
    }

    @Override
    public WorkerStatistics workers() {
        return new WorkerStatistics(workers.values().stream().filter(WorkerProcess::isAlive).map(WorkerProcess::pid)
                .sorted().toList(), starts.get(), crashes.get(), recycles.get(),
                lastStartMillis < 0 ? null : lastStartMillis, lastCrash);
    }
}
