package dev.jobpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.ServiceProcess;
import dev.jobpool.support.TestDatabase;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Two Jobpool processes over one PostgreSQL behave as one Jobpool. */
class TwoInstancesIT {

    private final TestDatabase database = TestDatabase.get();
    private final JdbcClient jdbc = JdbcClient.create(database.dataSource());

    @BeforeEach
    void emptyDatabase() {
        database.clear();
        jdbc.sql("truncate jobpool_instance").update();
    }

    private ServiceProcess start(String name, String... more) throws Exception {
        List<String> arguments = new ArrayList<>(List.of("--jobpool.executors.configured.shared.max-workers=1"));
        arguments.addAll(List.of(more));
        return ServiceProcess.start(name, database.serviceArguments(arguments.toArray(String[]::new)));
    }

    /** The future ids of the first {@code count} events of {@code service}'s event stream, from the start. */
    private static List<String> endedFromEvents(ServiceProcess service, int count) throws Exception {
        var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + service.port()
                + "/api/v1/events")).header("Last-Event-ID", "0").timeout(java.time.Duration.ofSeconds(30)).build();
        var response = java.net.http.HttpClient.newHttpClient().send(request,
                java.net.http.HttpResponse.BodyHandlers.ofLines());
        try (var lines = response.body()) {
            return lines.filter(line -> line.startsWith("data: ")).limit(count)
                    .map(line -> Api.JSON.readTree(line.substring(6)).get("id").asString()).toList();
        }
    }

    private String column(String column, String id) {
        return jdbc.sql("select " + column + " from jobpool_future where id = :id").param("id", UUID.fromString(id))
                .query(String.class).single();
    }

    @Test
    void callsSubmittedOnOneInstanceRunOnTheOtherAndItsWaitersSeeThemFinish() throws Exception {
        try (ServiceProcess front = start("two-front", "--jobpool.cluster.claim=false");
             ServiceProcess back = start("two-back")) {
            Api api = front.api();
            List<String> ids = List.of(api.submit("shared", "sleep", 1, "slow"), api.submit("shared", "echo", "fast"),
                    api.submit("shared", "divide", 4));

            List<String> order = new ArrayList<>();
            api.stream("/api/v1/futures/as-completed", Map.of("ids", ids, "timeout", 30), "application/x-ndjson",
                    line -> order.add(Api.JSON.readTree(line).get("id").asString()));

            assertThat(order).containsExactlyInAnyOrderElementsOf(ids);
            assertThat(api.get("/api/v1/futures/" + ids.get(0) + "/result").body().asString()).isEqualTo("slow");
            assertThat(api.get("/api/v1/futures/" + ids.get(2) + "/result?timeout=10").body().doubleValue()).isEqualTo(25.0);
            ids.forEach(id -> assertThat(column("owner", id)).as("ran on the other instance").contains("/")
                    .isNotEqualTo(null));
            String backInstance = column("owner", ids.get(0));
            ids.forEach(id -> assertThat(column("owner", id)).isEqualTo(backInstance));
            assertThat(back.isAlive()).isTrue();

            // a wait answered from a mirror says what the row says: the other instance's times and attempts
            String mirrored = api.submit("shared", "sleep", 1, "mirrored");
            JsonNode waited = api.post("/api/v1/futures/wait", Map.of("ids", List.of(mirrored), "timeout", 30))
                    .body().get("done").get(0);
            JsonNode row = api.get("/api/v1/futures/" + mirrored).body();
            for (String field : List.of("state", "attempts", "startedAt", "finishedAt", "result")) {
                assertThat(waited.get(field)).as(field).isEqualTo(row.get(field));
            }
            assertThat(waited.get("attempts").asInt()).isEqualTo(1);
            assertThat(waited.get("startedAt").isNull()).isFalse();

            // the ends of calls that ran on the other instance, from this one's event stream, in order
            List<String> all = new ArrayList<>(ids);
            all.add(mirrored);
            assertThat(endedFromEvents(front, all.size())).containsExactlyInAnyOrderElementsOf(all);
        }
    }

    @Test
    void aTenantSeesOnlyItsOwnFuturesOnEveryInstance() throws Exception {
        String[] keys = {"--jobpool.security.api-keys.alice.sha256=" + dev.jobpool.support.TestKeys.sha256("test-key-alice"),
                "--jobpool.security.api-keys.alice.scopes=submit",
                "--jobpool.security.api-keys.bob.sha256=" + dev.jobpool.support.TestKeys.sha256("test-key-bob"),
                "--jobpool.security.api-keys.bob.scopes=submit"};
        try (ServiceProcess a = start("two-tenants-a", keys); ServiceProcess b = start("two-tenants-b", keys)) {
            Api aliceOnA = a.api().as("test-key-alice");
            String id = aliceOnA.submit("shared", "echo", "alice's");
            assertThat(b.api().as("test-key-alice").get("/api/v1/futures/" + id + "/result?timeout=30").body()
                    .asString()).isEqualTo("alice's");
            Api bobOnB = b.api().as("test-key-bob");
            assertThat(bobOnB.get("/api/v1/futures/" + id).problem()).isEqualTo("future-not-found");
            assertThat(bobOnB.post("/api/v1/futures/" + id + "/cancel", "").status()).isEqualTo(404);
            assertThat(bobOnB.get("/api/v1/futures?size=1000").body().get("items").toString()).doesNotContain(id);
            assertThat(column("tenant", id)).isEqualTo("alice");
        }
    }

    @Test
    void anInterruptingCancelOnOneInstanceStopsTheCallOnTheOther() throws Exception {
        try (ServiceProcess front = start("two-cancel-front", "--jobpool.cluster.claim=false");
             ServiceProcess back = start("two-cancel-back")) {
            Api api = front.api();
            String sleeping = api.submit("shared", "sleep", 60);
            await().atMost(Duration.ofSeconds(30)).until(() -> column("state", sleeping).equals("RUNNING"));

            assertThat(api.post("/api/v1/futures/" + sleeping + "/cancel", "").body().get("cancelled").asBoolean())
                    .as("plain cancel leaves a running call alone").isFalse();
            long start = System.nanoTime();
            JsonNode cancelled = api.post("/api/v1/futures/" + sleeping + "/cancel?interrupt=true", "").body();

            assertThat(cancelled.get("cancelled").asBoolean()).isTrue();
            assertThat((System.nanoTime() - start) / 1e9).as("delivered within a second or so").isLessThan(2.5);
            assertThat(column("state", sleeping)).isEqualTo("CANCELLED");
            String next = api.submit("shared", "echo", "next");
            assertThat(api.get("/api/v1/futures/" + next + "/result?timeout=30").body().asString()).isEqualTo("next");

            // an Idempotency-Key holds across instances: a retry sent to the other one finds the first submit
            Map<String, Object> request = Map.of("task", "echo", "args", List.of("once"));
            Api.Answer first = api.post("/api/v1/executors/shared/futures", request, "application/json",
                    "Idempotency-Key", "cluster-key");
            Api.Answer retried = back.api().post("/api/v1/executors/shared/futures", request, "application/json",
                    "Idempotency-Key", "cluster-key");
            Api.Answer reused = back.api().post("/api/v1/executors/shared/futures",
                    Map.of("task", "echo", "args", List.of("twice")), "application/json", "Idempotency-Key", "cluster-key");
            assertThat(retried.body().get("id")).isEqualTo(first.body().get("id"));
            assertThat(retried.header("Idempotent-Replayed")).isEqualTo("true");
            assertThat(reused.problem()).isEqualTo("idempotency-key-reused");

            String pending = api.submit("shared", "sleep", 60);
            String queued = api.submit("shared", "echo", "never");
            await().atMost(Duration.ofSeconds(30)).until(() -> column("state", pending).equals("RUNNING"));
            assertThat(back.api().post("/api/v1/futures/" + queued + "/cancel", "").body().get("cancelled").asBoolean())
                    .isTrue();
            assertThat(column("state", queued)).isEqualTo("CANCELLED");
        }
    }

    @Test
    void executorsCreatedAndShutDownOnOneInstanceAreSoOnEveryInstance() throws Exception {
        try (ServiceProcess a = start("two-executors-a"); ServiceProcess b = start("two-executors-b")) {
            assertThat(a.api().post("/api/v1/executors", Map.of("name", "everywhere", "maxWorkers", 2)).status())
                    .isEqualTo(201);

            await().atMost(Duration.ofSeconds(10)).until(() -> b.api().get("/api/v1/executors/everywhere").status() == 200);
            String id = b.api().submit("everywhere", "echo", "both");
            assertThat(a.api().get("/api/v1/futures/" + id + "/result?timeout=30").body().asString()).isEqualTo("both");

            a.api().delete("/api/v1/executors/everywhere?wait=true");
            await().atMost(Duration.ofSeconds(10)).until(() -> !b.api().get("/api/v1/executors/everywhere").body()
                    .get("state").asString().equals("RUNNING"));
            Api.Answer refused = b.api().post("/api/v1/executors/everywhere/futures",
                    Map.of("task", "echo", "args", List.of(1)));
            assertThat(refused.problem()).isEqualTo("executor-shut-down");
        }
    }

    @Test
    void anInstanceThatStopsGracefullyLeavesItsQueuedMapCallsToTheOthers() throws Exception {
        try (ServiceProcess stays = start("two-leave-stays")) {
            List<String> ids = new ArrayList<>();
            try (ServiceProcess leaves = start("two-leave-goes", "--jobpool.executors.shutdown-grace=10s")) {
                JsonNode accepted = leaves.api().post("/api/v1/executors/shared/map",
                        Map.of("task", "sleep", "iterables", List.of(List.of(2, 0, 0, 0), List.of("a", "b", "c", "d"))))
                        .body();
                accepted.get("ids").forEach(id -> ids.add(id.asString()));
                await().atMost(Duration.ofSeconds(30)).until(() -> column("state", ids.get(0)).equals("RUNNING"));
                new ProcessBuilder("kill", "-TERM", String.valueOf(leaves.pid())).start().waitFor();
                await().atMost(Duration.ofSeconds(30)).until(() -> !leaves.isAlive());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(id -> column("state", id)
                    .equals("FINISHED")));
            assertThat(ids).extracting(id -> stays.api().get("/api/v1/futures/" + id + "/result").body().asString())
                    .containsExactly("a", "b", "c", "d");
        }
    }

    @Test
    void underConcurrentLoadOnBothInstancesNoCallIsClaimedTwice() throws Exception {
        try (ServiceProcess a = start("two-load-a", "--jobpool.executors.configured.shared.max-workers=4");
             ServiceProcess b = start("two-load-b", "--jobpool.executors.configured.shared.max-workers=4")) {
            List<String> ids = Collections.synchronizedList(new ArrayList<>());
            ExecutorService clients = Executors.newFixedThreadPool(4);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                Api api = (c % 2 == 0 ? a : b).api();
                done.add(clients.submit(() -> {
                    for (int i = 0; i < 500; i++) {
                        ids.add(api.submit("shared", "echo", i));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            clients.shutdown();

            await().atMost(Duration.ofSeconds(120)).until(() -> jdbc.sql("select count(*) from jobpool_future"
                    + " where state = 'FINISHED'").query(Integer.class).single() == 2000);
            assertThat(ids).hasSize(2000).doesNotHaveDuplicates();
            assertThat(jdbc.sql("select count(*) from jobpool_future where attempts <> 1").query(Integer.class).single())
                    .as("every call ran exactly once").isZero();
            assertThat(jdbc.sql("select count(distinct owner) from jobpool_future").query(Integer.class).single())
                    .as("both instances worked").isEqualTo(2);
            JsonNode waited = a.api().post("/api/v1/futures/wait", Map.of("ids", ids.subList(0, 500), "timeout", 10)).body();
            assertThat(waited.get("notDone")).isEmpty();
        }
    }

    @Test
    void killingOneInstanceMidLoadLosesNoCall() throws Exception {
        try (ServiceProcess survivor = start("two-kill-survivor");
             ServiceProcess doomed = start("two-kill-doomed")) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ids.add(doomed.api().submit("shared", "sleep", 3, "slept"));
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("select count(*) from jobpool_future"
                    + " where state = 'RUNNING'").query(Integer.class).single() == 2);
            List<String> onDoomed = jdbc.sql("select id::text from jobpool_future where state = 'RUNNING' and owner ="
                    + " (select owner from jobpool_future where id = :id)").param("id", UUID.fromString(ids.get(0)))
                    .query(String.class).list();

            doomed.kill();

            Api api = survivor.api();
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.sql("select count(*) from jobpool_future"
                    + " where state in ('PENDING', 'RUNNING')").query(Integer.class).single() == 0);
            for (String id : ids) {
                JsonNode future = api.future(id);
                assertThat(future.get("done").asBoolean()).isTrue();
                if (future.get("exception").isNull()) {
                    assertThat(future.get("result").asString()).isEqualTo("slept");
                } else {
                    assertThat(future.get("exception").get("type").asString()).isEqualTo("InstanceLost");
                }
            }
            assertThat(onDoomed).isNotEmpty();
        }
    }
}
