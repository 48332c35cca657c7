package dev.jobpool.processpool.worker;

import dev.jobpool.future.RaisedException;
import dev.jobpool.processpool.protocol.FrameCodec;
import dev.jobpool.processpool.protocol.Frame;
import dev.jobpool.processpool.protocol.ProtocolError;
import dev.jobpool.task.ArgumentBinder;
import dev.jobpool.task.Task;
import dev.jobpool.task.TaskCall;
import dev.jobpool.task.TaskCatalog;
import dev.jobpool.task.TaskContext;
import dev.jobpool.task.TaskSettings;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import tools.jackson.databind.JsonNode;

/**
 * The worker's side of the protocol. The reader (the main thread) answers pings at once; calls run on one task
 * thread, one at a time. The parent stops a call by ending this JVM, so there is no cancel message.
 */
final class Worker {

    private final DataInputStream in;
    private final OutputStream out;
    private final ArgumentBinder binder = new ArgumentBinder(null); // the service checked every call already
    private final FrameCodec codec = new FrameCodec(binder.mapper()); // one mapper: each costs start-up time
    private final ExecutorService taskThread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("jobpool-task").factory());
    private volatile TaskCatalog catalog;

    Worker(InputStream in, OutputStream out) {
        this.in = FrameCodec.input(in);
        this.out = out;
    }

    /** Runs until the parent says bye (0), goes away (0), or breaks the protocol (2). */
    int run() {
        watchParent();
        try {
            send(new Frame.Hello("0", Frame.PROTOCOL_VERSION, ProcessHandle.current().pid()));
            for (Frame next = codec.read(in); next != null; next = codec.read(in)) {
                switch (next) {
                    case Frame.Init init -> taskThread.execute(() -> init(init));
                    case Frame.Call call -> taskThread.execute(() -> sendReply(run(call.id(), call.invocation(), true)));
                    case Frame.Calls chunk -> taskThread.execute(() -> runChunk(chunk));
                    case Frame.Ping ping -> send(new Frame.Pong(ping.id()));
                    case Frame.Bye bye -> {
                        send(new Frame.Bye(bye.id()));
                        return 0;
                    }
                    default -> throw new ProtocolError("a worker does not take " + next.getClass().getSimpleName()
                            + " frames");
                }
            }
            return 0; // stdin closed: the parent is gone
        } catch (ProtocolError e) {
            System.err.println("jobpool worker: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            return 0; // the channel broke: the parent is gone
        }
    }

    /** Exits when the parent process is gone even though stdin stays open (someone else holds the pipe). */
    private static void watchParent() {
        ProcessHandle.current().parent().ifPresent(parent -> Thread.ofPlatform().daemon().name("jobpool-parent-watch")
                .start(() -> {
                    while (parent.isAlive()) {
                        try {
                            Thread.sleep(1000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    Runtime.getRuntime().halt(0);
                }));
    }

    private void init(Frame.Init init) {
        Map<String, Map<String, List<String>>> settings = init.settings() == null ? Map.of() : init.settings();
        try {
            catalog = TaskCatalog.load(init.tasks() == null ? List.of() : init.tasks(),
                    name -> TaskSettings.of(settings.getOrDefault(name, Map.of())));
        } catch (RuntimeException e) {
            // the init names a task this worker cannot make: as a broken frame, the worker ends (the parent reports
            // its stderr and, after crash-loop-limit such starts, breaks the executor)
            System.err.println("jobpool worker: " + e.getMessage());
            System.exit(2);
        }
        Frame.Reply initialized = init.initializer() == null ? null
                : run(init.id(), init.initializer(), false); // Python ignores what an initializer returns
        send(initialized instanceof Frame.Raised raised ? raised : new Frame.Ready(init.id()));
    }

    /** Runs a chunk's calls in order and answers them together: one {@code results} frame, more if it must. */
    private void runChunk(Frame.Calls chunk) {
        List<Frame.Reply> replies = new ArrayList<>(chunk.calls().size());
        for (Frame.Call call : chunk.calls()) {
            replies.add(run(call.id(), call.invocation(), true));
        }
        sendResults(chunk.id(), replies);
    }

    /**
     * Sends the replies in one frame when they fit in one, else halves them until they do: results under the
     * service's max-result-size (1 MB by default) may still add up past a frame's 16 MiB over a large chunk.
     */
    private void sendResults(String chunk, List<Frame.Reply> replies) {
        Frame.Results results = new Frame.Results(chunk, replies);
        byte[] body = codec.encode(results);
        if (FrameCodec.fits(body)) {
            write(body, results);
        } else if (replies.size() == 1) {
            sendResults(chunk, List.of(tooLarge(replies.getFirst(), body.length)));
        } else {
            int half = replies.size() / 2;
            sendResults(chunk, replies.subList(0, half));
            sendResults(chunk, replies.subList(half, replies.size()));
        }
    }

    /** Sends a single call's reply; a value too large for a frame is answered as the call's exception. */
    private void sendReply(Frame.Reply reply) {
        byte[] body = codec.encode(reply);
        if (FrameCodec.fits(body)) {
            write(body, reply);
        } else {
            send(tooLarge(reply, body.length));
        }
    }

    private static Frame.Raised tooLarge(Frame.Reply reply, int bytes) {
        return new Frame.Raised(reply.id(), new RaisedException("ResultTooLarge", "the task returned a value of"
                + " about " + bytes + " bytes of JSON, more than a worker's channel carries (" + FrameCodec.MAX_FRAME
                + " bytes)", null));
    }

    /** Runs {@code task(**kwargs)}: {@code returned} (with its value, if {@code keepValue}) or {@code raised}. */
    private Frame.Reply run(String id, Frame.Invocation invocation, boolean keepValue) {
        Task<?> task = null;
        try {
            task = catalog.get(invocation.task());
            Map<String, JsonNode> kwargs = new LinkedHashMap<>();
            if (invocation.kwargs() != null) {
                invocation.kwargs().properties().forEach(e -> kwargs.put(e.getKey(), e.getValue()));
            }
            TaskCall<?> bound = binder.bind(task, List.of(), kwargs);
            Object value = bound.run(new Context(id));
            return new Frame.Returned(id, keepValue ? codec.json().valueToTree(value) : null);
        } catch (Throwable raised) {
            return new Frame.Raised(id, RaisedException.of(raised, task == null ? Worker.class : task.getClass()));
        } finally {
            Thread.interrupted();
        }
    }

    private void send(Frame frame) {
        write(codec.encode(frame), frame);
    }

    private void write(byte[] body, Frame frame) {
        try {
            codec.writeEncoded(out, body, frame);
        } catch (IOException e) {
            Runtime.getRuntime().halt(0); // the parent is gone; nobody is left to tell
        }
    }

    private final class Context implements TaskContext {

        private final String id;

        Context(String id) {
            this.id = id;
        }

        @Override
        public boolean isCancelled() {
            return Thread.currentThread().isInterrupted();
        }

        @Override
        public void reportProgress(double fraction, String message) {
            send(new Frame.Progress(id, fraction, message));
        }

        @Override
        public boolean isolated() {
            return true;
        }
    }
}
