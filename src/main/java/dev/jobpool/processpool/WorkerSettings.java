package dev.jobpool.processpool;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 * @param taskClasses the classes of the service's tasks, which workers offer too
 * @param profiles the JVM flags an executor may pick by name, {@link #DEFAULT_PROFILE} among them
 * @param maxHeapBytes the largest heap an executor may give its workers
 * @param defaultHeapBytes the heap of workers whose executor names none (never the JVM's own default, a
 *                         quarter of the machine's memory per worker)
 * @param maxTotalHeapBytes what all process executors' workers may reserve together
 * @param environment names of the service's environment variables that workers get besides
 *                    {@link #BASE_ENVIRONMENT}; workers get no other (no datasource password, no cloud keys)
 */
record WorkerSettings(Duration startTimeout, Duration pingInterval, Duration pingTimeout, Duration byeGrace,
                      int crashLoopLimit, List<String> defaultJvmFlags, Path classDataSharingDirectory,
                      List<String> taskClasses, Map<String, List<String>> profiles, long maxHeapBytes,
                      long defaultHeapBytes, long maxTotalHeapBytes,
                      List<String> environment) {

    /** The profile of an executor that names none: no flags beyond the defaults. */
    static final String DEFAULT_PROFILE = "default";

    /** What a JVM needs to start and behave as the service does. */
    static final List<String> BASE_ENVIRONMENT = List.of("PATH", "JAVA_HOME", "LANG", "LC_ALL", "TZ");

    WorkerSettings {
        taskClasses = List.copyOf(taskClasses);
        profiles = Map.copyOf(profiles);
        environment = List.copyOf(environment);
    }
}
