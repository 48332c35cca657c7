package dev.jobpool.store;

import dev.jobpool.executor.ExecutorKind;
import dev.jobpool.executor.ExecutorStore;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link ExecutorStore} must do; each adapter's test says how to make one. */
public abstract class ExecutorStoreContract {

    private ExecutorStore store;

    /** A store that keeps no executor yet. */
    protected abstract ExecutorStore newStore();

    @BeforeEach
    void createStore() {
        store = newStore();
    }

    private static ExecutorStore.Kept thread(String name, int workers) {
        return new ExecutorStore.Kept(name, ExecutorKind.THREAD, workers, 10, null, null, null, null, null);
    }

    @Test
    void keptExecutorsComeBackAsTheyWereOldestFirst() {
        var processes = new ExecutorStore.Kept("crunch", ExecutorKind.PROCESS, 2, 5, 100, "256m",
                "small", "echo", JsonMapper.builder().build().readTree("{\"value\":1}"));
        store.created(thread("a", 3));
        store.created(processes);
        assertThat(store.running()).containsExactly(thread("a", 3), processes);
        assertThat(store.shutDown()).isEmpty();
    }

    @Test
    void aShutDownExecutorIsNotCreatedAgainAndIsNamedAsShutDown() {
        store.created(thread("a", 1));
        store.created(thread("b", 1));
        store.shutDown("a");
        assertThat(store.running()).extracting(ExecutorStore.Kept::name).containsExactly("b");
        assertThat(store.shutDown()).containsExactly("a");
    }

    @Test
    void aNameCreatedAgainReplacesTheOldOneAndRunsAgain() {
        store.created(thread("a", 1));
        store.created(thread("b", 1));
        store.shutDown("a");
        store.created(thread("a", 4));
        assertThat(store.running()).containsExactly(thread("b", 1), thread("a", 4));
        assertThat(store.shutDown()).isEmpty();
    }

    @Test
    void shuttingDownAnUnknownNameKeepsNothing() {
        store.shutDown("nobody");
        assertThat(store.running()).isEmpty();
    }
}
