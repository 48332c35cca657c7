package dev.jobpool.store.jdbc;

import dev.jobpool.future.FutureGone;
import dev.jobpool.future.FutureNotDone;
import dev.jobpool.future.FutureNotFound;
import dev.jobpool.future.FutureSnapshot;
import dev.jobpool.future.FutureState;
import dev.jobpool.future.Ended;
import dev.jobpool.future.JobFuture;
import dev.jobpool.future.RaisedException;
import dev.jobpool.future.Seconds;
import dev.jobpool.future.FuturePage;
import dev.jobpool.future.FutureQuery;
import dev.jobpool.future.FutureStore;
import dev.jobpool.store.InMemoryFutureStore;
import dev.jobpool.future.RetentionSettings;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Futures in PostgreSQL ({@code jobpool.store=postgres}): every accepted submission is committed before it is
 * answered, and every transition is written through. How calls wait and move between instances is
 * {@link JdbcCallQueue}'s business; this class keeps and answers futures.
 *
 * <p>Implementation notes. The futures this instance runs stay live in memory too (an
 * {@link InMemoryFutureStore} with the same retention), because waiters and executors work on live
 * {@link JobFuture}s; a lookup that misses them reads the row, and a future that runs elsewhere is answered
 * by a mirror that the row completes. Each transition is one conditional update ({@code … WHERE id = ? AND
 * state = ?}): zero rows means the row moved on without us, which is logged, never overwritten. Start and
 * cancel of a pending call are decided by the database ({@link JobFuture.Listener#mayStart},
 * {@link JobFuture.Listener#mayCancel}): both are conditional updates of the same row, so exactly one wins, and
 * the live future follows the row. Transitions are written before waiters are woken, so that a client told
 * "done" finds the outcome in the database.
 */
final class JdbcFutureStore implements FutureStore {

    private static final Logger log = LoggerFactory.getLogger(JdbcFutureStore.class);
    static final String COLUMNS = "id, tenant, executor, task, state, result, exception, submitted_at, started_at,"
            + " finished_at, attempts, retries";

    private final JdbcClient jdbc;
    /** New rows, and starts and ends, committed in groups (see {@link GroupCommit}). */
    private final GroupCommit<NewRow> inserts;
    private final GroupCommit<Move> moves;
    private final JsonMapper json;
    private final RetentionSettings settings;
    private final Clock clock;
    private final String instance;
    private final InMemoryFutureStore live;
    /**
     * Futures that run on other instances and that someone here waits for: completed when the database says
     * they are done (a NOTIFY, or the poll that backs it up), then dropped.
     */
    private final java.util.Map<String, JobFuture> mirrors = new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * Set when this instance leaves the cluster: its calls that have not started went back to the shared queue,
     * so cancelling them here (as its executors stop) is local only.
     */
    private volatile boolean leaving;
    private volatile Runnable onStarted = () -> { };

    /**
     * @param instance names this service instance in the rows it runs ({@code owner})
     */
    JdbcFutureStore(DataSource dataSource, JsonMapper json, RetentionSettings settings, Clock clock, String instance) {
        this.jdbc = JdbcClient.create(dataSource);
        this.inserts = new GroupCommit<>("insert", dataSource, JdbcFutureStore::insertRows);
        this.moves = new GroupCommit<>("move", dataSource, JdbcFutureStore::moveRows);
        this.json = json;
        this.settings = settings;
        this.clock = clock;
        this.instance = instance;
        this.live = new InMemoryFutureStore(settings, clock);
    }

    @Override
    public void add(JobFuture future, Object arguments) {
        insert(future, arguments, instance, null); // a map's call: maps have no per-call timeout
        adopt(future);
    }

    /**
     * A new row, committed when this returns; {@code owner} null puts it in the shared queue, where any instance
     * may claim it, and wakes the claimers of every instance (in the same transaction).
     */
    void insert(JobFuture future, Object arguments, String owner, Duration timeout) {
        inserts.write(new NewRow(future.snapshot(), json.writeValueAsString(arguments), owner, timeout));
    }

    /** @param timeout how long the call may run, for the instance that claims it; null for no limit */
    private record NewRow(FutureSnapshot future, String arguments, String owner, Duration timeout) {
    }

    private static int[] insertRows(Connection connection, List<NewRow> rows) throws SQLException {
        int[] inserted;
        try (PreparedStatement insert = connection.prepareStatement("insert into jobpool_future (id, tenant,"
                + " executor, task, arguments, state, submitted_at, retries, owner, timeout_nanos)"
                + " values (?, ?, ?, ?, cast(? as jsonb), ?, ?, ?, ?, ?)")) {
            for (NewRow row : rows) {
                FutureSnapshot f = row.future();
                insert.setObject(1, UUID.fromString(f.id()));
                insert.setString(2, f.tenant());
                insert.setString(3, f.executor());
                insert.setString(4, f.task());
                insert.setString(5, row.arguments());
                insert.setString(6, f.state().name());
                insert.setTimestamp(7, Timestamp.from(f.submittedAt()));
                insert.setInt(8, f.retries());
                insert.setString(9, row.owner());
                insert.setObject(10, row.timeout() == null ? null : row.timeout().toNanos(), java.sql.Types.BIGINT);
                insert.addBatch();
            }
            inserted = insert.executeBatch();
        }
        pgNotify(connection, "jobpool_submitted", rows.stream().filter(row -> row.owner() == null)
                .map(row -> row.future().executor()).distinct().toList());
        return inserted;
    }

    /** One NOTIFY per payload, in one round trip; delivered when the transaction commits. */
    static void pgNotify(Connection connection, String channel, List<String> payloads) throws SQLException {
        if (payloads.isEmpty()) {
            return;
        }
        try (PreparedStatement notify = connection.prepareStatement(
                "select pg_notify(?, payload) from unnest(?) payload")) {
            notify.setString(1, channel);
            notify.setArray(2, connection.createArrayOf("text", payloads.toArray()));
            notify.execute();
        }
    }

    /**
     * The ids of futures that ended, as few {@code jobpool_done} payloads: comma-separated, each well under
     * PostgreSQL's 8,000-byte limit. One notification for a group of ends rather than one each: every listening
     * instance reads them all.
     */
    static List<String> donePayloads(List<String> ids) {
        List<String> payloads = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += IDS_PER_NOTIFY) {
            payloads.add(String.join(",", ids.subList(from, Math.min(ids.size(), from + IDS_PER_NOTIFY))));
        }
        return payloads;
    }

    /** 36 characters and a comma each: 7,400 bytes. */
    private static final int IDS_PER_NOTIFY = 200;

    /** Takes charge of a future: it is kept live here and written through. */
    void adopt(JobFuture future) {
        future.listen(new JobFuture.Listener() {
            @Override
            public CompletionStage<?> transitioned(JobFuture f, FutureState from, FutureSnapshot now) {
                return writeThrough(from, now);
            }

            @Override
            public boolean mayStart(JobFuture f) {
                return start(f);
            }

            @Override
            public boolean mayCancel(JobFuture f) {
                return cancelPending(f);
            }
        });
        live.keep(future);
    }

    /**
     * PENDING → RUNNING in the database, only while this instance still owns the row: a cancel on another
     * instance, or a janitor that took the call back, wins, and the worker skips the call.
     */
    private boolean start(JobFuture future) {
        int started = moves.write(new Start(UUID.fromString(future.id()), instance, Timestamp.from(clock.instant())));
        if (started == 0) {
            log.info("future {}: its row is no longer pending and this instance's; the call is not started here",
                    future.id());
            live.discard(future); // the row moved on: answer from the database from now on
        }
        onStarted.run();
        return started == 1;
    }

    /**
     * A start or an end, written in one group: a worker hands in its call's end and asks for its next call's
     * start one after the other, so both go in one transaction, one commit where there were two.
     */
    private sealed interface Move permits Start, End {
    }

    private record Start(UUID id, String owner, Timestamp at) implements Move {
    }

    /** The group's starts, then its ends, each kind in one batch; the counts in the group's order. */
    private static int[] moveRows(Connection connection, List<Move> moves) throws SQLException {
        List<Start> starts = new ArrayList<>();
        List<End> ends = new ArrayList<>();
        for (Move move : moves) {
            switch (move) {
                case Start start -> starts.add(start);
                case End end -> ends.add(end);
            }
        }
        int[] started = starts.isEmpty() ? new int[0] : startRows(connection, starts);
        int[] ended = ends.isEmpty() ? new int[0] : endRows(connection, ends);
        int[] counts = new int[moves.size()];
        int nextStart = 0;
        int nextEnd = 0;
        for (int i = 0; i < counts.length; i++) {
            counts[i] = moves.get(i) instanceof Start ? started[nextStart++] : ended[nextEnd++];
        }
        return counts;
    }

    /**
     * The owner is compared with {@code is not distinct from}, which no index serves, rather than with {@code =}:
     * PostgreSQL's generic plan for the {@code =} form (pgjdbc prepares the statement on the server after five
     * runs) read the row through the partial index of the instance's unfinished calls ({@code
     * jobpool_future_owner}) and filtered on the id, 720 index entries a start under the PostgreSQL bench load
     * (the index holds every call in flight and the dead entries of those that just moved on), where the primary
     * key finds the one row. The two plans cost the same to the planner, so it is the statement that must say.
     * (V13 dropped that index, and the unfinished rows' {@code (state, id)} that the planner took next; the
     * partial indexes left match no key of this statement, but a future one might, so the statement still says.)
     */
    private static int[] startRows(Connection connection, List<Start> starts) throws SQLException {
        try (PreparedStatement start = connection.prepareStatement("update jobpool_future set state = 'RUNNING',"
                + " attempts = attempts + 1, started_at = ? where id = ? and state = 'PENDING'"
                + " and owner is not distinct from ?")) {
            for (Start s : starts) {
                start.setTimestamp(1, s.at());
                start.setObject(2, s.id());
                start.setString(3, s.owner());
                start.addBatch();
            }
            return start.executeBatch();
        }
    }

    /**
     * PENDING → CANCELLED in the database, the other half of the decision {@link #start} makes: true if the row
     * was pending and is now cancelled, false if it started first. While this instance leaves, its pending rows
     * went back to the shared queue: the cancel is then this instance's alone.
     */
    private boolean cancelPending(JobFuture future) {
        return leaving || cancelRow(future.id());
    }

    /** PENDING → CANCELLED in the row, with a NOTIFY for waiters anywhere: true if this statement did it. */
    boolean cancelRow(String id) {
        return jdbc.sql("with c as (update jobpool_future set state = 'CANCELLED', finished_at = :now"
                        + " where id = :id and state = 'PENDING' returning id)"
                        + " select pg_notify('jobpool_done', id::text) from c")
                .param("now", Timestamp.from(clock.instant())).param("id", UUID.fromString(id))
                .query(String.class).list().size() == 1;
    }

    /** Runs {@code action} after each start this instance makes (or is refused): the claimer's cue. */
    void whenStarted(Runnable action) {
        this.onStarted = action;
    }

    /** Drops a live future without touching its row (it goes back to the shared queue). */
    void discardLive(JobFuture future) {
        live.discard(future);
    }

    /** True if {@code future} is the live object this instance runs (not a mirror or a copy of a row). */
    boolean isLive(JobFuture future) {
        try {
            return live.get(future.id()) == future;
        } catch (FutureNotFound | FutureGone notLive) {
            return false;
        }
    }

    /** This instance leaves: from now on, cancelling its pending calls is local (see {@link #cancelPending}). */
    void leaving() {
        leaving = true;
    }

    /**
     * From the rows, so that calls accepted here and run by another instance count (their live future here never
     * ends). An index-only count over the partial index of unfinished rows per tenant (V10): it reads as many
     * entries as the tenant has calls in flight, not its retained history.
     */
    @Override
    public long activeCalls(String tenant) {
        return jdbc.sql("select count(*) from jobpool_future where tenant = :tenant and state in ('PENDING', 'RUNNING')")
                .param("tenant", tenant).query(Long.class).single();
    }

    /** What the database stores of the tenant's finished futures' results and exceptions: a scan of its rows. */
    @Override
    public long retainedBytes(String tenant) {
        return jdbc.sql("select coalesce(sum(coalesce(pg_column_size(result), 0) + coalesce(pg_column_size(exception),"
                        + " 0)), 0) from jobpool_future where tenant = :tenant and state in ('FINISHED', 'CANCELLED')")
                .param("tenant", tenant).query(Long.class).single();
    }

    @Override
    public void discard(JobFuture future) {
        live.discard(future);
        jdbc.sql("delete from jobpool_future where id = :id").param("id", UUID.fromString(future.id())).update();
    }

    /**
     * Records an end: the conditional update, and a NOTIFY that wakes waiters on every instance, in a
     * transaction that concurrent starts and ends share. The returned stage completes once it is committed, and
     * only then are the future's waiters woken (JobFuture#finish); the worker that ended the call does not wait
     * for it and goes on to its next call. A wall-clock profile under the PostgreSQL bench load had the workers
     * waiting for commits all the time they held a call, 46 % of it for their starts and 54 % for their ends;
     * without the second wait the same load ran 1,150-1,200 calls a second instead of 833-950. A start stays a
     * wait (the call must not run before the row says it does: a cancel elsewhere could win, and a lost
     * instance's calls are run again or failed from what their rows say). An end may be recorded late: a crash
     * before the commit leaves the row RUNNING, as a crash during the commit always could, and the janitor takes
     * it back the same way.
     */
    private CompletionStage<?> writeThrough(FutureState from, FutureSnapshot now) {
        if (now.state() == FutureState.RUNNING) {
            return RECORDED; // written by start(), before the local move
        }
        if (from == FutureState.PENDING && now.state() == FutureState.CANCELLED) {
            return RECORDED; // written by cancelPending(), before the local move (or, while leaving, not at all)
        }
        CompletableFuture<Integer> written;
        try {
            written = moves.submit(new End(from, now,
                    now.result() == null ? null : json.writeValueAsString(now.result()),
                    now.exception() == null ? null : json.writeValueAsString(now.exception())));
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e);
        }
        // off the writer's thread: waking waiters runs their actions, which the next group should not wait for
        return written.handleAsync((updated, failed) -> {
            if (failed != null) {
                // the call happened; only its record is behind. The next start treats the row as unfinished.
                // (GroupCommit fails its futures with the failure itself, never wrapped.)
                log.error("future {}: could not record {} → {} in the database: {}", now.id(), from, now.state(),
                        failed.getMessage());
            } else if (updated == 0) {
                log.warn("future {}: its row was no longer {} when it became {}; the row was left as it is",
                        now.id(), from, now.state());
            }
            return null;
        }, wakeUps);
    }

    private static final CompletionStage<?> RECORDED = CompletableFuture.completedFuture(null);

    /**
     * Wakes the waiters of futures whose ends were committed. One thread, while there is work (it ends after a
     * second idle), so that no store leaves a thread behind.
     */
    private final java.util.concurrent.Executor wakeUps = new java.util.concurrent.ThreadPoolExecutor(0, 1, 1,
            java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.LinkedBlockingQueue<>(),
            Thread.ofPlatform().daemon().name("jobpool-ended").factory());

    /** An end to record: the move {@code from} → {@code now.state()}, with the outcome as JSON. */
    private record End(FutureState from, FutureSnapshot now, String result, String exception) implements Move {
    }

    private static int[] endRows(Connection connection, List<End> ends) throws SQLException {
        int[] updated;
        try (PreparedStatement end = connection.prepareStatement("update jobpool_future set state = ?,"
                + " result = cast(? as jsonb), exception = cast(? as jsonb), finished_at = ? where id = ? and state = ?")) {
            for (End e : ends) {
                end.setString(1, e.now().state().name());
                end.setString(2, e.result());
                end.setString(3, e.exception());
                end.setTimestamp(4, Timestamp.from(e.now().finishedAt()));
                end.setObject(5, UUID.fromString(e.now().id()));
                end.setString(6, e.from().name());
                end.addBatch();
            }
            updated = end.executeBatch();
        }
        List<String> ended = new ArrayList<>();
        for (int i = 0; i < ends.size(); i++) {
            if (updated[i] == 1) {
                ended.add(ends.get(i).now().id());
            }
        }
        pgNotify(connection, "jobpool_done", donePayloads(ended));
        return updated;
    }

    /** Commits what waits in the groups, then writes each on its caller's thread (this instance stops). */
    void close() {
        inserts.close();
        moves.close();
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
            JobFuture mirror = mirrors.get(id);
            if (mirror != null) {
                return mirror;
            }
            Optional<FutureSnapshot> row = row(uuid);
            if (row.isPresent() && !row.get().done()) {
                // runs elsewhere: share one mirror among all who wait here, completed by the database's word
                JobFuture fresh = JobFuture.restored(row.get());
                JobFuture shared = mirrors.putIfAbsent(id, fresh);
                refresh(List.of(id)); // it may have finished between the read and the registration
                return shared != null ? shared : fresh;
            }
            if (row.isPresent() && !expired(row.get())) {
                return JobFuture.restored(row.get());
            }
            record Tombstone(String tenant, String reason) {
            }
            Optional<Tombstone> gone = jdbc.sql("select tenant, reason from jobpool_tombstone where id = :id")
                    .param("id", uuid).query((rs, n) -> new Tombstone(rs.getString(1), rs.getString(2))).optional();
            if (gone.isPresent()) {
                throw new FutureGone(id, gone.get().tenant(), gone.get().reason());
            }
            if (row.isPresent()) {
                throw new FutureGone(id, row.get().tenant(), "its retention of " + Seconds.of(settings.retention())
                        + " ended");
            }
            throw new FutureNotFound(List.of(id));
        }
    }

    Optional<FutureSnapshot> row(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from jobpool_future where id = :id").param("id", id)
                .query(this::snapshot).optional();
    }

    /** Completes the mirrors among {@code ids} whose rows say they are done. Called on NOTIFY and by the poll. */
    void refresh(java.util.Collection<String> ids) {
        List<UUID> wanted = ids.stream().filter(mirrors::containsKey).map(UUID::fromString).toList();
        if (wanted.isEmpty()) {
            return;
        }
        jdbc.sql("select " + COLUMNS + " from jobpool_future where id in (:ids) and state in ('CANCELLED', 'FINISHED')")
                .param("ids", wanted).query(this::snapshot).list().forEach(done -> {
                    JobFuture mirror = mirrors.remove(done.id());
                    if (mirror != null) {
                        mirror.completeFrom(done);
                    }
                });
    }

    /** The ids of the futures mirrored here, for the poll that backs up NOTIFY. */
    java.util.Set<String> mirrored() {
        return java.util.Set.copyOf(mirrors.keySet());
    }

    /** The live future {@code id} if it runs on this instance, for an interrupt that another instance asked for. */
    Optional<JobFuture> running(String id) {
        try {
            JobFuture future = live.get(id);
            return future.state() == FutureState.RUNNING ? Optional.of(future) : Optional.empty();
        } catch (FutureNotFound | FutureGone notLive) {
            return Optional.empty();
        }
    }

    String instance() {
        return instance;
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
        jdbc.sql("delete from jobpool_future where id = :id and state in ('CANCELLED', 'FINISHED') returning id, tenant")
                .param("id", UUID.fromString(id)).query(this::gone).list()
                .forEach(deleted -> tombstone(deleted, "deleted by a client"));
        try {
            live.delete(id);
        } catch (FutureNotFound | FutureGone notLive) {
            // it was only in the database
        }
    }

    /** A deleted row: which future, and whose. */
    private record Gone(UUID id, String tenant) {
    }

    private Gone gone(ResultSet rs, int row) throws SQLException {
        return new Gone(rs.getObject("id", UUID.class), rs.getString("tenant"));
    }

    private void tombstone(Gone gone, String reason) {
        jdbc.sql("insert into jobpool_tombstone (id, tenant, reason, gone_at) values (:id, :tenant, :reason, :at)"
                        + " on conflict (id) do nothing")
                .param("id", gone.id()).param("tenant", gone.tenant()).param("reason", reason)
                .param("at", Timestamp.from(clock.instant())).update();
    }

    /**
     * From the rows, numbered by the database (see V9). An end is given once it is {@link #ENDS_SETTLE} old: a
     * sequence number is taken inside the ending statement, so a statement that took a lower number could in
     * principle commit after a higher one was read; every end is one short statement, which commits well within
     * that time, and what a reader saw it does not see again.
     */
    @Override
    public List<Ended> endedSince(long sequence, FutureQuery query, int limit) {
        String state = query.state() == null ? null : query.state().name();
        return jdbc.sql("select ended_seq, " + COLUMNS + " from jobpool_future where ended_seq > :after"
                        + " and ended_at < clock_timestamp() - cast(:settle as interval)"
                        + " and (cast(:tenant as text) is null or tenant = :tenant)"
                        + " and (cast(:executor as text) is null or executor = :executor)"
                        + " and (cast(:state as text) is null or state = :state)"
                        + " and (cast(:task as text) is null or task = :task)"
                        + " order by ended_seq limit :limit")
                .param("after", sequence).param("settle", ENDS_SETTLE.toMillis() + " milliseconds")
                .param("tenant", query.tenant()).param("executor", query.executor()).param("state", state)
                .param("task", query.task()).param("limit", limit)
                .query((rs, i) -> new Ended(rs.getLong("ended_seq"), snapshot(rs, i))).list();
    }

    @Override
    public long lastEnded() {
        return jdbc.sql("select coalesce(max(ended_seq), 0) from jobpool_future"
                        + " where ended_at < clock_timestamp() - cast(:settle as interval)")
                .param("settle", ENDS_SETTLE.toMillis() + " milliseconds").query(Long.class).single();
    }

    static final java.time.Duration ENDS_SETTLE = java.time.Duration.ofMillis(200);

    @Override
    public FuturePage list(FutureQuery query, int page, int size) {
        if (query.matchesNothing()) {
            return new FuturePage(List.of(), page, size, 0);
        }
        String where = " where (cast(:tenant as text) is null or tenant = :tenant)"
                + " and (cast(:executor as text) is null or executor = :executor)"
                + " and (cast(:state as text) is null or state = :state)"
                + " and (cast(:task as text) is null or task = :task)"
                + " and (finished_at is null or finished_at >= :oldest)";
        String state = query.state() == null ? null : query.state().name();
        Timestamp oldest = Timestamp.from(clock.instant().minus(settings.retention()));
        long total = jdbc.sql("select count(*) from jobpool_future" + where)
                .param("tenant", query.tenant()).param("executor", query.executor()).param("state", state)
                .param("task", query.task())
                .param("oldest", oldest)
                .query(Long.class).single();
        List<FutureSnapshot> rows = jdbc.sql("select " + COLUMNS + " from jobpool_future" + where
                        + " order by id desc limit :limit offset :offset")
                .param("tenant", query.tenant()).param("executor", query.executor()).param("state", state)
                .param("task", query.task())
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
        List<Gone> expired = jdbc.sql("delete from jobpool_future where finished_at < :oldest returning id, tenant")
                .param("oldest", oldest).query(this::gone).list();
        expired.forEach(id -> tombstone(id, "its retention of " + Seconds.of(settings.retention()) + " ended"));
        List<Gone> overflow = jdbc.sql("delete from jobpool_future where id in (select id from jobpool_future"
                        + " where finished_at is not null order by finished_at desc offset :max) returning id, tenant")
                .param("max", settings.maxRetained()).query(this::gone).list();
        overflow.forEach(id -> tombstone(id, "more than " + settings.maxRetained() + " finished futures were retained"));
        jdbc.sql("delete from jobpool_tombstone where id in (select id from jobpool_tombstone order by gone_at desc"
                + " offset :max)").param("max", settings.maxTombstones()).update();
        return expired.size() + overflow.size();
    }

    FutureSnapshot snapshot(ResultSet rs, int row) throws SQLException {
        String result = rs.getString("result");
        String exception = rs.getString("exception");
        return new FutureSnapshot(rs.getString("id"), rs.getString("tenant"), rs.getString("executor"),
                rs.getString("task"),
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
