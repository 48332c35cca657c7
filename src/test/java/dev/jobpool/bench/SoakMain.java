package dev.jobpool.bench;

import dev.jobpool.support.Api;
import dev.jobpool.support.ServiceProcess;
import dev.jobpool.support.TestKeys;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import tools.jackson.databind.JsonNode;

/**
 * {@code bench/soak}: a bounded soak. Starts the jar with {@code -Xmx512m}, measures a normal client's echo
 * round trips on the idle service, then runs the same client for a few minutes beside hostile clients of another
 * tenant that replay what broke the service before (results near the size limit, large arguments queued with
 * Idempotency-Keys, maps of 100,000 calls, huge decimal exponents, deep nesting, waits over thousands of pending
 * futures, streamed maps never read, CPU floods on the same executor, malformed requests). Samples the heap through the actuator every second.
 *
 * <p>Passes (exit 0) when the normal client got no error, no request got a 5xx, the service is alive at the end,
 * the heap stayed under its bound, and the normal client's p50 stayed within {@link #P50_FACTOR} of idle.
 *
 * <p>Usage: {@code SoakMain <jobpool.jar> <output directory> [seconds]}. The keys are test strings.
 */
public final class SoakMain {

    /**
     * How much slower than idle the normal client's median round trip may be under hostile load. Its echo gets
     * the next free worker (tenants take turns), but the hostile CPU flood keeps all six workers busy on two
     * cores, so a worker frees every ~20–30 ms: measured 8–12× on the idle 1.5 ms.
     */
    static final double P50_FACTOR = 25;
    private static final long HEAP_BOUND = 512L * 1024 * 1024;

    private final Api normal;
    private final Api hostile;
    private final Api monitor;
    private final int port;
    private final Map<String, LongAdder> hostileAnswers = new ConcurrentSkipListMap<>();
    private final LongAdder serverErrors = new LongAdder();
    private final AtomicLong heapPeak = new AtomicLong();
    private final AtomicLong liveDataPeak = new AtomicLong();
    private final List<String> pendingIds = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;

    private SoakMain(Api api, int port) {
        this.port = port;
        this.normal = api.as("test-key-normal");
        this.hostile = api.as("test-key-hostile");
        this.monitor = api.as("test-key-monitor");
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SoakMain <jobpool.jar> <output directory> [seconds]");
            System.exit(2);
        }
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 120;
        List<String> keys = new ArrayList<>();
        for (String[] key : new String[][]{{"normal", "submit"}, {"hostile", "submit"}, {"monitor", "monitor"}}) {
            String prefix = "--jobpool.security.api-keys." + key[0] + ".";
            keys.add(prefix + "sha256=" + TestKeys.sha256("test-key-" + key[0]));
            keys.add(prefix + "tenant=" + key[0]);
            keys.add(prefix + "scopes=" + key[1]);
        }
        boolean passed;
        try (ServiceProcess service = ServiceProcess.startJar(Path.of(args[0]), List.of("-Xmx512m"), "soak-service",
                keys.toArray(String[]::new))) {
            Api api = service.api();
            SoakMain soak = new SoakMain(api, service.port());
            passed = soak.run(Duration.ofSeconds(seconds), service, Path.of(args[1]));
        }
        System.exit(passed ? 0 : 1);
    }

    private boolean run(Duration soak, ServiceProcess service, Path out) throws Exception {
        progress("warming up");
        roundTrips(Duration.ofSeconds(10));
        progress("idle: the normal client alone for 20 s");
        long[] idle = roundTrips(Duration.ofSeconds(20));

        progress("soak: the normal client beside 6 hostile clients for " + soak.toSeconds() + " s");
        List<Thread> threads = new ArrayList<>();
        threads.add(Thread.ofPlatform().name("heap-sampler").start(this::sampleHeap));
        for (int i = 0; i < 6; i++) {
            int first = i;
            threads.add(Thread.ofPlatform().name("hostile-" + i).start(() -> attack(first)));
        }
        long[] loaded = roundTrips(soak);
        running = false;
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(60));
        }
        boolean alive = service.isAlive() && normal.get("/actuator/health/liveness").status() == 200;

        double idleP50 = Samples.percentile(idle, 0.5);
        double loadedP50 = Samples.percentile(loaded, 0.5);
        boolean passed = normalErrors.sum() == 0 && serverErrors.sum() == 0 && alive && heapPeak.get() < HEAP_BOUND
                && loadedP50 <= P50_FACTOR * idleP50;
        String table = table(idle, loaded, alive, passed);
        System.out.println();
        System.out.println(table);
        Files.createDirectories(out);
        Files.writeString(out.resolve("soak.md"), table);
        return passed;
    }

    private String table(long[] idle, long[] loaded, boolean alive, boolean passed) {
        StringBuilder t = new StringBuilder();
        t.append("| measure | idle | under hostile load |\n|---|---|---|\n");
        t.append(String.format("| normal client's echo round trip, p50 | %.2f ms | %.2f ms (%.1f×; bound %.0f×) |%n",
                Samples.percentile(idle, 0.5), Samples.percentile(loaded, 0.5),
                Samples.percentile(loaded, 0.5) / Samples.percentile(idle, 0.5), P50_FACTOR));
        t.append(String.format("| normal client's echo round trip, p99 | %.2f ms | %.2f ms |%n",
                Samples.percentile(idle, 0.99), Samples.percentile(loaded, 0.99)));
        t.append(String.format("| normal client's round trips (errors) | %d | %d (%d%s) |%n", idle.length,
                loaded.length, normalErrors.sum(), normalFailures.isEmpty() ? "" : ": " + normalFailures));
        t.append(String.format("| heap used, peak (bound: -Xmx512m) | | %d MB |%n", heapPeak.get() >> 20));
        t.append(String.format("| live data after GC, peak (jvm.gc.live.data.size) | | %d MB |%n",
                liveDataPeak.get() >> 20));
        t.append(String.format("| hostile requests by answer | | %s |%n", hostileAnswers));
        t.append(String.format("| 5xx answers to anyone; service alive at the end | | %d; %s |%n",
                serverErrors.sum(), alive ? "yes" : "NO"));
        t.append(String.format("%nsoak %s%n", passed ? "passed" : "FAILED"));
        return t.toString();
    }

    private final LongAdder normalErrors = new LongAdder();
    private final Map<String, LongAdder> normalFailures = new ConcurrentSkipListMap<>();

    /** The normal client: one echo round trip after another; the nanoseconds of each that succeeded. */
    private long[] roundTrips(Duration during) {
        long end = System.nanoTime() + during.toNanos();
        long[] nanos = new long[1 << 16];
        int n = 0;
        for (int i = 0; System.nanoTime() < end; i++) {
            long start = System.nanoTime();
            Api.Answer submitted = normal.post("/api/v1/executors/default/futures",
                    Map.of("task", "echo", "args", List.of(i)));
            Api.Answer result = submitted.status() != 202 ? submitted
                    : normal.get("/api/v1/futures/" + submitted.body().get("id").asString() + "/result?timeout=60");
            if (result.status() != 200 || result.body().asInt() != i) {
                normalErrors.increment();
                normalFailures.computeIfAbsent(result.status() + " " + result.problem(), k -> new LongAdder())
                        .increment();
                countServerError(result.status());
                continue;
            }
            if (n < nanos.length) {
                nanos[n++] = System.nanoTime() - start;
            }
        }
        return java.util.Arrays.copyOf(nanos, n);
    }

    private void sampleHeap() {
        while (running) {
            heapPeak.accumulateAndGet(metric("jvm.memory.used?tag=area:heap"), Math::max);
            liveDataPeak.accumulateAndGet(metric("jvm.gc.live.data.size"), Math::max);
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long metric(String name) {
        return (long) monitor.metric(name).orElse(0);
    }

    /** Hostile client {@code first}: every attack in turn, starting at a different one per client. */
    private void attack(int first) {
        List<Runnable> attacks = List.of(this::bigResults, this::hugeMap, this::hugeExponent, this::deepNesting,
                this::waitOverPending, this::streamNeverRead, this::cpuFlood, this::malformed,
                this::largeArgumentsQueued);
        for (int i = first; running; i++) {
            try {
                attacks.get(i % attacks.size()).run();
            } catch (RuntimeException e) {
                count("client error " + e.getClass().getSimpleName());
            }
        }
    }

    private void count(Api.Answer answer) {
        countServerError(answer.status());
        String key = answer.status() + (answer.problem() == null ? "" : " " + answer.problem());
        hostileAnswers.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    private void count(String what) {
        hostileAnswers.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    private void countServerError(int status) {
        if (status >= 500) {
            serverErrors.increment();
        }
    }

    /** Results just under max-result-size, kept for the retention hour but for the byte bound. */
    private void bigResults() {
        for (int i = 0; i < 5; i++) {
            count(hostile.post("/api/v1/executors/default/futures",
                    Map.of("task", "echo", "args", List.of("x".repeat(900_000)))));
        }
    }

    private final java.util.concurrent.atomic.AtomicLong idempotencyKeys = new java.util.concurrent.atomic.AtomicLong();

    /**
     * 900 KB calls, each with a new Idempotency-Key, posted behind the CPU flood until refused: what once took a
     * -Xmx512m service to OutOfMemoryError in seconds (arguments of queued calls, and requests remembered for
     * their keys, were bounded in count only).
     */
    private void largeArgumentsQueued() {
        for (int i = 0; i < 40; i++) {
            Api.Answer answer = hostile.post("/api/v1/executors/default/futures",
                    Map.of("task", "echo", "args", List.of("z".repeat(900_000))), "application/json",
                    "Idempotency-Key", "soak-" + idempotencyKeys.incrementAndGet());
            count(answer);
            if (answer.status() != 202) {
                return;
            }
        }
    }

    /** 40,000 calls in one body, answered with ids: the backlog and quota bounds. */
    private void hugeMap() {
        Api.Answer answer = hostile.post("/api/v1/executors/default/map",
                Map.of("task", "sleep", "iterables", List.of(Collections.nCopies(40_000, 0.01))), "application/json");
        count(answer);
        if (answer.status() == 202) {
            JsonNode ids = answer.body().get("ids");
            for (int i = 0; i < 5_000 && i < ids.size(); i++) {
                pendingIds.add(ids.get(i).asString());
            }
            while (pendingIds.size() > 20_000) {
                pendingIds.subList(0, 5_000).clear();
            }
        }
    }

    private void hugeExponent() {
        count(hostile.get("/api/v1/futures/x?wait=1e999999999"));
        count(hostile.post("/api/v1/executors/default/futures", Map.of("task", "echo", "args", List.of(1),
                "timeout", new java.math.BigDecimal("1e2147483647"))));
    }

    private void deepNesting() {
        count(hostile.postRaw("/api/v1/executors/default/futures", "application/json",
                "{\"task\":\"echo\",\"args\":[" + "[".repeat(600) + "]".repeat(600) + "]}"));
    }

    /** wait(timeout=0) over thousands of pending futures, many times: what listeners it leaves. */
    private void waitOverPending() {
        List<String> ids;
        synchronized (pendingIds) {
            ids = List.copyOf(pendingIds.subList(Math.max(0, pendingIds.size() - 5_000), pendingIds.size()));
        }
        if (ids.isEmpty()) {
            return;
        }
        for (int i = 0; i < 5; i++) {
            count(hostile.post("/api/v1/futures/wait", Map.of("ids", ids, "timeout", 0)));
        }
    }

    /** A streamed map with a buffersize whose client never reads, held for 3 s, then dropped. */
    private void streamNeverRead() {
        String body = Api.JSON.writeValueAsString(Map.of("task", "echo", "buffersize", 10,
                "iterables", List.of(Collections.nCopies(50_000, "y".repeat(10)))));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/executors/default/map HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Authorization: Bearer test-key-hostile\r\nContent-Type: application/json\r\n"
                    + "Accept: application/x-ndjson\r\nContent-Length: " + bytes.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(bytes);
            out.flush();
            Thread.sleep(3_000);
            count("stream never read");
        } catch (IOException e) {
            count("stream never read: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** CPU-bound calls on the executor the normal client uses. */
    private void cpuFlood() {
        for (int i = 0; i < 20; i++) {
            count(hostile.post("/api/v1/executors/default/futures",
                    Map.of("task", "sum-of-squares", "args", List.of(20_000_000))));
        }
    }

    private void malformed() {
        count(hostile.postRaw("/api/v1/executors/default/futures", "application/json", "{\"task\":"));
        count(hostile.postRaw("/api/v1/executors/default/futures", "application/json",
                "{\"task\":\"echo\",\"task\":\"sleep\",\"args\":[1]}"));
        count(hostile.postRaw("/api/v1/executors/default/futures", "application/json",
                "{\"task\":\"echo\",\"args\":[1],\"timeout\":\"1\"}"));
        count(hostile.get("/api/v1/futures/" + "z".repeat(9_000)));
        // what Tomcat or the firewall refuses when a handler reads it: each was a 500 once
        count(hostile.get("/api/v1/futures?task=%ff"));
        count(hostile.get("/api/v1/futures;x=1"));
        count(hostile.get("/api/v1/futures", "Accept", "*/*;q=abc"));
    }

    private static void progress(String what) {
        System.err.println("soak: " + what);
    }
}
