package dev.jobpool.executor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Executors that clients create and shut down through the API, kept in the {@link ExecutorStore} so that every
 * instance (and the next start) has them too. {@link #sync} brings this instance in line with the store: creates
 * those created elsewhere and shuts down those shut down elsewhere. Executors from
 * {@code jobpool.executors.configured} win over stored ones of the same name.
 */
public final class StoredExecutors {

    private static final Logger log = LoggerFactory.getLogger(StoredExecutors.class);

    private final Submissions submissions;
    private final ExecutorRegistry registry;
    private final ExecutorStore store;
    private final JsonMapper json;

    StoredExecutors(Submissions submissions, ExecutorRegistry registry, ExecutorStore store, JsonMapper json) {
        this.submissions = submissions;
        this.registry = registry;
        this.store = store;
        this.json = json;
    }

    /** Creates an executor and keeps it. */
    public Executor create(ExecutorRequest request) {
        Executor executor = registry.create(request);
        ExecutorSpec spec = executor.spec();
        var initializer = spec.workers().initializer();
        store.created(new ExecutorStore.Kept(spec.name(), spec.kind(), spec.maxWorkers(), spec.queueCapacity(),
                spec.workers().maxTasksPerChild(), spec.workers().heap(), spec.workers().profile(),
                initializer == null ? null : initializer.task().name(),
                initializer == null ? null : json.valueToTree(initializer.args())));
        return executor;
    }

    /** Remembers that a client shut {@code name} down, so that no instance creates it again. */
    public void shutDown(String name) {
        store.shutDown(name);
    }

    public synchronized void sync() {
        for (ExecutorStore.Kept kept : store.running()) {
            if (registry.find(kept.name()).filter(e -> !e.status().terminated()).isPresent()) {
                continue;
            }
            try {
                Map<String, JsonNode> kwargs = new LinkedHashMap<>();
                if (kept.initializerArguments() != null) {
                    kept.initializerArguments().properties().forEach(e -> kwargs.put(e.getKey(), e.getValue()));
                }
                var initializer = kept.initializerTask() == null ? null
                        : submissions.bind(kept.initializerTask(), List.of(), kwargs);
                registry.create(new ExecutorRequest(kept.name(), kept.kind(), kept.maxWorkers(), kept.queueCapacity(),
                        kept.maxTasksPerChild(), initializer, kept.heap(), kept.profile()));
                log.info("created stored executor '{}'", kept.name());
            } catch (RuntimeException e) {
                log.error("stored executor '{}' could not be created: {}", kept.name(), e.getMessage());
            }
        }
        for (String name : store.shutDown()) {
            registry.find(name).filter(e -> e.status().state() == ExecutorState.RUNNING)
                    .ifPresent(e -> e.shutdown(false));
        }
    }
}
