package dev.jobpool.processpool;

import dev.jobpool.executor.CallRunner;
import dev.jobpool.executor.ExecutorSpec;
import dev.jobpool.executor.ProcessRunners;
import dev.jobpool.processpool.protocol.FrameCodec;

import java.util.concurrent.ScheduledExecutorService;

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

    @Override
    public CallRunner runner(ExecutorSpec spec) {
        return new ProcessRunner(spec, command, settings, codec, taskSettings, scheduler);
    }
}
