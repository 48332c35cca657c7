package dev.jobpool.processpool.protocol;

/** The frame types of PROTOCOL.md, and its version. */
public final class Messages {

    public static final int PROTOCOL_VERSION = 1;

    public static final String HELLO = "hello";
    public static final String INIT = "init";
    public static final String READY = "ready";
    public static final String CALL = "call";
    public static final String PROGRESS = "progress";
    public static final String RETURNED = "returned";
    public static final String RAISED = "raised";
    public static final String CANCEL = "cancel";
    public static final String PING = "ping";
    public static final String PONG = "pong";
    public static final String BYE = "bye";

    private Messages() {
    }
}
