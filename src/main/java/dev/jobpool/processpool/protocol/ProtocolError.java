package dev.jobpool.processpool.protocol;

import java.io.IOException;

/** The peer broke the protocol: an oversized or malformed frame, a frame cut short, an unknown id or type. */
public class ProtocolError extends IOException {

    public ProtocolError(String message) {
        super(message);
    }
}
