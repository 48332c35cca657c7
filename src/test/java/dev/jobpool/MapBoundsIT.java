package dev.jobpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.ApiTest;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** What maps hold beyond an executor's queue is bounded: one map too large is 413, a backlog too large 429. */
@TestPropertySource(properties = "jobpool.executors.max-map-backlog=100")
class MapBoundsIT extends ApiTest {

    private String executor(int queueCapacity) {
        String name = "maps-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/executors", Map.of("name", name, "maxWorkers", 1, "queueCapacity",
                queueCapacity)).status()).isEqualTo(201);
        return name;
    }

    private Api.Answer map(String executor, int calls) {
        return api.post("/api/v1/executors/" + executor + "/map", Map.of("task", "echo", "iterables",
                List.of(Collections.nCopies(calls, 1))), "application/json");
    }

    @Test
    void aMapLargerThanTheBacklogIsRefusedWhole() {
        String executor = executor(1);
        Api.Answer refused = map(executor, 150);
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.problem()).isEqualTo("payload-too-large");
        assertThat(refused.body().get("detail").asString()).contains("max-map-backlog");
        assertThat(api.get("/api/v1/futures?executor=" + executor).body().get("totalItems").asInt()).isZero();
    }

    @Test
    void mapsPastTheBacklogWaitTheirTurnWith429AndRetryAfter() {
        String executor = executor(1);
        String blocker = api.submit(executor, "sleep", 5);
        assertThat(map(executor, 80).status()).isEqualTo(202);
        Api.Answer refused = map(executor, 80);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.problem()).isEqualTo("queue-full");
        assertThat(refused.header("Retry-After")).isNotBlank();
        assertThat(api.get("/api/v1/futures?executor=" + executor + "&size=1000").body().get("totalItems").asInt())
                .as("the blocker and the first map's calls, nothing of the refused one").isEqualTo(81);
        api.post("/api/v1/futures/" + blocker + "/cancel?interrupt=true", "");
    }
}
