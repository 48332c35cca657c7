package dev.jobpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.ApiTest;

import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Process executors with real worker JVMs: Python's semantics, and crashes contained to the call that caused
 * them. Pings are fast here so that a hung worker is noticed within the test.
 */
@TestPropertySource(properties = {"jobpool.process-pool.ping-interval=300ms", "jobpool.process-pool.ping-timeout=2s"})
class ProcessExecutorIT extends ApiTest {

    private String processExecutor(String prefix, Map<String, Object> options) {
        Map<String, Object> request = new java.util.HashMap<>(options);
        String name = prefix + "-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        request.put("name", name);
        request.put("kind", "process");
        request.putIfAbsent("maxWorkers", 1);
        Api.Answer created = api.post("/api/v1/executors", request);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return name;
    }

    private JsonNode executor(String name) {
        return api.get("/api/v1/executors/" + name).body();
    }

    private List<Long> workerPids(String executor) {
        List<Long> pids = new ArrayList<>();
        executor(executor).get("processes").get("workerPids").forEach(pid -> pids.add(pid.asLong()));
        return pids;
    }

    private JsonNode raised(String id) {
        Api.Answer result = api.get("/api/v1/futures/" + id + "/result?timeout=60");
        assertThat(result.problem()).as(result.raw().body()).isEqualTo("task-raised");
        return result.body().get("exception");
    }

    private Object result(String id) {
        Api.Answer result = api.get("/api/v1/futures/" + id + "/result?timeout=60");
        assertThat(result.status()).as(result.raw().body()).isEqualTo(200);
        return result.body().isNumber() ? result.body().numberValue() : result.body().asString();
    }

    @Test
    void theSeedsCpuExampleGivesPythonsExactIntegersOnWorkerProcesses() {
        List<JsonNode> lines = api.ndjson("/api/v1/executors/processes/map",
                body("task", "sum-of-squares", "iterables", List.of(List.of(10_000_000, 20_000_000, 30_000_000))));

        assertThat(lines).extracting(l -> l.get("result").bigIntegerValue()).containsExactly(
                new BigInteger("333333283333335000000"), new BigInteger("2666666466666670000000"),
                new BigInteger("8999999550000005000000"));
        assertThat(executor("processes").get("kind").asString()).isEqualTo("process");
    }

    @Test
    void aWorkerThatExitsFailsOnlyItsOwnCallAndQueuedCallsStillRun() {
        String executor = processExecutor("exit", Map.of());
        String crash = api.submit(executor, "chaos-exit", 7);
        String queued = api.submit(executor, "echo", "after");

        JsonNode exception = raised(crash);
        assertThat(exception.get("type").asString()).isEqualTo("BrokenProcessPool");
        assertThat(exception.get("message").asString()).contains("exit status 7");
        assertThat(result(queued)).isEqualTo("after");
        assertThat(executor(executor).get("state").asString()).isEqualTo("RUNNING");
        assertThat(executor(executor).get("processes").get("workerCrashes").asInt()).isEqualTo(1);
    }

    @Test
    void aWorkerOutOfMemoryFailsItsCallWithTheReason() {
        String executor = processExecutor("oom", Map.of("heap", "64m"));
        String crash = api.submit(executor, "chaos-oom");
        String queued = api.submit(executor, "echo", 1);

        JsonNode exception = raised(crash);
        assertThat(exception.get("type").asString()).isEqualTo("BrokenProcessPool");
        assertThat(exception.get("message").asString()).contains("out of memory")
                .as("the worker's stderr is for the log, not for clients").doesNotContain("OutOfMemoryError");
        assertThat(result(queued)).isEqualTo(1);
    }

    @Test
    void requestsCannotGiveWorkersJvmFlagsOnlyAConfiguredProfileAndABoundedHeap() {
        // -XX:OnOutOfMemoryError runs a command; -Xrunjdwp opens a debugger; -XX:Flags reads files
        for (String flag : List.of("-XX:OnOutOfMemoryError=touch /tmp/jobpool-pwned", "-Xrunjdwp:server=y",
                "-XX:Flags=/proc/self/environ")) {
            Api.Answer refused = api.post("/api/v1/executors", Map.of("name", "flags-" + Math.abs(flag.hashCode()),
                    "kind", "process", "jvmFlags", List.of(flag)));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.raw().body()).contains("jvmFlags");
        }
        Api.Answer unknown = api.post("/api/v1/executors", Map.of("name", "profile-x", "kind", "process",
                "profile", "no-such-profile"));
        assertThat(unknown.problem()).isEqualTo("invalid-request");
        assertThat(unknown.raw().body()).contains("profile").contains("no-such-profile");
        for (String heap : List.of("64g", "1", "999999999999999999999m", "1t")) {
            Api.Answer tooMuch = api.post("/api/v1/executors", Map.of("name", "heap-x", "kind", "process", "heap",
                    heap));
            assertThat(tooMuch.status()).as(heap).isEqualTo(400);
            assertThat(tooMuch.raw().body()).as(heap).contains("heap");
        }
        assertThat(api.get("/api/v1/executors").body().toString()).doesNotContain("flags-", "profile-x", "heap-x");
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("/tmp/jobpool-pwned"))).isFalse();

        Api.Answer tooMany = api.post("/api/v1/executors", Map.of("name", "heap-total", "kind", "process",
                "maxWorkers", 64, "heap", "1g"));
        assertThat(tooMany.problem()).isEqualTo("executor-limit-reached");
        assertThat(tooMany.raw().body()).contains("max-total-heap");

        String executor = processExecutor("profiled", Map.of("profile", "default", "heap", "128m"));
        assertThat(executor(executor).get("profile").asString()).isEqualTo("default");
        assertThat(result(api.submit(executor, "echo", 7))).isEqualTo(7);
    }

    @Test
    void workersGetAMinimalEnvironmentAndClientsNeverSeeTheirStderr() throws Exception {
        assertThat(System.getenv("JOBPOOL_TEST_SECRET")).as("set by the build for this test").isNotNull();
        String executor = processExecutor("environment", Map.of());
        assertThat(result(api.submit(executor, "chaos-print", "marker-on-stderr"))).isEqualTo("marker-on-stderr");
        long pid = workerPids(executor).getFirst();
        String environment = new String(java.nio.file.Files.readAllBytes(
                java.nio.file.Path.of("/proc/" + pid + "/environ"))).replace('\0', '\n');
        assertThat(environment).contains("PATH=").doesNotContain("JOBPOOL_TEST_SECRET", "not-for-workers");

        JsonNode crash = raised(api.submit(executor, "chaos-exit", 3));
        assertThat(crash.get("message").asString()).contains("pid " + pid).contains("exit status 3")
                .doesNotContain("marker-on-stderr");
        // the administrator (everyone, in protected mode) reads the crash report with the stderr tail
        assertThat(executor(executor).get("processes").get("lastCrash").asString()).contains("pid " + pid)
                .contains("marker-on-stderr");
    }

    @Test
    void aWorkerThatWritesGarbageToItsChannelIsReplaced() {
        String executor = processExecutor("garbage", Map.of());
        String crash = api.submit(executor, "chaos-garbage");
        String queued = api.submit(executor, "echo", 2);

        assertThat(raised(crash).get("message").asString()).contains("broke the protocol");
        assertThat(result(queued)).isEqualTo(2);
    }

    @Test
    void aWorkerThatAnswersACallNobodyMadeIsReplaced() {
        String executor = processExecutor("stray", Map.of());
        String crash = api.submit(executor, "chaos-stray-frame");
        String queued = api.submit(executor, "echo", 8);

        assertThat(raised(crash).get("message").asString()).contains("broke the protocol").contains("no-such-call");
        assertThat(result(queued)).isEqualTo(8);
    }

    @Test
    void whatATaskPrintsDoesNotDisturbTheChannel() {
        String executor = processExecutor("print", Map.of());

        assertThat(result(api.submit(executor, "chaos-print", "hello"))).isEqualTo("hello");
        assertThat(result(api.submit(executor, "echo", 3))).isEqualTo(3);
        assertThat(executor(executor).get("processes").get("workerCrashes").asInt()).isZero();
    }

    @Test
    void aSpinningTaskIsStoppedByItsTimeoutOrAnInterruptingCancelByKillingItsWorker() {
        String executor = processExecutor("spin", Map.of());
        Api.Answer accepted = api.post("/api/v1/executors/" + executor + "/futures",
                body("task", "chaos-spin", "timeout", 1));
        String timedOut = accepted.body().get("id").asString();
        JsonNode exception = raised(timedOut);
        assertThat(exception.get("type").asString()).isEqualTo("TimeoutError");

        String spinning = api.submit(executor, "chaos-spin");
        await().until(() -> workerPids(executor).size() == 1);
        List<Long> pids = workerPids(executor);
        assertThat(api.post("/api/v1/futures/" + spinning + "/cancel", "").body().get("cancelled").asBoolean())
                .as("Python's cancel() leaves a running call alone").isFalse();

        JsonNode cancelled = api.post("/api/v1/futures/" + spinning + "/cancel?interrupt=true", "").body();
        assertThat(cancelled.get("cancelled").asBoolean()).isTrue();
        assertThat(cancelled.get("future").get("state").asString()).isEqualTo("CANCELLED");
        await().atMost(Duration.ofSeconds(10)).until(() -> pids.stream().noneMatch(WorkerPids::alive));
        assertThat(result(api.submit(executor, "echo", 4))).isEqualTo(4);
        assertThat(executor(executor).get("processes").get("workerCrashes").asInt())
                .as("killing on purpose is no crash").isZero();
    }

    @Test
    void aWorkerKilledFromOutsideMidTaskFailsItsCallWithTheSignal() {
        String executor = processExecutor("sigkill", Map.of());
        String running = api.submit(executor, "sleep", 30);
        await().until(() -> workerPids(executor).size() == 1);
        long pid = workerPids(executor).getFirst();

        ProcessHandle.of(pid).orElseThrow().destroyForcibly();

        assertThat(raised(running).get("message").asString()).contains("SIGKILL").contains(String.valueOf(pid));
        assertThat(result(api.submit(executor, "echo", 5))).isEqualTo(5);
    }

    @Test
    void aHungWorkerIsKilledWhenItStopsAnsweringPings() throws Exception {
        String executor = processExecutor("hung", Map.of());
        String running = api.submit(executor, "sleep", 30);
        await().until(() -> workerPids(executor).size() == 1);
        long pid = workerPids(executor).getFirst();

        new ProcessBuilder("kill", "-STOP", String.valueOf(pid)).start().waitFor();

        assertThat(raised(running).get("message").asString()).contains("stopped answering pings");
        assertThat(WorkerPids.alive(pid)).isFalse();
    }

    @Test
    void aTaskThatKeepsCrashingItsWorkerIsRefusedInsteadOfCrashLooping() {
        String executor = processExecutor("loop", Map.of());
        for (int i = 0; i < 3; i++) {
            assertThat(raised(api.submit(executor, "chaos-exit", 1)).get("message").asString()).contains("exit status 1");
        }

        String fourth = api.submit(executor, "chaos-exit", 1);

        assertThat(raised(fourth).get("message").asString()).contains("crashed its worker 3 times in a row");
        assertThat(result(api.submit(executor, "echo", 6))).isEqualTo(6);
        assertThat(executor(executor).get("processes").get("workerStarts").asInt()).isEqualTo(4);
    }

    private String state(String id) {
        return api.future(id).get("state").asString();
    }

    @Test
    void chunksizeSendsAMapsCallsToAWorkerInChunksWhoseCallsStartTogether() {
        String executor = processExecutor("chunks", Map.of());
        Api.Answer accepted = api.post("/api/v1/executors/" + executor + "/map", body("task", "sleep",
                "iterables", List.of(List.of(0.4, 0.4, 0.4, 0.4, 0.4)), "chunksize", 2));
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(202);
        List<String> ids = new ArrayList<>();
        accepted.body().get("ids").forEach(id -> ids.add(id.asString()));

        await().atMost(Duration.ofSeconds(30)).until(() -> state(ids.get(0)).equals("RUNNING"));
        assertThat(state(ids.get(1))).as("in the first chunk").isEqualTo("RUNNING");
        assertThat(state(ids.get(2))).as("in the next chunk, behind the only worker").isEqualTo("PENDING");
        ids.forEach(this::result);

        List<Integer> inputs = java.util.stream.IntStream.range(0, 1000).boxed().toList();
        List<JsonNode> lines = api.ndjson("/api/v1/executors/" + executor + "/map/stream",
                body("task", "echo", "iterables", List.of(inputs), "chunksize", 100));
        assertThat(lines).extracting(line -> line.get("result").asInt()).containsExactlyElementsOf(inputs);
        assertThat(executor(executor).get("processes").get("workerStarts").asInt()).isEqualTo(1);
    }

    @Test
    void inAChunkARaisingCallFailsOnlyItselfAndADyingWorkerFailsTheWholeChunk() {
        String executor = processExecutor("chunk-fail", Map.of());
        List<String> divided = new ArrayList<>();
        api.post("/api/v1/executors/" + executor + "/map", body("task", "divide", "iterables",
                List.of(List.of(4, 0, 5)), "chunksize", 3)).body().get("ids").forEach(id -> divided.add(id.asString()));
        assertThat(result(divided.get(0))).isEqualTo(25.0);
        assertThat(raised(divided.get(1)).get("type").asString()).isEqualTo("ValueError");
        assertThat(result(divided.get(2))).isEqualTo(20.0);

        List<String> crashed = new ArrayList<>();
        api.post("/api/v1/executors/" + executor + "/map", body("task", "chaos-exit", "iterables",
                List.of(List.of(5, 6)), "chunksize", 2)).body().get("ids").forEach(id -> crashed.add(id.asString()));
        assertThat(crashed).allSatisfy(id -> assertThat(raised(id).get("message").asString())
                .contains("exit status 5"));
        assertThat(raised(crashed.getFirst()).get("type").asString()).isEqualTo("BrokenProcessPool");
        assertThat(result(api.submit(executor, "echo", 1))).as("a new worker takes the next call").isEqualTo(1);
    }

    @Test
    void maxTasksPerChildRecyclesWorkers() {
        String executor = processExecutor("recycle", Map.of("maxTasksPerChild", 2));
        result(api.submit(executor, "echo", 1));
        List<Long> first = workerPids(executor);
        result(api.submit(executor, "echo", 2)); // the second call retires that worker
        result(api.submit(executor, "echo", 3));
        List<Long> second = workerPids(executor);

        assertThat(first).hasSize(1);
        assertThat(second).hasSize(1).doesNotContainAnyElementsOf(first);
        assertThat(executor(executor).get("processes").get("workerRecycles").asInt()).isEqualTo(1);
        assertThat(WorkerPids.alive(first.getFirst())).isFalse();
    }

    @Test
    void anInitializerThatRaisesBreaksTheExecutor() {
        String executor = processExecutor("init", Map.of("initializer", Map.of("task", "divide", "args", List.of(0))));

        String first = api.submit(executor, "echo", 1);

        JsonNode exception = raised(first);
        assertThat(exception.get("type").asString()).isEqualTo("BrokenProcessPool");
        assertThat(exception.get("message").asString()).contains("initializer").contains("Can't process zero!");
        JsonNode broken = executor(executor);
        assertThat(broken.get("state").asString()).isEqualTo("BROKEN");
        Api.Answer refused = api.post("/api/v1/executors/" + executor + "/futures", body("task", "echo", "args", List.of(1)));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.problem()).isEqualTo("executor-broken");
        assertThat(api.delete("/api/v1/executors/" + executor + "?wait=true").status()).isEqualTo(200);
    }

    @Test
    void aWorkingInitializerRunsOnceInEachNewWorker() {
        String executor = processExecutor("initok", Map.of("initializer", Map.of("task", "echo", "args", List.of("ready"))));

        assertThat(result(api.submit(executor, "echo", 7))).isEqualTo(7);
        assertThat(executor(executor).get("state").asString()).isEqualTo("RUNNING");
    }

    @Test
    void shutdownWithWaitLeavesNoWorkerProcessBehind() {
        String executor = processExecutor("shutdown", Map.of("maxWorkers", 2));
        List<String> ids = List.of(api.submit(executor, "sleep", 0.5), api.submit(executor, "sleep", 0.5));
        await().until(() -> workerPids(executor).size() == 2);
        List<Long> pids = workerPids(executor);

        Api.Answer shutdown = api.delete("/api/v1/executors/" + executor + "?wait=true");

        assertThat(shutdown.body().get("state").asString()).isEqualTo("TERMINATED");
        ids.forEach(id -> assertThat(api.future(id).get("state").asString()).isEqualTo("FINISHED"));
        assertThat(pids).noneMatch(WorkerPids::alive);
    }

    @Test
    void killWorkersEndsThemAtOnceAndFailsTheirCalls() {
        String executor = processExecutor("killall", Map.of());
        String running = api.submit(executor, "sleep", 30);
        String queued = api.submit(executor, "sleep", 30);
        await().until(() -> workerPids(executor).size() == 1);
        List<Long> pids = workerPids(executor);

        api.delete("/api/v1/executors/" + executor + "?killWorkers=true&wait=true");

        assertThat(raised(running).get("message").asString()).contains("killed");
        assertThat(api.future(queued).get("state").asString()).isEqualTo("CANCELLED");
        await().until(() -> pids.stream().noneMatch(WorkerPids::alive));
        Api.Answer threads = api.delete("/api/v1/executors/default?terminateWorkers=true");
        assertThat(threads.status()).isEqualTo(400);
        assertThat(api.get("/api/v1/executors/default").body().get("state").asString()).isEqualTo("RUNNING");
    }

    @Test
    void theInterruptingCancelAndTheTimeoutWorkOnThreadExecutorsToo() {
        Api.Answer accepted = api.post("/api/v1/executors/default/futures", body("task", "sleep", "args", List.of(30),
                "timeout", 0.5));
        assertThat(raised(accepted.body().get("id").asString()).get("type").asString()).isEqualTo("TimeoutError");

        String sleeping = api.submit("default", "sleep", 30);
        await().until(() -> api.future(sleeping).get("state").asString().equals("RUNNING"));
        JsonNode cancelled = api.post("/api/v1/futures/" + sleeping + "/cancel?interrupt=true", "").body();
        assertThat(cancelled.get("cancelled").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/futures/" + sleeping + "/result").problem()).isEqualTo("cancelled");
    }

    @Test
    void chaosTasksRefuseToRunInTheServicesOwnThreads() {
        String id = api.submit("default", "chaos-exit", 3);

        assertThat(raised(id).get("message").asString()).contains("process executor");
    }

    /** Whether a process still runs. */
    static final class WorkerPids {
        static boolean alive(long pid) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }
}
