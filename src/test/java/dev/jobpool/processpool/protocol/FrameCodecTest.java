package dev.jobpool.processpool.protocol;

import dev.jobpool.future.RaisedException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every frame of PROTOCOL.md through the codec, and what the codec refuses. */
class FrameCodecTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final FrameCodec codec = new FrameCodec(json);

    @Test
    void everyFrameComesBackAsItWasSent() throws IOException {
        List<Frame> frames = List.of(
                new Frame.Hello("0", Frame.PROTOCOL_VERSION, 4242),
                new Frame.Init("init", List.of("dev.jobpool.task.builtin.EchoTask"),
                        Map.of("http-get", Map.of("allowed-hosts", List.of("example.org"))),
                        new Frame.Invocation("echo", json.readTree("{\"value\":[1,2]}"))),
                new Frame.Init("init", List.of(), Map.of(), null),
                new Frame.Ready("init"),
                new Frame.Call("c1", "sum-of-squares", json.readTree("{\"n\":12345678901234567890}")),
                new Frame.Progress("c1", 0.5, "half"),
                new Frame.Returned("c1", json.readTree("{\"big\":12345678901234567890,\"exact\":0.1}")),
                new Frame.Raised("c1", new RaisedException("ValueError", "Can't process zero!", "Traceback …")),
                new Frame.Calls("k1", List.of(new Frame.Call("c2", "echo", json.readTree("{\"value\":1}")),
                        new Frame.Call("c3", "echo", json.readTree("{\"value\":2}")))),
                new Frame.Results("k1", List.of(new Frame.Returned("c2", json.readTree("1")),
                        new Frame.Raised("c3", new RaisedException("ValueError", "no", null)))),
                new Frame.Ping("p1"), new Frame.Pong("p1"), new Frame.Bye("b1"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Frame frame : frames) {
            codec.write(out, frame);
        }
        DataInputStream in = FrameCodec.input(new ByteArrayInputStream(out.toByteArray()));
        for (Frame frame : frames) {
            assertThat(codec.read(in)).isEqualTo(frame);
        }
        assertThat(codec.read(in)).as("a clean end between frames").isNull();
    }

    @Test
    void theTypeIsOnTheWireAsPROTOCOLmdNamesIt() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        codec.write(out, new Frame.Returned("c1", json.readTree("1")));
        String body = new String(out.toByteArray(), 4, out.size() - 4, StandardCharsets.UTF_8);
        assertThat(json.readTree(body)).isEqualTo(json.readTree("{\"type\":\"returned\",\"id\":\"c1\",\"value\":1}"));
    }

    @Test
    void fieldsALaterVersionAddsAreIgnored() throws IOException {
        assertThat(read("{\"type\":\"pong\",\"id\":\"p\",\"latency\":3}")).isEqualTo(new Frame.Pong("p"));
    }

    @Test
    void anUnknownTypeAMissingIdOrNoJsonIsAProtocolError() {
        assertThatThrownBy(() -> read("{\"type\":\"cancel\",\"id\":\"c1\"}")).isInstanceOf(ProtocolError.class);
        assertThatThrownBy(() -> read("{\"type\":\"ping\"}")).isInstanceOf(ProtocolError.class)
                .hasMessageContaining("no id");
        assertThatThrownBy(() -> read("{\"id\":\"x\"}")).isInstanceOf(ProtocolError.class);
        assertThatThrownBy(() -> read("this is not a frame")).isInstanceOf(ProtocolError.class);
    }

    @Test
    void anOversizedOrCutFrameIsAProtocolError() {
        byte[] huge = ByteBuffer.allocate(4).putInt(FrameCodec.MAX_FRAME + 1).array();
        assertThatThrownBy(() -> codec.read(FrameCodec.input(new ByteArrayInputStream(huge))))
                .isInstanceOf(ProtocolError.class).hasMessageContaining("over the maximum");
        byte[] cut = ByteBuffer.allocate(6).putInt(10).put((byte) '{').put((byte) '"').array();
        assertThatThrownBy(() -> codec.read(FrameCodec.input(new ByteArrayInputStream(cut))))
                .isInstanceOf(ProtocolError.class).hasMessageContaining("ended inside a frame");
    }

    private Frame read(String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] frame = ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array();
        return codec.read(FrameCodec.input(new ByteArrayInputStream(frame)));
    }
}
