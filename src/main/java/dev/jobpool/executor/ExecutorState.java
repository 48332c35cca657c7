package dev.jobpool.executor;

/**
 * RUNNING accepts submissions; SHUT_DOWN refuses them while what was accepted drains; TERMINATED has nothing
 * left to run and no workers.
 */
public enum ExecutorState {
    RUNNING, SHUT_DOWN, TERMINATED
}
