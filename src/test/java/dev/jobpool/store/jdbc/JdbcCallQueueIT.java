package dev.jobpool.store.jdbc;

import dev.jobpool.executor.CallQueueContract;
import dev.jobpool.executor.ExecutorRegistry;
import dev.jobpool.future.RetentionSettings;
import dev.jobpool.support.TestDatabase;

import java.time.Clock;
import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

/** The contract for the queue that instances share, against a real PostgreSQL; no instance claims here. */
class JdbcCallQueueIT extends CallQueueContract {

    @Override
    protected Setup newQueue(ExecutorRegistry registry) {
        TestDatabase database = TestDatabase.get();
        database.clear();
        JdbcClient jdbc = JdbcClient.create(database.dataSource());
        JsonMapper json = JsonMapper.builder().build();
        var store = new JdbcFutureStore(jdbc, json, new RetentionSettings(Duration.ofHours(1), 1_000, 1_000),
                Clock.systemUTC(), "contract");
        return new Setup(new JdbcCallQueue(store, jdbc, json, registry, Duration.ofMillis(200)), store);
    }
}
