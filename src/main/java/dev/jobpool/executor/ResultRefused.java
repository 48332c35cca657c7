package dev.jobpool.executor;

import dev.jobpool.future.RaisedException;

/** A task's return value that the service will not keep (too deeply nested): the call fails with {@link #raised}. */
final class ResultRefused extends IllegalArgumentException {

    private final transient RaisedException raised;

    ResultRefused(RaisedException raised) {
        super(raised.message());
        this.raised = raised;
    }

    public RaisedException raised() {
        return raised;
    }
}
