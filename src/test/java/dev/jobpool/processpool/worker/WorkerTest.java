package dev.jobpool.processpool.worker;

import dev.jobpool.processpool.protocol.Frame;
import dev.jobpool.processpool.protocol.FrameCodec;
import dev.jobpool.task.TaskCatalog;
import dev.jobpool.task.TaskSettings;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The worker's side of a chunk, over pipes in this JVM: how its replies come back. */
class WorkerTest {

    /** Every task on the test classpath, test-only ones among them, as the service would name them. */
    private static final List<String> ALL_TASKS = new TaskCatalog(name -> TaskSettings.empty(), task -> true)
            .classNames();

    private final JsonMapper json = JsonMapper.builder().build();
    private final FrameCodec codec = new FrameCodec(json);
    private final PipedOutputStream toWorker = new PipedOutputStream();
    private DataInputStream fromWorker;
    private Thread worker;

    @BeforeEach
    void start() throws IOException {
        PipedInputStream workerIn = new PipedInputStream(toWorker, 1 << 16);
        PipedInputStream workerOutput = new PipedInputStream(1 << 20);
        PipedOutputStream workerOut = new PipedOutputStream(workerOutput);
        worker = Thread.ofPlatform().name("worker-under-test").start(() -> new Worker(workerIn, workerOut).run());
        fromWorker = FrameCodec.input(workerOutput);
        assertThat(codec.read(fromWorker)).isInstanceOf(Frame.Hello.class);
        codec.write(toWorker, new Frame.Init("init", ALL_TASKS, Map.of(), null));
        assertThat(codec.read(fromWorker)).isEqualTo(new Frame.Ready("init"));
    }

    @AfterEach
    void stop() throws Exception {
        codec.write(toWorker, new Frame.Bye("bye"));
        assertThat(codec.read(fromWorker)).isEqualTo(new Frame.Bye("bye"));
        worker.join(5_000);
    }

    private Frame.Call call(String id, String task, String kwargs) {
        return new Frame.Call(id, task, json.readTree(kwargs));
    }

    @Test
    void aChunkRunsInOrderAndIsAnsweredInOneFrameWithEachCallsOwnOutcome() throws IOException {
        codec.write(toWorker, new Frame.Calls("k", List.of(call("a", "echo", "{\"value\":1}"),
                call("b", "divide", "{\"n\":0}"), call("c", "echo", "{\"value\":\"three\"}"))));

        Frame.Results results = (Frame.Results) codec.read(fromWorker);

        assertThat(results.id()).isEqualTo("k");
        assertThat(results.results()).extracting(Frame::id).containsExactly("a", "b", "c");
        assertThat(((Frame.Returned) results.results().get(0)).value().asInt()).isEqualTo(1);
        assertThat(((Frame.Raised) results.results().get(1)).exception().type()).isEqualTo("ValueError");
        assertThat(((Frame.Returned) results.results().get(2)).value().asString()).isEqualTo("three");
    }

    @Test
    void repliesThatWouldPassAFrameTogetherComeInSeveralFramesInOrder() throws IOException {
        codec.write(toWorker, new Frame.Calls("k", List.of(call("a", "chaos-big", "{\"mebibytes\":7}"),
                call("b", "chaos-big", "{\"mebibytes\":7}"), call("c", "chaos-big", "{\"mebibytes\":7}"))));

        List<Frame.Reply> replies = new ArrayList<>();
        int frames = 0;
        while (replies.size() < 3) {
            Frame.Results part = (Frame.Results) codec.read(fromWorker);
            assertThat(part.id()).isEqualTo("k");
            replies.addAll(part.results());
            frames++;
        }

        assertThat(frames).isGreaterThan(1);
        assertThat(replies).extracting(Frame::id).containsExactly("a", "b", "c");
        assertThat(replies).allSatisfy(reply ->
                assertThat(((Frame.Returned) reply).value().asString()).hasSize(7 << 20));
    }

    @Test
    void aResultLargerThanAFrameIsTheCallsExceptionAndTheWorkerGoesOn() throws IOException {
        codec.write(toWorker, call("a", "chaos-big", "{\"mebibytes\":20}"));
        Frame.Raised raised = (Frame.Raised) codec.read(fromWorker);
        assertThat(raised.id()).isEqualTo("a");
        assertThat(raised.exception().type()).isEqualTo("ResultTooLarge");

        codec.write(toWorker, call("b", "echo", "{\"value\":2}"));
        assertThat(((Frame.Returned) codec.read(fromWorker)).value().asInt()).isEqualTo(2);
    }
}
