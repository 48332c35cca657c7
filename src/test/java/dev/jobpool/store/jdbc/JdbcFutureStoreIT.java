package dev.jobpool.store.jdbc;

import dev.jobpool.future.FutureStore;
import dev.jobpool.store.FutureStoreContract;
import dev.jobpool.future.RetentionSettings;
import dev.jobpool.support.TestDatabase;

import java.time.Clock;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

/** The store contract against a real PostgreSQL (see {@link TestDatabase}). */
class JdbcFutureStoreIT extends FutureStoreContract {

    @Override
    protected FutureStore newStore(RetentionSettings settings, Clock clock) {
        TestDatabase database = TestDatabase.get();
        database.clear();
        return new JdbcFutureStore(database.dataSource(), JsonMapper.builder().build(), settings,
                clock, "test");
    }
}
