package dev.jobpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.ApiTest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A wait or as-completed request holds its ids and a listener on each future for as long as its timeout: a
 * tenant may wait on only so many futures at once, and the place is given back when the request returns.
 */
@TestPropertySource(properties = "jobpool.tenants.default-quota.max-waiting-futures=3")
class WaitQuotaIT extends ApiTest {

    @Test
    void aTenantWaitingOnMoreThanItsQuotaIsToldToComeBackLaterAndWaitsAgainOnceAWaitHasReturned() {
        String executor = api.createExecutor("waits", 1, 10);
        String first = api.submit(executor, "sleep", 30);
        String second = api.submit(executor, "sleep", 30);
        CompletableFuture<Api.Answer> waiting = CompletableFuture.supplyAsync(() -> api.post("/api/v1/futures/wait",
                Map.of("ids", List.of(first, second), "timeout", 3)));
        org.awaitility.Awaitility.await().until(() -> {
            // the long wait holds 2 of the tenant's 3 places as soon as it has begun
            Api.Answer refused = api.post("/api/v1/futures/as-completed", Map.of("ids", List.of(first, second),
                    "timeout", 0));
            if (refused.status() != 429) {
                return false;
            }
            assertThat(refused.problem()).isEqualTo("quota-exceeded");
            assertThat(refused.header("Retry-After")).isNotBlank();
            assertThat(refused.body().get("quota").asString()).isEqualTo("max-waiting-futures");
            assertThat(refused.body().get("detail").asString()).contains("more than 3 futures");
            return true;
        });
        assertThat(api.post("/api/v1/futures/wait", Map.of("ids", List.of(first), "timeout", 0)).status())
                .as("one more fits").isEqualTo(200);

        assertThat(waiting.join().status()).isEqualTo(200);
        assertThat(api.post("/api/v1/futures/as-completed", Map.of("ids", List.of(first, second), "timeout", 0))
                .status()).as("the returned wait gave its places back").isEqualTo(200);
        List<String> streamed = api.ndjson("/api/v1/futures/as-completed/stream",
                Map.of("ids", List.of(first, second, first), "timeout", 0)).stream()
                .map(line -> line.path("type").asString()).toList();
        assertThat(streamed).as("a stream counts its ids, duplicates too, and gives them back when it ends")
                .containsExactly("/problems/timeout");
        assertThat(api.post("/api/v1/futures/as-completed", Map.of("ids", List.of(first, second), "timeout", 0))
                .status()).isEqualTo(200);
        api.post("/api/v1/futures/" + first + "/cancel?interrupt=true", "");
        api.post("/api/v1/futures/" + second + "/cancel", "");
    }
}
