package dev.jobpool.executor;

import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * Where executors created through the API are kept, so that a durable Jobpool has them again after a restart
 * and every instance over one database has the same ones. In memory they live as long as the service.
 */
public interface ExecutorStore {

    /** An executor as kept: its spec without the bound initializer, which is kept as {@code task} + kwargs. */
    record Kept(String name, ExecutorKind kind, int maxWorkers, int queueCapacity, Integer maxTasksPerChild,
                String heap, String profile, String initializerTask, JsonNode initializerArguments) {
    }

    /** Keeps a new executor, replacing a terminated one of the same name. */
    void created(Kept executor);

    /** Remembers that the executor was shut down: it is not created again at the next start. */
    void shutDown(String name);

    /** The executors to create again at start, oldest first. */
    List<Kept> running();

    /** Names of the executors that were shut down (on any instance sharing the store). */
    List<String> shutDown();
}
