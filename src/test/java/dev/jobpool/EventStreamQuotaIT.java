package dev.jobpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.ApiTest;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Event streams hold a thread each for as long as the client likes: a tenant may hold only so many. */
@TestPropertySource(properties = "jobpool.tenants.default-quota.max-event-streams=2")
class EventStreamQuotaIT extends ApiTest {

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<InputStream> open() throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                .header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    @Test
    void aTenantPastItsEventStreamsIsToldToComeBackLaterWithAProblem() throws Exception {
        List<HttpResponse<InputStream>> open = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                HttpResponse<InputStream> stream = open();
                assertThat(stream.statusCode()).isEqualTo(200);
                assertThat(new String(stream.body().readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("retry");
                open.add(stream);
            }
            HttpResponse<InputStream> third = open();
            assertThat(third.statusCode()).isEqualTo(429);
            assertThat(third.headers().firstValue("Retry-After")).isPresent();
            JsonNode problem = Api.JSON.readTree(third.body().readAllBytes());
            assertThat(problem.path("type").asString()).endsWith("/problems/quota-exceeded");
            assertThat(problem.path("quota").asString()).isEqualTo("max-event-streams");
            assertThat(problem.path("detail").asString()).contains("2 event streams open");
        } finally {
            for (HttpResponse<InputStream> stream : open) {
                stream.body().close();
            }
        }
    }
}
