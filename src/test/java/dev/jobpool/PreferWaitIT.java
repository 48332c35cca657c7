package dev.jobpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.ApiTest;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** One request per call: a submit with Prefer: wait (RFC 7240) answers with the done future, or 202 in time. */
class PreferWaitIT extends ApiTest {

    private Api.Answer submit(String prefer, String task, Object... args) {
        return api.post("/api/v1/executors/default/futures", Map.of("task", task, "args", List.of(args)),
                "application/json", "Prefer", prefer);
    }

    @Test
    void aCallDoneWithinTheWaitIsAnsweredWhole() {
        Api.Answer answer = submit("wait=5", "echo", "at once");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Preference-Applied")).isEqualTo("wait=5");
        assertThat(answer.header("Location")).isEqualTo("/api/v1/futures/" + answer.body().get("id").asString());
        assertThat(answer.body().get("state").asString()).isEqualTo("FINISHED");
        assertThat(answer.body().get("result").asString()).isEqualTo("at once");
    }

    @Test
    void aRaisingCallIsAnsweredWithItsExceptionInside() {
        Api.Answer answer = submit("respond-async, wait=5", "divide", 0);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("exception").get("type").asString()).isEqualTo("ValueError");
    }

    @Test
    void aCallNotDoneInTimeIsAcceptedAsWithoutThePreference() {
        Api.Answer answer = submit("wait=0.2", "sleep", 2);
        assertThat(answer.status()).isEqualTo(202);
        assertThat(answer.header("Preference-Applied")).isEqualTo("wait=0.2");
        assertThat(answer.body().get("state").asString()).isIn("PENDING", "RUNNING");
    }

    @Test
    void aWaitItCannotReadIsIgnoredAndALongOneCapped() {
        Api.Answer unreadable = submit("wait=1e999999999", "sleep", 0.5);
        assertThat(unreadable.status()).isEqualTo(202);
        assertThat(unreadable.header("Preference-Applied")).isNull();
        Api.Answer capped = submit("wait=999999999", "echo", 1);
        assertThat(capped.status()).isEqualTo(200);
        assertThat(capped.header("Preference-Applied")).isEqualTo("wait=300");
        Api.Answer overflowing = submit("wait=99999999999999999999", "echo", 2);
        assertThat(overflowing.status()).isEqualTo(200);
        assertThat(overflowing.header("Preference-Applied")).isEqualTo("wait=300");
        Api.Answer padded = submit("wait=00000000000000000002", "echo", 3);
        assertThat(padded.header("Preference-Applied")).isEqualTo("wait=2");
        Api.Answer quoted = submit("respond-async, wait=\"5\"", "echo", 4);
        assertThat(quoted.status()).as("RFC 7240's value may be a quoted-string").isEqualTo(200);
        assertThat(quoted.header("Preference-Applied")).isEqualTo("wait=5");
        Api.Answer fine = submit("wait=0.0000000001", "sleep", 0.5);
        assertThat(fine.status()).isEqualTo(202);
        assertThat(fine.header("Preference-Applied")).isEqualTo("wait=0");
    }
}
