package dev.jobpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.ApiTest;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code http-get} does real outbound I/O: here against the service itself and small servers on 127.0.0.1,
 * allow-listed on any port, so that a redirect to {@code localhost} (not listed) is refused.
 */
@TestPropertySource(properties = {"jobpool.tasks.http-get.allowed-hosts=127.0.0.1:*",
        "jobpool.tasks.http-get.request-timeout=2s"})
class HttpGetTaskIT extends ApiTest {

    @Test
    void fetchesAnAllowListedUrl() {
        String id = api.submit("default", "http-get", "http://127.0.0.1:" + port + "/actuator/health/liveness");

        JsonNode result = api.get("/api/v1/futures/" + id + "/result?timeout=10").body();

        assertThat(result.get("status").asInt()).isEqualTo(200);
        assertThat(result.get("contentType").asString()).contains("json");
        assertThat(result.get("body").asString()).contains("UP");
        assertThat(result.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void refusesAHostThatIsNotAllowListedBeforeQueueingAnything() {
        Api.Answer refused = api.post("/api/v1/executors/default/futures",
                body("task", "http-get", "args", List.of("http://localhost:" + port + "/actuator/health/liveness")));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.problem()).isEqualTo("invalid-arguments");
        assertThat(refused.body().get("errors").get(0).get("message").asString()).contains("'localhost'");
    }

    @Test
    void followsRedirectsWithinTheAllowListAndRefusesOnesThatLeaveIt() throws Exception {
        // a tiny server on 127.0.0.1 (allowed) that redirects either to itself or to localhost (not allowed)
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        int serverPort = server.getAddress().getPort();
        server.createContext("/inside", exchange -> redirect(exchange, "/target"));
        server.createContext("/outside", exchange -> redirect(exchange, "http://localhost:" + serverPort + "/target"));
        server.createContext("/target", exchange -> text(exchange, "arrived"));
        server.start();
        try {
            String inside = api.submit("default", "http-get", "http://127.0.0.1:" + serverPort + "/inside");
            JsonNode followed = api.get("/api/v1/futures/" + inside + "/result?timeout=10").body();
            assertThat(followed.get("body").asString()).isEqualTo("arrived");
            assertThat(followed.get("url").asString()).endsWith("/target");

            String outside = api.submit("default", "http-get", "http://127.0.0.1:" + serverPort + "/outside");
            Api.Answer raised = api.get("/api/v1/futures/" + outside + "/result?timeout=10");
            assertThat(raised.problem()).isEqualTo("task-raised");
            assertThat(raised.body().get("exception").get("type").asString()).isEqualTo("PermissionError");
            assertThat(raised.body().get("exception").get("message").asString()).contains("'localhost'");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aBodyThatHoldsANulIsRefusedAsTheResultWithAValueError() throws Exception {
        // the one built-in way a call's value can hold U+0000 that its arguments did not (they are refused)
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/nul", exchange -> text(exchange, "a\0b"));
        server.start();
        try {
            String id = api.submit("default", "http-get", "http://127.0.0.1:" + server.getAddress().getPort() + "/nul");
            Api.Answer raised = api.get("/api/v1/futures/" + id + "/result?timeout=10");
            assertThat(raised.problem()).isEqualTo("task-raised");
            assertThat(raised.body().get("exception").get("type").asString()).isEqualTo("ValueError");
            assertThat(raised.body().get("exception").get("message").asString()).contains("U+0000");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aServerThatSendsItsBodySlowlyCannotHoldTheCallPastItsTimeout() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/drip", exchange -> {
            exchange.sendResponseHeaders(200, 60);
            try {
                for (int i = 0; i < 60; i++) {
                    exchange.getResponseBody().write('x');
                    exchange.getResponseBody().flush();
                    Thread.sleep(1000);
                }
            } catch (InterruptedException | java.io.IOException gone) {
                // the client left, as it should
            }
            exchange.close();
        });
        server.start();
        try {
            long start = System.nanoTime();
            String id = api.submit("default", "http-get",
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/drip");
            Api.Answer raised = api.get("/api/v1/futures/" + id + "/result?timeout=30");
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(raised.problem()).isEqualTo("task-raised");
            assertThat(raised.body().get("exception").get("type").asString()).isEqualTo("TimeoutError");
            assertThat(seconds).as("request-timeout is 2 s for the whole call").isBetween(1.9, 5.0);
        } finally {
            server.stop(0);
        }
    }

    private static void text(com.sun.net.httpserver.HttpExchange exchange, String text) throws java.io.IOException {
        byte[] body = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    private static void redirect(com.sun.net.httpserver.HttpExchange exchange, String location) throws java.io.IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }
}
