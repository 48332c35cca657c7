package dev.jobpool.processpool.protocol;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads and writes frames: a 4-byte big-endian length, then that many bytes of UTF-8 JSON (one object).
 * Thread-safe for writing (writers to one stream are serialised on it); one reader per stream.
 */
public final class FrameCodec {

    /** The largest frame either side accepts. */
    public static final int MAX_FRAME = 16 << 20;

    private final JsonMapper json;

    public FrameCodec(JsonMapper json) {
        this.json = json;
    }

    public JsonMapper json() {
        return json;
    }

    /**
     * The next frame, or null when the stream ends cleanly between frames.
     *
     * @throws ProtocolError for an oversized, truncated or malformed frame
     */
    public ObjectNode read(DataInputStream in) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException endBetweenFrames) {
            return null;
        }
        if (length < 0 || length > MAX_FRAME) {
            throw new ProtocolError("frame length " + Integer.toUnsignedString(length) + " is over the maximum of "
                    + MAX_FRAME + " bytes (is something else writing to the channel?)");
        }
        byte[] body = new byte[length];
        try {
            in.readFully(body);
        } catch (EOFException e) {
            throw new ProtocolError("the stream ended inside a frame of " + length + " bytes");
        }
        JsonNode frame;
        try {
            frame = json.readTree(body);
        } catch (JacksonException e) {
            throw new ProtocolError("a frame is not JSON: " + e.getOriginalMessage());
        }
        if (!(frame instanceof ObjectNode object) || !object.hasNonNull("type") || !object.hasNonNull("id")) {
            throw new ProtocolError("a frame is not an object with a type and an id");
        }
        return object;
    }

    public void write(OutputStream out, ObjectNode frame) throws IOException {
        byte[] body = json.writeValueAsBytes(frame);
        if (body.length > MAX_FRAME) {
            throw new ProtocolError("a " + frame.path("type").asString() + " frame of " + body.length
                    + " bytes is over the maximum of " + MAX_FRAME);
        }
        synchronized (out) {
            out.write(ByteBuffer.allocate(4).putInt(body.length).array());
            out.write(body);
            out.flush();
        }
    }

    /** A new frame of this type and id, to add fields to. */
    public ObjectNode frame(String type, String id) {
        return json.createObjectNode().put("type", type).put("id", id);
    }

    public static DataInputStream input(InputStream in) {
        return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    }
}
