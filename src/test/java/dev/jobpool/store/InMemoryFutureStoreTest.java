package dev.jobpool.store;

import dev.jobpool.future.RetentionSettings;
import dev.jobpool.future.FutureStore;
import java.time.Clock;

class InMemoryFutureStoreTest extends FutureStoreContract {

    @Override
    protected FutureStore newStore(RetentionSettings settings, Clock clock) {
        return new InMemoryFutureStore(settings, clock);
    }
}
