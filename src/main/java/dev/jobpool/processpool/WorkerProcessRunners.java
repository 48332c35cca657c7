package dev.jobpool.processpool;

import dev.jobpool.executor.CallRunner;
import dev.jobpool.executor.ExecutorSpec;
import dev.jobpool.executor.WorkerOptions;
import dev.jobpool.executor.ProcessRunners;
import dev.jobpool.processpool.protocol.FrameCodec;
import dev.jobpool.task.ArgumentError;

import java.util.concurrent.ScheduledExecutorService;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Makes the runner of each process executor: one {@link ProcessRunner} of worker JVMs per executor. */
final class WorkerProcessRunners implements ProcessRunners {

    private final WorkerSettings settings;
    private final WorkerCommand command;
    private final FrameCodec codec;
    private final Map<String, Map<String, List<String>>> taskSettings;
    private final ScheduledExecutorService scheduler;

    /**
     * @param taskSettings what workers give their tasks (task → key → values), as the service's tasks read it
     * @param scheduler pings workers
     */
    WorkerProcessRunners(WorkerSettings settings, FrameCodec codec, Map<String, Map<String, List<String>>> taskSettings,
                          ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.command = new WorkerCommand(settings);
        this.codec = codec;
        this.taskSettings = taskSettings;
        this.scheduler = scheduler;
    }

    /** The smallest heap a worker JVM with the service's classes starts with, with room for a call. */
    private static final long MIN_HEAP_BYTES = 16L << 20;

    @Override
    public List<ArgumentError> check(WorkerOptions options) {
        List<ArgumentError> errors = new ArrayList<>();
        if (options.profile() != null && !settings.profiles().containsKey(options.profile())) {
            errors.add(new ArgumentError("profile", "no worker profile '" + options.profile() + "' is configured;"
                    + " there are " + String.join(", ", settings.profiles().keySet())));
        }
        Long heap = bytes(options.heap());
        if (heap != null && (heap < MIN_HEAP_BYTES || heap > settings.maxHeapBytes())) {
            errors.add(new ArgumentError("heap", "must be between 16m and " + (settings.maxHeapBytes() >> 20)
                    + "m (jobpool.process-pool.max-heap)"));
        }
        return errors;
    }

    @Override
    public long heapReserved(ExecutorSpec spec) {
        Long heap = bytes(spec.workers().heap());
        return (long) spec.maxWorkers() * (heap != null ? heap : settings.defaultHeapBytes());
    }

    @Override
    public long maxTotalHeap() {
        return settings.maxTotalHeapBytes();
    }

    /** A JVM size such as 256m in bytes; null if there is none or it is not one (the registry says so). */
    static Long bytes(String size) {
        if (size == null || !size.matches("[1-9][0-9]{0,12}[kKmMgG]?")) {
            return null;
        }
        char unit = Character.toLowerCase(size.charAt(size.length() - 1));
        int shift = switch (unit) {
            case 'k' -> 10;
            case 'm' -> 20;
            case 'g' -> 30;
            default -> 0;
        };
        String digits = shift == 0 ? size : size.substring(0, size.length() - 1);
        long value = Long.parseLong(digits);
        return value > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : value << shift;
    }

    @Override
    public CallRunner runner(ExecutorSpec spec) {
        return new ProcessRunner(spec, command, settings, codec, taskSettings, scheduler);
    }
}
