package dev.jobpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.TestKeys;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenants over real HTTP: a shared executor serves them in turn, and each tenant's quotas refuse with 429, a
 * Retry-After and a problem that names the quota, leaving nothing behind. The keys are test strings.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TenantsIT {

    @LocalServerPort
    int port;

    private Api admin;
    private Api greedy;
    private Api other;

    @DynamicPropertySource
    static void tenants(DynamicPropertyRegistry registry) {
        TestKeys.register(registry, "admin", "test-key-admin", "ops", "admin", null);
        TestKeys.register(registry, "greedy", "test-key-greedy", "greedy", "submit", null);
        TestKeys.register(registry, "other", "test-key-other", "other", "submit", null);
        TestKeys.register(registry, "small", "test-key-small", "small", "submit", null);
        TestKeys.register(registry, "hasty", "test-key-hasty", "hasty", "submit", null);
        TestKeys.register(registry, "hoarder", "test-key-hoarder", "hoarder", "submit", null);
        registry.add("jobpool.tenants.quotas.small.max-active-calls", () -> "2");
        registry.add("jobpool.tenants.quotas.hasty.submits-per-second", () -> "0.2");
        registry.add("jobpool.tenants.quotas.hasty.burst", () -> "2");
        registry.add("jobpool.tenants.quotas.hoarder.max-retained-bytes", () -> "10KB");
    }

    @BeforeEach
    void connect() {
        Api anonymous = new Api(port);
        admin = anonymous.as("test-key-admin");
        greedy = anonymous.as("test-key-greedy");
        other = anonymous.as("test-key-other");
    }

    @Test
    void aSharedExecutorServesTenantsInTurnNotInArrivalOrder() {
        String shared = admin.createExecutor("shared", 1, 100);
        List<String> backlog = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            backlog.add(greedy.submit(shared, "sleep", 0.5));
        }
        String echo = other.submit(shared, "echo", "my turn");

        // in arrival order the echo would wait for the whole backlog, 10 s; in turn, for about one call
        Api.Answer result = other.get("/api/v1/futures/" + echo + "/result?timeout=5");
        assertThat(result.status()).isEqualTo(200);
        long greedyDone = backlog.stream().filter(id -> "FINISHED".equals(greedy.future(id).get("state").asString()))
                .count();
        assertThat(greedyDone).as("greedy's calls that ran before other's echo").isLessThanOrEqualTo(3);
        admin.delete("/api/v1/executors/" + shared + "?cancelFutures=true");
    }

    @Test
    void pastMaxActiveCallsSubmitsAndMapsAreRefusedAndNothingIsAccepted() {
        Api small = new Api(port, "test-key-small");
        small.submit("default", "sleep", 30);
        small.submit("default", "sleep", 30);

        Api.Answer refused = small.post("/api/v1/executors/default/futures", Map.of("task", "echo", "args", List.of(1)));
        assertQuota(refused, "max-active-calls");
        Api.Answer map = small.post("/api/v1/executors/default/map",
                Map.of("task", "echo", "iterables", List.of(List.of(1, 2))), "application/json");
        assertQuota(map, "max-active-calls");
        assertThat(small.get("/api/v1/futures?size=100").body().get("totalItems").asLong()).isEqualTo(2);

        assertThat(other.post("/api/v1/executors/default/futures", Map.of("task", "echo", "args", List.of(1)))
                .status()).as("another tenant is not affected").isEqualTo(202);
        small.get("/api/v1/futures?size=100").body().get("items")
                .forEach(f -> small.post("/api/v1/futures/" + f.get("id").asString() + "/cancel?interrupt=true", ""));
    }

    @Test
    void submitsFasterThanTheRateAreRefusedWithWhenToRetry() {
        Api hasty = new Api(port, "test-key-hasty");
        hasty.submit("default", "echo", 1);
        hasty.submit("default", "echo", 2); // the burst of 2

        Api.Answer refused = hasty.post("/api/v1/executors/default/futures", Map.of("task", "echo", "args", List.of(3)));
        assertQuota(refused, "submits-per-second");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 5L);
    }

    @Test
    void pastMaxRetainedBytesSubmitsWaitUntilFinishedFuturesAreDeleted() {
        Api hoarder = new Api(port, "test-key-hoarder");
        String big = hoarder.submit("default", "echo", "x".repeat(20_000));
        assertThat(hoarder.get("/api/v1/futures/" + big + "/result?timeout=10").status()).isEqualTo(200);

        assertQuota(hoarder.post("/api/v1/executors/default/futures", Map.of("task", "echo", "args", List.of(1))),
                "max-retained-bytes");

        assertThat(hoarder.delete("/api/v1/futures/" + big).status()).isEqualTo(204);
        assertThat(hoarder.post("/api/v1/executors/default/futures", Map.of("task", "echo", "args", List.of(1)))
                .status()).isEqualTo(202);
    }

    @Test
    void anEventStreamCarriesOnlyTheCallersOwnFutures() throws Exception {
        String greedys = greedy.submit("default", "echo", "greedy's");
        String others = other.submit("default", "echo", "other's");
        assertThat(greedy.get("/api/v1/futures/" + greedys + "/result?timeout=10").status()).isEqualTo(200);
        assertThat(other.get("/api/v1/futures/" + others + "/result?timeout=10").status()).isEqualTo(200);

        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                + "/api/v1/events")).header("Authorization", "Bearer test-key-other").header("Last-Event-ID", "0")
                .build();
        var response = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofInputStream());
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(response.body()))) {
                lines.lines().filter(line -> line.startsWith("data: "))
                        .forEach(line -> seen.add(Api.JSON.readTree(line.substring(6)).get("id").asString()));
            } catch (Exception closed) {
                // closed below
            }
        });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> seen.contains(others));
        Thread.sleep(300); // were greedy's end in this stream, it would have come before other's (it ended first)
        response.body().close();
        reader.join(5_000);
        assertThat(seen).contains(others).doesNotContain(greedys);
    }

    private static void assertQuota(Api.Answer refused, String quota) {
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.problem()).isEqualTo("quota-exceeded");
        assertThat(refused.body().get("quota").asString()).isEqualTo(quota);
        assertThat(refused.header("Retry-After")).isNotNull();
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
    }
}
