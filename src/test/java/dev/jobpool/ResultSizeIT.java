package dev.jobpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.ApiTest;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** A result larger than jobpool.futures.max-result-size fails its own future only; the worker goes on. */
@TestPropertySource(properties = "jobpool.futures.max-result-size=1KB")
class ResultSizeIT extends ApiTest {

    @Test
    void aResultTooLargeFailsItsFutureAndNothingElseOnBothKinds() {
        for (String executor : new String[] {"default", "processes"}) {
            String large = api.submit(executor, "echo", "x".repeat(2_000));
            Api.Answer refused = api.get("/api/v1/futures/" + large + "/result?timeout=60");
            assertThat(refused.problem()).as(executor).isEqualTo("task-raised");
            assertThat(refused.body().get("exception").get("type").asString()).isEqualTo("ResultTooLarge");
            assertThat(refused.body().get("exception").get("message").asString()).contains("max-result-size");

            String small = api.submit(executor, "echo", "fits");
            assertThat(api.get("/api/v1/futures/" + small + "/result?timeout=60").body().asString()).isEqualTo("fits");
        }
    }
}
