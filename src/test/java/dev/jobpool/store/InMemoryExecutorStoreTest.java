package dev.jobpool.store;

import dev.jobpool.executor.ExecutorStore;

/** The contract in memory. */
class InMemoryExecutorStoreTest extends ExecutorStoreContract {

    @Override
    protected ExecutorStore newStore() {
        return new InMemoryExecutorStore();
    }
}
