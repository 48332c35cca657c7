package dev.jobpool.executor;


/**
 * An executor's counters at one moment.
 *
 * @param workers worker threads alive
 * @param active workers running a call now
 * @param queued calls waiting for a worker
 * @param waitingInMaps calls accepted by {@code map} and not yet queued (they wait for queue room)
 * @param completed calls that ran to an outcome (returned or raised)
 * @param terminated nothing is left to run and no worker is alive
 * @param brokenBecause why the executor is broken, or null
 * @param processes the worker processes of a {@code kind: process} executor; null for threads
 */
public record ExecutorStatus(ExecutorState state, int workers, int active, int queued, int waitingInMaps,
                             long completed, boolean terminated, String brokenBecause, WorkerStatistics processes) {
}
