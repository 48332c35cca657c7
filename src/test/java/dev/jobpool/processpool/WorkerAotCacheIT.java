package dev.jobpool.processpool;

import dev.jobpool.support.Api;
import dev.jobpool.support.ServiceProcess;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The service run as the container runs it (the jar extracted, on JDK 25+), and as {@code java -jar}: the first
 * worker it needs has a training worker record the AOT cache beside it, and workers started after that start
 * from the cache. Only the packaged jar can show this: a classpath with directories (the other ITs') gets no
 * archive at all.
 */
class WorkerAotCacheIT {

    @TempDir
    Path directory;

    @Test
    void aTrainingWorkerRecordsTheCacheAndLaterWorkersStartFromIt() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "an AOT cache needs JDK 25; older JDKs use a CDS archive");
        Path jar = extractedJar();
        Path cds = directory.resolve("cds");
        try (ServiceProcess service = ServiceProcess.startJar(jar, "aot-cache-service",
                "--jobpool.process-pool.class-data-sharing-directory=" + cds)) {
            Api api = service.api();
            String first = processExecutor(api, "first");
            assertThat(echo(api, first)).isEqualTo(1);
            assertThat(workerArguments(api, first)).noneMatch(argument -> argument.startsWith("-XX:AOTCache"));

            await().atMost(Duration.ofSeconds(60)).until(() -> caches(cds).size() == 1);
            assertThat(caches(cds).getFirst().getFileName().toString()).matches("jobpool-worker-[0-9a-f]{8}\\.aot");
            try (Stream<Path> files = Files.list(cds)) {
                assertThat(files).as("no partial recording left behind").hasSize(1);
            }

            String second = processExecutor(api, "second");
            assertThat(echo(api, second)).isEqualTo(1);
            assertThat(workerArguments(api, second)).contains("-XX:AOTCache=" + caches(cds).getFirst());
        }
    }

    /**
     * Run as {@code java -jar jobpool.jar}, the classes are nested in the jar, which no archive can hold: the
     * first worker needed has the service extract its jar for the workers, and once that is done and the cache
     * is recorded (in the extraction's directory), workers start from the extraction with the cache, also in the
     * service's next run. A rebuilt jar gets an extraction of its own, and the earlier builds' extractions go
     * once no running service holds them.
     */
    @Test
    void runAsJavaDashJarTheServiceExtractsItsJarForItsWorkers() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "an AOT cache needs JDK 25; older JDKs use a CDS archive");
        Path jar = directory.resolve("jobpool.jar");
        Files.copy(builtJar(), jar); // a jar of this test's own: its extraction is named after its path
        Path cds = directory.resolve("cds");
        Path firstBuild;
        try (ServiceProcess service = fatJarService(jar, cds, "fat-jar-workers-service")) {
            Api api = service.api();
            String first = processExecutor(api, "first");
            assertThat(echo(api, first)).isEqualTo(1);
            assertThat(workerArguments(api, first)).as("the first worker starts from the jar itself")
                    .contains(jar.toString()).noneMatch(argument -> argument.startsWith("-XX:AOTCache"));

            await().atMost(Duration.ofSeconds(90)).until(() -> extractions(cds).size() == 1
                    && caches(extractions(cds).getFirst()).size() == 1);
            firstBuild = extractions(cds).getFirst();
            String second = processExecutor(api, "second");
            assertThat(echo(api, second)).isEqualTo(1);
            assertThat(workerArguments(api, second)).contains(firstBuild.resolve("jobpool.jar").toString(),
                    "-XX:AOTCache=" + caches(firstBuild).getFirst());
        }
        try (Stream<Path> files = Files.list(cds)) {
            assertThat(files.map(path -> path.getFileName().toString())).as("no partial extraction left behind")
                    .containsExactly(firstBuild.getFileName().toString());
        }
        try (ServiceProcess again = fatJarService(jar, cds, "fat-jar-workers-service-again")) {
            Api api = again.api();
            String first = processExecutor(api, "first");
            assertThat(echo(api, first)).isEqualTo(1);
            assertThat(workerArguments(api, first)).as("the next run's first worker starts from both at once")
                    .contains(firstBuild.resolve("jobpool.jar").toString(), "-XX:AOTCache=" + caches(firstBuild).getFirst());

            Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60))); // "rebuilt"
            Path secondBuild;
            try (ServiceProcess rebuilt = fatJarService(jar, cds, "fat-jar-workers-service-rebuilt")) {
                assertThat(echo(rebuilt.api(), processExecutor(rebuilt.api(), "first"))).isEqualTo(1);
                await().atMost(Duration.ofSeconds(90)).until(() -> extractions(cds).size() == 2);
                secondBuild = extractions(cds).stream().filter(path -> !path.equals(firstBuild)).findFirst()
                        .orElseThrow();
            }
            assertThat(firstBuild).as("held by the service still running from it").exists();
            assertThat(echo(api, processExecutor(api, "after-the-rebuild"))).isEqualTo(1);

            Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(120)));
            try (ServiceProcess rebuiltAgain = fatJarService(jar, cds, "fat-jar-workers-service-rebuilt-again")) {
                assertThat(echo(rebuiltAgain.api(), processExecutor(rebuiltAgain.api(), "first"))).isEqualTo(1);
                await().atMost(Duration.ofSeconds(90)).until(() -> extractions(cds).size() == 2
                        && !Files.exists(secondBuild));
            }
            assertThat(firstBuild).as("still held").exists();
        }
    }

    private static ServiceProcess fatJarService(Path jar, Path cds, String logName) throws java.io.IOException {
        return ServiceProcess.startJar(jar, logName, "--jobpool.process-pool.class-data-sharing-directory=" + cds);
    }

    /** The extractions made for workers, whole (their application jar in place). */
    private static List<Path> extractions(Path cds) throws java.io.IOException {
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.filter(path -> path.getFileName().toString().matches("jobpool-app-[0-9a-f]{8}")
                    && Files.isRegularFile(path.resolve("jobpool.jar"))).toList();
        }
    }

    private static Path builtJar() throws java.io.IOException {
        try (Stream<Path> jars = Files.list(Path.of("target"))) {
            return jars.filter(path -> path.getFileName().toString().matches("jobpool-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no jar in target/: this IT runs after package"));
        }
    }

    private Path extractedJar() throws Exception {
        Path built = builtJar();
        Path app = directory.resolve("app");
        Process extract = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djarmode=tools", "-jar", built.toString(), "extract", "--application-filename", "jobpool.jar",
                "--destination", app.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(extract.waitFor()).isZero();
        return app.resolve("jobpool.jar");
    }

    private static String processExecutor(Api api, String name) {
        Api.Answer created = api.post("/api/v1/executors", Api.JSON.createObjectNode().put("name", name)
                .put("kind", "process").put("maxWorkers", 1));
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        return name;
    }

    private static int echo(Api api, String executor) {
        String id = api.submit(executor, "echo", 1);
        Api.Answer result = api.get("/api/v1/futures/" + id + "/result?timeout=60");
        assertThat(result.status()).as(result.raw().body()).isEqualTo(200);
        return result.body().asInt();
    }

    private static List<String> workerArguments(Api api, String executor) {
        JsonNode pids = api.get("/api/v1/executors/" + executor).body().get("processes").get("workerPids");
        assertThat(pids).hasSize(1);
        return ProcessHandle.of(pids.get(0).asLong()).flatMap(process -> process.info().arguments())
                .map(List::of).orElseThrow();
    }

    private static List<Path> caches(Path cds) throws java.io.IOException {
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.filter(path -> path.getFileName().toString().endsWith(".aot")).toList();
        }
    }
}
