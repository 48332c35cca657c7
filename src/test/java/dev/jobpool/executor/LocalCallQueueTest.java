package dev.jobpool.executor;

import dev.jobpool.future.RetentionSettings;
import dev.jobpool.store.InMemoryFutureStore;

import java.time.Clock;
import java.time.Duration;

/** The contract for calls that wait in this instance's executors. */
class LocalCallQueueTest extends CallQueueContract {

    @Override
    protected Setup newQueue(ExecutorRegistry registry) {
        var store = new InMemoryFutureStore(new RetentionSettings(Duration.ofHours(1), 1_000, 1_000), Clock.systemUTC());
        return new Setup(new LocalCallQueue(store, registry), store);
    }
}
