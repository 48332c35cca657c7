package dev.jobpool.store;

import dev.jobpool.executor.ExecutorStore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Executors created through the API, in memory: one instance, gone with it. */
final class InMemoryExecutorStore implements ExecutorStore {

    /** Guarded by this; by name, in the order they were first created. */
    private final Map<String, Kept> kept = new LinkedHashMap<>();
    /** Guarded by this. */
    private final Map<String, Boolean> shutDown = new LinkedHashMap<>();

    @Override
    public synchronized void created(Kept executor) {
        kept.remove(executor.name()); // a name created again counts as new, as the database orders them
        kept.put(executor.name(), executor);
        shutDown.remove(executor.name());
    }

    @Override
    public synchronized void shutDown(String name) {
        if (kept.containsKey(name)) {
            shutDown.put(name, true);
        }
    }

    @Override
    public synchronized List<Kept> running() {
        return kept.values().stream().filter(k -> !shutDown.containsKey(k.name())).toList();
    }

    @Override
    public synchronized List<String> shutDown() {
        return List.copyOf(shutDown.keySet());
    }
}
