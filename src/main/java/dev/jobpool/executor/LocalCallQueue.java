package dev.jobpool.executor;

import dev.jobpool.future.FutureStore;
import dev.jobpool.future.JobFuture;

/** Calls wait in the queue of this instance's executor itself: one instance, nothing shared. */
public final class LocalCallQueue implements CallQueue {

    private final FutureStore store;
    private final ExecutorRegistry executors;

    public LocalCallQueue(FutureStore store, ExecutorRegistry executors) {
        this.store = store;
        this.executors = executors;
    }

    @Override
    public void enqueue(Executor executor, Submission submission) {
        store.add(submission.future(), submission.call().args());
        try {
            executor.submit(submission);
        } catch (RuntimeException refused) {
            store.discard(submission.future());
            throw refused;
        }
    }

    @Override
    public boolean cancel(JobFuture future) {
        return future.cancel();
    }

    @Override
    public boolean interrupt(JobFuture future) {
        return executors.find(future.executor()).map(executor -> executor.interrupt(future)).orElse(false);
    }
}
