package dev.jobpool.executor;

/**
 * Makes the {@link CallRunner} of each process executor (worker JVMs, in {@code processpool}). A port, so that
 * executors know nothing of worker processes and {@code processpool} depends on {@code executor}, not back.
 */
@FunctionalInterface
public interface ProcessRunners {

    CallRunner runner(ExecutorSpec spec);
}
