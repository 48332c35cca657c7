package dev.jobpool.store;

import java.time.Clock;

class InMemoryFutureStoreTest extends FutureStoreContract {

    @Override
    protected FutureStore newStore(RetentionSettings settings, Clock clock) {
        return new InMemoryFutureStore(settings, clock);
    }
}
