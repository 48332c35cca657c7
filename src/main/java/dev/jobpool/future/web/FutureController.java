package dev.jobpool.future.web;

import dev.jobpool.executor.CallQueue;
import dev.jobpool.future.AsCompleted;
import dev.jobpool.future.DoneAndNotDone;
import dev.jobpool.future.FutureGone;
import dev.jobpool.future.FutureNotFound;
import dev.jobpool.future.FutureState;
import dev.jobpool.future.FutureTimedOut;
import dev.jobpool.future.FutureSnapshot;
import dev.jobpool.future.JobFuture;
import dev.jobpool.future.ReturnWhen;
import dev.jobpool.future.Waiting;
import dev.jobpool.future.web.FutureRequests.AsCompletedResponse;
import dev.jobpool.future.web.FutureRequests.AsCompletedRequest;
import dev.jobpool.future.web.FutureRequests.CancelResponse;
import dev.jobpool.future.web.FutureRequests.FuturePageResponse;
import dev.jobpool.future.web.FutureRequests.WaitRequest;
import dev.jobpool.future.web.FutureRequests.WaitResponse;
import dev.jobpool.problem.ProblemResponses;
import dev.jobpool.security.AuditLog;
import dev.jobpool.security.Caller;
import dev.jobpool.problem.ProblemType;
import dev.jobpool.problem.Problems;
import dev.jobpool.future.FuturePage;
import dev.jobpool.future.FutureQuery;
import dev.jobpool.future.FutureStore;
import dev.jobpool.tenant.TenantQuotas;
import dev.jobpool.web.EventStream;
import dev.jobpool.web.Timeouts;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * Python's {@code Future} methods and the module's {@code wait} / {@code as_completed} over HTTP. Requests that
 * wait block their (virtual) request thread, which pins no platform thread.
 */
@RestController
@RequestMapping("/api/v1/futures")
@Tag(name = "futures", description = "Futures: poll, wait, read results and exceptions, cancel")
class FutureController {

    private final FutureStore store;
    private final CallQueue queue;
    private final Timeouts timeouts;
    private final JsonMapper json;
    private final TenantQuotas quotas;

    FutureController(FutureStore store, CallQueue queue, Timeouts timeouts, JsonMapper json, TenantQuotas quotas) {
        this.quotas = quotas;
        this.store = store;
        this.queue = queue;
        this.timeouts = timeouts;
        this.json = json;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "listFutures", summary = "Lists futures, newest first, for dashboards")
    @ProblemResponses(ProblemType.INVALID_REQUEST)
    FuturePageResponse list(Caller caller,
                            @Parameter(description = "administrators: only this tenant's futures; others always see"
                                    + " only their own") @RequestParam(required = false) String tenant,
                            @RequestParam(required = false) String executor,
                            @RequestParam(required = false) FutureState state,
                            @RequestParam(required = false) String task,
                            @RequestParam(defaultValue = "0") @Min(0) int page,
                            @RequestParam(defaultValue = "50") @Min(1) @Max(1000) int size) {
        String whose = caller.isAdmin() ? tenant : caller.tenant();
        FuturePage found = store.list(new FutureQuery(whose, executor, state, task), page, size);
        return new FuturePageResponse(found.items().stream().map(FutureResponse::of).toList(),
                found.page(), found.size(), found.totalItems());
    }

    @GetMapping(value = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getFuture", summary = "Gets a future; with wait, long-polls until it is done")
    @ProblemResponses({ProblemType.INVALID_REQUEST, ProblemType.FUTURE_NOT_FOUND, ProblemType.FUTURE_GONE})
    FutureResponse get(Caller caller, @PathVariable String id,
                       @Parameter(description = "seconds to wait for the future to be done; default 0")
                       @RequestParam(required = false) BigDecimal wait) throws InterruptedException {
        Duration waitFor = timeouts.orZero("wait", wait);
        JobFuture future = visible(caller, id);
        future.awaitDone(waitFor);
        return given(future);
    }

    @GetMapping(value = "/{id}/result", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getFutureResult", summary = "Python's result(timeout): the value, or the problem"
            + " task-raised, cancelled or timeout")
    @ApiResponse(responseCode = "200", description = "the task's return value, any JSON value",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(
                    implementation = JsonNode.class)))
    @ProblemResponses({ProblemType.INVALID_REQUEST, ProblemType.FUTURE_NOT_FOUND, ProblemType.FUTURE_GONE,
            ProblemType.TASK_RAISED, ProblemType.CANCELLED, ProblemType.TIMEOUT})
    ResponseEntity<JsonNode> result(Caller caller, @PathVariable String id,
                                    @Parameter(description = "seconds; none waits up to jobpool.http.max-wait")
                                    @RequestParam(required = false) BigDecimal timeout) throws InterruptedException {
        Duration waitFor = timeouts.orMax("timeout", timeout);
        JobFuture future = visible(caller, id);
        try {
            Object value = future.result(waitFor);
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(asJson(value));
        } finally {
            readIfDone(future); // a raised exception or a cancellation is an outcome read too
        }
    }

    @GetMapping(value = "/{id}/exception", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "getFutureException", summary = "Python's exception(timeout): the task's exception,"
            + " or null if it returned")
    @ApiResponse(responseCode = "200", description = "the exception, or null",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = dev.jobpool.future.RaisedException.class, nullable = true)))
    @ProblemResponses({ProblemType.INVALID_REQUEST, ProblemType.FUTURE_NOT_FOUND, ProblemType.FUTURE_GONE,
            ProblemType.CANCELLED, ProblemType.TIMEOUT})
    ResponseEntity<JsonNode> exception(Caller caller, @PathVariable String id,
                                       @Parameter(description = "seconds; none waits up to jobpool.http.max-wait")
                                       @RequestParam(required = false) BigDecimal timeout) throws InterruptedException {
        Duration waitFor = timeouts.orMax("timeout", timeout);
        JobFuture future = visible(caller, id);
        try {
            Object raised = future.exception(waitFor);
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(asJson(raised));
        } finally {
            readIfDone(future);
        }
    }

    /** The future as answered; a done one's outcome counts as read (a map's buffersize moves on by reads). */
    private static FutureResponse given(JobFuture future) {
        FutureSnapshot snapshot = future.snapshot();
        if (snapshot.done()) {
            future.read();
        }
        return FutureResponse.of(snapshot);
    }

    private static void readIfDone(JobFuture future) {
        if (future.isDone()) {
            future.read();
        }
    }

    private JsonNode asJson(Object value) {
        return value == null ? NullNode.getInstance() : json.valueToTree(value);
    }

    @PostMapping(value = "/{id}/cancel", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "cancelFuture", summary = "Python's cancel(): true if it was pending (or already"
            + " cancelled), false if it is running or finished. With interrupt=true a running future is stopped too"
            + " (its thread interrupted, its worker process killed) and ends CANCELLED")
    @ProblemResponses({ProblemType.INVALID_REQUEST, ProblemType.FUTURE_NOT_FOUND, ProblemType.FUTURE_GONE})
    CancelResponse cancel(Caller caller, @PathVariable String id,
                          @Parameter(description = "also stop the call if it is running; default false, as in Python")
                          @RequestParam(defaultValue = "false") boolean interrupt) {
        JobFuture future = visible(caller, id);
        boolean cancelled = queue.cancel(future, interrupt);
        if (!future.tenant().equals(caller.tenant())) {
            AuditLog.adminAction(caller, interrupt ? "cancel-interrupt" : "cancel", "future " + id + " of tenant "
                    + future.tenant(), cancelled ? "cancelled" : "not cancelled");
        }
        return new CancelResponse(cancelled, FutureResponse.of(future.snapshot()));
    }

    @DeleteMapping("/{id}")
    @Operation(operationId = "deleteFuture", summary = "Forgets a done future; later calls answer 410 Gone")
    @ApiResponse(responseCode = "204", description = "forgotten")
    @ProblemResponses({ProblemType.FUTURE_NOT_FOUND, ProblemType.FUTURE_GONE, ProblemType.FUTURE_NOT_DONE})
    ResponseEntity<Void> delete(Caller caller, @PathVariable String id) {
        JobFuture future = visible(caller, id);
        store.delete(id);
        if (!future.tenant().equals(caller.tenant())) {
            AuditLog.adminAction(caller, "delete", "future " + id + " of tenant " + future.tenant(), "deleted");
        }
        return ResponseEntity.noContent().build();
    }

    @PostMapping(value = "/wait", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "waitFutures", summary = "Python's wait(fs, timeout, return_when)")
    @ProblemResponses({ProblemType.INVALID_REQUEST, ProblemType.FUTURE_NOT_FOUND, ProblemType.QUOTA_EXCEEDED})
    WaitResponse waitFor(Caller caller, @Valid @RequestBody WaitRequest request) throws InterruptedException {
        Duration timeout = timeouts.orMax("timeout", request.timeout());
        List<JobFuture> futures = visible(caller, request.ids());
        ReturnWhen returnWhen = request.returnWhen() == null ? ReturnWhen.ALL_COMPLETED : request.returnWhen();
        Runnable release = quotas.openWait(caller.tenant(), futures.size());
        try {
            DoneAndNotDone result = Waiting.waitFor(futures, timeout, returnWhen);
            return new WaitResponse(responses(result.done()), responses(result.notDone()));
        } finally {
            release.run();
        }
    }

    /**
     * The future {@code id} if the caller may see it. Another tenant's future answers exactly as an id that never
     * existed does (404 future-not-found): whether it exists is none of the caller's business.
     */
    private JobFuture visible(Caller caller, String id) {
        JobFuture future;
        try {
            future = store.get(id);
        } catch (FutureGone gone) {
            throw caller.sees(gone.tenant()) ? gone : new FutureNotFound(List.of(id));
        }
        if (!caller.sees(future.tenant())) {
            throw new FutureNotFound(List.of(id));
        }
        return future;
    }

    /** The futures with these ids, in order; one 404 names every id unknown, gone or not the caller's. */
    private List<JobFuture> visible(Caller caller, List<String> ids) {
        return store.getAll(ids, future -> caller.sees(future.tenant()));
    }

    private static List<FutureResponse> responses(List<JobFuture> futures) {
        return futures.stream().map(FutureController::given).toList();
    }

    @PostMapping(value = "/as-completed", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "asCompleted", summary = "Python's as_completed(fs, timeout), gathered: the futures"
            + " in the order they completed (done ones first), once all are done or the timeout has passed; ids"
            + " still unfinished are in notDone. POST …/as-completed/stream has each as it completes")
    @ProblemResponses({ProblemType.INVALID_REQUEST, ProblemType.FUTURE_NOT_FOUND, ProblemType.QUOTA_EXCEEDED})
    AsCompletedResponse asCompleted(Caller caller, @Valid @RequestBody AsCompletedRequest request)
            throws InterruptedException {
        Duration timeout = timeouts.orMax("timeout", request.timeout());
        long deadline = System.nanoTime() + timeout.toNanos();
        List<FutureResponse> completedInOrder = new java.util.ArrayList<>();
        List<JobFuture> futures = visible(caller, request.ids());
        Runnable release = quotas.openWait(caller.tenant(), futures.size());
        try (AsCompleted completed = new AsCompleted(futures)) {
            while (completed.hasNext()) {
                JobFuture next = completed.next(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
                if (next == null) {
                    break;
                }
                completedInOrder.add(given(next));
            }
            return new AsCompletedResponse(completedInOrder, completed.unfinishedIds());
        } finally {
            release.run();
        }
    }

    @PostMapping(value = "/as-completed/stream", produces = {EventStream.NDJSON, MediaType.TEXT_EVENT_STREAM_VALUE})
    @Operation(operationId = "asCompletedStream", summary = "Python's as_completed(fs, timeout), streamed: each"
            + " future as it completes (done ones first); on timeout a last line holds the problem. NDJSON is one"
            + " JSON object per line; with Accept: text/event-stream, 'future' events and a last 'problem' event")
    @ApiResponse(responseCode = "200", description = "a Future per line (NDJSON) or per 'future' event (SSE) as"
            + " each completes; on timeout a last line or 'problem' event holds a Problem",
            content = {@Content(mediaType = EventStream.NDJSON, schema = @Schema(implementation = FutureResponse.class)),
                    @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                            schema = @Schema(implementation = FutureResponse.class))})
    @ProblemResponses({ProblemType.INVALID_REQUEST, ProblemType.FUTURE_NOT_FOUND, ProblemType.QUOTA_EXCEEDED})
    ResponseEntity<StreamingResponseBody> asCompletedStream(
            Caller caller, @Valid @RequestBody AsCompletedRequest request,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        return streamAsCompleted(caller, request, EventStream.wantsEvents(accept));
    }

    /** The stream at the JSON form's path, for clients that ask for it by Accept (as before /stream existed). */
    @Hidden
    @PostMapping(value = "/as-completed", produces = {EventStream.NDJSON, MediaType.TEXT_EVENT_STREAM_VALUE})
    ResponseEntity<StreamingResponseBody> asCompletedByAccept(
            Caller caller, @Valid @RequestBody AsCompletedRequest request,
            @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        return asCompletedStream(caller, request, accept);
    }

    private ResponseEntity<StreamingResponseBody> streamAsCompleted(Caller caller, AsCompletedRequest request,
                                                                    boolean sse) {
        Duration timeout = timeouts.orMax("timeout", request.timeout());
        List<JobFuture> futures = visible(caller, request.ids());
        // counted from here: the body below always runs (Spring MVC starts it as soon as this returns) and
        // releases it in its finally, however the stream ends
        Runnable release = quotas.openWait(caller.tenant(), futures.size());
        AsCompleted completed;
        try {
            completed = new AsCompleted(futures);
        } catch (RuntimeException e) {
            release.run();
            throw e;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        StreamingResponseBody body = out -> {
            EventStream stream = new EventStream(out, json, sse);
            try {
                while (completed.hasNext()) {
                    JobFuture next = completed.next(Duration.ZERO); // one done already joins the buffered ones
                    if (next == null) {
                        stream.flush(); // about to wait: what is written goes out first
                        next = completed.next(Duration.ofNanos(deadline - System.nanoTime()));
                    }
                    if (next == null) {
                        stream.write("problem", Problems.of(new FutureTimedOut(null, completed.unfinished()
                                + " (of " + completed.total() + ") futures unfinished")));
                        return;
                    }
                    stream.append("future", given(next));
                }
                stream.flush();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while streaming", e);
            } finally {
                completed.close();
                release.run();
            }
        };
        return ResponseEntity.ok()
                .contentType(sse ? MediaType.TEXT_EVENT_STREAM : EventStream.NDJSON_TYPE)
                .body(body);
    }
}
