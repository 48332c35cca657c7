package dev.jobpool;

import dev.jobpool.support.ApiTest;

import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tomcat keeps at most jobpool.http.max-connections open (each waiting request holds ~120 KB of heap), and a
 * request that stops sending lets go of its connection after server.tomcat.connection-timeout (1 s here; 20 s by
 * default, application.yml).
 */
@TestPropertySource(properties = {"jobpool.http.max-connections=150", "server.tomcat.connection-timeout=1s"})
class ConnectionsIT extends ApiTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void theConnectorTakesTheConfiguredLimit() {
        var protocol = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector().getProtocolHandler();
        assertThat(((AbstractProtocol<?>) protocol).getMaxConnections()).isEqualTo(150);
        assertThat(((AbstractProtocol<?>) protocol).getConnectionTimeout()).isEqualTo(1_000);
        // idle kept-alive connections keep application.yml's minute, not the shorter wait for a request's bytes
        assertThat(((AbstractProtocol<?>) protocol).getKeepAliveTimeout()).isEqualTo(60_000);
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    /**
     * A body that stops halfway: Tomcat answers 408 once the timeout has passed twice (it waits for the body, then
     * waits again to drain what was declared), with a problem that says so. Its detail was the futures' timeout,
     * "it goes on running", where nothing had been accepted. Before application.yml set 20 s, that took two minutes.
     */
    @Test
    void aBodyThatStopsHalfwayIsA408ThatSaysSoAndAcceptsNothing() throws Exception {
        int before = api.get("/api/v1/futures?executor=default").body().get("totalItems").asInt();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST /api/v1/executors/default/futures HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"task\": \"echo\"")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(answer).as(answer).startsWith("HTTP/1.1 408").contains("application/problem+json")
                    .contains("did not arrive within the web server's connection timeout")
                    .contains("nothing was accepted").doesNotContain("goes on running");
        }
        assertThat(api.get("/api/v1/futures?executor=default").body().get("totalItems").asInt()).isEqualTo(before);
    }
}
