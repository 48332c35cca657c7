package dev.jobpool.executor;

/**
 * RUNNING accepts submissions; SHUT_DOWN refuses them while what was accepted drains; BROKEN refuses them and
 * failed what was pending (Python's BrokenExecutor); TERMINATED has nothing left to run and no workers.
 */
public enum ExecutorState {
    RUNNING, SHUT_DOWN, BROKEN, TERMINATED
}
