package dev.jobpool.processpool;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The workers' class archive is named after what the classpath holds, not only after its paths. */
class WorkerCommandTest {

    @TempDir
    Path directory;

    @Test
    void aJarRebuiltAtTheSamePathGivesTheWorkersANewArchiveWhereTheJvmWouldMapTheStaleOne() throws IOException {
        // the extracted layout: an application jar whose manifest names its dependencies in lib/
        Path dependency = directory.resolve("lib/dependency.jar");
        Files.createDirectories(dependency.getParent());
        jar(dependency, null, "one");
        Path application = directory.resolve("app.jar");
        jar(application, "lib/dependency.jar", "one");
        String classpath = application.toString();
        Path before = command(classpath).archive("aot");

        assertThat(command(classpath).archive("aot")).as("the same jars: the same archive").isEqualTo(before);

        jar(dependency, null, "two, a rebuilt dependency");
        Files.setLastModifiedTime(dependency, FileTime.from(Instant.now().plusSeconds(5)));
        Path afterDependency = command(classpath).archive("aot");
        assertThat(afterDependency).isNotEqualTo(before);

        jar(application, "lib/dependency.jar", "two, a rebuilt application jar");
        Files.setLastModifiedTime(application, FileTime.from(Instant.now().plusSeconds(10)));
        assertThat(command(classpath).archive("aot")).isNotEqualTo(afterDependency).isNotEqualTo(before);
        assertThat(command(classpath).archive("aot").getParent()).isEqualTo(directory.resolve("cds"));
    }

    @Test
    void aTrainingIsDueOnceAMinuteUntilTheCacheExistsAndClearsRecordingsNobodyFinished() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 25, "AOT caches need JDK 25");
        Path application = directory.resolve("app.jar");
        jar(application, null, "one");
        WorkerCommand command = command(application.toString());
        Path cds = directory.resolve("cds");
        Files.createDirectories(cds);
        Path abandoned = cds.resolve("jobpool-worker-0badcafe.aot.recording-1");
        Path recent = cds.resolve("jobpool-worker-0badcafe.aot.recording-2");
        Path otherFile = cds.resolve("notes.txt");
        for (Path file : List.of(abandoned, recent, otherFile)) {
            Files.writeString(file, "x");
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        }
        Files.setLastModifiedTime(recent, FileTime.from(Instant.now().minusSeconds(30)));

        WorkerCommand.Training training = command.trainingCommand().orElseThrow();

        assertThat(training.cache()).isEqualTo(command.archive("aot"));
        assertThat(training.recording().getParent()).isEqualTo(cds);
        assertThat(training.command()).contains("-XX:AOTCacheOutput=" + training.recording())
                .noneMatch(argument -> argument.startsWith("-XX:AOTCache="));
        assertThat(abandoned).doesNotExist();
        assertThat(recent).exists();
        assertThat(otherFile).exists();
        assertThat(command.trainingCommand()).as("one at a time: the next in a minute").isEmpty();
        assertThat(command.command(dev.jobpool.executor.WorkerOptions.NONE)).as("no cache yet: none named")
                .noneMatch(argument -> argument.startsWith("-XX:AOTCache"));

        Files.writeString(training.cache(), "the cache");
        assertThat(command.command(dev.jobpool.executor.WorkerOptions.NONE)).contains("-XX:AOTCache=" + training.cache());
        assertThat(command(application.toString()).trainingCommand()).as("a cache exists: no training").isEmpty();
    }

    @Test
    void aDirectoryOthersCanWriteToIsNotUsedForArchivesAndAMissingOneIsMadePrivate() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(Runtime.version().feature() >= 25, "AOT caches need JDK 25");
        org.junit.jupiter.api.Assumptions.assumeTrue(directory.getFileSystem().supportedFileAttributeViews()
                .contains("posix"), "permissions need a POSIX file system");
        Path application = directory.resolve("app.jar");
        jar(application, null, "one");
        Path cds = directory.resolve("cds");

        WorkerCommand made = command(application.toString());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(cds)))
                .isEqualTo("rwx------");
        Files.writeString(made.archive("aot"), "a cache");
        assertThat(made.command(dev.jobpool.executor.WorkerOptions.NONE)).contains("-XX:AOTCache=" + made.archive("aot"));

        Files.setPosixFilePermissions(cds, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));
        WorkerCommand shared = command(application.toString());
        assertThat(shared.command(dev.jobpool.executor.WorkerOptions.NONE)).as("a cache others could have left")
                .noneMatch(argument -> argument.startsWith("-XX:AOTCache"));
        assertThat(shared.trainingCommand()).isEmpty();
        assertThat(ExtractedJar.isPrivate(cds)).isFalse();
    }

    private WorkerCommand command(String classpath) {
        WorkerSettings settings = new WorkerSettings(Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofSeconds(5), 3, List.of(), directory.resolve("cds"), List.of(), Map.of(), 1L << 30,
                256L << 20, 4L << 30, List.of());
        return new WorkerCommand(settings, classpath);
    }

    private static void jar(Path path, String classPath, String content) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        try (OutputStream file = Files.newOutputStream(path); JarOutputStream jar = new JarOutputStream(file, manifest)) {
            jar.putNextEntry(new ZipEntry("content.txt"));
            jar.write(content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
