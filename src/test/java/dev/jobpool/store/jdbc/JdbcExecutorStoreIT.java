package dev.jobpool.store.jdbc;

import dev.jobpool.executor.ExecutorStore;
import dev.jobpool.store.ExecutorStoreContract;
import dev.jobpool.support.TestDatabase;

import java.time.Clock;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

/** The contract against a real PostgreSQL (see {@link TestDatabase}). */
class JdbcExecutorStoreIT extends ExecutorStoreContract {

    @Override
    protected ExecutorStore newStore() {
        TestDatabase database = TestDatabase.get();
        database.clear();
        return new JdbcExecutorStore(JdbcClient.create(database.dataSource()), JsonMapper.builder().build(),
                Clock.systemUTC());
    }
}
