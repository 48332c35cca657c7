package dev.jobpool.processpool;

import dev.jobpool.executor.WorkerOptions;
import dev.jobpool.processpool.worker.WorkerMain;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The command line of a worker JVM: this service's own java and classpath, so that workers load exactly the
 * tasks the service has.
 *
 * <p>Workers start from an archive of what an earlier worker loaded, so that they skip most class loading:
 * on JDK 25+ an AOT cache (JEP 483/514: classes loaded and linked, and method profiles), written by a short
 * training worker the first time a worker is needed ({@code -XX:AOTCacheOutput}, see {@link #trainingCommand})
 * and used by every worker started after it ({@code -XX:AOTCache}); on JDK 21–24 a dynamic class-data sharing
 * archive ({@code -XX:+AutoCreateSharedArchive}). Measured here on 2 cores: a worker is ready in about 200 ms
 * with the AOT cache, 380 ms with the CDS archive and 1 s without.
 * The file's name carries a hash of the JVM, the classpath and the size and modification time of every jar
 * on it (those its manifests name among them), so a new build never uses a stale one: the JVM itself (25.0.3)
 * maps an AOT cache whose jars have changed under the same paths, and workers then ran the old build's
 * classes. A missing or unusable file only costs speed. Neither works for classpaths with directories (a build's
 * {@code target/classes}), nor for classes loaded through Spring Boot's nested-jar launcher: a service run as
 * {@code java -jar jobpool.jar} has its jar extracted for its workers ({@link ExtractedJar}) the first time it
 * needs one, and workers start from there once it is done.
 */
final class WorkerCommand {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WorkerCommand.class);

    private static final String SPRING_BOOT_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private final WorkerSettings settings;
    private final String javaBinary;
    /** Where workers may keep archives and the extracted jar: the configured directory if it is private, else null. */
    private final Path classDataSharingDirectory;
    /** The classpath workers start from: the service's own, until its jar has been extracted for them. */
    private volatile Launch launch;
    /** Whether the service's jar was given to {@link ExtractedJar} to extract (once a run). */
    private final java.util.concurrent.atomic.AtomicBoolean extractionBegun = new java.util.concurrent.atomic.AtomicBoolean();
    /**
     * When the worker that records the AOT cache was started (0: none yet). One at a time; if it ended without
     * writing it (crashed, killed), another tries a minute later.
     */
    private final java.util.concurrent.atomic.AtomicLong trainingSince = new java.util.concurrent.atomic.AtomicLong();

    /**
     * A classpath workers start from.
     *
     * @param fatJar the service's jar as {@code java -jar} runs it: its classes are nested, so workers start
     *               through Spring Boot's launcher and without an archive
     * @param archiveKey what the workers' archive is named after (the JVM, the classpath and what its jars
     *                   hold); null for none
     * @param extraction the service's jar extracted for its workers, which this launch holds (and with it the
     *                   lock that keeps other services from cleaning it away); null for the service's own classpath
     */
    private record Launch(String classpath, boolean fatJar, String archiveKey, ExtractedJar extraction) {
        boolean classDataSharing() {
            return archiveKey != null;
        }
    }

    WorkerCommand(WorkerSettings settings) {
        this(settings, System.getProperty("java.class.path"));
    }

    WorkerCommand(WorkerSettings settings, String classpath) {
        this.settings = settings;
        this.javaBinary = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path directory = settings.classDataSharingDirectory();
        if (directory != null && !ExtractedJar.isPrivate(directory)) {
            log.warn("workers start without class-data sharing: {} could not be made, or is not this user's alone"
                    + " (another user could leave classes there for workers to run); configure jobpool.process-pool."
                    + "class-data-sharing-directory", directory);
            directory = null;
        }
        this.classDataSharingDirectory = directory;
        // run as "java -jar jobpool.jar", the classes sit inside the jar's BOOT-INF: start through Boot's launcher
        boolean fatJar = !classpath.contains(File.pathSeparator) && classpath.endsWith(".jar")
                && WorkerMain.class.getProtectionDomain().getCodeSource() != null
                && String.valueOf(WorkerMain.class.getProtectionDomain().getCodeSource().getLocation()).contains("!");
        ExtractedJar earlier = fatJar && directory != null ? ExtractedJar.existing(Path.of(classpath), directory)
                .orElse(null) : null;
        this.launch = earlier != null ? launch(earlier) : launch(classpath, fatJar, null);
    }

    private Launch launch(String classpath, boolean fatJar, ExtractedJar extraction) {
        String stamps = classDataSharingDirectory == null || fatJar ? null : jarStamps(classpath);
        return new Launch(classpath, fatJar, stamps == null ? null
                : classpath + "|" + javaBinary + "|" + Runtime.version() + "|" + stamps, extraction);
    }

    private Launch launch(ExtractedJar extraction) {
        return launch(extraction.application().toString(), false, extraction);
    }

    /**
     * Each jar of the classpath, and each its manifest's {@code Class-Path} names (the extracted layout puts the
     * dependencies there), with its size and modification time: a rebuilt jar at the same path changes this.
     * Null when the classpath holds a directory (a build's {@code target/classes}, or one a manifest-only jar of
     * a test runner names) or a jar that cannot be read: the JVM archives classes from jars only, and with a
     * directory the dump fails at every worker's exit, so such workers go without.
     */
    private static String jarStamps(String classpath) {
        StringBuilder stamps = new StringBuilder();
        java.util.Set<Path> seen = new java.util.HashSet<>();
        java.util.ArrayDeque<Path> jars = new java.util.ArrayDeque<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            jars.add(Path.of(entry).toAbsolutePath());
        }
        while (!jars.isEmpty()) {
            Path jar = jars.poll();
            if (Files.isDirectory(jar)) {
                return null;
            }
            if (!seen.add(jar) || !Files.isRegularFile(jar)) {
                continue; // a path that names nothing adds no classes
            }
            try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
                stamps.append(jar).append(':').append(Files.size(jar)).append(':')
                        .append(Files.getLastModifiedTime(jar).toMillis()).append(';');
                java.util.jar.Manifest manifest = file.getManifest();
                String referenced = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
                if (referenced != null && !referenced.isBlank()) {
                    for (String name : referenced.trim().split("\\s+")) {
                        jars.add(jar.resolveSibling(name).normalize()); // a directory ends with "/"
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                return null;
            }
        }
        return stamps.toString();
    }

    List<String> command(WorkerOptions options) {
        Launch current = launch;
        return command(current, options, current.classDataSharing() ? archiveFlags(current) : List.of());
    }

    /**
     * The command of a worker that records the AOT cache, when one is due: JDK 25+, no cache yet, and no other
     * recording begun within the minute. It is a worker of its own rather than an executor's first: the JVM
     * writes the cache only as it exits, so an executor's worker would leave it unwritten for as long as it
     * lives (hours), and it would pay for the recording and, at its pool's shutdown, for the writing.
     */
    java.util.Optional<Training> trainingCommand() {
        Launch current = launch;
        if (!current.classDataSharing() || Runtime.version().feature() < 25) {
            return java.util.Optional.empty();
        }
        Path cache = archive(current, "aot");
        if (Files.isRegularFile(cache)) {
            return java.util.Optional.empty();
        }
        long since = trainingSince.get();
        long now = System.nanoTime();
        boolean due = (since == 0 || now - since > java.util.concurrent.TimeUnit.MINUTES.toNanos(1))
                && trainingSince.compareAndSet(since, now);
        if (!due) {
            return java.util.Optional.empty();
        }
        // written under another name and moved into place when whole: a worker must never map half a file
        Path recording = cache.resolveSibling(cache.getFileName() + ".recording-" + UUID.randomUUID());
        removeAbandonedRecordings(cache.getParent());
        return java.util.Optional.of(new Training(command(current, WorkerOptions.NONE,
                List.of("-XX:AOTCacheOutput=" + recording)), recording, cache));
    }

    /**
     * Deletes recordings that no training finished: a service stopped while its training worker ran leaves the
     * file the JVM wrote on its way out (25 MB here) under a name no worker reads. A recording takes seconds; one
     * older than an hour is nobody's.
     */
    private static void removeAbandonedRecordings(Path directory) {
        long hourAgo = System.currentTimeMillis() - java.util.concurrent.TimeUnit.HOURS.toMillis(1);
        try (java.util.stream.Stream<Path> files = Files.list(directory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches("jobpool-worker-.*\\.recording-.*"))
                    .toList()) {
                try {
                    if (Files.getLastModifiedTime(file).toMillis() < hourAgo) {
                        Files.deleteIfExists(file);
                    }
                } catch (java.io.IOException e) {
                    // another service's cleaning got there first, or it is not ours to delete
                }
            }
        } catch (java.io.IOException e) {
            // no directory to clean: the training will say so when the JVM cannot write there
        }
    }

    /**
     * A worker that records the AOT cache.
     *
     * @param recording where its JVM writes the cache as it exits
     * @param cache where workers look for it, once it is whole
     */
    record Training(List<String> command, Path recording, Path cache) {
    }

    /**
     * Readies what later workers start from, as a worker is about to start: hands {@code train} the training
     * that is due ({@link #trainingCommand}), now or, when the service runs from its jar, once the jar has been
     * extracted for the workers.
     */
    void prepare(java.util.function.Consumer<Training> train) {
        Launch current = launch;
        if (current.fatJar()) {
            extractOnce(current, train);
        } else {
            trainingCommand().ifPresent(train);
        }
    }

    /**
     * Has {@link ExtractedJar} extract the service's jar in the background, once: the workers started meanwhile
     * start from the jar as before; once it is done, the next ones start from the extraction, and the cache is
     * recorded for them at once. A failure leaves workers starting from the jar.
     */
    private void extractOnce(Launch fat, java.util.function.Consumer<Training> train) {
        if (classDataSharingDirectory == null || !extractionBegun.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("jobpool-jar-extraction").start(() -> {
            long began = System.nanoTime();
            try {
                ExtractedJar extraction = ExtractedJar.extract(Path.of(fat.classpath()), classDataSharingDirectory,
                        javaBinary, environment());
                launch = launch(extraction);
                log.info("workers start from the service's jar extracted in {} ms: {}",
                        (System.nanoTime() - began) / 1_000_000, extraction.directory());
                trainingCommand().ifPresent(train);
            } catch (java.io.IOException | RuntimeException e) {
                // not tried again in this run: what fails here (no jarmode tools in the jar, a full disk) stays
                log.warn("extracting the service's jar for its workers failed (until the service restarts they"
                        + " start from the jar, without class-data sharing): {}", e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private List<String> command(Launch launch, WorkerOptions options, List<String> archiveFlags) {
        List<String> command = new ArrayList<>();
        command.add(javaBinary);
        // stdout carries frames only: everything the JVM itself prints (warnings, "Terminating due to
        // java.lang.OutOfMemoryError", CDS notes) must go to stderr
        command.add("-XX:+DisplayVMOutputToStderr");
        command.add("-Xlog:disable");
        command.add("-Xlog:all=warning:stderr");
        command.addAll(archiveFlags);
        command.add("-XX:+ExitOnOutOfMemoryError"); // a worker out of memory is in no state to go on: end it
        command.addAll(settings.defaultJvmFlags());
        // checked: a JVM size within jobpool.process-pool.max-heap; else the configured default, never the JVM's
        command.add(options.heap() != null ? "-Xmx" + options.heap() : "-Xmx" + (settings.defaultHeapBytes() >> 10) + "k");
        // flags the operator configured under a name; nothing a request sends reaches this line but the name
        command.addAll(settings.profiles().getOrDefault(
                options.profile() == null ? WorkerSettings.DEFAULT_PROFILE : options.profile(), List.of()));
        command.add("-cp");
        command.add(launch.classpath());
        if (launch.fatJar()) {
            command.add("-Dloader.main=" + WorkerMain.class.getName());
            command.add(SPRING_BOOT_LAUNCHER);
        } else {
            command.add(WorkerMain.class.getName());
        }
        return command;
    }

    /**
     * A worker's environment: {@link WorkerSettings#BASE_ENVIRONMENT} and the names the operator added, from the
     * service's own; nothing else, so that no secret of the service (a datasource password, cloud credentials,
     * JAVA_TOOL_OPTIONS) reaches code that runs in a worker.
     */
    Map<String, String> environment() {
        Map<String, String> environment = new TreeMap<>();
        for (String name : java.util.stream.Stream.concat(WorkerSettings.BASE_ENVIRONMENT.stream(),
                settings.environment().stream()).toList()) {
            String value = System.getenv(name);
            if (value != null) {
                environment.put(name, value);
            }
        }
        return environment;
    }

    private List<String> archiveFlags(Launch launch) {
        if (Runtime.version().feature() < 25) {
            return List.of("-XX:+AutoCreateSharedArchive", "-XX:SharedArchiveFile=" + archive(launch, "jsa"));
        }
        Path cache = archive(launch, "aot");
        return Files.isRegularFile(cache) ? List.of("-XX:AOTCache=" + cache) : List.of(); // see trainingCommand
    }

    /** The archive file of the workers of the classpath they start from now. */
    Path archive(String extension) {
        return archive(launch, extension);
    }

    private Path archive(Launch launch, String extension) {
        String hash = UUID.nameUUIDFromBytes(launch.archiveKey().getBytes(StandardCharsets.UTF_8)).toString()
                .substring(0, 8);
        // an extraction's cache lives in its folder, so that it goes when an old build's extraction is cleaned away
        Path directory = launch.extraction() != null ? launch.extraction().directory() : classDataSharingDirectory;
        return directory.resolve("jobpool-worker-" + hash + "." + extension);
    }
}
