package dev.jobpool.processpool;

import dev.jobpool.processpool.protocol.Frame;
import dev.jobpool.processpool.protocol.FrameCodec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the workers' AOT cache in a worker of its own: it starts, runs one call, and is told bye, so that it
 * exits and the JVM writes the cache a second or two after the first worker was needed. Workers started after
 * that are ready in about a fifth of the time. It takes no executor's worker slot and runs no initializer (an
 * executor's initializer may have effects); its heap, the default, is not counted against
 * {@code max-total-heap} for those seconds.
 */
final class AotTraining {

    private static final Logger log = LoggerFactory.getLogger(AotTraining.class);

    /** How long the recording JVM may take to write the cache as it exits (about 1 s here, for 25 MB). */
    private static final Duration WRITE_GRACE = Duration.ofSeconds(60);

    private AotTraining() {
    }

    /** Starts the recording in the background; a failure only means workers go on starting without a cache. */
    static void start(WorkerCommand.Training training, Map<String, String> environment, Frame.Init init,
                      FrameCodec codec, Duration startTimeout) {
        Thread.ofVirtual().name("jobpool-aot-training").start(() -> {
            long began = System.nanoTime();
            WorkerProcess worker = null;
            try {
                worker = WorkerProcess.start("(AOT cache training)", training.command(), environment, init,
                        codec, startTimeout);
                // a call's path (binding, running, answering) is what every later worker goes through first;
                // "echo" is a built-in task, and a catalog without it answers with an exception, which runs
                // most of that path all the same
                worker.call(new Frame.Call("training", "echo", codec.json().readTree("{\"value\":1}")), progress -> {
                });
                worker.bye(WRITE_GRACE);
                if (!Files.isRegularFile(training.recording())) {
                    throw new IOException("the JVM wrote no cache (its stderr ended with: " + worker.stderrTail() + ")");
                }
                Files.move(training.recording(), training.cache(), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
                log.info("workers' AOT cache recorded in {} ms: {}", (System.nanoTime() - began) / 1_000_000,
                        training.cache());
            } catch (WorkerDied | InitializerFailed | IOException | RuntimeException e) {
                log.warn("recording the workers' AOT cache failed (workers start without it; another try in a"
                        + " minute): {}", e.getMessage());
            } finally {
                if (worker != null && worker.isAlive()) {
                    worker.kill("its training ended with an error");
                }
                try {
                    Files.deleteIfExists(training.recording());
                } catch (IOException e) {
                    // a stray partial file under a name no worker reads
                }
            }
        });
    }
}
