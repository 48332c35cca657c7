package dev.jobpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.ApiTest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the arguments of calls not yet done hold is bounded in bytes: large calls behind a busy executor are
 * refused with 429 once they would pass {@code max-pending-bytes}, not kept until the heap runs out.
 */
@TestPropertySource(properties = "jobpool.executors.max-pending-bytes=4MB")
class PendingBytesIT extends ApiTest {

    private static final String LARGE = "x".repeat(900_000);

    private Api.Answer submitLarge(String executor) {
        return api.post("/api/v1/executors/" + executor + "/futures", Map.of("task", "echo", "args", List.of(LARGE)));
    }

    @Test
    void largeCallsBehindABusyExecutorAreRefusedPastTheBoundAndAcceptedAgainWhenTheyHaveRun() {
        String executor = api.createExecutor("bytes", 1, 1000);
        String blocker = api.submit(executor, "sleep", 30);

        List<String> accepted = new ArrayList<>();
        Api.Answer answer;
        while ((answer = submitLarge(executor)).status() == 202) {
            accepted.add(answer.body().get("id").asString());
            assertThat(accepted).as("accepted before the bound refused one").hasSizeLessThan(10);
        }
        // 4 MB, of which one tenant alone may take all but a tenth: four calls of ~900 KB
        assertThat(accepted).hasSize(4);
        assertThat(answer.status()).isEqualTo(429);
        assertThat(answer.problem()).isEqualTo("queue-full");
        assertThat(answer.header("Retry-After")).isNotBlank();
        assertThat(answer.body().get("detail").asString()).contains("jobpool.executors.max-pending-bytes");
        assertThat(api.get("/api/v1/futures?executor=" + executor).body().get("totalItems").asInt())
                .as("the blocker and the accepted calls, nothing of the refused one").isEqualTo(5);

        Api.Answer map = api.post("/api/v1/executors/" + executor + "/map", Map.of("task", "echo", "iterables",
                List.of(Collections.nCopies(2, LARGE.substring(450_000)))), "application/json");
        assertThat(map.status()).as("a map counts all its calls").isEqualTo(429);
        assertThat(map.problem()).isEqualTo("queue-full");

        assertThat(api.post("/api/v1/futures/" + accepted.getFirst() + "/cancel", "").status()).isEqualTo(200);
        assertThat(submitLarge(executor).status()).as("a cancelled call gave its bytes back").isEqualTo(202);

        assertThat(api.post("/api/v1/futures/" + blocker + "/cancel?interrupt=true", "").status()).isEqualTo(200);
        for (String id : accepted.subList(1, accepted.size())) {
            assertThat(api.get("/api/v1/futures/" + id + "/result?timeout=30").body().asString()).isEqualTo(LARGE);
        }
        for (int i = 0; i < 8; i++) { // twice what fits at once: each has run and given its bytes back
            Api.Answer prompt = api.post("/api/v1/executors/" + executor + "/futures",
                    Map.of("task", "echo", "args", List.of(LARGE)), "application/json", "Prefer", "wait=30");
            assertThat(prompt.status()).isEqualTo(200);
        }
    }
}
