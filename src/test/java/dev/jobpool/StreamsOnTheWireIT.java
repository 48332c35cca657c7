package dev.jobpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.ApiTest;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What streams put on the wire: whole headers, and lines gathered into writes when several are ready.
 *
 * <p>A stream's answer is written by another thread than the request's, from its first line on; the headers of
 * every answer must still be whole. Spring Security writes its headers (Cache-Control, X-Frame-Options, …) when
 * the response commits or when the request thread leaves its filter, whichever comes first, unsynchronized
 * (spring-security#15510): a stream whose first line is ready at once committed on its own thread while the
 * request thread was adding the same headers, and Tomcat sent a header line with no name (": "), or a header
 * twice. Seen as "Invalid header; error at offset 0: <: >" from Apache HttpClient in the PostgreSQL bench.
 */
class StreamsOnTheWireIT extends ApiTest {

    private static final List<String> SECURITY_HEADERS = List.of("cache-control", "x-content-type-options",
            "x-frame-options", "pragma", "expires");

    @Test
    void streamsWhoseFirstLineIsReadyAtOnceAnswerWithWholeHeadersEachOnce() throws Exception {
        List<String> ids = IntStream.range(0, 20).mapToObj(i -> api.submit("default", "echo", i)).toList();
        for (String id : ids) {
            assertThat(api.get("/api/v1/futures/" + id + "/result?timeout=10").status()).isEqualTo(200);
        }
        byte[] body = Api.JSON.writeValueAsBytes(Map.of("ids", ids, "timeout", 10));
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> streams = new ArrayList<>();
            for (int client = 0; client < 4; client++) {
                streams.add(clients.submit(() -> streams(body, 300, wrong)));
            }
            int answered = 0;
            for (Future<Integer> stream : streams) {
                answered += stream.get();
            }
            assertThat(wrong).as("answers with broken or doubled headers").isEmpty();
            assertThat(answered).isEqualTo(1_200);
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void theEventStreamSaysOnceNotToCacheIt() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\nHost: localhost\r\n"
                    + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String id = api.submit("default", "echo", 1); // an event, so that the stream commits
            assertThat(api.get("/api/v1/futures/" + id + "/result?timeout=10").status()).isEqualTo(200);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            List<String> head = new ArrayList<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                head.add(line.toLowerCase(java.util.Locale.ROOT));
            }
            assertThat(head.getFirst()).startsWith("http/1.1 200");
            assertThat(head).filteredOn(line -> line.startsWith("cache-control:")).singleElement()
                    .asString().contains("no-cache").contains("no-store");
            assertThat(head).contains("x-accel-buffering: no");
        }
    }

    @Test
    void aMapStreamSendsTheResultsThatAreReadyTogetherNotOneWriteEach() throws Exception {
        byte[] body = Api.JSON.writeValueAsBytes(Map.of("task", "echo", "iterables",
                List.of(IntStream.range(0, 2_000).boxed().toList())));
        try (Socket socket = new Socket("127.0.0.1", port)) {
            postNdjson(socket, "/api/v1/executors/default/map/stream", body);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            assertThat(line(in)).startsWith("HTTP/1.1 200");
            while (!line(in).isEmpty()) {
                // the headers
            }
            // each flush is a chunk of its own: with a flush per line there were as many chunks as lines
            int chunks = 0;
            ByteArrayOutputStream lines = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                lines.write(in.readNBytes(size));
                line(in);
                chunks++;
            }
            List<String> results = lines.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(results).hasSize(2_000);
            assertThat(Api.JSON.readTree(results.getLast()).get("result").asInt()).isEqualTo(1_999);
            assertThat(chunks).as("chunks for 2,000 lines").isLessThan(1_000);
        }
    }

    /** {@code count} as-completed streams over one keep-alive connection; each answer's head is checked. */
    private int streams(byte[] body, int count, ConcurrentLinkedQueue<String> wrong) throws IOException {
        int answered = 0;
        Socket socket = null;
        InputStream in = null;
        for (int i = 0; i < count; i++) {
            if (socket == null) {
                socket = new Socket("127.0.0.1", port);
                in = new BufferedInputStream(socket.getInputStream());
            }
            postNdjson(socket, "/api/v1/futures/as-completed/stream", body);
            List<String> head = new ArrayList<>();
            for (String line = line(in); !line.isEmpty(); line = line(in)) {
                head.add(line);
            }
            assertThat(head).isNotEmpty();
            assertThat(head.getFirst()).startsWith("HTTP/1.1 200");
            Map<String, Integer> seen = new java.util.HashMap<>();
            boolean close = false;
            for (String header : head.subList(1, head.size())) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    wrong.add("header line '" + header + "' in " + head);
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT);
                seen.merge(name, 1, Integer::sum);
                close |= name.equals("connection") && header.toLowerCase(java.util.Locale.ROOT).contains("close");
            }
            for (String name : SECURITY_HEADERS) {
                if (seen.getOrDefault(name, 0) != 1) {
                    wrong.add(name + " " + seen.getOrDefault(name, 0) + " times in " + head);
                }
            }
            readChunkedBody(in);
            answered++;
            if (close) {
                socket.close();
                socket = null;
            }
        }
        if (socket != null) {
            socket.close();
        }
        return answered;
    }

    /** Sends a POST of a JSON body that asks for NDJSON, on a connection kept alive. */
    private static void postNdjson(Socket socket, String path, byte[] body) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Accept: application/x-ndjson\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
    }

    private static void readChunkedBody(InputStream in) throws IOException {
        for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
            in.readNBytes(size);
            line(in); // the chunk's CRLF
        }
        while (!line(in).isEmpty()) {
            // trailers, if any, up to the empty line
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection ended inside an answer");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }
}
