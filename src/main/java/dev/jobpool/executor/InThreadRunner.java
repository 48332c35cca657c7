package dev.jobpool.executor;

import dev.jobpool.future.RaisedException;
import dev.jobpool.task.TaskCall;
import dev.jobpool.task.TaskContext;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kind: thread}: the pool thread runs the task itself; stopping it means interrupting it. With an
 * initializer, each pool thread runs it once before its first call, as each of Python's ThreadPoolExecutor
 * threads does; if it raises, the executor is broken (Python's BrokenThreadPool): the call that thread took and
 * every call not yet started fail, and new submits are refused.
 */
final class InThreadRunner implements CallRunner {

    private static final Logger log = LoggerFactory.getLogger(InThreadRunner.class);

    private final String executorName;
    private final TaskCall<?> initializer;
    /** Whether this pool thread ran the initializer; a new thread (one replacing an idle one) runs it again. */
    private final ThreadLocal<Boolean> initialized = ThreadLocal.withInitial(() -> false);
    private volatile Executor executor;

    /** @param initializer run once by every pool thread before its first call; null for none */
    InThreadRunner(String executorName, TaskCall<?> initializer) {
        this.executorName = executorName;
        this.initializer = initializer;
    }

    @Override
    public void attach(Executor executor) {
        this.executor = executor;
    }

    @Override
    public Outcome run(Submission submission, TaskContext context) {
        if (initializer != null && !initialized.get()) {
            RaisedException failed = initialize();
            if (failed != null) {
                return Outcome.raised(failed);
            }
            initialized.set(true);
        }
        try {
            return Outcome.returned(submission.call().run(context));
        } catch (Throwable raised) {
            // a task's exception, even an Error such as StackOverflowError, is its outcome, as in Python
            return Outcome.raised(RaisedException.of(raised, submission.call().task().getClass()));
        }
    }

    /** Runs the initializer on this pool thread: null if it returned, else what broke the executor. */
    private RaisedException initialize() {
        try {
            initializer.run(new InitializerContext());
            return null;
        } catch (Throwable raised) {
            RaisedException cause = RaisedException.of(raised, initializer.task().getClass());
            // Python's words, and then what the initializer raised, which Python logs instead
            RaisedException broken = new RaisedException("BrokenThreadPool", "A thread initializer failed, the"
                    + " thread pool is not usable anymore: " + cause.type() + ": " + cause.message(), null);
            log.error("the initializer of executor '{}' raised {}: {}: the executor is broken", executorName,
                    cause.type(), cause.message());
            executor.breakWith(broken);
            return broken;
        }
    }

    /** An initializer belongs to no call: nothing to report progress on; it stops when its thread is interrupted. */
    private static final class InitializerContext implements TaskContext {

        @Override
        public boolean isCancelled() {
            return Thread.currentThread().isInterrupted();
        }

        @Override
        public void reportProgress(double fraction, String message) {
        }
    }

    @Override
    public void stop(Thread poolThread, String why) {
        poolThread.interrupt();
    }
}
