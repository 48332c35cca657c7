package dev.jobpool.executor.web;

import dev.jobpool.executor.ExecutorKind;
import dev.jobpool.executor.ExecutorRegistry;
import dev.jobpool.executor.ExecutorStore;
import dev.jobpool.executor.ProcessOptions;
import dev.jobpool.executor.Submissions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.JsonNode;

/**
 * Brings this instance's executors in line with the stored ones: creates those created through the API (at
 * start, or on another instance) and shuts down those shut down elsewhere. Executors from
 * {@code jobpool.executors.configured} win over stored ones of the same name.
 */
public final class StoredExecutors {

    private static final Logger log = LoggerFactory.getLogger(StoredExecutors.class);

    private final Submissions submissions;
    private final ExecutorRegistry registry;
    private final ExecutorStore store;

    StoredExecutors(Submissions submissions, ExecutorRegistry registry, ExecutorStore store) {
        this.submissions = submissions;
        this.registry = registry;
        this.store = store;
    }

    public synchronized void sync() {
        for (ExecutorStore.Kept kept : store.running()) {
            if (registry.all().stream().anyMatch(e -> e.name().equals(kept.name()) && !e.status().terminated())) {
                continue;
            }
            try {
                Map<String, JsonNode> kwargs = new LinkedHashMap<>();
                if (kept.initializerArguments() != null) {
                    kept.initializerArguments().properties().forEach(e -> kwargs.put(e.getKey(), e.getValue()));
                }
                var initializer = kept.initializerTask() == null ? null
                        : submissions.bind(kept.initializerTask(), List.of(), kwargs);
                registry.create(kept.name(), kept.kind(), kept.maxWorkers(), kept.queueCapacity(),
                        kept.kind() == ExecutorKind.PROCESS ? new ProcessOptions(kept.maxTasksPerChild(), initializer,
                                kept.heap(), kept.jvmFlags()) : null);
                log.info("created stored executor '{}'", kept.name());
            } catch (RuntimeException e) {
                log.error("stored executor '{}' could not be created: {}", kept.name(), e.getMessage());
            }
        }
        for (String name : store.shutDown()) {
            registry.all().stream().filter(e -> e.name().equals(name) && e.status().state()
                    == dev.jobpool.executor.ExecutorState.RUNNING).forEach(e -> e.shutdown(false));
        }
    }
}
