package dev.jobpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.ApiTest;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Python's future, executor and module semantics over HTTP, beyond the seed's examples. */
class FutureApiIT extends ApiTest {

    private String state(String id) {
        return api.future(id).get("state").asString();
    }

    @Test
    void cancelIsTrueForPendingFalseForRunningAndFinished() {
        String executor = api.createExecutor("cancel", 1, 10);
        String running = api.submit(executor, "sleep", 1);
        String pending = api.submit(executor, "sleep", 1);
        await().until(() -> state(running).equals("RUNNING"));

        Api.Answer cancelPending = api.post("/api/v1/futures/" + pending + "/cancel", "");
        Api.Answer cancelRunning = api.post("/api/v1/futures/" + running + "/cancel", "");
        assertThat(cancelPending.body().get("cancelled").asBoolean()).isTrue();
        assertThat(cancelPending.body().get("future").get("state").asString()).isEqualTo("CANCELLED");
        assertThat(cancelRunning.body().get("cancelled").asBoolean()).isFalse();
        assertThat(api.post("/api/v1/futures/" + pending + "/cancel", "").body().get("cancelled").asBoolean())
                .as("cancelling a cancelled future is still true").isTrue();

        assertThat(api.get("/api/v1/futures/" + running + "/result").status()).isEqualTo(200);
        assertThat(api.post("/api/v1/futures/" + running + "/cancel", "").body().get("cancelled").asBoolean()).isFalse();
        Api.Answer cancelledResult = api.get("/api/v1/futures/" + pending + "/result");
        assertThat(cancelledResult.status()).isEqualTo(409);
        assertThat(cancelledResult.problem()).isEqualTo("cancelled");
        assertThat(api.get("/api/v1/futures/" + pending + "/exception").problem()).isEqualTo("cancelled");
        assertThat(api.future(pending).get("cancelled").asBoolean()).isTrue();
    }

    @Test
    void resultTimesOutWithADistinctProblemAndTheTaskGoesOn() {
        String id = api.submit("default", "sleep", 1, "late");

        Api.Answer early = api.get("/api/v1/futures/" + id + "/result?timeout=0.1");
        assertThat(early.status()).isEqualTo(408);
        assertThat(early.problem()).isEqualTo("timeout");
        assertThat(api.get("/api/v1/futures/" + id + "/exception?timeout=0").problem()).isEqualTo("timeout");

        assertThat(api.get("/api/v1/futures/" + id + "/result?timeout=5").body().asString()).isEqualTo("late");
    }

    @Test
    void getWithWaitLongPollsUntilDone() {
        String id = api.submit("default", "sleep", 0.5, "x");

        JsonNode immediately = api.get("/api/v1/futures/" + id).body();
        JsonNode waited = api.get("/api/v1/futures/" + id + "?wait=5").body();

        assertThat(immediately.get("done").asBoolean()).isFalse();
        assertThat(waited.get("done").asBoolean()).isTrue();
        assertThat(waited.get("state").asString()).isEqualTo("FINISHED");
        assertThat(waited.get("result").asString()).isEqualTo("x");
        assertThat(waited.get("finishedAt").isNull()).isFalse();
    }

    @Test
    void shutdownWithCancelFuturesCancelsWhatHasNotStartedAndRefusesNewSubmits() {
        String executor = api.createExecutor("shutdown", 1, 10);
        String running = api.submit(executor, "sleep", 0.5, "ran");
        String queued = api.submit(executor, "sleep", 0.5);
        await().until(() -> state(running).equals("RUNNING"));

        Api.Answer shutdown = api.delete("/api/v1/executors/" + executor + "?wait=true&cancelFutures=true");

        assertThat(shutdown.status()).isEqualTo(200);
        assertThat(shutdown.body().get("state").asString()).isEqualTo("TERMINATED");
        assertThat(state(running)).isEqualTo("FINISHED");
        assertThat(state(queued)).isEqualTo("CANCELLED");
        Api.Answer refused = api.post("/api/v1/executors/" + executor + "/futures", body("task", "echo", "args", List.of(1)));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.problem()).isEqualTo("executor-shut-down");
    }

    @Test
    void shutdownWithoutWaitAnswersAtOnceAndLetsAcceptedCallsRun() {
        String executor = api.createExecutor("nowait", 1, 10);
        String first = api.submit(executor, "sleep", 0.3);
        String second = api.submit(executor, "sleep", 0.3);

        Api.Answer shutdown = api.delete("/api/v1/executors/" + executor + "?wait=false");

        assertThat(shutdown.status()).isEqualTo(200);
        assertThat(shutdown.body().get("state").asString()).isEqualTo("SHUT_DOWN");
        assertThat(api.get("/api/v1/futures/" + second + "/result?timeout=5").status()).isEqualTo(200);
        assertThat(state(first)).isEqualTo("FINISHED");
        await().until(() -> api.get("/api/v1/executors/" + executor).body().get("state").asString().equals("TERMINATED"));
    }

    @Test
    void aFullQueueRefusesWith429AndRetryAfter() {
        String executor = api.createExecutor("full", 1, 1);
        api.submit(executor, "sleep", 1);
        api.submit(executor, "sleep", 1);
        await().until(() -> api.get("/api/v1/executors/" + executor).body().get("queued").asInt() == 1);

        Api.Answer refused = api.post("/api/v1/executors/" + executor + "/futures", body("task", "sleep", "args", List.of(0)));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.problem()).isEqualTo("queue-full");
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(api.get("/api/v1/futures?executor=" + executor).body().get("totalItems").asInt())
                .as("the refused submit left no future behind").isEqualTo(2);
    }

    @Test
    void mapNeverFailsForLackOfQueueRoom() {
        String executor = api.createExecutor("roomless", 2, 1);
        List<Integer> values = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            values.add(i);
        }

        List<JsonNode> lines = api.ndjson("/api/v1/executors/" + executor + "/map",
                body("task", "echo", "iterables", List.of(values)));

        assertThat(lines).extracting(l -> l.get("result").asInt()).containsExactlyElementsOf(values);
    }

    @Test
    void mapStopsAtTheFirstExceptionAndCancelsWhatHasNotStarted() {
        String executor = api.createExecutor("mapraise", 1, 10);
        List<JsonNode> lines = api.ndjson("/api/v1/executors/" + executor + "/map",
                body("task", "divide", "iterables", List.of(List.of(5, 0, 10, 20, 25)), "buffersize", 1));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("result").asDouble()).isEqualTo(20.0);
        JsonNode problem = lines.get(1);
        assertThat(Api.slug(problem)).isEqualTo("task-raised");
        assertThat(problem.get("index").asInt()).isEqualTo(1);
        assertThat(problem.get("exception").get("message").asString()).isEqualTo("Can't process zero!");

        await().until(() -> api.get("/api/v1/futures?executor=" + executor + "&state=PENDING").body()
                .get("totalItems").asInt() == 0);
        long cancelled = api.get("/api/v1/futures?executor=" + executor + "&state=CANCELLED").body()
                .get("totalItems").asLong();
        long finished = api.get("/api/v1/futures?executor=" + executor + "&state=FINISHED").body()
                .get("totalItems").asLong();
        // with buffersize 1 the calls after the raise cannot have been queued yet: all three are cancelled
        assertThat(cancelled).isEqualTo(3);
        assertThat(finished).isEqualTo(2);
    }

    @Test
    void mapTimeoutEndsTheStreamWithATimeoutProblem() {
        String executor = api.createExecutor("maptimeout", 1, 10);
        List<JsonNode> lines = api.ndjson("/api/v1/executors/" + executor + "/map",
                body("task", "sleep", "iterables", List.of(List.of(0, 2, 2)), "timeout", 0.5));

        assertThat(lines).hasSize(2);
        assertThat(Api.slug(lines.get(1))).isEqualTo("timeout");
        assertThat(lines.get(1).get("index").asInt()).isEqualTo(1);
    }

    @Test
    void mapWithJsonAcceptAnswersTheFutureIdsInInputOrder() {
        Api.Answer accepted = api.post("/api/v1/executors/default/map",
                body("task", "echo", "iterables", List.of(List.of("a", "b", "c"))));

        assertThat(accepted.status()).isEqualTo(202);
        List<String> ids = new ArrayList<>();
        accepted.body().get("ids").forEach(id -> ids.add(id.asString()));
        assertThat(ids).hasSize(3);
        assertThat(ids).extracting(id -> api.get("/api/v1/futures/" + id + "/result?timeout=5").body().asString())
                .containsExactly("a", "b", "c");
    }

    @Test
    void mapZipsIterablesToTheShortest() {
        List<JsonNode> lines = api.ndjson("/api/v1/executors/default/map",
                body("task", "sleep", "iterables", List.of(List.of(0, 0, 0), List.of("x", "y"))));

        assertThat(lines).extracting(l -> l.get("result").asString()).containsExactly("x", "y");
    }

    @Test
    void asCompletedEndsWithATimeoutProblemNamingTheUnfinished() {
        String done = api.submit("default", "echo", 1);
        api.get("/api/v1/futures/" + done + "/result");
        String slow = api.submit("default", "sleep", 3);
        String slower = api.submit("default", "sleep", 3);

        List<JsonNode> lines = api.ndjson("/api/v1/futures/as-completed",
                body("ids", List.of(slow, done, slower), "timeout", 0.3));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("id").asString()).isEqualTo(done);
        assertThat(Api.slug(lines.get(1))).isEqualTo("timeout");
        assertThat(lines.get(1).get("detail").asString()).isEqualTo("2 (of 3) futures unfinished");
    }

    @Test
    void asCompletedStreamsServerSentEvents() {
        String id = api.submit("default", "echo", "sse");
        List<String> lines = new ArrayList<>();

        int status = api.stream("/api/v1/futures/as-completed", body("ids", List.of(id)), "text/event-stream", lines::add);

        assertThat(status).isEqualTo(200);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo("event: future");
        assertThat(Api.JSON.readTree(lines.get(1).substring("data: ".length())).get("result").asString()).isEqualTo("sse");
    }

    @Test
    void waitReturnsDoneAndNotDoneForEachReturnWhen() {
        String quick = api.submit("default", "sleep", 0.1);
        String slow = api.submit("default", "sleep", 3);
        String raises = api.submit("default", "divide", 0);

        JsonNode first = api.post("/api/v1/futures/wait",
                body("ids", List.of(slow, quick), "timeout", 5, "returnWhen", "FIRST_COMPLETED")).body();
        assertThat(first.get("done")).extracting(f -> f.get("id").asString()).containsExactly(quick);
        assertThat(first.get("notDone")).extracting(f -> f.get("id").asString()).containsExactly(slow);

        JsonNode exception = api.post("/api/v1/futures/wait",
                body("ids", List.of(slow, raises), "timeout", 5, "returnWhen", "FIRST_EXCEPTION")).body();
        assertThat(exception.get("done")).extracting(f -> f.get("id").asString()).containsExactly(raises);

        JsonNode all = api.post("/api/v1/futures/wait", body("ids", List.of(slow, quick), "timeout", 0.2)).body();
        assertThat(all.get("notDone")).extracting(f -> f.get("id").asString()).containsExactly(slow);
    }

    @Test
    void deleteForgetsADoneFutureWhichIsThenGone() {
        String running = api.submit("default", "sleep", 1);
        Api.Answer notDone = api.delete("/api/v1/futures/" + running);
        assertThat(notDone.status()).isEqualTo(409);
        assertThat(notDone.problem()).isEqualTo("future-not-done");

        String id = api.submit("default", "echo", 1);
        api.get("/api/v1/futures/" + id + "/result");
        assertThat(api.delete("/api/v1/futures/" + id).status()).isEqualTo(204);

        Api.Answer gone = api.get("/api/v1/futures/" + id);
        assertThat(gone.status()).isEqualTo(410);
        assertThat(gone.problem()).isEqualTo("future-gone");
        assertThat(api.get("/api/v1/futures/01a217c4-0000-7000-8000-000000000000").status()).isEqualTo(404);
    }

    @Test
    void anIdempotencyKeyReturnsTheSameFutureForTheSameBodyAndRefusesAnother() {
        String key = "key-" + System.nanoTime();
        Map<String, Object> request = Map.of("task", "echo", "args", List.of("once"));

        Api.Answer first = api.post("/api/v1/executors/default/futures", request, "application/json", "Idempotency-Key", key);
        Api.Answer again = api.post("/api/v1/executors/default/futures", request, "application/json", "Idempotency-Key", key);
        Api.Answer other = api.post("/api/v1/executors/default/futures", Map.of("task", "echo", "args", List.of("twice")),
                "application/json", "Idempotency-Key", key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body().get("id")).isEqualTo(first.body().get("id"));
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.problem()).isEqualTo("idempotency-key-reused");
    }

    @Test
    void aThreadExecutorsInitializerThatRaisesBreaksItAsPythonsDoes() {
        String name = "tinit-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/executors", Map.of("name", name, "maxWorkers", 1,
                "initializer", Map.of("task", "divide", "args", List.of(0)))).status()).isEqualTo(201);

        String first = api.submit(name, "echo", 1);

        JsonNode exception = api.get("/api/v1/futures/" + first + "/exception?timeout=30").body();
        assertThat(exception.get("type").asString()).isEqualTo("BrokenThreadPool");
        assertThat(exception.get("message").asString())
                .startsWith("A thread initializer failed, the thread pool is not usable anymore")
                .contains("Can't process zero!");
        assertThat(api.get("/api/v1/executors/" + name).body().get("state").asString()).isEqualTo("BROKEN");
        Api.Answer refused = api.post("/api/v1/executors/" + name + "/futures", Map.of("task", "echo", "args", List.of(2)));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.problem()).isEqualTo("executor-broken");
        Api.Answer shutDown = api.delete("/api/v1/executors/" + name + "?wait=true");
        assertThat(shutDown.status()).as("terminated, though it says BROKEN: nothing left to wait for").isEqualTo(200);
        assertThat(shutDown.body().get("state").asString()).isEqualTo("BROKEN");
    }

    @Test
    void aThreadExecutorsWorkingInitializerLeavesItRunningAndWorkerJvmOptionsStayRefused() {
        String name = "tinitok-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/executors", Map.of("name", name, "maxWorkers", 2,
                "initializer", Map.of("task", "echo", "args", List.of("ready")))).status()).isEqualTo(201);

        for (int i = 0; i < 4; i++) {
            String id = api.submit(name, "echo", i);
            assertThat(api.get("/api/v1/futures/" + id + "/result?timeout=30").body().asInt()).isEqualTo(i);
        }
        assertThat(api.get("/api/v1/executors/" + name).body().get("state").asString()).isEqualTo("RUNNING");
        Api.Answer heap = api.post("/api/v1/executors", Map.of("name", name + "-heap", "heap", "64m"));
        assertThat(heap.status()).isEqualTo(400);
        assertThat(heap.body().get("detail").asString()).contains("process executors only");
    }

    @Test
    void anIdempotencyKeyTooLongOrNotPrintableAsciiIsRefusedBeforeAnythingIsAccepted() {
        Map<String, Object> request = Map.of("task", "echo", "args", List.of("keyed"));
        String longest = "k".repeat(255);
        int before = api.get("/api/v1/futures?size=1").body().get("totalItems").asInt();

        Api.Answer tooLong = api.post("/api/v1/executors/default/futures", request, "application/json",
                "Idempotency-Key", longest + "k");
        // a tab is legal in a header's value (the JDK's client sends any other control character as nothing, and
        // what is past ASCII as '?'), but not in a key
        Api.Answer withTab = api.post("/api/v1/executors/default/futures", request, "application/json",
                "Idempotency-Key", "a\tb");

        for (Api.Answer refused : List.of(tooLong, withTab)) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.problem()).isEqualTo("invalid-request");
            assertThat(refused.body().get("errors").get(0).get("field").asString()).isEqualTo("Idempotency-Key");
        }
        assertThat(tooLong.body().get("detail").asString()).contains("1 to 255 printable ASCII", "got 256 characters");
        assertThat(api.get("/api/v1/futures?size=1").body().get("totalItems").asInt()).isEqualTo(before);
        assertThat(api.post("/api/v1/executors/default/futures", request, "application/json",
                "Idempotency-Key", longest).status()).isEqualTo(202);
    }

    @Test
    void progressReportedByATaskIsVisibleOnTheFuture() {
        String id = api.submit("default", "sleep", 1.2);

        await().atMost(Duration.ofSeconds(3)).until(() -> {
            JsonNode progress = api.future(id).get("progress");
            return progress != null && !progress.isNull() && progress.get("fraction").asDouble() > 0;
        });
    }

    @Test
    void executorsAreListedAndInspectedWithTheirCounters() {
        String executor = api.createExecutor("inspect", 3, 7);
        api.get("/api/v1/futures/" + api.submit(executor, "echo", 1) + "/result");

        // the counter moves just after the result is out (settling wakes the waiter first): wait for it
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5))
                .until(() -> api.get("/api/v1/executors/" + executor).body().get("completed").asInt() == 1);
        JsonNode inspected = api.get("/api/v1/executors/" + executor).body();
        assertThat(inspected.get("kind").asString()).isEqualTo("thread");
        assertThat(inspected.get("maxWorkers").asInt()).isEqualTo(3);
        assertThat(inspected.get("queueCapacity").asInt()).isEqualTo(7);
        assertThat(inspected.get("state").asString()).isEqualTo("RUNNING");
        assertThat(inspected.get("completed").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/executors").body()).extracting(e -> e.get("name").asString()).contains("default", executor);

        Api.Answer duplicate = api.post("/api/v1/executors", body("name", executor));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.problem()).isEqualTo("executor-exists");
    }

    @Test
    void echoReturnsEveryJsonValueExactlyAsSent() {
        for (String value : List.of("0.1", "20.0", "1E+400", "12345678901234567890123", "-7", "null", "true",
                "\"żółw 🐢\"", "[1,[2,{\"a\":null}]]", "{\"k\":[0.5,\"v\"]}")) {
            Api.Answer accepted = api.post("/api/v1/executors/default/futures",
                    "{\"task\":\"echo\",\"args\":[" + value + "]}", "application/json");
            String id = accepted.body().get("id").asString();

            Api.Answer result = api.get("/api/v1/futures/" + id + "/result?timeout=5");

            assertThat(result.status()).isEqualTo(200);
            assertThat(result.raw().body()).isEqualTo(value);
        }
    }

    @Test
    void aJsonAnswerGoesOutWholeWithItsLengthAndALargeOneStillArrivesComplete() {
        Api.Answer accepted = api.post("/api/v1/executors/default/futures", Map.of("task", "echo", "args", List.of(1)));
        Api.Answer refused = api.post("/api/v1/executors/default/futures", Map.of("task", "no-such-task"));
        for (Api.Answer small : List.of(accepted, refused)) {
            assertThat(small.header("Transfer-Encoding")).as("not chunked").isNull();
            assertThat(small.header("Content-Length")).isEqualTo(String.valueOf(
                    small.raw().body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
        }
        assertThat(refused.problem()).isEqualTo("unknown-task");
        String large = "x".repeat(20_000); // past Tomcat's 8 KiB response buffer: sent as it fills, chunked
        Api.Answer result = api.get("/api/v1/futures/" + api.submit("default", "echo", large) + "/result?timeout=5");
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body().asString()).isEqualTo(large);
    }

    @Test
    void theDefaultExecutorHasPythonsDefaultSize() {
        JsonNode executor = api.get("/api/v1/executors/default").body();

        assertThat(executor.get("maxWorkers").asInt())
                .isEqualTo(Math.min(32, Runtime.getRuntime().availableProcessors() + 4));
    }

    @Test
    void actuatorHealthAndInfoAreExposed() {
        // the whole health aggregates the executors (other tests break and shut some down); the probes do not
        assertThat(api.get("/actuator/health/liveness").body().get("status").asString()).isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness").body().get("status").asString()).isEqualTo("UP");
        assertThat(api.get("/actuator/info").status()).isEqualTo(200);
    }
}
