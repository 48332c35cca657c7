package dev.jobpool.future;

/** A transition the state machine does not allow, Python's {@code concurrent.futures.InvalidStateError}. */
class InvalidStateError extends IllegalStateException {

    public InvalidStateError(String id, FutureState from, FutureState to) {
        super("future " + id + " cannot move from " + from + " to " + to);
    }
}
