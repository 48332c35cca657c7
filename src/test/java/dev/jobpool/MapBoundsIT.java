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

    @Test
    void aBufferSizeHoldsTheMapToWhatTheClientHasReadById() throws InterruptedException {
        String name = "paced-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        api.post("/api/v1/executors", Map.of("name", name, "maxWorkers", 4, "queueCapacity", 100));
        Api.Answer accepted = api.post("/api/v1/executors/" + name + "/map", Map.of("task", "echo", "iterables",
                List.of(List.of(1, 2, 3, 4, 5, 6)), "buffersize", 2), "application/json");
        assertThat(accepted.status()).isEqualTo(202);
        List<String> ids = accepted.body().get("ids").valueStream().map(id -> id.asString()).toList();

        assertThat(api.get("/api/v1/futures/" + ids.get(1) + "?wait=5").body().get("state").asString())
                .isEqualTo("FINISHED"); // read: one more may go
        Thread.sleep(500); // time for calls that should not start to start, were the buffer not holding
        assertThat(states(ids)).containsExactly("FINISHED", "FINISHED", "FINISHED", "PENDING", "PENDING", "PENDING");

        assertThat(api.get("/api/v1/futures/" + ids.get(0) + "/result").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/futures/" + ids.get(3) + "/result?timeout=5").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/futures/" + ids.get(4) + "/result?timeout=5").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/futures/" + ids.get(5) + "/result?timeout=5").status()).isEqualTo(200);
    }

    /** From the listing, which does not count as reading (GET by id would move the map on). */
    private List<String> states(List<String> ids) {
        Map<String, String> states = new java.util.HashMap<>();
        api.get("/api/v1/futures?size=1000").body().get("items")
                .forEach(f -> states.put(f.get("id").asString(), f.get("state").asString()));
        return ids.stream().map(states::get).toList();
    }
}
