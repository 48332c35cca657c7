package dev.jobpool.processpool;

import dev.jobpool.future.RaisedException;
import dev.jobpool.processpool.protocol.FrameCodec;
import dev.jobpool.future.Seconds;
import dev.jobpool.processpool.protocol.Frame;
import dev.jobpool.processpool.protocol.ProtocolError;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * The parent's handle on one worker JVM: starts it, sends it frames, matches replies to requests by id, and
 * notices when it dies.
 *
 * <p>Implementation notes. One reader thread per worker reads stdout frames and completes the request waiting
 * for each reply ({@code waiting}, by id); another keeps the last lines of stderr for crash reports. When the
 * stream ends or breaks, {@code died} completes with a description (exit status, signal, stderr tail) and
 * every waiting request fails with it: that is how a crash reaches the call that was running. A reply whose id
 * nobody waits for is a protocol error, and so kills the worker.
 */
final class WorkerProcess {

    private static final Logger log = LoggerFactory.getLogger(WorkerProcess.class);
    private static final int STDERR_LINES = 20;

    private final String executor;
    private final Process process;
    private final FrameCodec codec;
    private final OutputStream stdin;
    private final Map<String, CompletableFuture<Frame>> waiting = new ConcurrentHashMap<>();
    /** The chunks ({@link Frame.Calls}) that wait for their replies, by id. */
    private final Map<String, ChunkReplies> chunks = new ConcurrentHashMap<>();
    private final CompletableFuture<String> died = new CompletableFuture<>();
    private final CompletableFuture<Frame.Hello> hello = new CompletableFuture<>();
    private final AtomicLong requests = new AtomicLong();
    /** The last lines the worker wrote to stderr. Guarded by itself. */
    private final ArrayDeque<String> stderrTail = new ArrayDeque<>();
    private volatile Consumer<Frame.Progress> progress = frame -> { };
    private volatile long lastHeardNanos = System.nanoTime();
    /** Why this side ended the worker, for its crash report; null while nobody did. */
    private volatile String killedBecause;
    /** Set when the worker was asked to finish: its exit is then no crash. */
    private volatile boolean toldBye;

    private WorkerProcess(String executor, Process process, FrameCodec codec) {
        this.executor = executor;
        this.process = process;
        this.codec = codec;
        this.stdin = process.getOutputStream();
    }

    /**
     * Starts a worker and waits until it said hello and finished {@code init} (with its initializer).
     *
     * @throws WorkerDied if it did not start in time or died meanwhile
     * @throws InitializerFailed if the initializer raised (the worker is stopped)
     */
    static WorkerProcess start(String executor, List<String> command, Map<String, String> environment,
                               Frame.Init init, FrameCodec codec, Duration startTimeout)
            throws WorkerDied, InitializerFailed {
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().clear();
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new WorkerDied("could not start a worker JVM: " + e.getMessage());
        }
        WorkerProcess worker = new WorkerProcess(executor, process, codec);
        Thread.ofVirtual().name("jobpool-worker-" + process.pid() + "-out").start(worker::readFrames);
        Thread.ofVirtual().name("jobpool-worker-" + process.pid() + "-err").start(worker::readStderr);
        try {
            return worker.awaitStarted(init, startTimeout);
        } catch (WorkerDied e) {
            log.warn("worker pid {} of executor '{}' did not start: {}; its stderr ended with:\n{}", process.pid(),
                    executor, e.getMessage(), worker.stderrTail());
            throw e;
        }
    }

    private WorkerProcess awaitStarted(Frame.Init init, Duration startTimeout) throws WorkerDied, InitializerFailed {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        try {
            // init goes out before the worker's hello: the pipe holds it until the worker reads, which saves
            // the round trip of waiting for hello first. A worker of another protocol is killed at its hello
            // all the same, whatever it made of init.
            CompletableFuture<Frame> initialized = ask(init);
            Frame.Hello first = hello.get(startTimeout.toNanos(), TimeUnit.NANOSECONDS);
            if (first.protocol() != Frame.PROTOCOL_VERSION) {
                throw killed("it speaks protocol " + first.protocol() + ", not " + Frame.PROTOCOL_VERSION);
            }
            Frame reply = await(init.id(), initialized, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            if (reply instanceof Frame.Raised raised) {
                kill("its initializer raised");
                throw new InitializerFailed(raised.exception());
            }
            if (!(reply instanceof Frame.Ready)) {
                throw killed("it answered init with " + reply.getClass().getSimpleName());
            }
            return this;
        } catch (TimeoutException e) {
            throw killed("it did not start within " + Seconds.of(startTimeout));
        } catch (ExecutionException e) {
            throw deathOf(e);
        } catch (InterruptedException e) {
            kill("the pool thread starting it was interrupted");
            Thread.currentThread().interrupt();
            throw new WorkerDied("interrupted while starting a worker");
        }
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return !died.isDone() && process.isAlive();
    }

    /** Nanoseconds since the worker last sent anything. */
    long silentNanos() {
        return System.nanoTime() - lastHeardNanos;
    }

    /** Runs one call; blocks until it returned or raised (the reply frame), or the worker died. */
    Frame.Reply call(Frame.Call call, Consumer<Frame.Progress> onProgress) throws WorkerDied {
        Frame reply = exchange(call, onProgress);
        if (!(reply instanceof Frame.Reply answer)) {
            throw killed("it answered a call with " + reply.getClass().getSimpleName());
        }
        return answer;
    }

    /**
     * Runs a chunk of calls; blocks until each has its reply (returned in the chunk's order), or the worker
     * died. Progress frames name the call they are about.
     */
    List<Frame.Reply> calls(Frame.Calls chunk, Consumer<Frame.Progress> onProgress) throws WorkerDied {
        chunks.put(chunk.id(), new ChunkReplies(chunk.calls().stream().map(Frame.Call::id).toList()));
        try {
            Frame reply = exchange(chunk, onProgress);
            if (!(reply instanceof Frame.Results results)) {
                throw killed("it answered a chunk with " + reply.getClass().getSimpleName());
            }
            return results.results();
        } finally {
            chunks.remove(chunk.id());
        }
    }

    /** Sends a call or a chunk and waits for its answer as long as the worker lives. */
    private Frame exchange(Frame request, Consumer<Frame.Progress> onProgress) throws WorkerDied {
        progress = onProgress;
        try {
            return request(request, null);
        } catch (TimeoutException impossible) {
            throw new IllegalStateException(impossible);
        } catch (ExecutionException e) {
            throw deathOf(e);
        } catch (InterruptedException e) {
            // the pool thread is interrupted only to stop the call: the worker goes with it
            Thread.currentThread().interrupt();
            throw killed("the call " + request.id() + " was stopped");
        } finally {
            progress = frame -> { };
        }
    }

    /** Sends a ping; the reply only refreshes {@link #silentNanos()}. */
    void ping() {
        String id = "ping-" + requests.incrementAndGet();
        CompletableFuture<Frame> pong = new CompletableFuture<>();
        waiting.put(id, pong);
        if (!send(new Frame.Ping(id))) {
            waiting.remove(id);
        }
    }

    /** Says bye and waits up to {@code grace} for a clean exit, then kills. */
    void bye(Duration grace) {
        if (!isAlive()) {
            return;
        }
        String id = "bye-" + requests.incrementAndGet();
        CompletableFuture<Frame> reply = new CompletableFuture<>();
        waiting.put(id, reply);
        toldBye = true;
        send(new Frame.Bye(id));
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill("it did not exit within " + Seconds.of(grace) + " of bye");
            }
        } catch (InterruptedException e) {
            kill("interrupted while waiting for it to exit");
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ends the worker at once (SIGKILL) and fails what waits on it with {@code why}. Returns once the process is
     * gone (SIGKILL takes milliseconds), so that "killed" means "no longer there" to whoever asked.
     */
    void kill(String why) {
        if (killedBecause == null) {
            killedBecause = why;
        }
        process.destroyForcibly();
        try {
            process.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Asks the worker's JVM to end (SIGTERM); Python's terminate_workers. */
    void terminate(String why) {
        killedBecause = why;
        process.destroy();
    }

    private WorkerDied killed(String why) {
        kill(why);
        try {
            return new WorkerDied(died.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WorkerDied(describe(why));
        } catch (ExecutionException | TimeoutException e) {
            return new WorkerDied(describe(why));
        }
    }

    private WorkerDied deathOf(ExecutionException e) {
        return e.getCause() instanceof WorkerDied dead ? dead : new WorkerDied(String.valueOf(e.getCause()));
    }

    /** Sends a request and waits for the reply with its id; a null timeout waits until the worker dies. */
    private Frame request(Frame frame, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        return await(frame.id(), ask(frame), timeout);
    }

    /** Sends a frame whose reply {@link #await} then takes. */
    private CompletableFuture<Frame> ask(Frame frame) {
        CompletableFuture<Frame> reply = new CompletableFuture<>();
        waiting.put(frame.id(), reply);
        if (died.isDone()) {
            reply.completeExceptionally(new WorkerDied(died.getNow("it is gone")));
        } else {
            send(frame);
        }
        return reply;
    }

    private Frame await(String id, CompletableFuture<Frame> reply, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        try {
            return timeout == null ? reply.get() : reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } finally {
            waiting.remove(id, reply);
        }
    }

    private boolean send(Frame frame) {
        try {
            codec.write(stdin, frame);
            return true;
        } catch (IOException e) {
            return false; // the reader notices the death and tells everyone waiting
        }
    }

    private void readFrames() {
        String ending = null;
        try (DataInputStream in = FrameCodec.input(process.getInputStream())) {
            for (Frame frame = codec.read(in); frame != null; frame = codec.read(in)) {
                lastHeardNanos = System.nanoTime();
                try {
                    dispatch(frame);
                } catch (RuntimeException malformed) {
                    // a well-formed frame with impossible content: were it to end this thread, nobody would
                    // tell the calls that wait on this worker that it is gone
                    throw new ProtocolError("a " + frame.getClass().getSimpleName() + " frame the parent could not"
                            + " take (" + malformed + ")");
                }
            }
        } catch (ProtocolError e) {
            ending = "it broke the protocol: " + e.getMessage();
            log.warn("worker pid {} of executor '{}' broke the protocol: {}", process.pid(), executor, e.getMessage());
            kill(ending);
        } catch (IOException e) {
            // the stream broke: the process is going away
        }
        String description = describe(ending);
        died.complete(description);
        WorkerDied death = new WorkerDied(description);
        hello.completeExceptionally(death);
        waiting.values().forEach(reply -> reply.completeExceptionally(death));
    }

    private void dispatch(Frame frame) throws ProtocolError {
        switch (frame) {
            case Frame.Hello first -> hello.complete(first);
            case Frame.Progress report -> progress.accept(report);
            case Frame.Ready reply -> answer(reply);
            case Frame.Reply reply -> answer(reply);
            case Frame.Pong reply -> answer(reply);
            case Frame.Results part -> collect(part);
            case Frame.Bye reply -> answer(reply);
            case Frame.Init request -> throw new ProtocolError("a worker sent an init frame");
            case Frame.Call request -> throw new ProtocolError("a worker sent a call frame");
            case Frame.Calls request -> throw new ProtocolError("a worker sent a calls frame");
            case Frame.Ping request -> throw new ProtocolError("a worker sent a ping frame");
        }
    }

    /** Completes the request that waits for this reply's id. */
    private void answer(Frame reply) throws ProtocolError {
        CompletableFuture<Frame> request = waiting.remove(reply.id());
        if (request == null) {
            throw new ProtocolError("a " + reply.getClass().getSimpleName() + " frame for id '" + reply.id()
                    + "', which nothing waits for");
        }
        request.complete(reply);
    }

    /** Adds a results frame's replies to its chunk's; the chunk's request is answered once all are in. */
    private void collect(Frame.Results part) throws ProtocolError {
        ChunkReplies chunk = chunks.get(part.id());
        if (chunk == null) {
            throw new ProtocolError("a results frame for id '" + part.id() + "', which is no chunk that runs");
        }
        if (part.results() == null || part.results().contains(null)) {
            throw new ProtocolError("a results frame for chunk '" + part.id() + "' without its replies");
        }
        for (Frame.Reply reply : part.results()) {
            chunk.add(reply);
        }
        if (chunk.complete()) {
            answer(new Frame.Results(part.id(), List.copyOf(chunk.replies)));
        }
    }

    /** The replies a chunk has had so far; they must come in the chunk's order. Read by the frame reader only. */
    private static final class ChunkReplies {

        private final List<String> callIds;
        private final List<Frame.Reply> replies = new ArrayList<>();

        ChunkReplies(List<String> callIds) {
            this.callIds = callIds;
        }

        void add(Frame.Reply reply) throws ProtocolError {
            if (complete() || !callIds.get(replies.size()).equals(reply.id())) {
                throw new ProtocolError("a reply for id '" + reply.id() + "' where the chunk's next call is "
                        + (complete() ? "none" : "'" + callIds.get(replies.size()) + "'"));
            }
            replies.add(reply);
        }

        boolean complete() {
            return replies.size() == callIds.size();
        }
    }

    private void readStderr() {
        try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = err.readLine(); line != null; line = err.readLine()) {
                log.debug("worker pid {}: {}", process.pid(), line);
                synchronized (stderrTail) {
                    if (stderrTail.size() == STDERR_LINES) {
                        stderrTail.removeFirst();
                    }
                    stderrTail.addLast(line.length() > 500 ? line.substring(0, 500) + "…" : line);
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
    }

    /** How the worker ended, as clients may read it: why it was killed (if it was), its exit status or signal. */
    private String describe(String ending) {
        Integer status = null;
        try {
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                status = process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        String reason = ending != null ? ending : killedBecause != null ? killedBecause
                : toldBye ? "it was told bye" : null;
        StringBuilder text = new StringBuilder("worker pid ").append(process.pid());
        text.append(reason == null ? " died" : " was stopped: " + reason);
        if (status != null) {
            text.append(" (").append(exitStatus(status)).append(')');
        }
        return text.toString();
    }

    /**
     * The last lines the worker wrote to stderr: for the log and operators only. Clients never see them, since
     * a worker's stderr may show its environment, paths or anything a task printed.
     */
    String stderrTail() {
        synchronized (stderrTail) {
            return String.join("\n", stderrTail);
        }
    }

    static String exitStatus(int status) {
        if (status > 128 && status < 160) {
            int signal = status - 128;
            String name = switch (signal) {
                case 9 -> "SIGKILL";
                case 15 -> "SIGTERM";
                case 6 -> "SIGABRT";
                case 11 -> "SIGSEGV";
                case 2 -> "SIGINT";
                default -> "signal " + signal;
            };
            return "killed by " + name + ", exit status " + status;
        }
        return status == 3 ? "exit status 3, out of memory" : "exit status " + status;
    }
}
