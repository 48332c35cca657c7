package dev.jobpool.bench;

import dev.jobpool.support.Api;
import dev.jobpool.support.ServiceProcess;
import dev.jobpool.support.TestDatabase;

import java.io.IOException;
import java.lang.ref.Reference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import tools.jackson.databind.JsonNode;

/**
 * {@code bench/run}: starts the Jobpool jar, drives it over real HTTP from this process, measures the same
 * workloads on the in-process {@link Floor}, and prints one Markdown table (also written as JSON). The
 * workloads are those of the seed and of the issue that asked for them (W1–W5, memory, process pools,
 * PostgreSQL); every figure is a median or a total of one run, on whatever machine runs it.
 *
 * <p>Usage: {@code BenchMain <jobpool.jar> <output directory>}.
 */
public final class BenchMain {

    /** The default executor's size on this machine, as Jobpool and Python choose it: min(32, cores + 4). */
    private static final int DEFAULT_WORKERS = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);

    /**
     * One measured figure. {@code floor} is the same workload on the in-process floor (null where there is
     * none); {@code ratio} is jobpool / floor: above 1 for times means slower, below 1 for rates means fewer.
     */
    record Row(String workload, String measure, String unit, double jobpool, Double floor, String note) {

        Double ratio() {
            return floor == null || floor == 0 ? null : jobpool / floor;
        }
    }

    private final Path jar;
    private final List<Row> rows = new ArrayList<>();

    private BenchMain(Path jar) {
        this.jar = jar;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BenchMain <jobpool.jar> <output directory>");
            System.exit(2);
        }
        Instant started = Instant.now();
        BenchMain bench = new BenchMain(Path.of(args[0]));
        bench.run();
        Duration took = Duration.between(started, Instant.now());
        String table = bench.table();
        System.out.println();
        System.out.println(table);
        System.out.printf("%d cores, Java %s; %d s in all%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), took.toSeconds());
        bench.write(Path.of(args[1]), started, took);
    }

    /**
     * The sections to run ({@code -Dbench.only=latency,postgres}, say, while working on one of them); all by
     * default. The table is only comparable between full runs: a section run alone has the machine to itself.
     */
    private static final java.util.Set<String> ONLY = System.getProperty("bench.only") == null ? null
            : java.util.Set.of(System.getProperty("bench.only").split(","));

    private static boolean wanted(String section) {
        return ONLY == null || ONLY.contains(section);
    }

    private interface Section {
        void run() throws Exception;
    }

    private static void section(String name, Section section) throws Exception {
        if (wanted(name)) {
            section.run();
        }
    }

    /**
     * The service's JVM as the image runs it: a heap of fixed size whose pages are touched at start
     * ({@code Dockerfile}). With the JVM's default, a heap that starts small and grows, each growth made the
     * next second or two of calls fault in fresh pages: a streamed map of 10,000 echoes ran at 60-75,000 tasks/s
     * for about two seconds after every growth and at 220-290,000 otherwise (2026-11-29), and the bench's rows
     * measured whichever they fell on. 2 GB is what half the memory of a small container gives.
     */
    static final List<String> SERVICE_JVM = List.of("-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch");

    /** The bench service's access log ({@link AccessLog}), from which the service's own time of a submit is read. */
    private static final Path ACCESS_LOG = Path.of("target/bench/access/access.log").toAbsolutePath();

    private void run() throws Exception {
        double memoryStoreRate = Double.NaN;
        Files.deleteIfExists(ACCESS_LOG);
        try (ServiceProcess service = ServiceProcess.startJar(jar, SERVICE_JVM, "bench-service",
                AccessLog.arguments(ACCESS_LOG, "%m %s %D %{" + KeepAliveClient.SECTION_HEADER + "}i %U"))) {
            Api api = service.api();
            progress("warming up both sides");
            warmUp(service);
            section("overhead", () -> overhead(service));
            section("latency", () -> latency(service));
            section("io", () -> io(api));
            section("cpu", () -> cpu(api));
            section("as-completed", () -> asCompleted(api));
            section("process", () -> processPool(service));
            if (wanted("postgres")) {
                memoryStoreRate = submitThroughput(List.of(service), 2_000);
            }
            service.stop(); // and so the access log is written out
        }
        section("latency", this::serverTimes);
        section("process", this::fatJarWorkers);
        section("memory", this::memory);
        double floor = memoryStoreRate;
        section("postgres", () -> postgres(floor));
    }

    private static void progress(String what) {
        System.err.println("bench: " + what);
    }

    // --- W1 overhead, W4 latency ---------------------------------------------------------------------------

    /** The service's JIT counts as quiet when it compiled for no longer than this during a batch of 1,000 calls. */
    private static final double QUIET_JIT_MILLIS = 25;

    /**
     * Round trips on {@code executor}, in batches of 1,000 (half of them with Prefer: wait), until a batch's
     * median is within 10 % of the one before and the service's JIT was quiet during it (at least 15, at most
     * 40 batches). On this machine the JIT takes 10,000–20,000 round trips to settle the median, the service's
     * and this client's: the first 1,000 ran at about 2 ms p50, the settled ones under 0.3 ms. The median
     * settles before the tail does: C2 still compiled the request path for 150–300 ms a batch then, on the
     * second core the round trips share, and a p99 measured then was 2.3–4.4 ms where a quiet JIT's is about
     * 0.4 ms. So the service's own compile time ({@code jvm.compilation.time}) decides too. The latency rows
     * are the settled service, as one serving for hours is; the note says how long that took, where it began
     * and how long the JIT compiled during the last batch.
     */
    private static String warmUpRoundTrips(ServiceProcess service, String executor) throws Exception {
        try (KeepAliveClient client = new KeepAliveClient(service.port(), "warm-up")) {
            double[] compiled = new double[1]; // during the last batch
            Settled settled = settle(15, (previous, median) -> Math.abs(median - previous) <= 0.1 * previous
                    && compiled[0] <= QUIET_JIT_MILLIS, () -> {
                double before = compilationMillis(service);
                double median = Samples.percentile(sample(1_000, i -> {
                    if (i % 2 == 0) {
                        roundTrip(client, executor, i);
                    } else {
                        oneRequest(client, executor, i);
                    }
                }), 0.5);
                compiled[0] = compilationMillis(service) - before;
                return median;
            });
            return String.format("; measured after %,d warm-up calls (their first 1,000 at %.2f ms p50,"
                    + " their last %.2f ms, while the service's JIT compiled for %.0f ms)", settled.runs() * 1_000,
                    settled.first(), settled.last(), compiled[0]);
        }
    }

    /** How long the service's JIT compilers have run, in all (Micrometer's {@code jvm.compilation.time}). */
    private static double compilationMillis(ServiceProcess service) {
        return service.api().metric("jvm.compilation.time")
                .orElseThrow(() -> new IllegalStateException("the service's actuator has no jvm.compilation.time"));
    }

    private void warmUp(ServiceProcess service) throws Exception {
        Api api = service.api();
        submitThroughput(List.of(service), 10_000); // the service's JIT needs this many before it settles
        warmUpRoundTrips(service, "default"); // W1b's single POSTs, the next section, go the same way
        streamMap(api, "default", "echo", IntStream.range(0, 5_000).boxed().toList());
        ThreadPoolExecutor pool = Floor.pool(DEFAULT_WORKERS);
        try {
            for (int i = 0; i < 20_000; i++) {
                pool.submit(Floor.echo(i)).get();
            }
            Floor.map(pool, echoes(20_000));
        } finally {
            pool.shutdown();
        }
    }

    private static List<Callable<Object>> echoes(int count) {
        return IntStream.range(0, count).mapToObj(Floor::echo).toList();
    }

    private void overhead(ServiceProcess service) throws Exception {
        int tasks = 10_000;
        progress("W1 overhead: " + tasks + " echo tasks");
        Api api = service.api();
        List<Integer> items = IntStream.range(0, tasks).boxed().toList();
        Callable<Double> map = () -> {
            long start = System.nanoTime();
            streamMap(api, "default", "echo", items);
            return tasks / seconds(start);
        };
        // as the latency rows: the settled service (the first maps run at half the speed of the settled ones,
        // and the rate still climbs after ten: with ten at least and 10 % apart, one CI run stopped at 80 %)
        Settled warmUp = settle(20, (previous, rate) -> Math.abs(rate - previous) <= 0.05 * previous, map);
        // the median of 9, not 3: a map of 10,000 echoes takes 50-100 ms, and a collection or a compilation in one
        // of them moves it by half. Medians of 3 after the same warm-up ranged 88,866-186,122/s in one sitting.
        double viaMap = tasks / median(9, () -> streamMap(api, "default", "echo", items)); // the median time's rate
        long start;
        ThreadPoolExecutor pool = Floor.pool(DEFAULT_WORKERS);
        double floorMap;
        double floorClients;
        try {
            start = System.nanoTime();
            Floor.map(pool, echoes(tasks));
            floorMap = tasks / seconds(start);
            floorClients = tasks / timeClients(8, client -> () -> {
                ExecutorCompletionService<Object> completion = new ExecutorCompletionService<>(pool);
                for (int i = 0; i < tasks / 8; i++) {
                    completion.submit(Floor.echo(i));
                }
                for (int i = 0; i < tasks / 8; i++) {
                    completion.take().get();
                }
                return null;
            });
        } finally {
            pool.shutdown();
        }
        rows.add(new Row("W1a overhead", tasks + " × echo through one streamed map (median of 9)", "tasks/s", viaMap,
                floorMap, String.format("%d workers; floor: submit all, get in order; measured after %d warm-up maps"
                        + " (the first at %,.0f tasks/s, the last %,.0f)", DEFAULT_WORKERS, warmUp.runs(),
                        warmUp.first(), warmUp.last())));
        double viaPosts = submitThroughput(List.of(service), tasks);
        rows.add(new Row("W1b overhead", tasks + " × echo as POSTs from 8 clients, gathered with as-completed",
                "tasks/s", viaPosts, floorClients, "floor: 8 threads, each with an ExecutorCompletionService"));
    }

    /** Runs {@code clients} callables at once on threads of their own; the seconds until all returned. */
    private static double timeClients(int clients, IntFunction<Callable<Void>> client) throws Exception {
        List<Callable<Void>> work = IntStream.range(0, clients).mapToObj(client).toList();
        ThreadPoolExecutor threads = Floor.pool(clients);
        try {
            long start = System.nanoTime();
            for (Future<Void> done : threads.invokeAll(work)) {
                done.get();
            }
            return seconds(start);
        } finally {
            threads.shutdown();
        }
    }

    private void latency(ServiceProcess service) throws Exception {
        int calls = 2_000;
        progress("W4 latency: " + calls + " round trips");
        // again, right before: the sections and warm-ups since (maps, the floor's work in this JVM) leave the
        // service's JIT recompiling the round trip's path, as the process section's warm-up does for its own
        String warmUp = warmUpRoundTrips(service, "default");
        long[] jobpool;
        long[] single;
        try (KeepAliveClient client = new KeepAliveClient(service.port(), "latency")) {
            jobpool = sample(calls, i -> roundTrip(client, "default", i));
            single = sample(calls, i -> oneRequest(client, "default", i));
        }
        long[] floor;
        ThreadPoolExecutor pool = Floor.pool(DEFAULT_WORKERS);
        try {
            floor = sample(calls, i -> pool.submit(Floor.echo(i)).get());
        } finally {
            pool.shutdown();
        }
        String how = "one at a time on one keep-alive connection (Apache HttpClient, classic): POST submit, GET result;"
                + " floor: submit(), get()" + warmUp;
        rows.add(new Row("W4 latency", "echo round trip, p50", "ms", Samples.percentile(jobpool, 0.5), Samples.percentile(floor, 0.5), how));
        rows.add(new Row("W4 latency", "echo round trip, p99", "ms", Samples.percentile(jobpool, 0.99), Samples.percentile(floor, 0.99), ""));
        rows.add(new Row("W4 latency", "echo round trip, max", "ms", Samples.percentile(jobpool, 1), Samples.percentile(floor, 1), ""));
        rows.add(new Row("W4 latency", "echo in one request (Prefer: wait), p50", "ms", Samples.percentile(single, 0.5),
                Samples.percentile(floor, 0.5), "POST submit with Prefer: wait=60, answered 200 with the result"));
        rows.add(new Row("W4 latency", "echo in one request (Prefer: wait), p99", "ms", Samples.percentile(single, 0.99),
                Samples.percentile(floor, 0.99), ""));
        Api api = service.api();
        long[] jdk = sample(calls, i -> roundTrip(api, "default", i));
        rows.add(new Row("W4 latency", "echo round trip with java.net.http's client, p50", "ms",
                Samples.percentile(jdk, 0.5), Samples.percentile(floor, 0.5),
                "the same round trip with the JDK's HttpClient (the client of earlier runs' figures)"));
    }

    /**
     * The service's own time for the submits of the latency section (202: submit then GET; 200: with
     * Prefer: wait, until the call is done), read from the bench service's access log once it has stopped.
     */
    private void serverTimes() throws IOException {
        Map<String, List<Long>> micros = new LinkedHashMap<>();
        try (var lines = Files.lines(ACCESS_LOG)) {
            lines.map(line -> line.split(" ")).filter(field -> field.length == 5 && field[0].equals("POST")
                            && field[3].equals("latency") && field[4].endsWith("/futures"))
                    .forEach(field -> micros.computeIfAbsent(field[1], status -> new ArrayList<>())
                            .add(Long.parseLong(field[2])));
        }
        // beside the latency section's other rows, though read only now
        int at = 0;
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).workload().equals("W4 latency")) {
                at = i + 1;
            }
        }
        List<Row> serverRows = new ArrayList<>();
        for (var status : List.of("202", "200")) {
            long[] nanos = micros.getOrDefault(status, List.of()).stream().mapToLong(us -> us * 1_000).toArray();
            String what = status.equals("202") ? "a submit" : "a submit with Prefer: wait";
            serverRows.add(new Row("W4 latency", "server-side time of " + what + ", p50", "ms",
                    Samples.percentile(nanos, 0.5), null, nanos.length + " requests; Tomcat's %D in the access log:"
                    + " from the request's arrival to the last byte of the answer"));
            serverRows.add(new Row("W4 latency", "server-side time of " + what + ", p99", "ms",
                    Samples.percentile(nanos, 0.99), null, ""));
        }
        rows.addAll(at, serverRows);
    }

    /** A call made one at a time, e.g. a round trip. */
    private interface Call {
        void run(int i) throws Exception;
    }

    /** The nanoseconds each of {@code count} calls took, made one after the other. */
    private static long[] sample(int count, Call call) throws Exception {
        long[] nanos = new long[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            call.run(i);
            nanos[i] = System.nanoTime() - start;
        }
        return nanos;
    }

    // --- W2 I/O, W3 CPU, W5 as_completed -------------------------------------------------------------------

    private void io(Api api) throws Exception {
        progress("W2 I/O: 5 × sleep(2) on 3 workers, 1,000 × sleep(0.1) on 100 workers");
        ioRow(api, 3, 5, 2.0, "the seed's downloads");
        ioRow(api, 100, 1_000, 0.1, "");
    }

    /** The median of three runs on each side, each on a new executor (new pool), its threads started afresh. */
    private void ioRow(Api api, int workers, int calls, double sleep, String note) throws Exception {
        String warmUp = warmUpMaps(api, workers, calls, sleep / 10);
        long[] jobpool = new long[3];
        long[] floor = new long[3];
        for (int run = 0; run < 3; run++) {
            String executor = createExecutor(api, "thread", workers);
            long start = System.nanoTime();
            streamMap(api, executor, "sleep", java.util.Collections.nCopies(calls, sleep));
            jobpool[run] = System.nanoTime() - start;
            shutdown(api, executor);
            ThreadPoolExecutor pool = Floor.pool(workers);
            try {
                start = System.nanoTime();
                Floor.map(pool, IntStream.range(0, calls).mapToObj(i -> Floor.sleep(sleep, null)).toList());
                floor[run] = System.nanoTime() - start;
            } finally {
                pool.shutdown();
            }
        }
        double ideal = Math.ceil((double) calls / workers) * sleep;
        rows.add(new Row("W2 I/O", calls + " × sleep(" + sleep + ") on " + workers + " workers, map, median of 3", "s",
                Samples.percentile(jobpool, 0.5) / 1e3, Samples.percentile(floor, 0.5) / 1e3,
                (note.isEmpty() ? "" : note + "; ") + "ideal " + ideal + " s" + warmUp));
    }

    /**
     * Maps of the same shape with shorter sleeps, each on a new executor, until the time they take beyond their
     * ideal settles (two in a row within 2 ms of each other; at least 10 maps, at most 40). The first maps on a
     * fresh service run 50-250 ms over, until the JIT has compiled the map's path (the stream, the thread
     * starts); the row is the settled service, as the latency rows are, and the note says where it began.
     */
    private static String warmUpMaps(Api api, int workers, int calls, double sleep) throws Exception {
        double ideal = Math.ceil((double) calls / workers) * sleep;
        Settled settled = settle(10, (previous, over) -> Math.abs(over - previous) <= 0.002, () -> {
            String executor = createExecutor(api, "thread", workers);
            long start = System.nanoTime();
            streamMap(api, executor, "sleep", java.util.Collections.nCopies(calls, sleep));
            double over = seconds(start) - ideal;
            shutdown(api, executor);
            return over;
        });
        return String.format("; measured after %d warm-up maps of sleep(%s) (the first %.0f ms over its ideal,"
                + " the last %.0f ms)", settled.runs(), sleep, settled.first() * 1e3, settled.last() * 1e3);
    }

    /** How a warm-up went: how many runs, the first run's figure and the last's. */
    private record Settled(int runs, double first, double last) {
    }

    /**
     * Runs {@code run} until {@code settled} says its figure did not move from one run to the next, at least
     * {@code min} times and at most 40.
     */
    private static Settled settle(int min, java.util.function.BiPredicate<Double, Double> settled,
                                  Callable<Double> run) throws Exception {
        double first = run.call();
        double previous = first;
        int runs = 1;
        while (runs < 40) {
            double figure = run.call();
            runs++;
            boolean still = runs >= min && settled.test(previous, figure);
            previous = figure;
            if (still) {
                break;
            }
        }
        return new Settled(runs, first, previous);
    }

    private void cpu(Api api) throws Exception {
        // the seed's sizes take a JIT-compiled JVM milliseconds, too little for workers to matter; a hundred
        // times more shows the speed-up that a CPU-bound map gets from a second worker
        cpu(api, List.of(10_000_000L, 20_000_000L, 30_000_000L), "[10M, 20M, 30M]", 3);
        cpu(api, List.of(1_000_000_000L, 2_000_000_000L, 3_000_000_000L), "[1G, 2G, 3G]", 1);
    }

    private void cpu(Api api, List<Long> sizes, String label, int runs) throws Exception {
        progress("W3 CPU: sum-of-squares over " + label);
        // 0² + 1² + … + (n-1)² = (n-1)·n·(2n-1)/6: checked against the closed form, not against the floor
        List<Object> expected = sizes.stream().map(n -> (Object) java.math.BigInteger.valueOf(n - 1)
                .multiply(java.math.BigInteger.valueOf(n)).multiply(java.math.BigInteger.valueOf(2 * n - 1))
                .divide(java.math.BigInteger.valueOf(6))).toList();
        for (String kind : List.of("thread", "process")) {
            double one = 0;
            for (int workers : List.of(1, 2)) {
                String executor = createExecutor(api, kind, workers);
                // workers (and, for processes, their JVMs) start before the clock does, as a warm pool
                IntStream.range(0, workers).mapToObj(i -> submit(api, executor, "sleep", 0.5)).toList()
                        .forEach(id -> api.get("/api/v1/futures/" + id + "/result?timeout=60"));
                List<JsonNode> results = streamMap(api, executor, "sum-of-squares", sizes); // JIT warm-up
                double jobpool = median(runs, () -> streamMap(api, executor, "sum-of-squares", sizes));
                shutdown(api, executor);
                for (int i = 0; i < sizes.size(); i++) {
                    if (!results.get(i).get("result").toString().equals(String.valueOf(expected.get(i)))) {
                        throw new IllegalStateException("sum-of-squares(" + sizes.get(i) + ") gave "
                                + results.get(i) + ", expected " + expected.get(i));
                    }
                }
                ThreadPoolExecutor pool = Floor.pool(workers);
                double floor;
                try {
                    Floor.map(pool, sizes.stream().map(Floor::sumOfSquares).toList());
                    floor = median(runs, () -> Floor.map(pool, sizes.stream().map(Floor::sumOfSquares).toList()));
                } finally {
                    pool.shutdown();
                }
                String note = workers == 1 ? "floor: threads in one JVM"
                        : String.format("speed-up over 1 worker: %.2f×", one / jobpool);
                one = workers == 1 ? jobpool : one;
                rows.add(new Row("W3 CPU", "sum-of-squares " + label + ", " + kind + " executor, " + workers
                        + (workers == 1 ? " worker" : " workers") + ", warm" + (runs > 1 ? ", median of " + runs : ""),
                        "s", jobpool, floor, note));
            }
        }
    }

    /** The median seconds of {@code runs} runs. */
    private static double median(int runs, Callable<?> run) throws Exception {
        double[] times = new double[runs];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            run.call();
            times[i] = seconds(start);
        }
        Arrays.sort(times);
        return times[runs / 2];
    }

    private void asCompleted(Api api) throws Exception {
        progress("W5 as_completed over sleeps of 1, 3, 2 s");
        String executor = createExecutor(api, "thread", 3);
        long start = System.nanoTime();
        List<String> ids = List.of(submit(api, executor, "sleep", 1, "1 s"), submit(api, executor, "sleep", 3, "3 s"),
                submit(api, executor, "sleep", 2, "2 s"));
        List<String> order = api.ndjson("/api/v1/futures/as-completed", Map.of("ids", ids)).stream()
                .map(line -> line.get("result").asString()).toList();
        double jobpool = seconds(start);
        shutdown(api, executor);
        ThreadPoolExecutor pool = Floor.pool(3);
        List<Object> floorOrder;
        try {
            start = System.nanoTime();
            floorOrder = Floor.asCompleted(pool, List.of(Floor.sleep(1, "1 s"), Floor.sleep(3, "3 s"),
                    Floor.sleep(2, "2 s")));
        } finally {
            pool.shutdown();
        }
        rows.add(new Row("W5 as_completed", "sleeps of 1, 3, 2 s on 3 workers, until the last", "s", jobpool,
                seconds(start), "order " + String.join(", ", order) + " (floor " + floorOrder.stream()
                .map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("") + "); ideal 3.0 s"));
    }

    // --- process pools, memory, PostgreSQL -----------------------------------------------------------------

    private void processPool(ServiceProcess service) throws Exception {
        progress("process pool: round trips and worker starts");
        Api api = service.api();
        int calls = 500;
        long[] jobpool;
        long[] threads;
        // the worker JVMs' JIT settles as the service's does: the same warm-up, on the process executor
        String warmUp = warmUpRoundTrips(service, "processes");
        try (KeepAliveClient client = new KeepAliveClient(service.port(), "process")) {
            jobpool = sample(calls, i -> roundTrip(client, "processes", i));
            threads = sample(calls, i -> roundTrip(client, "default", i));
        }
        rows.add(new Row("process pool", "echo round trip on a warm worker JVM, p50", "ms", Samples.percentile(jobpool, 0.5),
                Samples.percentile(threads, 0.5), "floor: the same round trip on Jobpool's thread executor" + warmUp));

        int mapped = 10_000;
        List<Integer> items = IntStream.range(0, mapped).boxed().toList();
        Map<String, Object> chunks = Map.of("chunksize", 100);
        // the worker JVMs are as new as the pool: their JIT, and the service's for this path, warm up over the
        // first ~50,000 calls (a cold first map ran ~3,000 tasks/s, a warm one ~30,000/s), and a pool lives long
        long began = System.nanoTime();
        streamMap(api, "processes", "echo", items, chunks);
        double cold = mapped / seconds(began);
        for (int i = 0; i < 6; i++) {
            streamMap(api, "processes", "echo", items, chunks);
        }
        double[] chunked = new double[3];
        for (int i = 0; i < chunked.length; i++) {
            began = System.nanoTime();
            streamMap(api, "processes", "echo", items, chunks);
            chunked[i] = mapped / seconds(began);
        }
        java.util.Arrays.sort(chunked);
        began = System.nanoTime();
        streamMap(api, "processes", "echo", items, Map.of());
        double oneByOne = mapped / seconds(began);
        began = System.nanoTime();
        streamMap(api, "default", "echo", items, Map.of());
        double onThreads = mapped / seconds(began);
        rows.add(new Row("process pool", mapped + " × echo through one streamed map, chunksize=100 (median of 3)",
                "tasks/s", chunked[1], onThreads, String.format("floor: the same map on the thread executor;"
                        + " the pool's first map: %.0f tasks/s; chunksize=1: %.0f tasks/s", cold, oneByOne)));

        long[] starts = new long[3];
        long[] bareJvm = new long[3];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = workerStart(api);
            long start = System.nanoTime();
            Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xshare:auto", "-version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            java.waitFor();
            bareJvm[i] = System.nanoTime() - start;
        }
        rows.add(new Row("process pool", "worker start, until ready (median of 3)", "ms", Samples.percentile(starts, 0.5),
                Samples.percentile(bareJvm, 0.5), "floor: a bare `java -version`"));
    }

    /** A new one-worker process executor's first worker: from its start until ready, in nanoseconds. */
    private static long workerStart(Api api) {
        String executor = createExecutor(api, "process", 1);
        roundTrip(api, executor, 1);
        long took = api.get("/api/v1/executors/" + executor).body().get("processes").get("lastWorkerStartMillis")
                .asLong() * 1_000_000;
        shutdown(api, executor);
        return took;
    }

    /**
     * Workers of a service run as {@code java -jar jobpool.jar} (the jar {@code bench/run} passes as
     * {@code bench.fatJar}): its first worker starts from the jar itself, whose nested classes no archive can
     * hold; meanwhile the service extracts its jar for its workers and records their AOT cache, and the workers
     * after that start as the extracted layout's do.
     */
    private void fatJarWorkers() throws Exception {
        String fatJar = System.getProperty("bench.fatJar");
        if (fatJar == null) {
            return;
        }
        progress("process pool: worker starts of a service run as java -jar");
        Path cds = Path.of("target/bench/cds-fat-jar").toAbsolutePath();
        deleteRecursively(cds);
        try (ServiceProcess service = ServiceProcess.startJar(Path.of(fatJar), SERVICE_JVM, "bench-fat-jar",
                "--jobpool.process-pool.class-data-sharing-directory=" + cds)) {
            Api api = service.api();
            long fromTheJar = workerStart(api);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
            while (!hasAotCache(cds)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no AOT cache in " + cds + " after 120 s");
                }
                Thread.sleep(200);
            }
            long[] starts = new long[3];
            for (int i = 0; i < starts.length; i++) {
                starts[i] = workerStart(api);
            }
            rows.add(new Row("process pool", "worker start, service run as java -jar, once its jar is extracted"
                    + " (median of 3)", "ms", Samples.percentile(starts, 0.5), null, String.format(
                    "the first worker, from the jar itself while the service extracts it: %.0f ms",
                    fromTheJar / 1e6)));
        }
        deleteRecursively(cds);
    }

    /** Whether the cache is recorded: it lives in the extraction's own folder, one level down. */
    private static boolean hasAotCache(Path directory) throws java.io.IOException {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(directory, 2)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".aot"));
        }
    }

    private static void deleteRecursively(Path directory) throws java.io.IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private void memory() throws Exception {
        int futures = 100_000;
        progress("memory: " + futures + " finished futures retained");
        // each side in a method of its own, so that nothing of one is still referenced from a frame of the other
        double floor = floorBytesPerFuture(futures);
        double jobpool = jobpoolBytesPerFuture(futures);
        rows.add(new Row("memory", "heap retained per finished future, " + futures + " retained", "bytes", jobpool,
                floor, "live heap after a full GC (jcmd GC.class_histogram on a fresh instance); floor: a finished"
                + " FutureTask and its result in a list (memory MXBean after System.gc)"));
    }

    private double jobpoolBytesPerFuture(int futures) throws Exception {
        try (ServiceProcess service = ServiceProcess.startJar(jar, SERVICE_JVM, "bench-memory")) {
            Api api = service.api();
            long before = liveBytes(service.pid());
            Api.Answer mapped = api.post("/api/v1/executors/default/map",
                    Map.of("task", "echo", "iterables", List.of(IntStream.range(0, futures).boxed().toList())));
            if (mapped.status() != 202) {
                throw new IllegalStateException("map refused: " + mapped.raw().body());
            }
            while (api.get("/api/v1/executors/default").body().get("completed").asLong() < futures) {
                Thread.sleep(200);
            }
            double perFuture = (double) (liveBytes(service.pid()) - before) / futures;
            service.stop();
            return perFuture;
        }
    }

    private static double floorBytesPerFuture(int futures) throws Exception {
        ThreadPoolExecutor pool = Floor.pool(DEFAULT_WORKERS);
        try {
            long before = heapAfterGc();
            List<Future<Object>> kept = new ArrayList<>(futures);
            for (int i = 0; i < futures; i++) {
                kept.add(pool.submit(Floor.echo(i)));
            }
            for (Future<Object> future : kept) {
                future.get();
            }
            double perFuture = (double) (heapAfterGc() - before) / futures;
            Reference.reachabilityFence(kept);
            return perFuture;
        } finally {
            pool.shutdown();
        }
    }

    /**
     * Heap in use in this JVM after full collections. (Not jcmd, as for the service: run against this JVM
     * itself, it hung here.)
     */
    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Bytes of live objects in a JVM: the total of a class histogram, which runs a full GC first. */
    private static long liveBytes(long pid) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid), "GC.class_histogram").redirectErrorStream(true).start();
        List<String> lines = new String(jcmd.getInputStream().readAllBytes()).lines().toList();
        jcmd.waitFor();
        String total = lines.stream().filter(line -> line.startsWith("Total")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no class histogram from jcmd: " + lines));
        // less G1's fillers: dead space it formats as arrays of jdk.internal.vm.FillerElement, which the histogram
        // lists. How much there is depends on the heap's size, not on what the service keeps: with -Xms2g there
        // were 787 KB of them after the 100,000 futures and 18 KB with the default heap, 6 bytes a future.
        long fillers = lines.stream().filter(line -> line.contains("jdk.internal.vm.Filler"))
                .mapToLong(line -> Long.parseLong(line.trim().split("\\s+")[2])).sum();
        return Long.parseLong(total.trim().split("\\s+")[2]) - fillers;
    }

    private void postgres(double memoryStoreRate) throws Exception {
        TestDatabase database;
        try {
            database = TestDatabase.get();
        } catch (RuntimeException unavailable) {
            progress("PostgreSQL: skipped, no database (" + unavailable.getMessage() + ")");
            rows.add(new Row("PostgreSQL", "skipped: no database answered", "", Double.NaN, null,
                    "see TestDatabase: JOBPOOL_TEST_DATABASE_URL, a Docker engine or the embedded server"));
            return;
        }
        for (int instances : List.of(1, 2)) {
            progress("PostgreSQL: submit throughput, " + instances + (instances == 1 ? " instance" : " instances"));
            database.clear();
            List<ServiceProcess> services = new ArrayList<>();
            try {
                for (int i = 0; i < instances; i++) {
                    services.add(ServiceProcess.startJar(jar, SERVICE_JVM, "bench-postgres-" + i,
                            database.serviceArguments()));
                }
                // warm, as the in-memory figure it is compared with is. A fixed 4,000 calls was too few: this
                // path runs at a tenth of the in-memory one's rate, so its JIT has seen less of it when the
                // round is timed (bench/profile after 20 s of this load: a third of the service's CPU in C2,
                // 2.3 ms of CPU a call; after 60 s, 7 % and 0.95 ms). As the map rows: until two rounds in a
                // row are within 5 %, then the median of 3; 25 rounds at least (about a minute), because the
                // rate still climbs slowly past the first ten (one run stopped at 11 rounds and 635 tasks/s)
                Settled warmUp = settle(25, (previous, rate) -> Math.abs(rate - previous) <= 0.05 * previous,
                        () -> submitThroughput(services, 2_000));
                double rate = 2_000 / median(3, () -> submitThroughput(services, 2_000));
                rows.add(new Row("PostgreSQL", "2,000 echo submits from 8 clients until all finished, " + instances
                        + (instances == 1 ? " instance" : " instances") + " (median of 3)", "tasks/s", rate,
                        memoryStoreRate, String.format("floor: the same on one instance with the in-memory store;"
                                + " all on this machine; measured after %d warm-up rounds (the first at %,.0f"
                                + " tasks/s, the last %,.0f)", warmUp.runs(), warmUp.first(), warmUp.last())));
            } finally {
                for (ServiceProcess service : services) {
                    service.stop();
                }
            }
        }
    }

    /** Tasks/s of {@code tasks} echo submits from 8 keep-alive clients spread over the instances, until all finished. */
    static double submitThroughput(List<ServiceProcess> services, int tasks) throws Exception {
        return tasks / timeClients(8, client -> {
            int port = services.get(client % services.size()).port();
            return () -> {
                List<String> ids = new ArrayList<>();
                List<JsonNode> lines;
                try (KeepAliveClient own = new KeepAliveClient(port, "clients")) {
                    for (int i = 0; i < tasks / 8; i++) {
                        ids.add(own.submit("default", "echo", i));
                    }
                    // a minute is far more than these echo calls take: past it, the stream ends with a problem line
                    lines = own.asCompleted(ids, 60);
                }
                long done = lines.stream().filter(line -> "FINISHED".equals(line.path("state").asString())).count();
                if (done != ids.size()) {
                    throw new IllegalStateException("as-completed gave " + done + " of " + ids.size() + " finished: "
                            + lines.getLast());
                }
                return null;
            };
        });
    }

    // --- HTTP verbs ----------------------------------------------------------------------------------------

    private static String submit(Api api, String executor, String task, Object... args) {
        return api.submit(executor, task, args);
    }

    /** One request per call: a submit with Prefer: wait, answered with the done future. */
    private static void oneRequest(KeepAliveClient client, String executor, int value) {
        JsonNode done = client.submitAndWait(executor, "echo", value);
        if (done.get("result").asInt() != value) {
            throw new IllegalStateException("echo(" + value + ") gave " + done);
        }
    }

    private static void roundTrip(KeepAliveClient client, String executor, int value) {
        check(value, client.result(client.submit(executor, "echo", value)));
    }

    /** The same round trip on the JDK's client ({@link Api}). */
    private static void roundTrip(Api api, String executor, int value) {
        Api.Answer result = api.get("/api/v1/futures/" + submit(api, executor, "echo", value) + "/result?timeout=60");
        if (result.status() != 200) {
            throw new IllegalStateException("echo(" + value + ") gave " + result.status() + " " + result.raw().body());
        }
        check(value, result.body());
    }

    private static void check(int value, JsonNode result) {
        if (result.asInt() != value) {
            throw new IllegalStateException("echo(" + value + ") gave " + result);
        }
    }

    /** A streamed map, read to the end; each line checked to be a result, in input order. */
    private static List<JsonNode> streamMap(Api api, String executor, String task, List<?> items) {
        return streamMap(api, executor, task, items, Map.of());
    }

    private static List<JsonNode> streamMap(Api api, String executor, String task, List<?> items,
                                            Map<String, Object> options) {
        Map<String, Object> body = new java.util.HashMap<>(options);
        body.put("task", task);
        body.put("iterables", List.of(items));
        List<JsonNode> lines = api.ndjson("/api/v1/executors/" + executor + "/map", body);
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).path("index").asInt(-1) != i) {
                throw new IllegalStateException("map line " + i + " is " + lines.get(i));
            }
        }
        if (lines.size() != items.size()) {
            throw new IllegalStateException("map gave " + lines.size() + " of " + items.size() + " results");
        }
        return lines;
    }

    private static String createExecutor(Api api, String kind, int workers) {
        String name = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Answer created = api.post("/api/v1/executors", Map.of("name", name, "kind", kind, "maxWorkers", workers));
        if (created.status() != 201) {
            throw new IllegalStateException("could not create executor: " + created.raw().body());
        }
        return name;
    }

    private static void shutdown(Api api, String executor) {
        api.delete("/api/v1/executors/" + executor + "?wait=true");
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    // --- report --------------------------------------------------------------------------------------------

    private String table() {
        StringBuilder table = new StringBuilder("| workload | measure | Jobpool | floor | Jobpool / floor | note |\n"
                + "|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            table.append("| ").append(row.workload()).append(" | ").append(row.measure()).append(" | ")
                    .append(figure(row.jobpool(), row.unit())).append(" | ")
                    .append(row.floor() == null ? "–" : figure(row.floor(), row.unit())).append(" | ")
                    .append(row.ratio() == null ? "–" : String.format("%.2f", row.ratio())).append(" | ")
                    .append(row.note()).append(" |\n");
        }
        return table.toString();
    }

    private static String figure(double value, String unit) {
        if (Double.isNaN(value)) {
            return "–";
        }
        String number = value >= 100 ? String.format("%,.0f", value) : value >= 10 ? String.format("%.1f", value)
                : String.format("%.3f", value);
        return number + " " + unit;
    }

    private void write(Path directory, Instant started, Duration took) throws IOException {
        Files.createDirectories(directory);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("startedAt", started.toString());
        report.put("seconds", took.toSeconds());
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("java", Runtime.version().toString());
        List<Map<String, Object>> figures = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> figure = new LinkedHashMap<>();
            figure.put("workload", row.workload());
            figure.put("measure", row.measure());
            figure.put("unit", row.unit());
            figure.put("jobpool", Double.isNaN(row.jobpool()) ? null : row.jobpool());
            figure.put("floor", row.floor());
            figure.put("ratio", row.ratio());
            figure.put("note", row.note());
            figures.add(figure);
        }
        report.put("rows", figures);
        Path json = directory.resolve("results.json");
        Files.writeString(json, Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report));
        Files.writeString(directory.resolve("results.md"), table());
        System.out.println("written: " + json + " and results.md");
    }
}
