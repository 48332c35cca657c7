package dev.jobpool.bench;

import dev.jobpool.support.Api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;

import tools.jackson.databind.JsonNode;

/**
 * One client of the rows that measure the HTTP path itself (round trips, single POSTs from 8 clients): one
 * keep-alive connection, requests made one at a time on the caller's thread (Apache HttpClient's classic API).
 *
 * <p>Why not {@link Api} (java.net.http) here: that client hands every request to its selector thread and the
 * answer back to the caller, two thread switches per request; on the two cores the bench shares with the
 * service that cost about half a millisecond per round trip, more than the service's own time. The latency
 * section keeps one row made with it, so that figures stay comparable with earlier runs.
 *
 * <p>{@code section} travels as the {@value #SECTION_HEADER} header, which the bench service writes to its
 * access log: that is how the bench reads the service's own time for the requests of one section.
 */
final class KeepAliveClient implements AutoCloseable {

    static final String SECTION_HEADER = "X-Bench-Section";

    private final CloseableHttpClient http = HttpClients.createMinimal();
    private final String base;
    private final String section;

    KeepAliveClient(int port, String section) {
        this.base = "http://127.0.0.1:" + port;
        this.section = section;
    }

    /** Submits {@code task(argument)} and returns the future's id. */
    String submit(String executor, String task, Object argument) {
        JsonNode future = send(post("/api/v1/executors/" + executor + "/futures",
                Map.of("task", task, "args", List.of(argument))), 202);
        return future.get("id").asString();
    }

    /** Submits {@code task(argument)} with {@code Prefer: wait=60}: one request, answered with the done future. */
    JsonNode submitAndWait(String executor, String task, Object argument) {
        HttpPost submit = post("/api/v1/executors/" + executor + "/futures", Map.of("task", task, "args", List.of(argument)));
        submit.setHeader("Prefer", "wait=60");
        return send(submit, 200);
    }

    /** The future's result, waiting up to a minute. */
    JsonNode result(String id) {
        return send(request(new HttpGet(base + "/api/v1/futures/" + id + "/result?timeout=60")), 200);
    }

    /** The NDJSON lines of {@code as-completed} for these futures, each as it comes. */
    List<JsonNode> asCompleted(List<String> ids, int timeoutSeconds) {
        HttpPost stream = post("/api/v1/futures/as-completed", Map.of("ids", ids, "timeout", timeoutSeconds));
        stream.setHeader("Accept", "application/x-ndjson");
        try {
            return http.execute(stream, response -> {
                expect(response, 200);
                List<JsonNode> lines = new ArrayList<>();
                try (BufferedReader reader = new BufferedReader(
                        new InputStreamReader(response.getEntity().getContent(), StandardCharsets.UTF_8))) {
                    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                        if (!line.isEmpty()) {
                            lines.add(Api.JSON.readTree(line));
                        }
                    }
                }
                return lines;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpPost post(String path, Object body) {
        HttpPost post = request(new HttpPost(base + path));
        post.setEntity(new StringEntity(Api.JSON.writeValueAsString(body), ContentType.APPLICATION_JSON));
        post.setHeader("Accept", "application/json");
        return post;
    }

    private <R extends HttpUriRequestBase> R request(R request) {
        request.setHeader(SECTION_HEADER, section);
        return request;
    }

    private JsonNode send(HttpUriRequestBase request, int status) {
        try {
            return http.execute(request, response -> {
                expect(response, status);
                return Api.JSON.readTree(response.getEntity().getContent().readAllBytes());
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void expect(ClassicHttpResponse response, int status) throws IOException {
        if (response.getCode() != status) {
            throw new IllegalStateException(response.getCode() + " where " + status + " was expected: "
                    + (response.getEntity() == null ? ""
                    : new String(response.getEntity().getContent().readAllBytes(), StandardCharsets.UTF_8)));
        }
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
