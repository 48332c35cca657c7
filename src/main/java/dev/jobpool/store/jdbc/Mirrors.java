package dev.jobpool.store.jdbc;

import dev.jobpool.future.FutureSnapshot;
import dev.jobpool.future.FutureState;
import dev.jobpool.future.JobFuture;

/** Brings a mirror (a future that runs elsewhere) to the done state its row reached, through its own transitions. */
final class Mirrors {

    private Mirrors() {
    }

    static void complete(JobFuture mirror, FutureSnapshot done) {
        if (mirror.isDone()) {
            return;
        }
        if (done.state() == FutureState.CANCELLED) {
            if (!mirror.cancel()) {
                mirror.cancelRunning();
            }
        } else if (mirror.state() == FutureState.RUNNING) {
            mirror.settleRunning(done.result(), done.exception());
        } else if (done.exception() != null) {
            mirror.setException(done.exception());
        } else {
            mirror.setResult(done.result());
        }
    }
}
