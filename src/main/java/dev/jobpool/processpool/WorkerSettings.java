package dev.jobpool.processpool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How every process executor runs and watches its workers ({@code jobpool.process-pool.*}).
 *
 * @param startTimeout a worker that has not said hello and finished its initializer by then is killed
 * @param pingInterval how often the parent pings each worker
 * @param pingTimeout a worker silent for this long (no pong, no frame) is killed and replaced
 * @param byeGrace how long a worker told bye may take to exit before it is killed
 * @param crashLoopLimit a task that crashes its worker this many times in a row is not run again on that
 *                       executor; workers that fail to start this many times in a row break the executor
 * @param defaultJvmFlags flags for every worker JVM, before the executor's own
 * @param classDataSharingDirectory where workers keep their class-data sharing archive; null for none
 * @param testTasks whether workers offer the test-only tasks
 */
record WorkerSettings(Duration startTimeout, Duration pingInterval, Duration pingTimeout, Duration byeGrace,
                             int crashLoopLimit, List<String> defaultJvmFlags, Path classDataSharingDirectory,
                             boolean testTasks) {
}
