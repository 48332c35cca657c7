package dev.jobpool.processpool.worker;

import dev.jobpool.future.RaisedException;
import dev.jobpool.processpool.protocol.FrameCodec;
import dev.jobpool.processpool.protocol.Messages;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * The worker's side of the protocol. The reader (the main thread) answers pings and cancels at once; calls run
 * on one task thread, one at a time.
 */
final class Worker {

    private final DataInputStream in;
    private final OutputStream out;
    private final ArgumentBinder binder = new ArgumentBinder(null); // the service checked every call already
    private final FrameCodec codec = new FrameCodec(binder.mapper()); // one mapper: each costs start-up time
    private final ExecutorService taskThread = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("jobpool-task").factory());
    private volatile TaskCatalog catalog;
    private volatile String runningId;
    private volatile Thread runningThread;
    private volatile boolean cancelled;

    Worker(InputStream in, OutputStream out) {
        this.in = FrameCodec.input(in);
        this.out = out;
    }

    /** Runs until the parent says bye (0), goes away (0), or breaks the protocol (2). */
    int run() {
        watchParent();
        try {
            send(codec.frame(Messages.HELLO, "0").put("protocol", Messages.PROTOCOL_VERSION)
                    .put("pid", ProcessHandle.current().pid()));
            for (ObjectNode next = codec.read(in); next != null; next = codec.read(in)) {
                ObjectNode frame = next;
                String id = frame.get("id").asString();
                switch (frame.get("type").asString()) {
                    case Messages.INIT -> taskThread.execute(() -> init(id, frame));
                    case Messages.CALL -> taskThread.execute(() -> call(id, frame));
                    case Messages.CANCEL -> cancel(id);
                    case Messages.PING -> send(codec.frame(Messages.PONG, id));
                    case Messages.BYE -> {
                        send(codec.frame(Messages.BYE, id));
                        return 0;
                    }
                    default -> throw new ProtocolError("unknown frame type " + frame.get("type"));
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

    private void init(String id, ObjectNode frame) {
        Map<String, Map<String, List<String>>> settings = new LinkedHashMap<>();
        frame.path("settings").properties().forEach(task -> {
            Map<String, List<String>> values = new LinkedHashMap<>();
            task.getValue().properties().forEach(setting -> {
                List<String> list = new ArrayList<>();
                setting.getValue().forEach(v -> list.add(v.asString()));
                values.put(setting.getKey(), list);
            });
            settings.put(task.getKey(), values);
        });
        boolean testTasks = frame.path("testTasks").asBoolean(false);
        catalog = new TaskCatalog(name -> TaskSettings.of(settings.getOrDefault(name, Map.of())),
                task -> testTasks || !task.testOnly());
        JsonNode initializer = frame.path("initializer");
        if (initializer.isObject()) {
            runAndReply(id, initializer, Messages.READY);
        } else {
            send(codec.frame(Messages.READY, id));
        }
    }

    private void call(String id, ObjectNode frame) {
        runAndReply(id, frame, Messages.RETURNED);
    }

    /** Runs {@code task(**kwargs)} and answers {@code success} (with its value) or {@code raised}. */
    private void runAndReply(String id, JsonNode call, String success) {
        runningId = id;
        runningThread = Thread.currentThread();
        cancelled = false;
        Task<?> task = null;
        try {
            task = catalog.get(call.path("task").asString());
            Map<String, JsonNode> kwargs = new LinkedHashMap<>();
            call.path("kwargs").properties().forEach(e -> kwargs.put(e.getKey(), e.getValue()));
            TaskCall<?> bound = binder.bind(task, List.of(), kwargs);
            Object value = bound.run(new Context(id));
            ObjectNode reply = codec.frame(success, id);
            reply.set("value", codec.json().valueToTree(value));
            send(reply);
        } catch (Throwable raised) {
            ObjectNode reply = codec.frame(Messages.RAISED, id);
            reply.set("exception", codec.json().valueToTree(
                    RaisedException.of(raised, task == null ? Worker.class : task.getClass())));
            send(reply);
        } finally {
            runningId = null;
            runningThread = null;
            Thread.interrupted();
        }
    }

    private void cancel(String id) {
        Thread thread = runningThread;
        if (id.equals(runningId) && thread != null) {
            cancelled = true;
            thread.interrupt();
        }
    }

    private void send(ObjectNode frame) {
        try {
            codec.write(out, frame);
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
            return cancelled || Thread.currentThread().isInterrupted();
        }

        @Override
        public void reportProgress(double fraction, String message) {
            send(codec.frame(Messages.PROGRESS, id).put("fraction", fraction).put("message", message));
        }

        @Override
        public boolean isolated() {
            return true;
        }
    }
}
