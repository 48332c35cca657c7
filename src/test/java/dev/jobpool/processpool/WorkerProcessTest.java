package dev.jobpool.processpool;

import dev.jobpool.processpool.protocol.Frame;
import dev.jobpool.processpool.protocol.FrameCodec;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The parent's side of a chunk against a worker that misbehaves in ways a real one never does (a JVM of this
 * test's classes, {@link Impostor}): whatever comes back, the waiting call ends, and the worker is killed.
 */
@Timeout(60) // a parent that waits forever on a broken worker is the failure these tests look for
class WorkerProcessTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final FrameCodec codec = new FrameCodec(json);

    /** Says hello and ready, then answers a chunk with the raw results frame given as its argument. */
    public static final class Impostor {
        public static void main(String[] args) throws IOException {
            FrameCodec codec = new FrameCodec(JsonMapper.builder().build());
            DataInputStream in = FrameCodec.input(System.in);
            OutputStream out = System.out;
            codec.write(out, new Frame.Hello("0", Frame.PROTOCOL_VERSION, ProcessHandle.current().pid()));
            codec.write(out, new Frame.Ready(codec.read(in).id()));
            Frame.Calls chunk = (Frame.Calls) codec.read(in);
            byte[] body = args[0].replace("CHUNK", chunk.id()).getBytes(StandardCharsets.UTF_8);
            out.write(ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array());
            out.flush();
            codec.read(in); // until the parent kills it
        }
    }

    private WorkerProcess impostor(String results) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return WorkerProcess.start("test", List.of(java, "-cp", System.getProperty("java.class.path"),
                        Impostor.class.getName(), results), Map.of(), new Frame.Init("init", List.of(), Map.of(), null),
                codec, Duration.ofSeconds(30));
    }

    private Frame.Calls chunk() {
        return new Frame.Calls("chunk-1", List.of(new Frame.Call("a", "echo", json.readTree("{\"value\":1}")),
                new Frame.Call("b", "echo", json.readTree("{\"value\":2}"))));
    }

    @Test
    void resultsWithoutRepliesOrOutOfOrderEndTheChunkAndTheWorker() throws Exception {
        for (String results : List.of("{\"type\":\"results\",\"id\":\"CHUNK\",\"results\":null}",
                "{\"type\":\"results\",\"id\":\"CHUNK\",\"results\":[null]}",
                "{\"type\":\"results\",\"id\":\"CHUNK\",\"results\":[{\"type\":\"returned\",\"id\":\"b\",\"value\":2}]}",
                "{\"type\":\"ready\",\"id\":\"CHUNK\"}")) {
            WorkerProcess worker = impostor(results);
            assertThatThrownBy(() -> worker.calls(chunk(), progress -> { })).as(results)
                    .isInstanceOf(WorkerDied.class).hasMessageContaining("pid " + worker.pid());
            assertThat(worker.isAlive()).as(results).isFalse();
        }
    }

    @Test
    void aChunkAnsweredInTwoFramesIsWhole() throws Exception {
        WorkerProcess worker = impostor("{\"type\":\"results\",\"id\":\"CHUNK\",\"results\":["
                + "{\"type\":\"returned\",\"id\":\"a\",\"value\":1}]}");
        try {
            // the impostor sends only the first part: the chunk is not done, so the call still waits
            Thread waiting = Thread.ofVirtual().start(() -> {
                try {
                    worker.calls(chunk(), progress -> { });
                } catch (WorkerDied expected) {
                    // once killed below
                }
            });
            waiting.join(Duration.ofMillis(500));
            assertThat(waiting.isAlive()).as("waits for the rest of the chunk").isTrue();
            worker.kill("the test is over");
            waiting.join(Duration.ofSeconds(10));
            assertThat(waiting.isAlive()).isFalse();
        } finally {
            worker.kill("the test is over");
        }
    }
}
