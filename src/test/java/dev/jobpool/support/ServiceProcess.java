package dev.jobpool.support;

import dev.jobpool.JobpoolApplication;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;

/** A Jobpool in a JVM of its own, for tests that kill it the hard way. */
public final class ServiceProcess implements AutoCloseable {

    private final Process process;
    private final int port;

    private ServiceProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the service from the test classpath with these arguments and waits until it is ready. */
    public static ServiceProcess start(String logName, String... arguments) throws IOException {
        return start(List.of(), logName, arguments);
    }

    /** The same, with these JVM options. */
    public static ServiceProcess start(List<String> jvmOptions, String logName, String... arguments)
            throws IOException {
        List<String> launch = new ArrayList<>(jvmOptions);
        launch.addAll(List.of("-cp", System.getProperty("java.class.path"), JobpoolApplication.class.getName()));
        return launch(launch, logName, arguments);
    }

    /** Starts the service from its jar, as users run it, and waits until it is ready. */
    public static ServiceProcess startJar(Path jar, String logName, String... arguments) throws IOException {
        return startJar(jar, List.of(), logName, arguments);
    }

    /** The same, with these JVM options (e.g. {@code -Xmx512m}). */
    public static ServiceProcess startJar(Path jar, List<String> jvmOptions, String logName, String... arguments)
            throws IOException {
        List<String> launch = new ArrayList<>(jvmOptions);
        launch.addAll(List.of("-jar", jar.toString()));
        return launch(launch, logName, arguments);
    }

    private static ServiceProcess launch(List<String> launch, String logName, String... arguments) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(launch);
        command.addAll(List.of("--server.port=" + port, "--spring.main.banner-mode=off"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(new File("target/" + logName + ".log")).start();
        ServiceProcess service = new ServiceProcess(process, port);
        Api api = service.api();
        await().atMost(Duration.ofSeconds(90)).ignoreExceptionsInstanceOf(java.io.UncheckedIOException.class)
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the service exited at start: see target/" + logName + ".log");
                    }
                    return api.get("/actuator/health/readiness").status() == 200;
                });
        return service;
    }

    public int port() {
        return port;
    }

    public Api api() {
        return new Api(port);
    }

    /** kill -9: no shutdown hook, no goodbye. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM, and waits for the graceful stop. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            kill();
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
