package dev.jobpool.executor.web;

import dev.jobpool.executor.Executor;
import dev.jobpool.executor.ExecutorKind;
import dev.jobpool.executor.ExecutorState;
import dev.jobpool.executor.ExecutorStatus;
import dev.jobpool.executor.WorkerStatistics;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/** Request and response bodies of {@code /api/v1/executors}. */
final class ExecutorRequests {

    /** The largest chunk a map sends a worker: past it a chunk buys nothing and holds a worker longer. */
    static final int MAX_CHUNKSIZE = 10_000;

    private ExecutorRequests() {
    }

    @Schema(name = "CreateExecutorRequest", example = "{\"name\": \"downloads\", \"maxWorkers\": 3}")
    record CreateExecutorRequest(
            @Schema(description = "[a-z0-9][a-z0-9-]{0,62}", requiredMode = Schema.RequiredMode.REQUIRED) String name,
            @Schema(description = "default thread") ExecutorKind kind,
            @Schema(description = "default min(32, cores + 4), as in Python") Integer maxWorkers,
            @Schema(description = "calls that may wait for a worker; default jobpool.executors.default-queue-capacity")
            Integer queueCapacity,
            @Schema(description = "process executors: replace a worker after this many calls (max_tasks_per_child)")
            Integer maxTasksPerChild,
            @Schema(description = "run once in every new worker (a pool thread, or a process executor's worker"
                    + " JVM) before its first call; if it raises, the executor is broken: BrokenThreadPool or"
                    + " BrokenProcessPool (initializer + initargs)") TaskCallRequest initializer,
            @Schema(description = "process executors: the worker JVM's maximum heap, e.g. 256m", example = "256m")
            String heap,
            @Schema(description = "process executors: a worker JVM profile the operator configured"
                    + " (jobpool.process-pool.profiles); default: the default profile. Requests never carry JVM"
                    + " flags", example = "default") String profile) {
    }

    @Schema(name = "TaskCall", description = "a task and its arguments, as in a submit",
            example = "{\"task\": \"echo\", \"args\": [\"ready\"]}")
    record TaskCallRequest(
            @NotBlank String task,
            @ArraySchema(schema = @Schema(description = "any JSON value")) List<JsonNode> args,
            Map<String, JsonNode> kwargs) {
    }

    @Schema(name = "Executor")
    record ExecutorResponse(String name, ExecutorKind kind, int maxWorkers, int queueCapacity, ExecutorState state,
                            @Schema(description = "pool threads alive (each drives one worker JVM for process executors)")
                            int workers,
                            @Schema(description = "workers running a call") int activeWorkers,
                            @Schema(description = "calls waiting for a worker") int queued,
                            @Schema(description = "calls accepted by map, waiting for queue room") int waitingInMaps,
                            @Schema(description = "calls that returned or raised") long completed,
                            @Schema(description = "why the executor is BROKEN, else null") String brokenBecause,
                            @Schema(description = "process executors only") Integer maxTasksPerChild,
                            @Schema(description = "process executors only") String heap,
                            @Schema(description = "process executors only") String profile,
                            @Schema(description = "process executors only: their worker processes")
                            WorkerStatistics processes) {

        /** @param admin whether the caller may read crash reports (a worker's stderr) */
        static ExecutorResponse of(Executor executor, boolean admin) {
            ExecutorStatus status = executor.status();
            var workers = executor.spec().workers();
            boolean processes = executor.spec().kind() == ExecutorKind.PROCESS;
            return new ExecutorResponse(executor.name(), executor.spec().kind(), executor.spec().maxWorkers(),
                    executor.spec().queueCapacity(), status.state(), status.workers(), status.active(),
                    status.queued(), status.waitingInMaps(), status.completed(), status.brokenBecause(),
                    workers.maxTasksPerChild(), workers.heap(),
                    processes ? (workers.profile() == null ? "default" : workers.profile()) : null,
                    status.processes() == null || admin ? status.processes() : status.processes().withoutCrashReport());
        }
    }

    @Schema(name = "SubmitRequest", description = "submit(fn, *args, **kwargs)",
            example = "{\"task\": \"sum-of-squares\", \"args\": [10000000]}")
    record SubmitRequest(
            @NotBlank @Schema(description = "a task name from GET /api/v1/tasks", example = "sum-of-squares")
            String task,
            @ArraySchema(schema = @Schema(description = "any JSON value"), arraySchema = @Schema(
                    description = "positional arguments, in the task's parameter order"))
            List<JsonNode> args,
            @Schema(description = "keyword arguments by parameter name")
            Map<String, JsonNode> kwargs,
            @Schema(description = "seconds the call may run; past it, the call is stopped (thread interrupted,"
                    + " worker process killed) and fails with TimeoutError. None: no limit") BigDecimal timeout,
            @jakarta.validation.constraints.Min(0) @jakarta.validation.constraints.Max(10)
            @Schema(description = "with jobpool.store=postgres: how many times the call may run again if the"
                    + " instance running it is lost (at-least-once). Default: 3 for idempotent tasks, else 0 (at"
                    + " most once, as in Python)") Integer retries) {
    }

    @Schema(name = "MapRequest", description = "map(fn, *iterables, timeout, chunksize, buffersize)",
            example = "{\"task\": \"sleep\", \"iterables\": [[0.5, 1, 0.2], [\"a\", \"b\", \"c\"]]}")
    record MapRequest(
            @NotBlank @Schema(description = "a task name from GET /api/v1/tasks", example = "sleep") String task,
            @NotEmpty @ArraySchema(arraySchema = @Schema(description = "one array per parameter; call i gets the"
                    + " i-th element of each, zipped to the shortest as in Python"))
            List<@NotNull List<JsonNode>> iterables,
            @Schema(description = "seconds from the call to map until every result is due; none waits up to"
                    + " jobpool.http.max-wait per result") BigDecimal timeout,
            @Positive @Max(MAX_CHUNKSIZE) @Schema(description = "process executors: calls go to a worker this"
                    + " many at a time, in one message, and run there in order (Python's chunksize); all of a"
                    + " chunk's calls are RUNNING from its start, and a worker that dies fails the whole chunk."
                    + " Thread executors ignore it, as Python's do. Default 1")
            Integer chunksize,
            @Positive @Schema(description = "at most this many calls (chunks, with a chunksize, as in Python) run or"
                    + " wait ahead of the results the client"
                    + " was given: streamed, the lines written (socket buffers may hold some unread); not streamed,"
                    + " the futures whose outcome the client has read by id (GET the future, its result or"
                    + " exception, wait or as-completed)") Integer buffersize) {
    }

    @Schema(name = "MapAccepted")
    record MapAcceptedResponse(@Schema(description = "future ids in input order") List<String> ids) {
    }

    @Schema(name = "MapResult", description = "one line of a streamed map: the result of call `index`")
    record MapResultLine(int index, String futureId,
                         @Schema(implementation = JsonNode.class, description = "the call's return value, any JSON"
                                 + " value") Object result) {
    }
}
