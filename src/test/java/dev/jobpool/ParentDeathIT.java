package dev.jobpool;

import dev.jobpool.support.Api;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Liveness from the worker's side: when the service dies without a word ({@code kill -9}), its worker JVMs
 * notice (their stdin ends, their parent is gone) and exit by themselves.
 */
class ParentDeathIT {

    @Test
    void workersExitWhenTheServiceIsKilled() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process service = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                JobpoolApplication.class.getName(), "--server.port=" + port, "--spring.main.banner-mode=off",
                "--jobpool.executors.configured.processes.max-workers=1")
                .redirectErrorStream(true).redirectOutput(new File("target/parent-death-service.log")).start();
        try {
            Api api = new Api(port);
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                    .until(() -> api.get("/actuator/health").status() == 200);
            api.post("/api/v1/executors", Map.of("name", "doomed", "kind", "process", "maxWorkers", 2));
            api.submit("doomed", "sleep", 60);
            api.submit("doomed", "sleep", 60);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    api.get("/api/v1/executors/doomed").body().get("processes").get("workerPids").size() == 2);
            List<Long> pids = new ArrayList<>();
            api.get("/api/v1/executors/doomed").body().get("processes").get("workerPids").forEach(p -> pids.add(p.asLong()));

            service.destroyForcibly().waitFor();

            await().atMost(Duration.ofSeconds(10)).until(() -> pids.stream()
                    .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        } finally {
            service.destroyForcibly();
        }
        assertThat(service.isAlive()).isFalse();
    }
}
