package dev.jobpool.processpool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The service's own jar, extracted once for its workers. Run as {@code java -jar jobpool.jar}, the service's
 * classes sit in jars nested inside that jar, which only Spring Boot's launcher can read; the JVM's class-data
 * sharing and AOT cache read plain jars only, so such workers started without them, in 1.1–1.4 s on this
 * project's machine against about 0.2 s from the extracted layout. The first time a worker is needed, the jar is
 * extracted with Spring Boot's own tool ({@code -Djarmode=tools extract}, about 1.3 s of two cores) into the
 * class-data sharing directory, under a name that carries the jar's path, size and modification time; later
 * workers, and later runs of the same build, start from there.
 *
 * <p>Why not extract at the service's start: a service without process executors would pay 1.3 s of CPU and
 * 40 MB of disk for nothing. Why not keep the extraction private to one run: every run would then record its own
 * AOT cache too (25 MB, seconds of a worker's time), and leave both behind.
 */
final class ExtractedJar {

    /** What the extracted application jar is called; its manifest names the rest in {@code lib/}. */
    static final String APPLICATION_JAR = "jobpool.jar";

    private static final long TIMEOUT_SECONDS = 120;

    private ExtractedJar() {
    }

    /** Where this jar's extraction lives: named after the jar's path, size and modification time. */
    static Path directory(Path jar, Path classDataSharingDirectory) throws IOException {
        String stamp = jar.toAbsolutePath() + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis();
        String hash = UUID.nameUUIDFromBytes(stamp.getBytes(StandardCharsets.UTF_8)).toString().substring(0, 8);
        return classDataSharingDirectory.resolve("jobpool-app-" + hash);
    }

    /** The application jar of an extraction made earlier (by this run or another), if it is whole. */
    static Optional<Path> existing(Path jar, Path classDataSharingDirectory) {
        try {
            Path application = directory(jar, classDataSharingDirectory).resolve(APPLICATION_JAR);
            return Files.isRegularFile(application) ? Optional.of(application) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Extracts the jar into a directory of its own and moves it into place when whole, so that no worker ever
     * starts from half an extraction; when another service got there first, its extraction is used.
     *
     * @return the extracted application jar
     */
    static Path extract(Path jar, Path classDataSharingDirectory, String javaBinary, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path target = directory(jar, classDataSharingDirectory);
        Path partial = classDataSharingDirectory.resolve(target.getFileName() + ".extracting-" + UUID.randomUUID());
        try {
            ProcessBuilder builder = new ProcessBuilder(javaBinary, "-Djarmode=tools", "-jar", jar.toString(), "extract",
                    "--application-filename", APPLICATION_JAR, "--destination", partial.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process process = builder.start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException("the extraction took longer than " + TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0 || !Files.isRegularFile(partial.resolve(APPLICATION_JAR))) {
                throw new IOException("the extraction ended with exit code " + process.exitValue()
                        + " (is spring-boot-jarmode-tools packaged in the jar?)");
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                if (!Files.isRegularFile(target.resolve(APPLICATION_JAR))) {
                    throw e;
                }
                // another service extracted the same build meanwhile: the same files, already in place
            }
            return target.resolve(APPLICATION_JAR);
        } finally {
            deleteRecursively(partial);
        }
    }

    /**
     * Whether workers may start from what this directory holds: it exists (made now, readable by its owner
     * only, if it did not) and it belongs to this service's user with nobody else able to write in it. The
     * default is a folder in the shared temporary directory, where another local user could otherwise make it
     * first and leave jars or an AOT cache of theirs for the workers to run. Where the file system has no POSIX
     * permissions, it is trusted as configured.
     */
    static boolean isPrivate(Path directory) {
        try {
            if (!Files.isDirectory(directory)) {
                Path parent = directory.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                try {
                    if (Files.getFileAttributeView(parent, PosixFileAttributeView.class) != null) {
                        Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rwx------")));
                    } else {
                        Files.createDirectory(directory);
                    }
                } catch (FileAlreadyExistsException e) {
                    // made by another service meanwhile: checked below like any other
                }
            }
            PosixFileAttributeView view = Files.getFileAttributeView(directory, PosixFileAttributeView.class);
            if (view == null) {
                return Files.isDirectory(directory);
            }
            PosixFileAttributes attributes = view.readAttributes();
            // this service's user, as the file system names it (a container's user may have no name of its own)
            Path probe = Files.createTempFile(directory, ".owner-", "");
            java.nio.file.attribute.UserPrincipal self;
            try {
                self = Files.getOwner(probe);
            } finally {
                Files.deleteIfExists(probe);
            }
            return attributes.owner().equals(self)
                    && !attributes.permissions().contains(PosixFilePermission.GROUP_WRITE)
                    && !attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false;
        }
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> files = Files.walk(path)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // a partial extraction under a name no worker reads: the operator may delete it
        }
    }
}
