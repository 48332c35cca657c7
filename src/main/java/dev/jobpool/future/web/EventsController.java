package dev.jobpool.future.web;

import dev.jobpool.future.Ended;
import dev.jobpool.future.FutureQuery;
import dev.jobpool.future.FutureStore;
import dev.jobpool.problem.InvalidRequest;
import dev.jobpool.problem.ProblemResponses;
import dev.jobpool.problem.ProblemType;
import dev.jobpool.security.Caller;
import dev.jobpool.tenant.TenantQuotas;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import tools.jackson.databind.json.JsonMapper;

/**
 * The caller's futures' ends as server-sent events, resumable: each event's {@code id:} is the end's number
 * ({@link Ended}), and a client that reconnects with {@code Last-Event-ID} gets every end after it that the
 * store still keeps (the futures' retention), once and in order, from any instance. This is how a client learns
 * of many futures' completions over one connection instead of a long-poll each.
 *
 * <p>Why ends only, not every state change: what a client waits for is the outcome; a RUNNING event per call
 * would double the traffic for the few clients that show it ({@code GET /futures/{id}} has it).
 */
@RestController
@RequestMapping("/api/v1/events")
@Tag(name = "futures")
class EventsController {

    /** A comment line this often keeps proxies from closing a quiet stream, and finds a client that left. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final int BATCH = 500;
    private static final int MAX_IDS = 10_000;

    private final FutureStore store;
    private final JsonMapper json;
    private final TenantQuotas quotas;

    EventsController(FutureStore store, JsonMapper json, TenantQuotas quotas) {
        this.store = store;
        this.json = json;
        this.quotas = quotas;
    }

    @GetMapping(produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(operationId = "futureEvents", summary = "Server-sent events: a 'future' event (the Future as JSON)"
            + " each time one of the caller's futures ends (FINISHED, raised, or CANCELLED). Each event's id is"
            + " the end's number; reconnect with Last-Event-ID to get every end since (while the futures are"
            + " retained), once and in order, from any instance. A ': heartbeat' comment comes every 15 s")
    @ApiResponse(responseCode = "200", description = "text/event-stream of 'future' events",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(implementation = FutureResponse.class)))
    @ProblemResponses({ProblemType.INVALID_REQUEST, ProblemType.QUOTA_EXCEEDED})
    ResponseEntity<StreamingResponseBody> events(
            Caller caller,
            @Parameter(description = "only futures of this executor") @RequestParam(required = false) String executor,
            @Parameter(description = "only these futures (ids, comma-separated, at most 10,000)")
            @RequestParam(required = false) List<String> futures,
            @Parameter(description = "administrators: only this tenant's futures; others always get only their own")
            @RequestParam(required = false) String tenant,
            @Parameter(description = "the last event's id a client got; the stream goes on after it. Without it,"
                    + " the stream starts with the ends that come after it opened")
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        long after = lastEventId == null ? store.lastEnded() : parse(lastEventId);
        if (futures != null && futures.size() > MAX_IDS) {
            throw new InvalidRequest("futures", "at most " + MAX_IDS + " ids may be named");
        }
        Set<String> only = futures == null ? null : Set.copyOf(futures);
        FutureQuery query = new FutureQuery(caller.isAdmin() ? tenant : caller.tenant(), executor, null, null);
        // counted from here: the body below always runs (Spring MVC starts it as soon as this returns) and
        // releases it in its finally, however the stream ends
        Runnable release = quotas.openStream(caller.tenant());
        StreamingResponseBody body = out -> {
            try {
                stream(out, after, query, only);
            } finally {
                release.run();
            }
        };
        // no Cache-Control here: the security headers' "no-cache, no-store, …" is on the response already, and a
        // second one from here would be added beside it
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                .header("X-Accel-Buffering", "no").body(body);
    }

    private static long parse(String lastEventId) {
        try {
            long after = Long.parseLong(lastEventId.strip());
            if (after >= 0) {
                return after;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidRequest("Last-Event-ID", "must be an event id this stream gave (a whole number)");
    }

    private void stream(OutputStream out, long after, FutureQuery query, Set<String> only) throws IOException {
        write(out, "retry: 1000\n\n");
        long last = after;
        long quietSince = System.nanoTime();
        try {
            while (true) {
                // read first: every end up to it that this stream may see is in the answer below (unless the
                // batch is full), so the stream moves past others' ends instead of reading them again
                long horizon = store.lastEnded();
                List<Ended> ends = store.endedSince(last, query, BATCH);
                for (Ended end : ends) {
                    last = end.sequence();
                    if (only == null || only.contains(end.future().id())) {
                        write(out, "id: " + end.sequence() + "\nevent: future\ndata: "
                                + json.writeValueAsString(FutureResponse.of(end.future())) + "\n\n");
                        quietSince = System.nanoTime();
                    }
                }
                if (ends.size() == BATCH) {
                    continue;
                }
                last = Math.max(last, horizon);
                if (System.nanoTime() - quietSince > HEARTBEAT.toNanos()) {
                    write(out, ": heartbeat\n\n"); // fails once the client has gone: the stream ends
                    quietSince = System.nanoTime();
                }
                store.awaitEnded(last, Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the service is stopping
        }
    }

    private static void write(OutputStream out, String frame) throws IOException {
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
