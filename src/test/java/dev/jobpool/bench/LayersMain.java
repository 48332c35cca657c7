package dev.jobpool.bench;

import dev.jobpool.support.ServiceProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * {@code bench/layers}: what each layer in front of a call costs. Starts the service from the test classpath
 * with {@link LayersEndpoints} on, and makes the same request (a submit's shape: path variable, JSON body, 202
 * with a small JSON answer) one at a time on one keep-alive connection to Jobpool's submit and to each of those
 * endpoints, interleaved in blocks so that the VM's drift reaches them all alike; warm-up blocks first. Prints
 * the client's round trip and the service's own time (Tomcat's {@code %D}, as {@code bench/run} reads it) per
 * endpoint, and writes them to {@code target/bench/layers.md}.
 *
 * <p>Usage: {@code LayersMain <output directory> [measured blocks, default 10] [service arguments...]}: the
 * service arguments (such as {@code --spring.threads.virtual.enabled=false}) compare a setting the same way.
 */
public final class LayersMain {

    private static final int BLOCK = 2_000;
    private static final int WARM_UP_BLOCKS = 6;

    private LayersMain() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]).toAbsolutePath();
        int blocks = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path log = out.resolve("access/layers.log");
        Files.deleteIfExists(log);
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("Jobpool's submit of echo (annotated controller)", "/api/v1/executors/default/futures");
        endpoints.put("no work, annotated controller", "/api/v1/bench-layers/default/mvc");
        endpoints.put("no work, functional endpoint", "/api/v1/bench-layers/default/fn");
        endpoints.put("no work, servlet", "/api/v1/bench-layers-servlet/default");
        endpoints.put("no work, servlet, no security chain", "/bench-layers-bare/default");
        Map<String, List<Long>> client = new LinkedHashMap<>();
        List<String> arguments = new ArrayList<>(List.of("--jobpool.bench.layers=true"));
        arguments.addAll(List.of(AccessLog.arguments(log, "%m %s %D %U")));
        arguments.addAll(List.of(args).subList(Math.min(2, args.length), args.length));
        try (ServiceProcess service = ServiceProcess.start(BenchMain.SERVICE_JVM, "bench-layers",
                arguments.toArray(String[]::new));
             CloseableHttpClient http = HttpClients.createMinimal()) {
            String base = "http://127.0.0.1:" + service.port();
            for (int block = 0; block < WARM_UP_BLOCKS + blocks; block++) {
                System.out.printf("layers: %s block %d%n", block < WARM_UP_BLOCKS ? "warm-up" : "measured", block + 1);
                for (var endpoint : endpoints.entrySet()) {
                    for (int i = 0; i < BLOCK; i++) {
                        long nanos = post(http, base + endpoint.getValue(), i);
                        if (block >= WARM_UP_BLOCKS) {
                            client.computeIfAbsent(endpoint.getKey(), key -> new ArrayList<>()).add(nanos);
                        }
                    }
                }
            }
            service.stop(); // and so the access log is written out
        }
        Map<String, List<Long>> server = new LinkedHashMap<>();
        List<String> posts = Files.readAllLines(log).stream().filter(line -> line.startsWith("POST ")).toList();
        for (String line : posts.subList(WARM_UP_BLOCKS * BLOCK * endpoints.size(), posts.size())) {
            String[] field = line.split(" ");
            endpoints.forEach((name, path) -> {
                if (path.equals(field[3])) {
                    server.computeIfAbsent(name, key -> new ArrayList<>()).add(Long.parseLong(field[2]) * 1_000);
                }
            });
        }
        StringBuilder table = new StringBuilder("| endpoint | round trip, p50 | p99 | service's own time, p50 | p99 |\n"
                + "|---|---|---|---|---|\n");
        for (String name : endpoints.keySet()) {
            long[] trips = client.get(name).stream().mapToLong(Long::longValue).toArray();
            long[] own = server.getOrDefault(name, List.of()).stream().mapToLong(Long::longValue).toArray();
            table.append(String.format("| %s | %.3f ms | %.3f ms | %.3f ms | %.3f ms |%n", name,
                    Samples.percentile(trips, 0.5), Samples.percentile(trips, 0.99),
                    Samples.percentile(own, 0.5), Samples.percentile(own, 0.99)));
        }
        table.append(String.format("%n%d requests per endpoint, after %d each to warm up; the service's own time is"
                + " Tomcat's %%D (from the request's arrival to the last byte of the answer).%n",
                blocks * BLOCK, WARM_UP_BLOCKS * BLOCK));
        System.out.print(table);
        Files.writeString(out.resolve("layers.md"), table);
    }

    private static long post(CloseableHttpClient http, String url, int i) {
        HttpPost post = new HttpPost(url);
        post.setEntity(new StringEntity("{\"task\":\"echo\",\"args\":[" + i + "]}", ContentType.APPLICATION_JSON));
        post.setHeader("Accept", "application/json");
        long start = System.nanoTime();
        try {
            int status = http.execute(post, response -> {
                response.getEntity().getContent().readAllBytes();
                return response.getCode();
            });
            if (status != 202) {
                throw new IllegalStateException(url + " answered " + status + " where 202 was expected");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return System.nanoTime() - start;
    }
}
