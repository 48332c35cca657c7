package dev.jobpool.bench;

import dev.jobpool.support.Api;
import dev.jobpool.support.ServiceProcess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code bench/profile}: where a call's time goes. Starts the jar under async-profiler (its library given as
 * the first argument), drives it with {@code bench/run}'s small-call load for a while — 8 clients posting
 * submits then reading results, and one-request calls ({@code Prefer: wait}) — and stops it gracefully, so that
 * the profiler writes its flame graph. Run once per event: {@code cpu} (what burns the cores) and {@code wall}
 * (where a request waits: hand-offs, locks, I/O).
 *
 * <p>With {@code -Dprofile.load=process-map} the load is one client streaming maps of 10,000 echo calls with
 * {@code chunksize=100} on the {@code processes} executor instead (the service's side of a process map; the
 * worker JVMs are not profiled); with {@code -Dprofile.load=map}, the same maps on the {@code default} thread
 * executor (bench's W1a). With {@code -Dprofile.load=postgres} the service runs over the tests'
 * database ({@code TestDatabase}) and the load is {@code bench/run}'s PostgreSQL one: 8 clients, each submitting
 * 250 echo calls and then waiting for them with as-completed, round after round.
 *
 * <p>Usage: {@code ProfileMain <libasyncProfiler.so> <jobpool.jar> <output directory> <event> [seconds]}.
 */
public final class ProfileMain {

    private ProfileMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: ProfileMain <libasyncProfiler.so> <jobpool.jar> <output directory> <event> [seconds]");
            System.exit(2);
        }
        String event = args[3];
        Duration load = Duration.ofSeconds(args.length > 4 ? Integer.parseInt(args[4]) : 30);
        // html: a flame graph for a browser; collapsed: one line per stack, for grep and sort
        String format = System.getProperty("profile.format", "html");
        Path graph = Path.of(args[2]).toAbsolutePath().resolve("profile-" + event + "." + format);
        // the profiler starts once the service has warmed up (-Dprofile.warmup seconds of the same load, 30 by
        // default), through jcmd's JVMTI.agent_load, so that the graph is the settled service and not its JIT
        Path library = Path.of(args[0]).toAbsolutePath();
        String start = "start,event=" + event + ",interval=" + ("wall".equals(event) ? "5ms" : "1ms") + ",file=" + graph;
        Duration warmUp = Duration.ofSeconds(Integer.getInteger("profile.warmup", 30));
        boolean postgres = "postgres".equals(System.getProperty("profile.load"));
        String[] serviceArguments = new String[0];
        if (postgres) {
            dev.jobpool.support.TestDatabase database = dev.jobpool.support.TestDatabase.get();
            database.clear();
            serviceArguments = database.serviceArguments();
        }
        // event "none": the same load without the profiler, to see what the profiler costs
        // -Dprofile.jvm="-XX:… -XX:…": JVM options for the service, to try one (e.g. a JIT setting) under the load
        List<String> jvm = new ArrayList<>(BenchMain.SERVICE_JVM);
        if (!"none".equals(event)) {
            jvm.add("-XX:+EnableDynamicAgentLoading");
        }
        String extra = System.getProperty("profile.jvm", "").strip();
        if (!extra.isEmpty()) {
            jvm.addAll(List.of(extra.split("\\s+")));
        }
        try (ServiceProcess service = ServiceProcess.startJar(Path.of(args[1]), jvm,
                "profile-service-" + event, serviceArguments)) {
            drive(service, warmUp);
            boolean profiled = !"none".equals(event);
            if (profiled) {
                agent(service, library, start);
            }
            // the service's CPU per call is steadier than its rate on shared cores: the rate moves with whatever
            // else runs, the CPU a call costs much less
            Duration cpuBefore = cpu(service);
            long calls = drive(service, load);
            Duration cpu = cpu(service).minus(cpuBefore);
            if (profiled) {
                agent(service, library, "stop,file=" + graph);
            }
            System.err.printf("profile: %s, %d calls in %d s (%.0f/s), the service's CPU %.0f µs a call%n", event,
                    calls, load.toSeconds(), calls / (double) load.toSeconds(), cpu.toNanos() / 1e3 / calls);
            service.stop();
        }
        System.out.println("profile: " + graph);
    }

    /** The service process's CPU time so far, user and system, all its threads. */
    private static Duration cpu(ServiceProcess service) {
        return ProcessHandle.of(service.pid()).flatMap(process -> process.info().totalCpuDuration())
                .orElseThrow(() -> new IllegalStateException("no CPU time for the service's process"));
    }

    /**
     * Gives async-profiler a command (start, stop) through jcmd, loading it into the service the first time.
     * The command is quoted once more: jcmd would otherwise read its {@code key=value}s as its own arguments.
     */
    private static void agent(ServiceProcess service, Path library, String command) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(service.pid()), "JVMTI.agent_load", library.toString(), '"' + command + '"')
                .redirectErrorStream(true).start();
        String said = new String(jcmd.getInputStream().readAllBytes());
        if (jcmd.waitFor() != 0 || !said.contains("return code: 0")) {
            throw new IllegalStateException("async-profiler did not take '" + command + "': " + said);
        }
    }

    /** 8 clients, half of them submitting then reading the result, half in one request; the calls made. */
    private static long drive(ServiceProcess service, Duration during) throws Exception {
        Api api = service.api();
        LongAdder calls = new LongAdder();
        long end = System.nanoTime() + during.toNanos();
        if ("postgres".equals(System.getProperty("profile.load"))) {
            while (System.nanoTime() < end) {
                double rate = BenchMain.submitThroughput(List.of(service), 2_000);
                System.err.printf("profile: a round of 2,000 at %.0f tasks/s%n", rate);
                calls.add(2_000);
            }
            return calls.sum();
        }
        boolean processes = "process-map".equals(System.getProperty("profile.load"));
        if (processes || "map".equals(System.getProperty("profile.load"))) {
            List<Integer> items = java.util.stream.IntStream.range(0, 10_000).boxed().toList();
            while (System.nanoTime() < end) {
                int results = api.ndjson("/api/v1/executors/" + (processes ? "processes" : "default") + "/map/stream",
                        Map.of("task", "echo", "iterables", List.of(items), "chunksize", processes ? 100 : 1)).size();
                calls.add(results);
            }
            return calls.sum();
        }
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            boolean oneRequest = c % 2 == 0;
            clients.add(Thread.ofPlatform().start(() -> {
                try (KeepAliveClient own = new KeepAliveClient(service.port(), "profile")) {
                    for (int i = 0; System.nanoTime() < end; i++) {
                        if (oneRequest) {
                            own.submitAndWait("default", "echo", i);
                        } else {
                            own.result(own.submit("default", "echo", i));
                        }
                        calls.increment();
                    }
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        return calls.sum();
    }
}
