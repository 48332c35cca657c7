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
 */
public record WorkerStatistics(List<Long> workerPids, long workerStarts, long workerCrashes, long workerRecycles,
                               Long lastWorkerStartMillis) {
}
