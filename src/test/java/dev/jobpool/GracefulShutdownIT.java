package dev.jobpool;

import dev.jobpool.support.Api;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;


import static org.assertj.core.api.Assertions.assertThat;

/** Stopping the service lets running tasks finish within the grace period, and interrupts them after it. */
class GracefulShutdownIT {

    private static ConfigurableApplicationContext start(String grace) {
        return SpringApplication.run(JobpoolApplication.class, "--server.port=0",
                "--jobpool.executors.shutdown-grace=" + grace, "--spring.main.banner-mode=off");
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    @Test
    void runningTasksFinishWithinTheGracePeriodAndQueuedOnesAreCancelled() {
        ConfigurableApplicationContext context = start("10s");
        Api api = new Api(port(context));
        String executor = api.createExecutor("graceful", 1, 10);
        String running = api.submit(executor, "sleep", 1, "finished");
        String queued = api.submit(executor, "sleep", 1);
        var store = context.getBean(dev.jobpool.future.FutureStore.class);
        org.awaitility.Awaitility.await().until(() -> api.future(running).get("state").asString().equals("RUNNING"));

        long start = System.nanoTime();
        context.close();
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(store.get(running).snapshot().result()).isNotNull();
        assertThat(store.get(running).snapshot().state().name()).isEqualTo("FINISHED");
        assertThat(store.get(queued).snapshot().state().name()).isEqualTo("CANCELLED");
        assertThat(seconds).as("waited for the running task").isGreaterThan(0.5).isLessThan(10);
    }

    @Test
    void tasksStillRunningWhenTheGracePeriodEndsAreInterrupted() {
        ConfigurableApplicationContext context = start("500ms");
        Api api = new Api(port(context));
        String running = api.submit("default", "sleep", 30);
        var store = context.getBean(dev.jobpool.future.FutureStore.class);
        org.awaitility.Awaitility.await().until(() -> api.future(running).get("state").asString().equals("RUNNING"));

        long start = System.nanoTime();
        context.close();
        double seconds = (System.nanoTime() - start) / 1e9;

        assertThat(store.get(running).snapshot().state().name()).isEqualTo("CANCELLED");
        assertThat(seconds).isLessThan(Duration.ofSeconds(10).toSeconds());
    }

    @Test
    void stoppingTheServiceLeavesNoWorkerJvmBehind() {
        ConfigurableApplicationContext context = start("500ms");
        Api api = new Api(port(context));
        String executor = "orphans";
        api.post("/api/v1/executors", java.util.Map.of("name", executor, "kind", "process", "maxWorkers", 2));
        api.get("/api/v1/futures/" + api.submit(executor, "echo", 1) + "/result?timeout=60");
        String running = api.submit(executor, "sleep", 30);
        var store = context.getBean(dev.jobpool.future.FutureStore.class);
        org.awaitility.Awaitility.await().until(() ->
                api.get("/api/v1/executors/" + executor).body().get("processes").get("workerPids").size() == 2);
        java.util.List<Long> pids = new java.util.ArrayList<>();
        api.get("/api/v1/executors/" + executor).body().get("processes").get("workerPids").forEach(p -> pids.add(p.asLong()));

        context.close();

        assertThat(pids).hasSize(2).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid " + pid).isFalse());
        assertThat(store.get(running).snapshot().state().name()).isEqualTo("CANCELLED");
    }
}
