package dev.jobpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.ApiTest;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input of every kind gets a 4xx problem that names what is wrong, and leaves nothing behind: after each
 * case the executor it aimed at still has no future at all.
 */
class BadInputIT extends ApiTest {

    private static final String EXECUTOR = "bad-input";
    private static final String FUTURE = "01a217c4-0000-7000-8000-000000000000";

    @BeforeEach
    void executor() {
        if (api.get("/api/v1/executors/" + EXECUTOR).status() == 404) {
            api.post("/api/v1/executors", body("name", EXECUTOR, "maxWorkers", 2));
        }
    }

    static Stream<Arguments> cases() {
        String submit = "/api/v1/executors/" + EXECUTOR + "/futures";
        String map = "/api/v1/executors/" + EXECUTOR + "/map";
        return Stream.of(
                // name, method, path, content type, body, status, problem slug, text the detail must contain
                Arguments.of("malformed JSON", "POST", submit, "application/json", "{\"task\": ", 400, "invalid-request", "malformed JSON"),
                Arguments.of("no body", "POST", submit, "application/json", "", 400, "invalid-request", "body"),
                Arguments.of("body not an object", "POST", submit, "application/json", "[1]", 400, "invalid-request", "object"),
                Arguments.of("unknown field", "POST", submit, "application/json", "{\"task\":\"echo\",\"arg\":[1]}", 400, "invalid-request", "'arg'"),
                Arguments.of("task missing", "POST", submit, "application/json", "{\"args\":[1]}", 400, "invalid-request", "task"),
                Arguments.of("args not an array", "POST", submit, "application/json", "{\"task\":\"echo\",\"args\":1}", 400, "invalid-request", "args"),
                Arguments.of("unknown executor", "POST", "/api/v1/executors/nope/futures", "application/json", "{\"task\":\"echo\",\"args\":[1]}", 404, "executor-not-found", "nope"),
                Arguments.of("unknown task", "POST", submit, "application/json", "{\"task\":\"rm-rf\"}", 400, "unknown-task", "rm-rf"),
                Arguments.of("ill-typed argument", "POST", submit, "application/json", "{\"task\":\"sum-of-squares\",\"args\":[\"ten\"]}", 400, "invalid-arguments", "n: must be an integer"),
                Arguments.of("float for an integer", "POST", submit, "application/json", "{\"task\":\"sum-of-squares\",\"args\":[1.5]}", 400, "invalid-arguments", "n:"),
                Arguments.of("missing argument", "POST", submit, "application/json", "{\"task\":\"divide\"}", 400, "invalid-arguments", "missing required argument 'n'"),
                Arguments.of("extra argument", "POST", submit, "application/json", "{\"task\":\"divide\",\"args\":[1,2]}", 400, "invalid-arguments", "takes 1 positional argument"),
                Arguments.of("unexpected keyword", "POST", submit, "application/json", "{\"task\":\"divide\",\"kwargs\":{\"m\":1}}", 400, "invalid-arguments", "'m'"),
                Arguments.of("negative sleep", "POST", submit, "application/json", "{\"task\":\"sleep\",\"args\":[-1]}", 400, "invalid-arguments", "seconds"),
                Arguments.of("absurd sleep", "POST", submit, "application/json", "{\"task\":\"sleep\",\"args\":[1e12]}", 400, "invalid-arguments", "seconds"),
                Arguments.of("http-get not allow-listed", "POST", submit, "application/json", "{\"task\":\"http-get\",\"args\":[\"https://example.com\"]}", 400, "invalid-arguments", "allowed-hosts"),
                Arguments.of("text body", "POST", submit, "text/plain", "echo 1", 415, "unsupported-media-type", "text/plain"),
                Arguments.of("map without iterables", "POST", map, "application/json", "{\"task\":\"echo\",\"iterables\":[]}", 400, "invalid-request", "iterables"),
                Arguments.of("map with an ill-typed item", "POST", map, "application/json", "{\"task\":\"divide\",\"iterables\":[[1,\"x\",3]]}", 400, "invalid-arguments", "items[1].n"),
                Arguments.of("map with negative timeout", "POST", map, "application/json", "{\"task\":\"echo\",\"iterables\":[[1]],\"timeout\":-1}", 400, "invalid-request", "timeout"),
                Arguments.of("map with zero chunksize", "POST", map, "application/json", "{\"task\":\"echo\",\"iterables\":[[1]],\"chunksize\":0}", 400, "invalid-request", "chunksize"),
                Arguments.of("map with a chunksize over 10,000", "POST", map, "application/json", "{\"task\":\"echo\",\"iterables\":[[1]],\"chunksize\":10001}", 400, "invalid-request", "chunksize"),
                Arguments.of("map with zero buffersize", "POST", map, "application/json", "{\"task\":\"echo\",\"iterables\":[[1]],\"buffersize\":0}", 400, "invalid-request", "buffersize"),
                Arguments.of("wait with unknown returnWhen", "POST", "/api/v1/futures/wait", "application/json", "{\"ids\":[\"" + FUTURE + "\"],\"returnWhen\":\"SOMETIMES\"}", 400, "invalid-request", "FIRST_COMPLETED"),
                Arguments.of("wait with no ids", "POST", "/api/v1/futures/wait", "application/json", "{\"ids\":[]}", 400, "invalid-request", "ids"),
                Arguments.of("wait with unknown ids", "POST", "/api/v1/futures/wait", "application/json", "{\"ids\":[\"x1\",\"x2\"]}", 404, "future-not-found", "x1"),
                Arguments.of("wait with absurd timeout", "POST", "/api/v1/futures/wait", "application/json", "{\"ids\":[\"x\"],\"timeout\":1e9}", 400, "invalid-request", "timeout"),
                Arguments.of("as-completed with no ids", "POST", "/api/v1/futures/as-completed", "application/json", "{\"ids\":[]}", 400, "invalid-request", "ids"),
                Arguments.of("as-completed with unknown ids", "POST", "/api/v1/futures/as-completed", "application/json", "{\"ids\":[\"nope\"]}", 404, "future-not-found", "nope"),
                Arguments.of("executor with a bad name", "POST", "/api/v1/executors", "application/json", "{\"name\":\"Bad_Name\"}", 400, "invalid-request", "name"),
                Arguments.of("executor without a name", "POST", "/api/v1/executors", "application/json", "{}", 400, "invalid-request", "name"),
                Arguments.of("executor with zero workers", "POST", "/api/v1/executors", "application/json", "{\"name\":\"zero\",\"maxWorkers\":0}", 400, "invalid-request", "maxWorkers"),
                Arguments.of("executor with absurd workers", "POST", "/api/v1/executors", "application/json", "{\"name\":\"huge\",\"maxWorkers\":100000}", 400, "invalid-request", "maxWorkers"),
                Arguments.of("submit with a NUL in a string", "POST", "/api/v1/executors/" + EXECUTOR + "/futures", "application/json", "{\"task\":\"echo\",\"args\":[[\"a\\u0000b\"]]}", 400, "invalid-arguments", "holds U+0000 (NUL)"),
                Arguments.of("submit with a NUL in a key", "POST", "/api/v1/executors/" + EXECUTOR + "/futures", "application/json", "{\"task\":\"echo\",\"args\":[{\"k\\u0000\":1}]}", 400, "invalid-arguments", "holds U+0000 (NUL)"),
                Arguments.of("submit with an unpaired surrogate", "POST", "/api/v1/executors/" + EXECUTOR + "/futures", "application/json", "{\"task\":\"echo\",\"args\":[\"\\ud800\"]}", 400, "invalid-arguments", "holds an unpaired surrogate"),
                Arguments.of("executor with a fraction of a worker", "POST", "/api/v1/executors", "application/json", "{\"name\":\"half\",\"maxWorkers\":1.5}", 400, "invalid-request", "field 'maxWorkers' must be an integer"),
                Arguments.of("executor with workers past an int", "POST", "/api/v1/executors", "application/json", "{\"name\":\"past\",\"maxWorkers\":99999999999}", 400, "invalid-request", "field 'maxWorkers' must be an integer from -2147483648 to 2147483647"),
                Arguments.of("executor with negative queue", "POST", "/api/v1/executors", "application/json", "{\"name\":\"neg\",\"queueCapacity\":-1}", 400, "invalid-request", "queueCapacity"),
                Arguments.of("executor of unknown kind", "POST", "/api/v1/executors", "application/json", "{\"name\":\"fork\",\"kind\":\"fork\"}", 400, "invalid-request", "[thread"),
                Arguments.of("duplicate executor", "POST", "/api/v1/executors", "application/json", "{\"name\":\"" + EXECUTOR + "\"}", 409, "executor-exists", EXECUTOR),
                Arguments.of("result with negative timeout", "GET", "/api/v1/futures/" + FUTURE + "/result?timeout=-1", null, null, 400, "invalid-request", "timeout"),
                Arguments.of("result with absurd timeout", "GET", "/api/v1/futures/" + FUTURE + "/result?timeout=99999", null, null, 400, "invalid-request", "timeout"),
                Arguments.of("result with a word for timeout", "GET", "/api/v1/futures/" + FUTURE + "/result?timeout=soon", null, null, 400, "invalid-request", "timeout"),
                Arguments.of("get with negative wait", "GET", "/api/v1/futures/" + FUTURE + "?wait=-5", null, null, 400, "invalid-request", "wait"),
                Arguments.of("a key given twice", "POST", submit, "application/json", "{\"task\":\"echo\",\"args\":[1],\"args\":[2]}", 400, "invalid-request", "args"),
                Arguments.of("a string for a number", "POST", submit, "application/json", "{\"task\":\"echo\",\"args\":[1],\"timeout\":\"1\"}", 400, "invalid-request", "timeout"),
                Arguments.of("a number for a name", "POST", "/api/v1/executors", "application/json", "{\"name\":1}", 400, "invalid-request", "name"),
                Arguments.of("a number for a task", "POST", submit, "application/json", "{\"task\":1}", 400, "invalid-request", "task"),
                // accepted, a value this deep made every later list of futures fail to be written
                Arguments.of("arguments nested too deeply", "POST", submit, "application/json", "{\"task\":\"echo\",\"args\":[" + "[".repeat(70) + "]".repeat(70) + "]}", 400, "invalid-arguments", "more than 64 levels deep"),
                Arguments.of("map items nested too deeply", "POST", map, "application/json", "{\"task\":\"echo\",\"iterables\":[[" + "{\"a\":".repeat(65) + "1" + "}".repeat(65) + "]]}", 400, "invalid-arguments", "more than 64 levels deep"),
                // a few bytes that spell a number of a billion digits: refused without ever being written out
                Arguments.of("wait with a huge exponent", "GET", "/api/v1/futures/" + FUTURE + "?wait=1e999999999", null, null, 400, "invalid-request", "1E+999999999"),
                Arguments.of("wait at the exponent limit", "GET", "/api/v1/futures/" + FUTURE + "?wait=1e2147483647", null, null, 400, "invalid-request", "wait"),
                Arguments.of("submit timeout with a huge exponent", "POST", submit, "application/json", "{\"task\":\"echo\",\"args\":[1],\"timeout\":1e999999999}", 400, "invalid-request", "timeout"),
                Arguments.of("wait timeout with a huge exponent", "POST", "/api/v1/futures/wait", "application/json", "{\"ids\":[\"" + FUTURE + "\"],\"timeout\":1e999999999}", 400, "invalid-request", "timeout"),
                Arguments.of("map timeout with a huge exponent", "POST", map, "application/json", "{\"task\":\"echo\",\"iterables\":[[1]],\"timeout\":-1e999999999}", 400, "invalid-request", "timeout"),
                Arguments.of("unknown future", "GET", "/api/v1/futures/" + FUTURE, null, null, 404, "future-not-found", FUTURE),
                Arguments.of("unknown future's result", "GET", "/api/v1/futures/" + FUTURE + "/result", null, null, 404, "future-not-found", FUTURE),
                Arguments.of("cancel of an unknown future", "POST", "/api/v1/futures/" + FUTURE + "/cancel", "application/json", "", 404, "future-not-found", FUTURE),
                Arguments.of("list with unknown state", "GET", "/api/v1/futures?state=DONE", null, null, 400, "invalid-request", "parameter 'state' must be one of [PENDING, RUNNING"),
                Arguments.of("list with a page that is not a number", "GET", "/api/v1/futures?page=two", null, null, 400, "invalid-request", "parameter 'page' must be an integer, got 'two'"),
                Arguments.of("as-completed of one unknown id given twice", "POST", "/api/v1/futures/as-completed", "application/json", "{\"ids\":[\"x\",\"x\"]}", 404, "future-not-found", "no future has the id 'x'"),
                Arguments.of("list with a page past an int", "GET", "/api/v1/futures?page=99999999999", null, null, 400, "invalid-request", "parameter 'page' must be an integer from -2147483648 to 2147483647, got '99999999999'"),
                Arguments.of("list with zero page size", "GET", "/api/v1/futures?size=0", null, null, 400, "invalid-request", "size"),
                Arguments.of("shutdown of an unknown executor", "DELETE", "/api/v1/executors/nope", null, null, 404, "executor-not-found", "nope"),
                Arguments.of("shutdown with a non-boolean wait", "DELETE", "/api/v1/executors/" + EXECUTOR + "?wait=maybe", null, null, 400, "invalid-request", "wait"),
                // Tomcat reads the parameters when the first is asked for, and threw past the handlers: a 500
                Arguments.of("a query value that is not UTF-8", "GET", "/api/v1/futures?task=%ff", null, null, 400, "invalid-request", "parameter 'task' is not percent-encoded UTF-8"),
                Arguments.of("a query value cut inside a character", "GET", "/api/v1/futures/" + FUTURE + "/result?timeout=%e2%82", null, null, 400, "invalid-request", "parameter 'timeout' is not percent-encoded UTF-8"),
                Arguments.of("a parameter name that is not UTF-8", "GET", "/api/v1/futures?%ff=1", null, null, 400, "invalid-request", "a parameter name in the query string"),
                Arguments.of("a query value not UTF-8, to the actuator", "GET", "/actuator/health?x=%ff", null, null, 400, "invalid-request", "parameter 'x'"),
                Arguments.of("more parameters than Tomcat reads", "GET", "/api/v1/futures?" + "a=1&".repeat(1_001) + "b=2", null, null, 400, "invalid-request", "maximum number of request parameters"),
                Arguments.of("a form body that is not UTF-8", "POST", "/api/v1/futures/" + FUTURE + "/cancel", "application/x-www-form-urlencoded", "a=%ff", 400, "invalid-request", "could not be read"),
                Arguments.of("unknown path", "GET", "/api/v1/nothing", null, null, 404, "not-found", "nothing"),
                Arguments.of("wrong method", "PUT", "/api/v1/executors", "application/json", "{}", 405, "method-not-allowed", "PUT"));
    }

    /** Requests the web server refuses before any servlet runs, sent as raw bytes so that no client tidies them. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "GET /api/v1/futures/a%2Fb HTTP/1.1", "GET /api/v1/futures/a%00b HTTP/1.1",
            "GET /api/v1/futures/a%5Cb HTTP/1.1", "GET /api/v1/futures/%C0%AF HTTP/1.1",
            "GET /api/v1/futures/{LONG} HTTP/1.1", "GET /error HTTP/1.1", "GET /api/v1/tasks HTTP/1.1\r\nX-Big: {LONG}",
            "POST /api/v1/futures/wait HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: abc"})
    void whatTheWebServerRefusesIsAProblemToo(String requestLine) throws Exception {
        String request = requestLine.replace("{LONG}", "x".repeat(10_000)).replace("\\r\\n", "\r\n");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((request + "\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int status = Integer.parseInt(answer.substring(9, 12));
            assertThat(status).as(answer).isBetween(400, 499);
            assertThat(answer.toLowerCase()).as(answer).contains("content-type: application/problem+json")
                    .contains("x-content-type-options: nosniff").containsPattern("cache-control: [^\r]*no-store")
                    .doesNotContain("<html", "tomcat", "exception");
            String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
            // (a chunked body has chunk sizes around the JSON)
            String json = body.substring(body.indexOf('{'), body.lastIndexOf('}') + 1);
            var problem = Api.JSON.readTree(json);
            assertThat(problem.get("status").asInt()).isEqualTo(status);
            if (status == 400) { // what was refused, not a promise of an `errors` list that cannot be there
                assertThat(problem.get("detail").asString()).as(json)
                        .startsWith("the web server refused the request before it reached Jobpool: ")
                        .hasSizeLessThan(300);
            }
            if (requestLine.contains("%2F")) {
                assertThat(problem.get("detail").asString()).contains("encoded slash");
            }
        }
    }

    /** Percent signs without two hex digits after them, which no URI class lets a client send: raw bytes. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"task=%zz", "task=%", "task=%f"})
    void aQueryValueWithABrokenPercentSignIsRefusedWithItsName(String query) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("GET /api/v1/futures?" + query + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).as(answer).startsWith("HTTP/1.1 400").contains("application/problem+json")
                    .contains("parameter 'task' is not percent-encoded UTF-8");
        }
    }

    /**
     * What Spring Security's firewall refuses: in the path before the chain runs, in a header when the handler
     * reads it. Both were problems that named nothing (a bare 400 from the error page, with /error as the
     * instance), and the header a 500.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "GET /api/v1/futures;x=1", "GET //api/v1/futures", "GET /api/v1/./futures",
            "GET /api/v1/futures/a%25b", "POST /api/v1/executors/" + EXECUTOR + "/futures"})
    void whatTheFirewallRefusesIsAProblemThatSaysWhat(String requestLine) throws Exception {
        String path = requestLine.substring(requestLine.indexOf(' ') + 1);
        byte[] body = "{\"task\":\"echo\",\"args\":[1]}".getBytes(StandardCharsets.UTF_8);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            out.write((requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            if (requestLine.startsWith("POST")) { // a key in UTF-8, outside what the firewall lets through
                out.write("Idempotency-Key: ключ\r\n".getBytes(StandardCharsets.UTF_8));
                out.write(("Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
            } else {
                out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).as(answer).startsWith("HTTP/1.1 400").contains("application/problem+json")
                    .contains("X-Content-Type-Options: nosniff").contains("Cache-Control: no-cache, no-store");
            String json = answer.substring(answer.indexOf('{'), answer.lastIndexOf('}') + 1);
            var problem = Api.JSON.readTree(json);
            assertThat(Api.slug(problem)).isEqualTo("invalid-request");
            assertThat(problem.get("detail").asString()).as(json)
                    .startsWith("the request was refused before it reached Jobpool: The request was rejected")
                    .contains(requestLine.startsWith("POST") ? "Idempotency-Key" : "URL");
            assertThat(problem.get("instance").asString()).isEqualTo(path);
        }
        assertNothingLeftBehind();
    }

    /**
     * A GET that declares a body and never sends it: the actuator's handler read it, so the answer waited for the
     * connection's timeout (a minute); every GET now reads its body as empty, and is not refused for the body's
     * encoding either. The socket's timeout is the test.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"/actuator/health", "/actuator/prometheus",
            "/api/v1/tasks"})
    void aGetWithABodyThatNeverComesIsAnsweredAtOnce(String path) throws Exception {
        for (String declared : java.util.List.of("Transfer-Encoding: chunked", "Content-Length: 100",
                "Content-Length: 100\r\nContent-Encoding: gzip")) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
                socket.setSoTimeout(10_000);
                socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + declared
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                byte[] head = new byte[12];
                int read = 0;
                while (read < head.length) {
                    int n = socket.getInputStream().read(head, read, head.length - read);
                    assertThat(n).as("%s with %s: the connection closed before an answer", path, declared)
                            .isPositive();
                    read += n;
                }
                assertThat(new String(head, StandardCharsets.ISO_8859_1)).as(declared).isEqualTo("HTTP/1.1 200");
            }
        }
    }

    /** The answer is negotiated against the same header: this was a 406 with no body at all. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"*/*;q=abc", "a/b/c", "application/json;q=2"})
    void anAcceptHeaderThatIsNotMediaRangesIsAProblemAndNothingIsAccepted(String accept) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/executors/" + EXECUTOR + "/futures"))
                .header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString("{\"task\":\"echo\",\"args\":[1]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(Api.JSON.readTree(response.body()).get("detail").asString())
                .isEqualTo("header 'Accept' is not a list of media ranges (RFC 9110), got '" + accept + "'");
        assertNothingLeftBehind();
    }

    /** Was read as JSON and refused as malformed, which named the wrong fault. */
    @Test
    void aCompressedBodyIsRefusedWith415ThatSaysToSendItAsItIs() throws Exception {
        var gzipped = new java.io.ByteArrayOutputStream();
        try (var out = new java.util.zip.GZIPOutputStream(gzipped)) {
            out.write("{\"task\":\"echo\",\"args\":[1]}".getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/executors/" + EXECUTOR + "/futures"))
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(415);
        assertThat(response.headers().firstValue("Accept-Encoding")).hasValue("identity");
        assertSecurityHeaders(response);
        var problem = Api.JSON.readTree(response.body());
        assertThat(Api.slug(problem)).isEqualTo("unsupported-media-type");
        assertThat(problem.get("detail").asString()).contains("Content-Encoding 'gzip' is not supported");
        assertNothingLeftBehind();
    }

    @Test
    void anAnswerTheClientWillNotAcceptIsRefusedBeforeAnythingIsAccepted() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/v1/executors/" + EXECUTOR + "/futures"))
                .header("Content-Type", "application/json").header("Accept", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString("{\"task\":\"echo\",\"args\":[1]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(406);
        assertNothingLeftBehind();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithAProblemThatNamesWhatIsWrongAndLeavesNothingBehind(String name, String method, String path,
            String contentType, String body, int status, String slug, String detail) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("application/problem+json"));
        var problem = Api.JSON.readTree(response.body());
        assertThat(Api.slug(problem)).isEqualTo(slug);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).contains(detail);
        assertThat(response.body()).doesNotContain("dev.jobpool", "Exception", "at org.", "Source:", "Feature");
        assertThat(response.body().length()).as("a refusal costs little, and never echoes a value at length")
                .isLessThan(4096);
        assertSecurityHeaders(response);
        assertNothingLeftBehind();
    }

    /**
     * Spring Security's headers, on refusals too: the ones answered before the handler (413, 415, the firewall's
     * 400) went out without them.
     */
    private static void assertSecurityHeaders(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("X-Content-Type-Options")).as(response.headers().toString())
                .hasValue("nosniff");
        assertThat(response.headers().firstValue("Cache-Control")).as(response.headers().toString())
                .hasValueSatisfying(value -> assertThat(value).contains("no-store"));
    }

    @Test
    void anOversizedBodyIsRefusedWith413WhetherItsLengthIsDeclaredOrNot() throws Exception {
        String huge = "{\"task\":\"echo\",\"args\":[\"" + "a".repeat(2 * 1024 * 1024) + "\"]}";
        URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/executors/" + EXECUTOR + "/futures");

        HttpResponse<String> declared = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(huge)).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)))).build(),
                HttpResponse.BodyHandlers.ofString());

        for (HttpResponse<String> response : java.util.List.of(declared, chunked)) {
            assertThat(response.statusCode()).isEqualTo(413);
            assertThat(Api.slug(Api.JSON.readTree(response.body()))).isEqualTo("payload-too-large");
            assertSecurityHeaders(response);
        }
        assertNothingLeftBehind();
    }

    @Test
    void aRequestThatAcceptsNoJsonStillGetsItsProblem() {
        Api.Answer answer = api.post("/api/v1/executors/nope/map", "{\"task\":\"echo\",\"iterables\":[[1]]}",
                "application/x-ndjson");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.problem()).isEqualTo("executor-not-found");
    }

    private void assertNothingLeftBehind() {
        assertThat(api.get("/api/v1/futures?executor=" + EXECUTOR).body().get("totalItems").asInt()).isZero();
        assertThat(api.get("/api/v1/executors/" + EXECUTOR).body().get("queued").asInt()).isZero();
    }
}
