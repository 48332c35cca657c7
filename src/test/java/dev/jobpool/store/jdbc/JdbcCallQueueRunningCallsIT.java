package dev.jobpool.store.jdbc;

import dev.jobpool.executor.CallQueueContract;
import dev.jobpool.executor.ExecutorRegistry;
import dev.jobpool.future.RetentionSettings;
import dev.jobpool.support.TestDatabase;

import java.time.Clock;
import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

/**
 * The contract again, for an instance that runs calls: it takes those it accepts while its executor has room,
 * so the calls the contract queues are partly this instance's and partly in the shared queue.
 */
class JdbcCallQueueRunningCallsIT extends CallQueueContract {

    @Override
    protected Setup newQueue(ExecutorRegistry registry) {
        TestDatabase database = TestDatabase.get();
        database.clear();
        JsonMapper json = JsonMapper.builder().build();
        var store = new JdbcFutureStore(database.dataSource(), json,
                new RetentionSettings(Duration.ofHours(1), 1_000, 1_000), Clock.systemUTC(), "runs-calls");
        return new Setup(new JdbcCallQueue(store, JdbcClient.create(database.dataSource()), json, registry,
                Duration.ofMillis(200), true), store);
    }
}
