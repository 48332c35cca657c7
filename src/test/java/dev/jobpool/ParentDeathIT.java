package dev.jobpool;

import dev.jobpool.support.Api;

import dev.jobpool.support.ServiceProcess;

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
        try (ServiceProcess service = ServiceProcess.start("parent-death-service")) {
            Api api = service.api();
            api.post("/api/v1/executors", Map.of("name", "doomed", "kind", "process", "maxWorkers", 2));
            api.submit("doomed", "sleep", 60);
            api.submit("doomed", "sleep", 60);
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    api.get("/api/v1/executors/doomed").body().get("processes").get("workerPids").size() == 2);
            List<Long> pids = new ArrayList<>();
            api.get("/api/v1/executors/doomed").body().get("processes").get("workerPids").forEach(p -> pids.add(p.asLong()));

            service.kill();

            assertThat(service.isAlive()).isFalse();
            await().atMost(Duration.ofSeconds(10)).until(() -> pids.stream()
                    .noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
        }
    }
}
