package dev.jobpool.future.web;

import dev.jobpool.future.FutureSnapshot;
import dev.jobpool.future.FutureState;
import dev.jobpool.future.Progress;
import dev.jobpool.future.RaisedException;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;

/** A future as clients see it. {@code result} and {@code exception} are null until it finished. */
@Schema(name = "Future")
public record FutureResponse(
        String id,
        @Schema(description = "whose future it is; only that tenant and administrators see it") String tenant,
        String executor,
        String task,
        FutureState state,
        boolean done,
        boolean running,
        boolean cancelled,
        @Schema(description = "the task's return value (any JSON value); null unless FINISHED without exception",
                implementation = tools.jackson.databind.JsonNode.class)
        Object result,
        @Schema(description = "what the task raised; null unless FINISHED by raising") RaisedException exception,
        @Schema(description = "what the task last reported; null until it reports") Progress progress,
        Instant submittedAt,
        @Schema(nullable = true) Instant startedAt,
        @Schema(nullable = true) Instant finishedAt,
        @Schema(description = "how many times the call started (more than 1 only after a lost instance, with"
                + " retries)") int attempts,
        @Schema(description = "how many times the call may run again if the instance running it is lost"
                + " (jobpool.store=postgres)") int retries) {

    public static FutureResponse of(FutureSnapshot f) {
        return new FutureResponse(f.id(), f.tenant(), f.executor(), f.task(), f.state(), f.done(),
                f.state() == FutureState.RUNNING, f.state() == FutureState.CANCELLED, f.result(), f.exception(),
                f.progress(), f.submittedAt(), f.startedAt(), f.finishedAt(), f.attempts(), f.retries());
    }
}
