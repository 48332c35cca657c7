package dev.jobpool.executor;

/**
 * An executor's counters at one moment.
 *
 * @param workers worker threads (or processes) alive
 * @param active workers running a call now
 * @param queued calls waiting for a worker
 * @param waitingInMaps calls accepted by {@code map} and not yet queued (they wait for queue room)
 * @param completed calls that ran to an outcome (returned or raised)
 */
public record ExecutorStatus(ExecutorState state, int workers, int active, int queued, int waitingInMaps,
                             long completed) {
}
