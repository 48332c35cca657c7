package dev.jobpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.ServiceProcess;
import dev.jobpool.support.TestDatabase;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code jobpool.store=postgres} against a real PostgreSQL: accepted submissions are committed before the 202,
 * and a service killed with {@code kill -9} loses nothing: after a restart every id answers, what was pending
 * runs, and what was running fails as "instance lost" (it is not run twice) unless it allowed retries.
 */
class PostgresStoreIT {

    private final TestDatabase database = TestDatabase.get();
    private final JdbcClient jdbc = JdbcClient.create(database.dataSource());

    @BeforeEach
    void emptyDatabase() {
        database.clear();
    }

    /** The service's arguments: the test database, one-worker "durable" and "again" executors, and {@code more}. */
    private String[] arguments(String... more) {
        List<String> all = new java.util.ArrayList<>(List.of("--jobpool.executors.configured.durable.max-workers=1",
                "--jobpool.executors.configured.again.max-workers=1"));
        all.addAll(List.of(more));
        return database.serviceArguments(all.toArray(String[]::new));
    }

    private String state(String id) {
        return jdbc.sql("select state from jobpool_future where id = :id").param("id", UUID.fromString(id))
                .query(String.class).single();
    }

    @Test
    void aServiceKilledMidLoadLosesNoAcceptedFuture() throws Exception {
        String finished;
        String running;
        String rerun;
        List<String> pending;
        try (ServiceProcess first = ServiceProcess.start("postgres-first", arguments())) {
            Api api = first.api();
            finished = api.submit("durable", "echo", "kept");
            assertThat(api.get("/api/v1/futures/" + finished + "/result?timeout=30").body().asString()).isEqualTo("kept");
            running = api.submit("durable", "sleep", 60, "never");
            rerun = api.post("/api/v1/executors/again/futures", java.util.Map.of("task", "sleep",
                    "args", List.of(3, "ran again"), "retries", 1)).body().get("id").asString();
            pending = List.of(api.submit("durable", "echo", "later"), api.submit("durable", "sum-of-squares", 1000),
                    api.submit("durable", "divide", 0));
            // accepted means committed: the rows are there while the service still answers
            pending.forEach(id -> assertThat(state(id)).isEqualTo("PENDING"));
            await().atMost(Duration.ofSeconds(30)).until(() -> state(running).equals("RUNNING")
                    && state(rerun).equals("RUNNING"));

            first.kill();
        }

        try (ServiceProcess second = ServiceProcess.start("postgres-second", arguments())) {
            Api api = second.api();
            assertThat(api.get("/api/v1/futures/" + finished + "/result").body().asString()).isEqualTo("kept");

            Api.Answer lost = api.get("/api/v1/futures/" + running + "/result?timeout=30");
            assertThat(lost.problem()).isEqualTo("task-raised");
            assertThat(lost.body().get("exception").get("type").asString()).isEqualTo("InstanceLost");
            assertThat(api.future(running).get("attempts").asInt()).isEqualTo(1);

            // it allowed a retry: at least once, so it ran again, and says so
            assertThat(api.get("/api/v1/futures/" + rerun + "/result?timeout=30").body().asString()).isEqualTo("ran again");
            assertThat(api.future(rerun).get("attempts").asInt()).isEqualTo(2);
            assertThat(api.future(rerun).get("retries").asInt()).isEqualTo(1);

            assertThat(api.get("/api/v1/futures/" + pending.get(0) + "/result?timeout=30").body().asString())
                    .isEqualTo("later");
            assertThat(api.get("/api/v1/futures/" + pending.get(1) + "/result?timeout=30").body().asLong())
                    .isEqualTo(332833500L);
            JsonNode raised = api.get("/api/v1/futures/" + pending.get(2) + "/result?timeout=30").body();
            assertThat(raised.get("exception").get("message").asString()).isEqualTo("Can't process zero!");

            List.of(finished, running, pending.get(0)).forEach(id -> assertThat(state(id)).isIn("FINISHED"));
            JsonNode listed = api.get("/api/v1/futures?executor=durable").body();
            assertThat(listed.get("totalItems").asInt()).isEqualTo(5);
            assertThat(api.future(pending.get(1)).get("retries").asInt()).as("idempotent task").isEqualTo(3);
            assertThat(listed.get("items")).allSatisfy(f -> assertThat(f.get("done").asBoolean()).isTrue());
        }
    }

    @Test
    void executorsCreatedThroughTheApiExistAgainAfterARestartAndTheirPendingCallsRun() throws Exception {
        String pending;
        try (ServiceProcess first = ServiceProcess.start("postgres-executors", arguments())) {
            Api api = first.api();
            assertThat(api.post("/api/v1/executors", java.util.Map.of("name", "made-by-api", "maxWorkers", 1,
                    "queueCapacity", 7)).status()).isEqualTo(201);
            assertThat(api.post("/api/v1/executors", java.util.Map.of("name", "closed", "maxWorkers", 1)).status())
                    .isEqualTo(201);
            api.delete("/api/v1/executors/closed?wait=true");
            api.submit("made-by-api", "sleep", 60);
            pending = api.submit("made-by-api", "echo", "survived");
            await().atMost(Duration.ofSeconds(30)).until(() -> state(pending).equals("PENDING"));
            first.kill();
        }
        try (ServiceProcess second = ServiceProcess.start("postgres-executors-again", arguments())) {
            Api api = second.api();
            JsonNode executor = api.get("/api/v1/executors/made-by-api").body();
            assertThat(executor.get("queueCapacity").asInt()).isEqualTo(7);
            assertThat(api.get("/api/v1/executors/closed").status()).as("shut down: not created again").isEqualTo(404);
            assertThat(api.get("/api/v1/futures/" + pending + "/result?timeout=30").body().asString()).isEqualTo("survived");
        }
    }

    @Test
    void whileTheDatabaseIsAwaySubmitsFailFastWith503AndTheServiceRecoversByItself() throws Exception {
        java.net.URI target = java.net.URI.create(database.url().substring("jdbc:".length()));
        try (dev.jobpool.support.TcpProxy proxy = new dev.jobpool.support.TcpProxy(target.getHost(), target.getPort())) {
            String viaProxy = "jdbc:postgresql://127.0.0.1:" + proxy.port() + target.getPath();
            try (ServiceProcess service = ServiceProcess.start("postgres-outage",
                    arguments("--spring.datasource.url=" + viaProxy))) {
                Api api = service.api();
                String before = api.submit("durable", "echo", "before");
                assertThat(api.get("/api/v1/futures/" + before + "/result?timeout=30").status()).isEqualTo(200);

                proxy.stop();
                long start = System.nanoTime();
                Api.Answer refused = api.post("/api/v1/executors/durable/futures",
                        java.util.Map.of("task", "echo", "args", List.of("during")));
                double seconds = (System.nanoTime() - start) / 1e9;

                assertThat(refused.status()).as(refused.raw().body()).isEqualTo(503);
                assertThat(refused.problem()).isEqualTo("store-unavailable");
                assertThat(refused.header("Retry-After")).isNotBlank();
                assertThat(refused.raw().body()).doesNotContain("Exception", "org.postgresql");
                assertThat(seconds).as("fails fast, does not hang").isLessThan(10);

                proxy.start();
                await().atMost(Duration.ofSeconds(30)).until(() -> api.post("/api/v1/executors/durable/futures",
                        java.util.Map.of("task", "echo", "args", List.of("after"))).status() == 202);
            }
        }
    }

    @Test
    void deletedFuturesAreGoneAcrossRestartsAndUnknownIdsAreNotFound() throws Exception {
        String deleted;
        try (ServiceProcess first = ServiceProcess.start("postgres-delete", arguments())) {
            Api api = first.api();
            deleted = api.submit("durable", "echo", 1);
            api.get("/api/v1/futures/" + deleted + "/result?timeout=30");
            assertThat(api.delete("/api/v1/futures/" + deleted).status()).isEqualTo(204);

            // (in passing) a submit's timeout holds through the shared queue: the claimer stops the call
            String timed = api.post("/api/v1/executors/durable/futures", java.util.Map.of("task", "sleep",
                    "args", List.of(30), "timeout", 0.5)).body().get("id").asString();
            JsonNode timedOut = api.get("/api/v1/futures/" + timed + "/result?timeout=30").body();
            assertThat(timedOut.path("exception").path("type").asString()).as(timedOut.toString())
                    .isEqualTo("TimeoutError");
        }
        try (ServiceProcess second = ServiceProcess.start("postgres-delete-again", arguments())) {
            Api api = second.api();
            assertThat(api.get("/api/v1/futures/" + deleted).status()).isEqualTo(410);
            assertThat(api.get("/api/v1/futures/" + UUID.randomUUID()).status()).isEqualTo(404);
        }
    }
}
