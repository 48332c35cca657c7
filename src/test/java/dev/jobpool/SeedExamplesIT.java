package dev.jobpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.ApiTest;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Each example of the seed document, over HTTP, with the behaviour the document promises. */
class SeedExamplesIT extends ApiTest {

    @Test
    void threadPoolMapOfFiveDownloadsOnThreeWorkersTakesTwoRoundsInInputOrder() {
        String executor = api.createExecutor("seed-map", 3, 100);
        List<String> urls = List.of("page1", "page2", "page3", "page4", "page5");
        List<String> results = urls.stream().map(u -> "Downloaded " + u).toList();

        long start = System.nanoTime();
        List<JsonNode> lines = new ArrayList<>();
        List<Double> arrivals = new ArrayList<>();
        api.stream("/api/v1/executors/" + executor + "/map",
                body("task", "sleep", "iterables", List.of(List.of(2, 2, 2, 2, 2), results)), "application/x-ndjson",
                line -> {
                    arrivals.add((System.nanoTime() - start) / 1e9);
                    lines.add(Api.JSON.readTree(line));
                });
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(lines).extracting(l -> l.get("result").asString()).containsExactlyElementsOf(results);
        assertThat(lines).extracting(l -> l.get("index").asInt()).containsExactly(0, 1, 2, 3, 4);
        assertThat(seconds).as("2 batches of 2 s, not 5").isGreaterThanOrEqualTo(3.9).isLessThan(5.0);
        assertThat(arrivals.getFirst()).as("the first batch streams as soon as it is done").isLessThan(3.0);
    }

    @Test
    void processPoolCrunchGivesPythonsExactIntegers() {
        List<JsonNode> lines = api.ndjson("/api/v1/executors/default/map",
                body("task", "sum-of-squares", "iterables", List.of(List.of(10_000_000, 20_000_000, 30_000_000))));

        assertThat(lines).extracting(l -> l.get("result").bigIntegerValue()).containsExactly(
                new BigInteger("333333283333335000000"),
                new BigInteger("2666666466666670000000"),
                new BigInteger("8999999550000005000000"));
    }

    @Test
    void submitReturnsAFutureWhoseResultBlocksUntilReady() {
        String executor = api.createExecutor("seed-submit", 3, 100);
        long start = System.nanoTime();
        Api.Answer accepted = api.post("/api/v1/executors/" + executor + "/futures",
                body("task", "sleep", "args", List.of(1, "Data from api.com/users")));

        assertThat(accepted.status()).isEqualTo(202);
        String id = accepted.body().get("id").asString();
        assertThat(accepted.header("Location")).isEqualTo("/api/v1/futures/" + id);
        assertThat(accepted.body().get("state").asString()).isIn("PENDING", "RUNNING");
        assertThat(accepted.body().get("done").asBoolean()).isFalse();
        // "We can do other stuff here while it's running": the submit did not wait for the task
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(0.9);

        Api.Answer result = api.get("/api/v1/futures/" + id + "/result");
        assertThat(result.status()).isEqualTo(200);
        assertThat(result.body().asString()).isEqualTo("Data from api.com/users");
        assertThat(api.future(id).get("done").asBoolean()).isTrue();
    }

    @Test
    void asCompletedYieldsFastMediumSlowInAboutThreeSeconds() {
        String executor = api.createExecutor("seed-ascompleted", 3, 100);
        long start = System.nanoTime();
        String fast = api.submit(executor, "sleep", 1, "fast.com (took 1s)");
        String slow = api.submit(executor, "sleep", 3, "slow.com (took 3s)");
        String medium = api.submit(executor, "sleep", 2, "medium.com (took 2s)");

        List<String> order = new ArrayList<>();
        List<Double> arrivals = new ArrayList<>();
        api.stream("/api/v1/futures/as-completed", body("ids", List.of(fast, slow, medium)), "application/x-ndjson",
                line -> {
                    arrivals.add((System.nanoTime() - start) / 1e9);
                    order.add(Api.JSON.readTree(line).get("id").asString());
                });
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(order).containsExactly(fast, medium, slow);
        assertThat(arrivals.getFirst()).as("fast arrives as soon as it is done").isLessThan(1.9);
        assertThat(seconds).isGreaterThanOrEqualTo(2.9).isLessThan(4.0);
    }

    @Test
    void riskyTaskResultsReRaiseTheStoredException() {
        List<String> ids = List.of(5, 0, 10).stream().map(n -> api.submit("default", "divide", n)).toList();

        Api.Answer first = api.get("/api/v1/futures/" + ids.get(0) + "/result");
        Api.Answer second = api.get("/api/v1/futures/" + ids.get(1) + "/result");
        Api.Answer third = api.get("/api/v1/futures/" + ids.get(2) + "/result");

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().doubleValue()).isEqualTo(20.0);
        assertThat(second.status()).isEqualTo(424);
        assertThat(second.problem()).isEqualTo("task-raised");
        assertThat(second.body().get("exception").get("type").asString()).isEqualTo("ValueError");
        assertThat(second.body().get("exception").get("message").asString()).isEqualTo("Can't process zero!");
        assertThat(third.body().doubleValue()).isEqualTo(10.0);

        Api.Answer exception = api.get("/api/v1/futures/" + ids.get(1) + "/exception");
        assertThat(exception.status()).isEqualTo(200);
        assertThat(exception.body().get("message").asString()).isEqualTo("Can't process zero!");
        assertThat(api.get("/api/v1/futures/" + ids.get(0) + "/exception").body().isNull()).isTrue();
    }
}
