package dev.jobpool.store.jdbc;

import dev.jobpool.executor.IdempotencyKeys;
import dev.jobpool.store.IdempotencyKeysContract;
import dev.jobpool.support.TestDatabase;

import java.time.Clock;
import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

/** The contract against a real PostgreSQL (see {@link TestDatabase}). */
class JdbcIdempotencyKeysIT extends IdempotencyKeysContract {

    @Override
    protected IdempotencyKeys newKeys(Duration retention, Clock clock) {
        TestDatabase database = TestDatabase.get();
        database.clear();
        return new JdbcIdempotencyKeys(JdbcClient.create(database.dataSource()), JsonMapper.builder().build(),
                retention, clock);
    }
}
