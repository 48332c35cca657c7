package dev.jobpool.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small HTTP client for end-to-end tests: real requests to a running Jobpool, JSON in and out. */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build(); // plain keep-alive, no h2c upgrade attempt
    private final String base;
    /** Sent as Authorization: Bearer on every request; null for none. */
    private final String bearer;

    public Api(int port) {
        this(port, null);
    }

    public Api(int port, String bearer) {
        this.base = "http://127.0.0.1:" + port;
        this.bearer = bearer;
    }

    /** The same service, with this bearer token (an API key or a JWT) on every request. */
    public Api as(String token) {
        return new Api(Integer.parseInt(base.substring(base.lastIndexOf(':') + 1)), token);
    }

    /** A status, the headers that tests look at, and the body as JSON (null when empty). */
    public record Answer(int status, HttpResponse<String> raw, JsonNode body) {

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** The last path segment of a problem's type. */
        public String problem() {
            return body == null || !body.has("type") ? null : slug(body);
        }
    }

    public static String slug(JsonNode problem) {
        String type = problem.get("type").asString();
        return type.substring(type.lastIndexOf('/') + 1);
    }

    public Answer get(String path) {
        return send(request(path).GET().build());
    }

    /** A GET with these headers (name, value, name, value …). */
    public Answer get(String path, String... headers) {
        HttpRequest.Builder request = request(path).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /**
     * The first measurement of an actuator metric, such as {@code jvm.compilation.time} or
     * {@code jvm.memory.used?tag=area:heap}; empty when the actuator does not answer 200.
     */
    public OptionalDouble metric(String nameAndTags) {
        Answer answer = get("/actuator/metrics/" + nameAndTags);
        if (answer.status() != 200) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(answer.body().get("measurements").get(0).get("value").asDouble());
    }

    public Answer delete(String path) {
        return send(request(path).DELETE().build());
    }

    public Answer post(String path, Object body) {
        return post(path, body, "application/json");
    }

    public Answer post(String path, Object body, String accept, String... headers) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(text(body)));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** Sends the body exactly as given, for malformed input. */
    public Answer postRaw(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    public CompletableFuture<Answer> getAsync(String path) {
        return http.sendAsync(request(path).GET().build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(Api::answer);
    }

    /** Streams a response line by line (NDJSON or SSE), handing each non-empty line to {@code lines}. */
    public int stream(String path, Object body, String accept, Consumer<String> lines) {
        HttpRequest request = request(path).header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(text(body))).build();
        try {
            HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (!line.isEmpty()) {
                        lines.accept(line);
                    }
                }
            }
            return response.statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The JSON values of an NDJSON stream. */
    public List<JsonNode> ndjson(String path, Object body) {
        List<JsonNode> values = new ArrayList<>();
        stream(path, body, "application/x-ndjson", line -> values.add(JSON.readTree(line)));
        return values;
    }

    // --- Jobpool verbs -------------------------------------------------------------------------------------

    /** Creates an executor with a fresh name and returns the name. */
    public String createExecutor(String prefix, int maxWorkers, int queueCapacity) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Answer created = post("/api/v1/executors", JSON.createObjectNode().put("name", name)
                .put("maxWorkers", maxWorkers).put("queueCapacity", queueCapacity));
        if (created.status() != 201) {
            throw new IllegalStateException("could not create executor: " + created.raw().body());
        }
        return name;
    }

    /** Submits {@code task(*args)} and returns the future id. */
    public String submit(String executor, String task, Object... args) {
        Answer answer = post("/api/v1/executors/" + executor + "/futures",
                JSON.createObjectNode().put("task", task).set("args", JSON.valueToTree(List.of(args))));
        if (answer.status() != 202) {
            throw new IllegalStateException("submit refused: " + answer.raw().body());
        }
        return answer.body().get("id").asString();
    }

    public JsonNode future(String id) {
        return get("/api/v1/futures/" + id).body();
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2));
        return bearer == null ? request : request.header("Authorization", "Bearer " + bearer);
    }

    private static String text(Object body) {
        return body instanceof String s ? s : JSON.writeValueAsString(body);
    }

    private Answer send(HttpRequest request) {
        try {
            return answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Answer answer(HttpResponse<String> response) {
        String body = response.body();
        boolean json = response.headers().firstValue("Content-Type").map(type -> type.contains("json")).orElse(true);
        return new Answer(response.statusCode(), response,
                body == null || body.isBlank() || !json ? null : JSON.readTree(body));
    }
}
