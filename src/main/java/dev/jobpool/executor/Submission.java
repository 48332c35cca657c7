package dev.jobpool.executor;

import dev.jobpool.future.JobFuture;
import dev.jobpool.task.TaskCall;

/** A pending future and the call that will settle it. */
public record Submission(JobFuture future, TaskCall<?> call) {
}
