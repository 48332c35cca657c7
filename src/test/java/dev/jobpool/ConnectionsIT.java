package dev.jobpool;

import dev.jobpool.support.ApiTest;

import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** Tomcat keeps at most jobpool.http.max-connections open: each waiting request holds ~120 KB of heap. */
@TestPropertySource(properties = "jobpool.http.max-connections=150")
class ConnectionsIT extends ApiTest {

    @Autowired
    WebServerApplicationContext context;

    @Test
    void theConnectorTakesTheConfiguredLimit() {
        var protocol = ((TomcatWebServer) context.getWebServer()).getTomcat().getConnector().getProtocolHandler();
        assertThat(((AbstractProtocol<?>) protocol).getMaxConnections()).isEqualTo(150);
        assertThat(api.get("/actuator/health/liveness").status()).isEqualTo(200);
    }
}
