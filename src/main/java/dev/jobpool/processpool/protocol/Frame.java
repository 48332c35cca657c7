package dev.jobpool.processpool.protocol;

import dev.jobpool.future.RaisedException;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * One message of PROTOCOL.md: its {@code type} is the record, its {@code id} the correlation id. Encoded and
 * decoded only by {@link FrameCodec}; neither side assembles or reads JSON fields by name.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Frame.Hello.class, name = "hello"),
        @JsonSubTypes.Type(value = Frame.Init.class, name = "init"),
        @JsonSubTypes.Type(value = Frame.Ready.class, name = "ready"),
        @JsonSubTypes.Type(value = Frame.Call.class, name = "call"),
        @JsonSubTypes.Type(value = Frame.Calls.class, name = "calls"),
        @JsonSubTypes.Type(value = Frame.Progress.class, name = "progress"),
        @JsonSubTypes.Type(value = Frame.Returned.class, name = "returned"),
        @JsonSubTypes.Type(value = Frame.Raised.class, name = "raised"),
        @JsonSubTypes.Type(value = Frame.Results.class, name = "results"),
        @JsonSubTypes.Type(value = Frame.Ping.class, name = "ping"),
        @JsonSubTypes.Type(value = Frame.Pong.class, name = "pong"),
        @JsonSubTypes.Type(value = Frame.Bye.class, name = "bye")})
public sealed interface Frame {

    /** The version of PROTOCOL.md that both sides speak. */
    int PROTOCOL_VERSION = 3;

    String id();

    /** Worker → parent, first: the worker is up. Its id is {@code 0}. */
    record Hello(String id, int protocol, long pid) implements Frame {
    }

    /**
     * Parent → worker: configure the tasks, then run the initializer, if any, once.
     *
     * @param tasks the classes of the service's tasks, so that the worker offers the same ones and need not
     *              look for them on the classpath
     * @param settings task name → setting key → values, as the service's tasks read them
     */
    record Init(String id, List<String> tasks, Map<String, Map<String, List<String>>> settings,
                Invocation initializer) implements Frame {
    }

    /** Worker → parent: {@code init} is done (its initializer returned). */
    record Ready(String id) implements Frame {
    }

    /** Parent → worker: run one call; the parent bound and checked its arguments. */
    record Call(String id, String task, JsonNode kwargs) implements Frame {

        public Invocation invocation() {
            return new Invocation(task, kwargs);
        }
    }

    /**
     * Parent → worker: run a chunk of calls, in order, one after another (Python's {@code map} with a
     * {@code chunksize}: one frame carries the chunk, as one work item carries it in CPython).
     */
    record Calls(String id, List<Call> calls) implements Frame {
    }

    /** Worker → parent: the running call reports progress. */
    record Progress(String id, double fraction, String message) implements Frame {
    }

    /** How a call (or the initializer) ended: {@link Returned} or {@link Raised}, with the call's id. */
    sealed interface Reply extends Frame {
    }

    /** Worker → parent: the call (or initializer) returned. */
    record Returned(String id, JsonNode value) implements Reply {
    }

    /** Worker → parent: the call (or initializer) raised. */
    record Raised(String id, RaisedException exception) implements Reply {
    }

    /**
     * Worker → parent, with the id of a {@link Calls} frame: the replies to some of its calls, in the chunk's
     * order. A chunk's replies come in one frame, or in several when one would pass {@code MAX_FRAME}; the chunk
     * is done when each of its calls has its reply.
     */
    record Results(String id, List<Reply> results) implements Frame {
    }

    /** Parent → worker: liveness check, answered at once even while a call runs. */
    record Ping(String id) implements Frame {
    }

    /** Worker → parent: the answer to {@link Ping}. */
    record Pong(String id) implements Frame {
    }

    /** Parent → worker: finish. Worker → parent, with the same id: exiting cleanly. */
    record Bye(String id) implements Frame {
    }

    /** A task and its arguments by parameter name: a call's, or the initializer's in {@link Init}. */
    record Invocation(String task, JsonNode kwargs) {
    }
}
