package dev.jobpool.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.springframework.http.MediaType;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a stream of JSON values as NDJSON (one per line) or as server-sent events (named events, one JSON per
 * {@code data} line). {@link #write} flushes each so that the client sees it as soon as it exists;
 * {@link #append} leaves it in the response's buffer for a writer that has more ready, which then calls
 * {@link #flush} before it waits for anything.
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

    /** Whether something appended has not been flushed yet. */
    private boolean unflushed;

    /** Writes one value and sends it; {@code event} names it in SSE and is left out of NDJSON. */
    public void write(String event, Object value) throws IOException {
        append(event, value);
        flush();
    }

    /**
     * Writes one value into the response's buffer without sending it. A flush per value is a socket write per
     * value: streaming a map of 10,000 small results, those writes were 82 % of the stream's CPU. Values that
     * are ready one after another go out together (Tomcat sends its 8 KiB buffer when it fills), and none waits
     * longer than it takes to write the ones after it that are ready as well.
     */
    public void append(String event, Object value) throws IOException {
        String text = json.writeValueAsString(value);
        String frame = sse ? "event: " + event + "\ndata: " + text + "\n\n" : text + "\n";
        out.write(frame.getBytes(StandardCharsets.UTF_8));
        unflushed = true;
    }

    /** Sends what {@link #append} left in the buffer; call it before waiting for the next value. */
    public void flush() throws IOException {
        if (unflushed) {
            unflushed = false;
            out.flush();
        }
    }
}
