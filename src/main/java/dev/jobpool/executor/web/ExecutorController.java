package dev.jobpool.executor.web;

import dev.jobpool.executor.Executor;
import dev.jobpool.executor.ExecutorRegistry;
import dev.jobpool.executor.ExecutorKind;
import dev.jobpool.executor.ExecutorRequest;
import dev.jobpool.executor.IdempotencyKeys;
import dev.jobpool.executor.StoredExecutors;
import dev.jobpool.problem.InvalidRequest;
import dev.jobpool.security.AuditLog;
import dev.jobpool.security.Caller;
import dev.jobpool.task.TaskCall;
import dev.jobpool.executor.Submissions;
import dev.jobpool.executor.web.ExecutorRequests.CreateExecutorRequest;
import dev.jobpool.executor.web.ExecutorRequests.ExecutorResponse;
import dev.jobpool.executor.web.ExecutorRequests.MapAcceptedResponse;
import dev.jobpool.executor.web.ExecutorRequests.MapRequest;
import dev.jobpool.executor.web.ExecutorRequests.MapResultLine;
import dev.jobpool.executor.web.ExecutorRequests.SubmitRequest;
import dev.jobpool.future.FutureSnapshot;
import dev.jobpool.future.FutureTimedOut;
import dev.jobpool.future.JobFuture;
import dev.jobpool.future.Seconds;
import dev.jobpool.future.web.FutureResponse;
import dev.jobpool.problem.ProblemResponses;
import dev.jobpool.problem.ProblemType;
import dev.jobpool.problem.Problems;
import dev.jobpool.web.EventStream;
import dev.jobpool.web.Timeouts;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.http.HttpHeaders;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import tools.jackson.databind.json.JsonMapper;

/** Python's executors over HTTP: create and shut down pools, {@code submit} and {@code map} to them. */
@RestController
@RequestMapping("/api/v1/executors")
@Tag(name = "executors", description = "Executors: create, inspect, shut down; submit and map tasks")
class ExecutorController {

    private final ExecutorRegistry executors;
    private final StoredExecutors storedExecutors;
    private final Submissions submissions;
    private final Timeouts timeouts;
    private final JsonMapper json;

    ExecutorController(ExecutorRegistry executors, StoredExecutors storedExecutors, Submissions submissions,
                       Timeouts timeouts, JsonMapper json) {
        this.executors = executors;
        this.storedExecutors = storedExecutors;
        this.submissions = submissions;
        this.timeouts = timeouts;
        this.json = json;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listExecutors", summary = "Lists the executors")
    List<ExecutorResponse> list(Caller caller) {
        return executors.all().stream().map(executor -> ExecutorResponse.of(executor, caller.isAdmin())).toList();
    }

    @PostMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createExecutor", summary = "Creates an executor, e.g. ThreadPoolExecutor(max_workers=3)")
    @ApiResponse(responseCode = "201", description = "created; Location names it")
    @ProblemResponses({ProblemType.INVALID_REQUEST, ProblemType.INVALID_ARGUMENTS, ProblemType.UNKNOWN_TASK,
            ProblemType.EXECUTOR_EXISTS, ProblemType.EXECUTOR_LIMIT_REACHED})
    ResponseEntity<ExecutorResponse> create(Caller caller, @Valid @RequestBody CreateExecutorRequest request) {
        TaskCall<?> initializer = request.initializer() == null ? null : submissions.bind(
                request.initializer().task(), request.initializer().args(), request.initializer().kwargs());
        Executor executor = storedExecutors.create(new ExecutorRequest(request.name(), request.kind(),
                request.maxWorkers(), request.queueCapacity(), request.maxTasksPerChild(), initializer, request.heap(),
                request.profile()));
        AuditLog.adminAction(caller, "create-executor", "executor " + executor.name(), "created");
        return ResponseEntity.created(URI.create("/api/v1/executors/" + executor.name()))
                .body(ExecutorResponse.of(executor, caller.isAdmin()));
    }

    @GetMapping(value = "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getExecutor", summary = "Gets an executor with its counters")
    @ProblemResponses(ProblemType.EXECUTOR_NOT_FOUND)
    ExecutorResponse get(Caller caller, @Parameter(example = "default") @PathVariable String name) {
        return ExecutorResponse.of(executors.get(name), caller.isAdmin());
    }

    @DeleteMapping(value = "/{name}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "shutdownExecutor", summary = "Python's shutdown(wait, cancel_futures): refuses new"
            + " submissions; with wait, answers when everything accepted has run (200) or, after"
            + " jobpool.http.max-wait, while it still drains (202). For process executors, terminateWorkers or"
            + " killWorkers end the worker JVMs at once (Python 3.14's terminate_workers / kill_workers)")
    @ApiResponse(responseCode = "200", description = "shut down, and terminated if wait was true")
    @ApiResponse(responseCode = "202", description = "shut down, still running what it had accepted")
    @ProblemResponses({ProblemType.INVALID_REQUEST, ProblemType.EXECUTOR_NOT_FOUND})
    ResponseEntity<ExecutorResponse> shutdown(
            Caller caller,
            @Parameter(example = "default") @PathVariable String name,
            @Parameter(description = "wait until every accepted call has run; default true, as in Python")
            @RequestParam(defaultValue = "true") boolean wait,
            @Parameter(description = "cancel every call that has not started; default false")
            @RequestParam(defaultValue = "false") boolean cancelFutures,
            @Parameter(description = "process executors: SIGTERM every worker now; implies cancelFutures")
            @RequestParam(defaultValue = "false") boolean terminateWorkers,
            @Parameter(description = "process executors: SIGKILL every worker now; implies cancelFutures")
            @RequestParam(defaultValue = "false") boolean killWorkers) throws InterruptedException {
        Executor executor = executors.get(name);
        if ((terminateWorkers || killWorkers) && executor.spec().kind() != ExecutorKind.PROCESS) {
            throw new InvalidRequest(terminateWorkers ? "terminateWorkers" : "killWorkers",
                    "executor '" + name + "' runs threads: only process executors have workers to end");
        }
        if (terminateWorkers || killWorkers) {
            executor.stopWorkers(killWorkers);
        } else {
            executor.shutdown(cancelFutures);
        }
        storedExecutors.shutDown(name);
        AuditLog.adminAction(caller, killWorkers ? "kill-workers" : terminateWorkers ? "terminate-workers"
                : "shutdown-executor", "executor " + name, cancelFutures ? "shut down, pending calls cancelled"
                : "shut down");
        // terminated, whatever state it reports: a broken executor says BROKEN to the end, and a 202 for it had
        // clients that ask again while it drains (the Python client does) ask forever
        boolean drained = !wait || executor.awaitTermination(timeouts.orMax("wait", null));
        ExecutorResponse response = ExecutorResponse.of(executor, caller.isAdmin());
        return ResponseEntity.status(drained ? HttpStatus.OK : HttpStatus.ACCEPTED).body(response);
    }

    @PostMapping(value = "/{name}/futures", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "submit", summary = "Python's submit(fn, *args, **kwargs): queues one call. With"
            + " Prefer: wait=<seconds>, also Python's result(timeout) in the same request: the answer waits up to"
            + " that long for the call and is 200 with the done future (its result or exception inside), or 202"
            + " when it is not done by then")
    @ApiResponse(responseCode = "200", description = "with Prefer: wait, the call is done: the future holds its"
            + " result, exception or cancellation", headers = {
            @io.swagger.v3.oas.annotations.headers.Header(name = "Location", description = "the future's URL",
                    schema = @Schema(type = "string")),
            @io.swagger.v3.oas.annotations.headers.Header(name = "Preference-Applied", description = "wait=<seconds>"
                    + " when the Prefer header's wait was honoured", schema = @Schema(type = "string"))})
    @ApiResponse(responseCode = "202", description = "accepted; Location is the future", headers = {
            @io.swagger.v3.oas.annotations.headers.Header(name = "Location", description = "the future's URL",
                    schema = @Schema(type = "string")),
            @io.swagger.v3.oas.annotations.headers.Header(name = "Idempotent-Replayed", description = "true when an"
                    + " earlier submit with the same Idempotency-Key made this future", schema = @Schema(type = "boolean")),
            @io.swagger.v3.oas.annotations.headers.Header(name = "Preference-Applied", description = "wait=<seconds>"
                    + " when the Prefer header's wait was honoured (the call was not done by then)",
                    schema = @Schema(type = "string"))})
    @ProblemResponses({ProblemType.INVALID_REQUEST, ProblemType.INVALID_ARGUMENTS, ProblemType.UNKNOWN_TASK,
            ProblemType.EXECUTOR_NOT_FOUND, ProblemType.EXECUTOR_SHUT_DOWN, ProblemType.EXECUTOR_BROKEN,
            ProblemType.QUEUE_FULL, ProblemType.QUOTA_EXCEEDED,
            ProblemType.IDEMPOTENCY_KEY_REUSED, ProblemType.PAYLOAD_TOO_LARGE, ProblemType.STORE_UNAVAILABLE})
    ResponseEntity<FutureResponse> submit(
            Caller caller,
            @Parameter(example = "default") @PathVariable String name,
            @Parameter(description = "a retried submit with the same key and body returns the first one's future;"
                    + " 1 to 255 printable ASCII characters", schema = @Schema(type = "string", minLength = 1,
                    maxLength = IdempotencyKeys.MAX_LENGTH))
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @Parameter(description = "RFC 7240; wait=<seconds> answers once the call is done (200) or that long"
                    + " has passed (202), at most jobpool.http.max-wait", example = "wait=10")
            @RequestHeader(name = "Prefer", required = false) String prefer,
            @Valid @RequestBody SubmitRequest request) throws InterruptedException {
        Duration timeout = request.timeout() == null ? null : timeouts.orMax("timeout", request.timeout());
        Duration wait = timeouts.preferredWait(prefer); // read before anything is accepted
        checkIdempotencyKey(idempotencyKey);
        Submissions.Submitted submitted = submissions.submit(caller.tenant(), name, request.task(), request.args(), request.kwargs(),
                timeout, request.retries(), idempotencyKey);
        JobFuture future = submitted.future();
        if (wait != null) {
            future.awaitDone(wait);
        }
        FutureSnapshot snapshot = future.snapshot();
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(wait != null && snapshot.done() ? HttpStatus.OK
                        : HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/futures/" + future.id()))
                .header("Idempotent-Replayed", String.valueOf(submitted.replayed()));
        if (wait != null) {
            answer.header("Preference-Applied", "wait="
                    + java.math.BigDecimal.valueOf(wait.toNanos(), 9).stripTrailingZeros().toPlainString());
            if (snapshot.done()) {
                future.read();
            }
        }
        return answer.body(FutureResponse.of(snapshot));
    }

    /** RFC 8941's sf-string, which the Idempotency-Key draft makes the key: printable ASCII, bounded. */
    private static final java.util.regex.Pattern IDEMPOTENCY_KEY =
            java.util.regex.Pattern.compile("[\\x20-\\x7E]{1," + IdempotencyKeys.MAX_LENGTH + "}");

    private static void checkIdempotencyKey(String key) {
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw new InvalidRequest("Idempotency-Key", "must be 1 to " + IdempotencyKeys.MAX_LENGTH
                    + " printable ASCII characters, got " + (key.length() > IdempotencyKeys.MAX_LENGTH
                    ? key.length() + " characters" : "'" + key.replaceAll("[^\\x20-\\x7E]", "?") + "'"));
        }
    }

    @PostMapping(value = "/{name}/map/stream", produces = {EventStream.NDJSON, MediaType.TEXT_EVENT_STREAM_VALUE})
    @Operation(operationId = "mapStream", summary = "Python's map(fn, *iterables, timeout, chunksize, buffersize),"
            + " streamed:"
            + " one JSON object per line (NDJSON), a MapResult per result in input order; at the first exception"
            + " or timeout a last line holds the problem and the calls not started are cancelled. With Accept:"
            + " text/event-stream, 'result' events and a last 'problem' event")
    @ApiResponse(responseCode = "200", description = "a MapResult per line (NDJSON) or per 'result' event (SSE), in"
            + " input order; the last is a Problem if a call raised, was cancelled or timed out",
            content = {@Content(mediaType = EventStream.NDJSON, schema = @Schema(implementation = MapResultLine.class)),
                    @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                            schema = @Schema(implementation = MapResultLine.class))})
    @ProblemResponses({ProblemType.INVALID_REQUEST, ProblemType.INVALID_ARGUMENTS, ProblemType.UNKNOWN_TASK,
            ProblemType.EXECUTOR_NOT_FOUND, ProblemType.EXECUTOR_SHUT_DOWN, ProblemType.EXECUTOR_BROKEN,
            ProblemType.QUEUE_FULL, ProblemType.QUOTA_EXCEEDED, ProblemType.PAYLOAD_TOO_LARGE, ProblemType.STORE_UNAVAILABLE})
    ResponseEntity<StreamingResponseBody> mapStream(Caller caller, @Parameter(example = "default") @PathVariable String name,
                                                    @Valid @RequestBody MapRequest request,
                                                    @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false)
                                                    String accept) {
        boolean sse = EventStream.wantsEvents(accept);
        Duration timeout = request.timeout() == null ? null : timeouts.orMax("timeout", request.timeout());
        int buffersize = request.buffersize() == null ? 0 : request.buffersize();
        Submissions.Mapped mapped = submissions.map(caller.tenant(), name, request.task(), request.iterables(),
                request.chunksize() == null ? 1 : request.chunksize(), buffersize);
        long deadline = System.nanoTime() + (timeout == null ? 0 : timeout.toNanos());
        StreamingResponseBody body = out -> {
            EventStream stream = new EventStream(out, json, sse);
            boolean finished = false;
            try {
                List<JobFuture> futures = mapped.futures();
                for (int i = 0; i < futures.size(); i++) {
                    if (!futures.get(i).isDone()) {
                        stream.flush(); // about to wait: the results written so far go out first
                    }
                    ProblemDetail problem = streamResult(stream, i, futures.get(i), timeout, deadline);
                    if (problem != null) {
                        stream.write("problem", problem);
                        return;
                    }
                    futures.get(i).read();
                }
                stream.flush();
                finished = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while streaming", e);
            } finally {
                if (!finished) {
                    mapped.feed().stop(); // Python's map cancels what has not started once its iterator is left
                }
            }
        };
        return ResponseEntity.ok().contentType(sse ? MediaType.TEXT_EVENT_STREAM : EventStream.NDJSON_TYPE).body(body);
    }

    /** The stream at the JSON form's path, for clients that ask for it by Accept (as before /stream existed). */
    @Hidden
    @PostMapping(value = "/{name}/map", produces = {EventStream.NDJSON, MediaType.TEXT_EVENT_STREAM_VALUE})
    ResponseEntity<StreamingResponseBody> mapByAccept(Caller caller, @Parameter(example = "default") @PathVariable String name,
                                                      @Valid @RequestBody MapRequest request,
                                                      @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false)
                                                      String accept) {
        return mapStream(caller, name, request, accept);
    }

    /** Writes result {@code index} when it is ready; returns the problem that ends the stream instead, if any. */
    private ProblemDetail streamResult(EventStream stream, int index, JobFuture future, Duration timeout,
                                       long deadline) throws InterruptedException, IOException {
        boolean done = timeout == null ? awaitWithoutTimeout(future)
                : future.awaitDone(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        ProblemDetail problem = null;
        if (!done) {
            problem = Problems.of(new FutureTimedOut(future.id(), "result " + index + " of the map was not done"
                    + " within the timeout of " + Seconds.of(timeout)));
        } else {
            FutureSnapshot snapshot = future.snapshot();
            var failure = snapshot.failure();
            if (failure.isPresent()) {
                problem = Problems.of(failure.get());
            } else {
                stream.append("result", new MapResultLine(index, future.id(), snapshot.result())); // see mapStream
            }
        }
        if (problem != null) {
            problem.setProperty("index", index);
        }
        return problem;
    }

    /** Python's map without a timeout waits as long as it takes; so does the stream. */
    private static boolean awaitWithoutTimeout(JobFuture future) throws InterruptedException {
        while (!future.awaitDone(Duration.ofMinutes(1))) {
            // keep waiting
        }
        return true;
    }

    @PostMapping(value = "/{name}/map", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "map", summary = "Python's map(fn, *iterables, chunksize, buffersize): accepts every"
            + " call and"
            + " answers their future ids in input order; read the results by id (in order, for Python's map)."
            + " POST …/map/stream streams the results instead")
    @ApiResponse(responseCode = "202", description = "accepted; the calls are queued as room frees")
    @ProblemResponses({ProblemType.INVALID_REQUEST, ProblemType.INVALID_ARGUMENTS, ProblemType.UNKNOWN_TASK,
            ProblemType.EXECUTOR_NOT_FOUND, ProblemType.EXECUTOR_SHUT_DOWN, ProblemType.EXECUTOR_BROKEN,
            ProblemType.QUEUE_FULL, ProblemType.QUOTA_EXCEEDED, ProblemType.PAYLOAD_TOO_LARGE, ProblemType.STORE_UNAVAILABLE})
    ResponseEntity<MapAcceptedResponse> map(Caller caller, @Parameter(example = "default") @PathVariable String name,
                                            @Valid @RequestBody MapRequest request) {
        if (request.timeout() != null) {
            timeouts.orMax("timeout", request.timeout()); // checked for the same answers as the stream gives
        }
        int buffersize = request.buffersize() == null ? 0 : request.buffersize();
        Submissions.Mapped mapped = submissions.map(caller.tenant(), name, request.task(), request.iterables(),
                request.chunksize() == null ? 1 : request.chunksize(), buffersize);
        return ResponseEntity.accepted()
                .body(new MapAcceptedResponse(mapped.futures().stream().map(JobFuture::id).toList()));
    }
}
