package dev.jobpool.executor;

import java.util.List;

/**
 * What a process executor's runner counts of its worker processes, for the executor's status, its health and
 * its meters.
 *
 * @param workerPids the worker processes alive now, lowest pid first
 * @param workerStarts worker processes started
 * @param workerCrashes worker processes that died running a call
 * @param workerRecycles workers replaced after maxTasksPerChild calls
 * @param lastWorkerStartMillis how long the last worker took from start to ready; null before the first
 * @param lastCrash the last worker death while it ran a call: pid, exit status, and the tail of its stderr.
 *                  For administrators only (a worker's stderr may show anything a task printed); null if none
 */
public record WorkerStatistics(List<Long> workerPids, long workerStarts, long workerCrashes, long workerRecycles,
                               Long lastWorkerStartMillis, String lastCrash) {

    /** The same without what only administrators may read. */
    public WorkerStatistics withoutCrashReport() {
        return new WorkerStatistics(workerPids, workerStarts, workerCrashes, workerRecycles, lastWorkerStartMillis,
                null);
    }
}
