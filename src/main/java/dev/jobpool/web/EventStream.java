package dev.jobpool.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.springframework.http.MediaType;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a stream of JSON values as NDJSON (one per line) or as server-sent events (named events, one JSON per
 * {@code data} line), flushing each so that the client sees it as soon as it exists.
 */
public final class EventStream {

    public static final String NDJSON = "application/x-ndjson";
    public static final MediaType NDJSON_TYPE = MediaType.parseMediaType(NDJSON);

    private final OutputStream out;
    private final JsonMapper json;
    private final boolean sse;

    /** True when {@code accept} asks for server-sent events rather than NDJSON (NDJSON when it names both or none). */
    public static boolean wantsEvents(String accept) {
        return accept != null && accept.contains(MediaType.TEXT_EVENT_STREAM_VALUE) && !accept.contains(NDJSON);
    }

    public EventStream(OutputStream out, JsonMapper json, boolean sse) {
        this.out = out;
        this.json = json;
        this.sse = sse;
    }

    /** Writes one value; {@code event} names it in SSE and is left out of NDJSON. */
    public void write(String event, Object value) throws IOException {
        String text = json.writeValueAsString(value);
        String frame = sse ? "event: " + event + "\ndata: " + text + "\n\n" : text + "\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
