package dev.jobpool.processpool;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * sharing and AOT cache read plain jars only, so such workers started without them, in 1.1–1.6 s on this
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

    /** The file that names the jar an extraction was made from. */
    private static final String SOURCE = "source";

    /** The file that services using an extraction hold a shared lock on, for as long as they run. */
    private static final String IN_USE = ".in-use";

    private static final long TIMEOUT_SECONDS = 120;

    private final Path directory;
    /** Open for as long as the service runs: closing it (or the process ending) releases the lock. */
    @SuppressWarnings({"unused", "FieldCanBeLocal"})
    private final java.nio.channels.FileChannel held;

    private ExtractedJar(Path directory, java.nio.channels.FileChannel held) {
        this.directory = directory;
        this.held = held;
    }

    /** The extracted application jar: the workers' classpath. */
    Path application() {
        return directory.resolve(APPLICATION_JAR);
    }

    /** The extraction's own directory, where its workers' AOT cache lives too (and goes with it). */
    Path directory() {
        return directory;
    }

    /** Where this jar's extraction lives: named after the jar's path, size and modification time. */
    static Path directory(Path jar, Path classDataSharingDirectory) throws IOException {
        String stamp = jar.toAbsolutePath() + "|" + Files.size(jar) + "|" + Files.getLastModifiedTime(jar).toMillis();
        String hash = UUID.nameUUIDFromBytes(stamp.getBytes(StandardCharsets.UTF_8)).toString().substring(0, 8);
        return classDataSharingDirectory.resolve("jobpool-app-" + hash);
    }

    /** An extraction made earlier (by this run or another) if there is a whole one, now held by this service. */
    static Optional<ExtractedJar> existing(Path jar, Path classDataSharingDirectory) {
        try {
            Path directory = directory(jar, classDataSharingDirectory);
            if (!Files.isRegularFile(directory.resolve(APPLICATION_JAR))) {
                return Optional.empty();
            }
            ExtractedJar extracted = hold(directory);
            // held now; a newer build's clean-up that got there first has deleted it
            return Files.isRegularFile(extracted.application()) ? Optional.of(extracted) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Extracts the jar into a directory of its own and moves it into place when whole, so that no worker ever
     * starts from half an extraction; when another service got there first, its extraction is used. Then
     * deletes the extractions of earlier builds of the same jar (at the same path) that no running service
     * holds, with their AOT caches: a developer rebuilding all day would otherwise leave 65 MB a build behind.
     */
    static ExtractedJar extract(Path jar, Path classDataSharingDirectory, String javaBinary,
                                Map<String, String> environment) throws IOException, InterruptedException {
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
            Files.writeString(partial.resolve(SOURCE), jar.toAbsolutePath().toString());
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException | AtomicMoveNotSupportedException e) {
                if (!Files.isRegularFile(target.resolve(APPLICATION_JAR))) {
                    throw e;
                }
                // another service extracted the same build meanwhile: the same files, already in place
            }
        } finally {
            deleteRecursively(partial);
        }
        ExtractedJar extracted = hold(target);
        removeUnheld(jar.toAbsolutePath().toString(), classDataSharingDirectory, target);
        return extracted;
    }

    private static ExtractedJar hold(Path directory) throws IOException {
        java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(directory.resolve(IN_USE),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE);
        try {
            channel.lock(0, Long.MAX_VALUE, true);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new ExtractedJar(directory, channel);
    }

    /**
     * Deletes the other extractions of the jar at {@code source} that no service holds (an exclusive lock is
     * granted only then), and extractions that never finished an hour after they began.
     */
    private static void removeUnheld(String source, Path classDataSharingDirectory, Path keep) {
        long hourAgo = System.currentTimeMillis() - TimeUnit.HOURS.toMillis(1);
        try (Stream<Path> entries = Files.list(classDataSharingDirectory)) {
            for (Path entry : entries.filter(path -> path.getFileName().toString().startsWith("jobpool-app-")
                    && !path.equals(keep)).toList()) {
                if (entry.getFileName().toString().contains(".extracting-")) {
                    if (Files.getLastModifiedTime(entry).toMillis() < hourAgo) {
                        deleteRecursively(entry);
                    }
                } else if (Files.isRegularFile(entry.resolve(SOURCE))
                        && Files.readString(entry.resolve(SOURCE)).equals(source)) {
                    removeIfUnheld(entry);
                }
            }
        } catch (IOException e) {
            // nothing to clean, or not ours to: the operator may delete old builds' extractions
        }
    }

    private static void removeIfUnheld(Path extraction) throws IOException {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(extraction.resolve(IN_USE),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.channels.FileLock lock = channel.tryLock();
            if (lock != null) {
                // the jar first: a service that finds it afterwards takes the extraction for a partial one
                Files.deleteIfExists(extraction.resolve(APPLICATION_JAR));
                deleteRecursively(extraction);
            }
        } catch (java.nio.channels.OverlappingFileLockException e) {
            // held by this very JVM
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
            boolean posix = directory.getFileSystem().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory.toAbsolutePath().getParent());
                try {
                    if (posix) {
                        Files.createDirectory(directory, PosixFilePermissions.asFileAttribute(
                                PosixFilePermissions.fromString("rwx------")));
                    } else {
                        Files.createDirectory(directory);
                    }
                } catch (FileAlreadyExistsException e) {
                    // made by another service meanwhile: checked below like any other
                }
            }
            if (!posix) {
                return Files.isDirectory(directory);
            }
            PosixFileAttributes attributes = Files.readAttributes(directory, PosixFileAttributes.class);
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
