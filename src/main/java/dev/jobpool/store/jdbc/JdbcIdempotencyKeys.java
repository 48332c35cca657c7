package dev.jobpool.store.jdbc;

import dev.jobpool.executor.IdempotencyKeyReused;
import dev.jobpool.executor.IdempotencyKeys;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Idempotency-Keys in PostgreSQL, shared by every instance: a retry that a load balancer sends to another
 * instance still finds the first submission. The primary key makes one reservation win.
 */
final class JdbcIdempotencyKeys implements IdempotencyKeys {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Duration retention;
    private final Clock clock;

    JdbcIdempotencyKeys(JdbcClient jdbc, JsonMapper json, Duration retention, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public Optional<String> reserve(String key, JsonNode request, String futureId) {
        Timestamp now = Timestamp.from(clock.instant());
        jdbc.sql("delete from jobpool_idempotency where key = :key and created_at < :oldest")
                .param("key", key).param("oldest", Timestamp.from(clock.instant().minus(retention))).update();
        int reserved = jdbc.sql("insert into jobpool_idempotency (key, request, future_id, created_at)"
                        + " values (:key, cast(:request as jsonb), :futureId, :now) on conflict (key) do nothing")
                .param("key", key).param("request", json.writeValueAsString(request))
                .param("futureId", UUID.fromString(futureId)).param("now", now).update();
        if (reserved == 1) {
            return Optional.empty();
        }
        record Use(String request, String futureId) {
        }
        Use use = jdbc.sql("select request::text, future_id::text from jobpool_idempotency where key = :key")
                .param("key", key).query((rs, n) -> new Use(rs.getString(1), rs.getString(2))).single();
        if (!json.readTree(use.request()).equals(json.readTree(json.writeValueAsString(request)))) {
            throw new IdempotencyKeyReused(key, use.futureId());
        }
        return Optional.of(use.futureId());
    }

    @Override
    public void release(String key) {
        jdbc.sql("delete from jobpool_idempotency where key = :key").param("key", key).update();
    }
}
