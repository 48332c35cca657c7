package dev.jobpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.ApiTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What ops dashboards read: /actuator/prometheus after a known workload, health per executor, info. */
class MonitoringIT extends ApiTest {

    /** One sample of the Prometheus text format, e.g. {@code jobpool_futures_submitted_total{...} 3.0}. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})? (\\S+)$");

    private record Sample(String name, String labels, double value) {
    }

    private List<Sample> scrape() {
        Api.Answer answer = api.get("/actuator/prometheus");
        assertThat(answer.status()).isEqualTo(200);
        List<Sample> samples = new ArrayList<>();
        for (String line : answer.raw().body().split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.matches()) {
                samples.add(new Sample(m.group(1), m.group(2) == null ? "" : m.group(2), Double.parseDouble(m.group(3))));
            }
        }
        return samples;
    }

    /** The value of {@code name} for one executor (and task, if given); 0 if it has no such sample. */
    private static double value(List<Sample> samples, String name, String executor, String... task) {
        return samples.stream()
                .filter(s -> s.name().equals(name) && s.labels().contains("executor=\"" + executor + "\""))
                .filter(s -> task.length == 0 || s.labels().contains("task=\"" + task[0] + "\""))
                .mapToDouble(Sample::value).sum();
    }

    private Api.Answer submit(String executor, Map<String, Object> request) {
        return api.post("/api/v1/executors/" + executor + "/futures", request);
    }

    private String state(String id) {
        return api.future(id).get("state").asString();
    }

    private static void assertAddsUp(List<Sample> s, String executor) {
        assertThat(value(s, "jobpool_futures_submitted_total", executor))
                .as("submitted = completed + raised + cancelled + pending + running")
                .isEqualTo(value(s, "jobpool_futures_completed_total", executor)
                        + value(s, "jobpool_futures_raised_total", executor)
                        + value(s, "jobpool_futures_cancelled_total", executor)
                        + value(s, "jobpool_futures_pending", executor)
                        + value(s, "jobpool_futures_running", executor));
    }

    @Test
    void countersAndGaugesAddUpAfterAKnownWorkload() {
        String executor = api.createExecutor("metered", 2, 3);
        for (int i = 0; i < 5; i++) {
            api.get("/api/v1/futures/" + api.submit(executor, "echo", i) + "/result?timeout=10");
        }
        for (int i = 0; i < 2; i++) {
            api.get("/api/v1/futures/" + api.submit(executor, "divide", 0) + "/exception?timeout=10");
        }
        String timedOut = submit(executor, Map.of("task", "sleep", "args", List.of(10), "timeout", 0.2))
                .body().get("id").asString();
        await().until(() -> state(timedOut).equals("FINISHED"));
        // two running, three queued (a full queue), one refused, one of the queued cancelled
        List<String> running = List.of(api.submit(executor, "sleep", 30), api.submit(executor, "sleep", 30));
        await().until(() -> running.stream().allMatch(id -> state(id).equals("RUNNING")));
        List<String> queued = List.of(api.submit(executor, "sleep", 30), api.submit(executor, "sleep", 30),
                api.submit(executor, "sleep", 30));
        assertThat(submit(executor, Map.of("task", "echo", "args", List.of(1))).status()).isEqualTo(429);
        assertThat(api.post("/api/v1/futures/" + queued.getFirst() + "/cancel", "").body().get("cancelled")
                .asBoolean()).isTrue();

        List<Sample> busy = scrape();
        assertThat(value(busy, "jobpool_futures_submitted_total", executor)).isEqualTo(13);
        assertThat(value(busy, "jobpool_futures_completed_total", executor)).isEqualTo(5);
        assertThat(value(busy, "jobpool_futures_raised_total", executor)).isEqualTo(3);
        assertThat(value(busy, "jobpool_futures_timed_out_total", executor)).isEqualTo(1);
        assertThat(value(busy, "jobpool_futures_cancelled_total", executor)).isEqualTo(1);
        assertThat(value(busy, "jobpool_futures_rejected_total", executor)).isEqualTo(1);
        assertThat(value(busy, "jobpool_futures_running", executor)).isEqualTo(2);
        assertThat(value(busy, "jobpool_futures_pending", executor)).isEqualTo(2);
        assertThat(value(busy, "jobpool_executor_workers_active", executor)).isEqualTo(2);
        assertThat(value(busy, "jobpool_executor_workers_max", executor)).isEqualTo(2);
        assertThat(value(busy, "jobpool_executor_queue_depth", executor)).isEqualTo(2);
        assertThat(value(busy, "jobpool_executor_queue_capacity", executor)).isEqualTo(3);
        assertThat(value(busy, "jobpool_futures_queue_wait_seconds_count", executor, "echo")).isEqualTo(5);
        assertThat(value(busy, "jobpool_futures_run_time_seconds_count", executor, "echo")).isEqualTo(5);
        assertThat(value(busy, "jobpool_futures_run_time_seconds_count", executor, "sleep"))
                .as("the timed-out sleep ran; the running ones have not ended").isEqualTo(1);
        assertThat(busy).anyMatch(s -> s.name().equals("jobpool_futures_run_time_seconds_bucket")
                && s.labels().contains("executor=\"" + executor + "\"") && s.labels().contains("le=\"0.25\""));
        assertAddsUp(busy, executor);

        assertCancelledAllWhenStopped(executor, running, 5);
    }

    /**
     * A shutdown that cancels what is queued, then the interrupting cancel of the running calls: every call has
     * ended, {@code cancelled} of them cancelled, and the counters still add up.
     */
    private void assertCancelledAllWhenStopped(String executor, List<String> running, int cancelled) {
        api.delete("/api/v1/executors/" + executor + "?wait=false&cancelFutures=true");
        running.forEach(id -> api.post("/api/v1/futures/" + id + "/cancel?interrupt=true", ""));
        await().until(() -> api.get("/api/v1/executors/" + executor).body().get("state").asString()
                .equals("TERMINATED"));

        List<Sample> after = scrape();
        assertThat(value(after, "jobpool_futures_cancelled_total", executor)).isEqualTo(cancelled);
        assertThat(value(after, "jobpool_futures_running", executor)).isZero();
        assertThat(value(after, "jobpool_futures_pending", executor)).isZero();
        assertAddsUp(after, executor);
    }

    @Test
    void mapCallsWaitingForRoomArePendingAndCountedOnceWhenCancelled() {
        String executor = api.createExecutor("metered-map", 1, 1);
        Api.Answer map = api.post("/api/v1/executors/" + executor + "/map",
                body("task", "sleep", "iterables", List.of(List.of(30, 30, 30, 30, 30, 30))));
        assertThat(map.status()).as(map.raw().body()).isEqualTo(202);
        String first = map.body().get("ids").get(0).asString();
        await().until(() -> state(first).equals("RUNNING"));
        await().until(() -> value(scrape(), "jobpool_executor_map_waiting", executor) == 4);

        List<Sample> busy = scrape();
        assertThat(value(busy, "jobpool_futures_submitted_total", executor)).isEqualTo(6);
        assertThat(value(busy, "jobpool_futures_running", executor)).isEqualTo(1);
        assertThat(value(busy, "jobpool_futures_pending", executor)).as("one queued, four waiting for room").isEqualTo(5);
        assertThat(value(busy, "jobpool_executor_queue_depth", executor)).isEqualTo(1);

        assertCancelledAllWhenStopped(executor, List.of(first), 6);
    }

    @Test
    void processExecutorsCountWorkerStartsCrashesAndRecycles() {
        String name = "metered-proc-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/executors", Map.of("name", name, "kind", "process", "maxWorkers", 1,
                "maxTasksPerChild", 1)).status()).isEqualTo(201);
        api.get("/api/v1/futures/" + api.submit(name, "echo", 1) + "/result?timeout=60");
        api.get("/api/v1/futures/" + api.submit(name, "echo", 2) + "/result?timeout=60");
        api.get("/api/v1/futures/" + api.submit(name, "chaos-exit", 3) + "/exception?timeout=60");

        List<Sample> s = scrape();
        assertThat(value(s, "jobpool_process_worker_starts_total", name)).isEqualTo(3);
        assertThat(value(s, "jobpool_process_worker_recycles_total", name)).isEqualTo(2);
        assertThat(value(s, "jobpool_process_worker_crashes_total", name)).isEqualTo(1);
        assertThat(value(s, "jobpool_futures_raised_total", name)).isEqualTo(1);
        assertThat(s).anyMatch(x -> x.name().equals("jobpool_futures_submitted_total")
                && x.labels().contains("kind=\"process\"") && x.labels().contains("executor=\"" + name + "\""));
        assertAddsUp(s, name);
    }

    private JsonNode health(String executor) {
        return api.get("/actuator/health/executors/" + executor).body();
    }

    @Test
    void healthFollowsAnExecutorThroughShutdownAndBack() {
        String executor = api.createExecutor("healthy", 1, 1);
        assertThat(health(executor).get("status").asString()).isEqualTo("UP");

        String running = api.submit(executor, "sleep", 30);
        await().until(() -> state(running).equals("RUNNING"));
        api.submit(executor, "sleep", 30);
        Api.Answer saturated = api.get("/actuator/health/executors/" + executor);
        assertThat(saturated.status()).as("saturated still answers 200").isEqualTo(200);
        assertThat(saturated.body().get("status").asString()).isEqualTo("SATURATED");
        assertThat(saturated.body().get("details").get("queued").asInt()).isEqualTo(1);

        api.delete("/api/v1/executors/" + executor + "?wait=false&cancelFutures=true");
        api.post("/api/v1/futures/" + running + "/cancel?interrupt=true", "");
        Api.Answer down = api.get("/actuator/health/executors/" + executor);
        assertThat(down.status()).as("the instance still serves").isEqualTo(200);
        assertThat(down.body().get("status").asString()).isEqualTo("OUT_OF_SERVICE");
        assertThat(api.get("/actuator/health/liveness").status()).as("an executor is not the instance").isEqualTo(200);
        assertThat(api.get("/actuator/health/readiness").status()).isEqualTo(200);

        await().until(() -> health(executor).get("details").get("state").asString().equals("TERMINATED"));
        assertThat(api.post("/api/v1/executors", Map.of("name", executor, "maxWorkers", 1)).status()).isEqualTo(201);
        assertThat(health(executor).get("status").asString()).isEqualTo("UP");
        api.delete("/api/v1/executors/" + executor + "?wait=true");
    }

    @Test
    void aBrokenExecutorIsDownWithTheReasonUntilItIsCreatedAgain() {
        String name = "broken-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        assertThat(api.post("/api/v1/executors", Map.of("name", name, "kind", "process", "maxWorkers", 1,
                "initializer", Map.of("task", "divide", "args", List.of(0)))).status()).isEqualTo(201);
        api.get("/api/v1/futures/" + api.submit(name, "echo", 1) + "/exception?timeout=60");

        Api.Answer down = api.get("/actuator/health/executors/" + name);
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.body().get("status").asString()).isEqualTo("DOWN");
        assertThat(down.body().get("details").get("brokenBecause").asString()).contains("Can't process zero!");
        assertThat(api.get("/actuator/health").status()).as("a broken executor is a failure").isEqualTo(503);

        // a broken executor stays BROKEN; once its workers are gone, its name may be used again
        await().until(() -> api.post("/api/v1/executors", Map.of("name", name, "kind", "process", "maxWorkers", 1))
                .status() == 201);
        assertThat(health(name).get("status").asString()).isEqualTo("UP");
        api.delete("/api/v1/executors/" + name + "?wait=true");
    }

    @Test
    void infoCarriesTheBuildAndTheCommit() {
        JsonNode info = api.get("/actuator/info").body();
        assertThat(info.get("build").get("version").asString()).isNotBlank();
        assertThat(info.get("build").get("artifact").asString()).isEqualTo("jobpool");
        if (Files.isDirectory(Path.of(".git"))) {
            assertThat(info.get("git").get("commit").get("id").asString()).isNotBlank();
        }
    }

    @Test
    void theGrafanaDashboardAsksOnlyForMetricsTheServiceExports() throws IOException {
        // one call of each kind of meter, so that even the per-task timers exist
        api.get("/api/v1/futures/" + api.submit("default", "echo", 1) + "/result?timeout=10");
        api.get("/api/v1/futures/" + api.submit("processes", "echo", 1) + "/result?timeout=60");
        Set<String> exported = new TreeSet<>(scrape().stream().map(Sample::name).toList());

        JsonNode dashboard = Api.JSON.readTree(Files.readString(Path.of("ops/grafana/dashboards/jobpool.json")));
        Set<String> asked = new TreeSet<>();
        Matcher names = Pattern.compile("\\bjobpool_[a-z_]+").matcher("");
        for (JsonNode panel : dashboard.get("panels")) {
            for (JsonNode target : panel.path("targets")) {
                names.reset(target.get("expr").asString());
                while (names.find()) {
                    asked.add(names.group());
                }
            }
        }
        assertThat(asked).as("metric names in the dashboard's queries").hasSizeGreaterThan(8);
        assertThat(exported).containsAll(asked);
    }
}
