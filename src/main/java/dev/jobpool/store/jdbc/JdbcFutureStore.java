package dev.jobpool.store.jdbc;

import dev.jobpool.future.FutureGone;
import dev.jobpool.future.FutureNotDone;
import dev.jobpool.future.FutureNotFound;
import dev.jobpool.future.FutureSnapshot;
import dev.jobpool.future.FutureState;
import dev.jobpool.future.JobFuture;
import dev.jobpool.future.RaisedException;
import dev.jobpool.store.FuturePage;
import dev.jobpool.store.FutureQuery;
import dev.jobpool.store.FutureStore;
import dev.jobpool.store.InMemoryFutureStore;
import dev.jobpool.store.RetentionSettings;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Futures in PostgreSQL ({@code jobpool.store=postgres}): every accepted submission is committed before it is
 * answered, every transition is written through, and what a crash leaves unfinished is picked up at the next
 * start (see {@link #unfinished()}).
 *
 * <p>Implementation notes. The futures this instance runs stay live in memory too (an
 * {@link InMemoryFutureStore} with the same retention), because waiters and executors work on live
 * {@link JobFuture}s; a lookup that misses them reads the row. Each transition is one conditional update
 * ({@code … WHERE id = ? AND state = ?}, {@code version = version + 1}): zero rows means the row moved on
 * without us, which is logged, never overwritten. Transitions are written before waiters are woken, so that a
 * client told "done" finds the outcome in the database.
 */
public final class JdbcFutureStore implements FutureStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcFutureStore.class);
    private static final String COLUMNS = "id, executor, task, state, result, exception, submitted_at, started_at,"
            + " finished_at, attempts, retries";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final RetentionSettings settings;
    private final Clock clock;
    private final String instance;
    private final InMemoryFutureStore live;

    /**
     * @param instance names this service instance in the rows it runs ({@code owner})
     */
    public JdbcFutureStore(JdbcClient jdbc, JsonMapper json, RetentionSettings settings, Clock clock, String instance) {
        this.jdbc = jdbc;
        this.json = json;
        this.settings = settings;
        this.clock = clock;
        this.instance = instance;
        this.live = new InMemoryFutureStore(settings, clock);
    }

    @Override
    public void add(JobFuture future, Object arguments) {
        FutureSnapshot f = future.snapshot();
        jdbc.sql("insert into jobpool_future (id, executor, task, arguments, state, submitted_at, retries)"
                        + " values (:id, :executor, :task, cast(:arguments as jsonb), :state, :submittedAt, :retries)")
                .param("retries", f.retries())
                .param("id", UUID.fromString(f.id()))
                .param("executor", f.executor())
                .param("task", f.task())
                .param("arguments", json.writeValueAsString(arguments))
                .param("state", f.state().name())
                .param("submittedAt", Timestamp.from(f.submittedAt()))
                .update();
        adopt(future);
    }

    @Override
    public void adopt(JobFuture future) {
        future.listen(this::writeThrough);
        live.keep(future);
    }

    @Override
    public void discard(JobFuture future) {
        live.discard(future);
        jdbc.sql("delete from jobpool_future where id = :id").param("id", UUID.fromString(future.id())).update();
    }

    private void writeThrough(JobFuture future, FutureState from, FutureSnapshot now) {
        try {
            write(from, now);
        } catch (org.springframework.dao.DataAccessException e) {
            // the call happened; only its record is behind. The next start treats the row as unfinished.
            log.error("future {}: could not record {} → {} in the database: {}", now.id(), from, now.state(),
                    e.getMessage());
        }
    }

    private void write(FutureState from, FutureSnapshot now) {
        UUID id = UUID.fromString(now.id());
        int updated = now.state() == FutureState.RUNNING
                ? jdbc.sql("update jobpool_future set state = 'RUNNING', owner = :owner, attempts = attempts + 1,"
                                + " started_at = :startedAt, version = version + 1 where id = :id and state = :from")
                        .param("owner", instance)
                        .param("startedAt", Timestamp.from(now.startedAt()))
                        .param("id", id)
                        .param("from", from.name())
                        .update()
                : jdbc.sql("update jobpool_future set state = :state, result = cast(:result as jsonb),"
                                + " exception = cast(:exception as jsonb), finished_at = :finishedAt,"
                                + " version = version + 1 where id = :id and state = :from")
                        .param("state", now.state().name())
                        .param("result", now.result() == null ? null : json.writeValueAsString(now.result()))
                        .param("exception", now.exception() == null ? null : json.writeValueAsString(now.exception()))
                        .param("finishedAt", Timestamp.from(now.finishedAt()))
                        .param("id", id)
                        .param("from", from.name())
                        .update();
        if (updated == 0) {
            log.warn("future {}: its row was no longer {} when it became {}; the row was left as it is", now.id(),
                    from, now.state());
        }
    }

    @Override
    public JobFuture get(String id) {
        try {
            return live.get(id);
        } catch (FutureNotFound | FutureGone notLive) {
            UUID uuid = uuid(id);
            if (uuid == null) {
                throw new FutureNotFound(List.of(id));
            }
            Optional<FutureSnapshot> row = jdbc.sql("select " + COLUMNS + " from jobpool_future where id = :id")
                    .param("id", uuid).query(this::snapshot).optional();
            if (row.isPresent() && !expired(row.get())) {
                return JobFuture.restored(row.get());
            }
            Optional<String> reason = jdbc.sql("select reason from jobpool_tombstone where id = :id")
                    .param("id", uuid).query(String.class).optional();
            if (reason.isPresent()) {
                throw new FutureGone(id, reason.get());
            }
            if (row.isPresent()) {
                throw new FutureGone(id, "its retention of " + settings.retention() + " ended");
            }
            throw new FutureNotFound(List.of(id));
        }
    }

    private boolean expired(FutureSnapshot future) {
        return future.finishedAt() != null && future.finishedAt().plus(settings.retention()).isBefore(clock.instant());
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void delete(String id) {
        JobFuture future = get(id);
        if (!future.isDone()) {
            throw new FutureNotDone(id, future.state());
        }
        int deleted = jdbc.sql("delete from jobpool_future where id = :id and state in ('CANCELLED', 'FINISHED')")
                .param("id", UUID.fromString(id)).update();
        if (deleted == 1) {
            tombstone(UUID.fromString(id), "deleted by a client");
        }
        try {
            live.delete(id);
        } catch (FutureNotFound | FutureGone notLive) {
            // it was only in the database
        }
    }

    private void tombstone(UUID id, String reason) {
        jdbc.sql("insert into jobpool_tombstone (id, reason, gone_at) values (:id, :reason, :at)"
                        + " on conflict (id) do nothing")
                .param("id", id).param("reason", reason).param("at", Timestamp.from(clock.instant())).update();
    }

    @Override
    public FuturePage list(FutureQuery query, int page, int size) {
        String where = " where (cast(:executor as text) is null or executor = :executor)"
                + " and (cast(:state as text) is null or state = :state)"
                + " and (cast(:task as text) is null or task = :task)"
                + " and (finished_at is null or finished_at >= :oldest)";
        String state = query.state() == null ? null : query.state().name();
        Timestamp oldest = Timestamp.from(clock.instant().minus(settings.retention()));
        long total = jdbc.sql("select count(*) from jobpool_future" + where)
                .param("executor", query.executor()).param("state", state).param("task", query.task())
                .param("oldest", oldest)
                .query(Long.class).single();
        List<FutureSnapshot> rows = jdbc.sql("select " + COLUMNS + " from jobpool_future" + where
                        + " order by id desc limit :limit offset :offset")
                .param("executor", query.executor()).param("state", state).param("task", query.task())
                .param("oldest", oldest)
                .param("limit", size).param("offset", (long) page * size)
                .query(this::snapshot).list();
        // rows of futures running here are behind their live objects (progress is not written through)
        List<FutureSnapshot> items = rows.stream().map(row -> {
            try {
                return live.get(row.id()).snapshot();
            } catch (FutureNotFound | FutureGone notLive) {
                return row;
            }
        }).toList();
        return new FuturePage(items, page, size, total);
    }

    /**
     * Forgets finished futures past their retention, and the oldest beyond {@code maxRetained}, leaving
     * tombstones; tombstones beyond {@code maxTombstones} go too, oldest first.
     */
    @Override
    public int evictExpired() {
        live.evictExpired();
        Timestamp oldest = Timestamp.from(clock.instant().minus(settings.retention()));
        List<UUID> expired = jdbc.sql("delete from jobpool_future where finished_at < :oldest returning id")
                .param("oldest", oldest).query(UUID.class).list();
        expired.forEach(id -> tombstone(id, "its retention of " + settings.retention() + " ended"));
        List<UUID> overflow = jdbc.sql("delete from jobpool_future where id in (select id from jobpool_future"
                        + " where finished_at is not null order by finished_at desc offset :max) returning id")
                .param("max", settings.maxRetained()).query(UUID.class).list();
        overflow.forEach(id -> tombstone(id, "more than " + settings.maxRetained() + " finished futures were retained"));
        jdbc.sql("delete from jobpool_tombstone where id in (select id from jobpool_tombstone order by gone_at desc"
                + " offset :max)").param("max", settings.maxTombstones()).update();
        return expired.size() + overflow.size();
    }

    /**
     * What a previous run left unfinished. A call left RUNNING that may run again (its attempts do not exceed
     * its retries) goes back to PENDING first: at least once, for calls that asked for it.
     */
    @Override
    public List<Unfinished> unfinished() {
        int again = jdbc.sql("update jobpool_future set state = 'PENDING', owner = null, started_at = null,"
                + " version = version + 1 where state = 'RUNNING' and attempts <= retries").update();
        if (again > 0) {
            log.info("{} calls that were running when the service stopped will run again (they allow retries)", again);
        }
        return jdbc.sql("select " + COLUMNS + ", arguments from jobpool_future"
                        + " where state in ('PENDING', 'RUNNING') order by id")
                .query((rs, n) -> new Unfinished(snapshot(rs, n), json.readTree(rs.getString("arguments"))))
                .list();
    }

    private FutureSnapshot snapshot(ResultSet rs, int row) throws SQLException {
        String result = rs.getString("result");
        String exception = rs.getString("exception");
        return new FutureSnapshot(rs.getString("id"), rs.getString("executor"), rs.getString("task"),
                FutureState.valueOf(rs.getString("state")),
                result == null ? null : json.readTree(result),
                exception == null ? null : json.readValue(exception, RaisedException.class),
                null,
                instant(rs, "submitted_at"), instant(rs, "started_at"), instant(rs, "finished_at"),
                rs.getInt("attempts"), rs.getInt("retries"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
