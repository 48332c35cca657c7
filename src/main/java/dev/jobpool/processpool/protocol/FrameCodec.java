package dev.jobpool.processpool.protocol;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads and writes {@link Frame}s: a 4-byte big-endian length, then that many bytes of UTF-8 JSON (one object
 * whose {@code type} names the record).
 * Thread-safe for writing (writers to one stream are serialised on it); one reader per stream.
 */
public final class FrameCodec {

    /** The largest frame either side accepts. */
    public static final int MAX_FRAME = 16 << 20;

    private final JsonMapper json;
    /** Fields a frame has beyond its record are ignored: a version may add fields (PROTOCOL.md). */
    private final ObjectReader reader;
    private final ObjectWriter writer;

    public FrameCodec(JsonMapper json) {
        this.json = json;
        this.reader = json.readerFor(Frame.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.writer = json.writerFor(Frame.class);
    }

    public JsonMapper json() {
        return json;
    }

    /**
     * The next frame, or null when the stream ends cleanly between frames.
     *
     * @throws ProtocolError for an oversized, truncated or malformed frame, or one of an unknown type
     */
    public Frame read(DataInputStream in) throws IOException {
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
        Frame frame;
        try {
            frame = reader.readValue(body);
        } catch (JacksonException e) {
            throw new ProtocolError("a frame is not a message of the protocol: " + e.getOriginalMessage());
        }
        if (frame == null || frame.id() == null) {
            throw new ProtocolError("a frame has no id");
        }
        return frame;
    }

    public void write(OutputStream out, Frame frame) throws IOException {
        writeEncoded(out, encode(frame), frame);
    }

    /** The frame's body, for a sender that must know its size before it sends it ({@link #fits}). */
    public byte[] encode(Frame frame) {
        return writer.writeValueAsBytes(frame);
    }

    public static boolean fits(byte[] body) {
        return body.length <= MAX_FRAME;
    }

    /** Writes a body from {@link #encode}. */
    public void writeEncoded(OutputStream out, byte[] body, Frame frame) throws IOException {
        if (!fits(body)) {
            throw new ProtocolError("a " + frame.getClass().getSimpleName() + " frame of " + body.length
                    + " bytes is over the maximum of " + MAX_FRAME);
        }
        synchronized (out) {
            out.write(ByteBuffer.allocate(4).putInt(body.length).array());
            out.write(body);
            out.flush();
        }
    }

    public static DataInputStream input(InputStream in) {
        return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    }
}
