package dev.jobpool.executor;

import dev.jobpool.future.RaisedException;
import dev.jobpool.task.TaskContext;

/** {@code kind: thread}: the pool thread runs the task itself; stopping it means interrupting it. */
final class InThreadRunner implements CallRunner {

    @Override
    public Outcome run(Submission submission, TaskContext context) {
        try {
            return Outcome.returned(submission.call().run(context));
        } catch (Throwable raised) {
            // a task's exception, even an Error such as StackOverflowError, is its outcome, as in Python
            return Outcome.raised(RaisedException.of(raised, submission.call().task().getClass()));
        }
    }

    @Override
    public void stop(Thread poolThread, String why) {
        poolThread.interrupt();
    }
}
