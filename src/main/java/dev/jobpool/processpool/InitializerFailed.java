package dev.jobpool.processpool;

import dev.jobpool.future.RaisedException;

/** A new worker's initializer raised: the executor is broken, as in Python. */
final class InitializerFailed extends Exception {

    private final RaisedException raised;

    InitializerFailed(RaisedException raised) {
        super(raised.type() + ": " + raised.message());
        this.raised = raised;
    }

    RaisedException raised() {
        return raised;
    }
}
