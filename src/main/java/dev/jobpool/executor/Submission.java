package dev.jobpool.executor;

import dev.jobpool.future.JobFuture;
import dev.jobpool.task.TaskCall;

import java.time.Duration;

/**
 * A pending future and the call that will settle it.
 *
 * @param timeout how long the call may run before it is stopped and fails with TimeoutError; null for no limit
 */
public record Submission(JobFuture future, TaskCall<?> call, Duration timeout) {

    public Submission(JobFuture future, TaskCall<?> call) {
        this(future, call, null);
    }
}
