package dev.jobpool.store.jdbc;

import dev.jobpool.executor.CallQueue;
import dev.jobpool.executor.Executor;
import dev.jobpool.executor.ExecutorRegistry;
import dev.jobpool.executor.ExecutorShutDown;
import dev.jobpool.executor.ExecutorState;
import dev.jobpool.executor.QueueFull;
import dev.jobpool.executor.QueueShare;
import dev.jobpool.executor.Submission;
import dev.jobpool.future.FutureSnapshot;
import dev.jobpool.future.FutureState;
import dev.jobpool.future.JobFuture;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The queue that every instance over one database shares: a submit is a row with no owner, and the first
 * instance with an idle worker claims it ({@link #claim}, driven by {@link Cluster}). Cancels reach a call
 * wherever it waits or runs.
 */
final class JdbcCallQueue implements CallQueue {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(JdbcCallQueue.class);

    /**
     * A claimed call: its future as the row has it, its arguments by parameter name, and how long it may run
     * (null: no limit).
     */
    record Claimed(FutureSnapshot future, JsonNode arguments, Duration timeout) {
    }

    private final JdbcFutureStore store;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final ExecutorRegistry executors;
    private final Duration interruptTimeout;
    private final boolean runsCalls;

    /**
     * @param interruptTimeout how long an interrupting cancel of a call on another instance waits for that
     *                         instance to say the call is cancelled
     * @param runsCalls        whether this instance runs calls ({@code jobpool.cluster.claim}); if not, every
     *                         call it accepts waits in the shared queue for another instance
     */
    JdbcCallQueue(JdbcFutureStore store, JdbcClient jdbc, JsonMapper json, ExecutorRegistry executors,
                  Duration interruptTimeout, boolean runsCalls) {
        this.store = store;
        this.jdbc = jdbc;
        this.json = json;
        this.executors = executors;
        this.interruptTimeout = interruptTimeout;
        this.runsCalls = runsCalls;
    }

    /**
     * A row, committed in a transaction that concurrent submissions share (see {@code GroupCommit}). The
     * executor's queueCapacity bounds the calls of that name that wait, wherever they wait.
     *
     * <p>While this instance's executor has {@link #room} for the call, the row is this instance's from the
     * start and the call goes to the executor at once, as a claim would have sent it; otherwise the row has no
     * owner and a NOTIFY in the same transaction wakes the claimers of every instance. Taking the call here
     * saves what a claim costs: a NOTIFY that every instance reads, a claimer's wake-up, and the claim's
     * statement and commit, which under the PostgreSQL bench load ran once per call (29,574 claims for 30,772
     * calls: the claimer kept up, so each claim found the one call that had just arrived). The row is
     * committed before the executor sees the call, so every promise holds as it does for a claimed call: the
     * start is still the row's conditional PENDING → RUNNING, a cancel elsewhere still wins before it, and if
     * this instance is lost, the janitor puts the call back in the shared queue. Calls beyond the room still
     * wait in the shared queue, where the fair claim serves the tenants and any instance can take them.
     */
    @Override
    public void enqueue(Executor executor, Submission submission) {
        if (executor.status().state() != ExecutorState.RUNNING) {
            throw new ExecutorShutDown(executor.name());
        }
        java.util.Map<String, Integer> waiting = queuedByTenant(executor.name());
        int capacity = executor.spec().queueCapacity();
        if (waiting.values().stream().mapToInt(Integer::intValue).sum() >= capacity) {
            throw new QueueFull(executor.name(), capacity);
        }
        String tenant = submission.future().tenant();
        int mine = waiting.getOrDefault(tenant, 0);
        if (mine >= QueueShare.of(capacity, waiting.size() - (mine > 0 ? 1 : 0))) {
            throw QueueShare.refused(executor.name(), tenant, mine);
        }
        if (!runsCalls || room(executor) <= 0) {
            // with the NOTIFY that wakes claimers; the timeout goes with the row to whichever instance claims it
            store.insert(submission.future(), submission.call().args(), null, submission.timeout());
            return;
        }
        store.insert(submission.future(), submission.call().args(), store.instance(), submission.timeout());
        store.adopt(submission.future());
        try {
            executor.submit(submission);
        } catch (RuntimeException refused) {
            // the room went to calls that came at the same moment: the shared queue takes this one, and the
            // claimers of every instance hear of it
            release(submission.future());
            jdbc.sql("select pg_notify('jobpool_submitted', :executor)").param("executor", executor.name())
                    .query(String.class).list();
        }
    }

    /**
     * How many more calls this instance takes for {@code executor}: enough to fill its idle workers and one
     * round more. The second round is what keeps the workers busy: taken while the first runs, it is here when
     * a worker frees, instead of a claim's round trip (and a NOTIFY's) later. Without it, one instance ran 183
     * echo calls a second on 6 workers, its database idle most of the time. The price: up to maxWorkers calls
     * per executor wait owned by this instance rather than in the shared queue (still cancellable; given back
     * when it stops, taken back by the janitor when it is lost). CPython's process pool holds calls the same way
     * (max_workers + 1 in its call queue).
     */
    static int room(Executor executor) {
        var status = executor.status();
        int workers = executor.spec().maxWorkers();
        // and never more than the executor's own queue takes (a queueCapacity below maxWorkers)
        return Math.min(2 * workers, workers + executor.spec().queueCapacity()) - status.active() - status.queued();
    }

    /** How many calls of this executor wait in the shared queue, by tenant. */
    private java.util.Map<String, Integer> queuedByTenant(String executor) {
        java.util.Map<String, Integer> waiting = new java.util.HashMap<>();
        jdbc.sql("select tenant, count(*) as n from jobpool_future where executor = :executor and state = 'PENDING'"
                        + " group by tenant").param("executor", executor)
                .query(rs -> {
                    waiting.put(rs.getString("tenant"), rs.getInt("n"));
                });
        return waiting;
    }

    /** A live future decides with its row (see JdbcFutureStore); one that is elsewhere is cancelled in its row. */
    @Override
    public boolean cancel(JobFuture future) {
        if (store.isLive(future)) {
            return future.cancel();
        }
        boolean cancelled = store.cancelRow(future.id());
        store.refresh(List.of(future.id()));
        return cancelled || store.row(UUID.fromString(future.id())).map(row -> row.state() == FutureState.CANCELLED)
                .orElse(false);
    }

    /**
     * Here, the executor stops the call; elsewhere, a NOTIFY asks the instance that runs it, which answers by
     * moving the row to CANCELLED, which NOTIFY brings back to the mirror waited on here.
     */
    @Override
    public boolean interrupt(JobFuture future) {
        if (store.isLive(future)) {
            return interruptHere(future);
        }
        jdbc.sql("select pg_notify('jobpool_interrupt', :id)").param("id", future.id()).query(String.class).optional();
        JobFuture mirror = store.get(future.id());
        try {
            mirror.awaitDone(interruptTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return mirror.state() == FutureState.CANCELLED;
    }

    /** Stops a call that runs on this instance, as another instance asked for (or this one). */
    boolean interruptHere(JobFuture future) {
        return executors.find(future.executor()).map(executor -> executor.interrupt(future)).orElse(false);
    }

    /**
     * Takes up to {@code n} calls of this executor from the shared queue for this instance; no two instances ever
     * get the same call ({@code FOR UPDATE SKIP LOCKED}).
     *
     * <p>Tenants are served fairly: a tenant's k-th waiting call ranks k + the calls it already has in flight
     * (claimed or running) on this executor, and the lowest rank goes first, oldest first among equals. So a
     * tenant with nothing running gets the next free worker ahead of another tenant's backlog, across every
     * instance — the database's form of the round-robin that {@code TenantQueue} does in one instance. Ranking
     * from the rows rather than from a remembered turn keeps no state that a lost instance could leave wrong.
     * The ranking reads each waiting tenant's {@code n} oldest calls and the calls in flight, not the backlog
     * (V12).
     */
    List<Claimed> claim(String executor, int n) {
        return jdbc.sql("with recursive tenants(tenant) as ("
                        // the distinct tenants with calls waiting, one index probe each (V12), not a scan
                        + "  (select tenant from jobpool_future where executor = :executor and state = 'PENDING'"
                        + "   and owner is null order by tenant limit 1)"
                        + "  union all"
                        + "  select (select f.tenant from jobpool_future f where f.executor = :executor"
                        + "   and f.state = 'PENDING' and f.owner is null and f.tenant > t.tenant order by f.tenant limit 1)"
                        + "  from tenants t where t.tenant is not null),"
                        + " busy as (select tenant, count(*) as busy from jobpool_future where executor = :executor"
                        + "  and (state = 'RUNNING' or (state = 'PENDING' and owner is not null)) group by tenant),"
                        // each tenant's n oldest only: its k-th call ranks at least k, so one past the n-th
                        // always has n calls of its own tenant ranked before it
                        + " ranked as (select w.id, row_number() over (partition by t.tenant order by w.id)"
                        + "   + coalesce(b.busy, 0) as turn"
                        + "  from tenants t cross join lateral (select id from jobpool_future"
                        + "   where executor = :executor and tenant = t.tenant and state = 'PENDING' and owner is null"
                        + "   order by id limit :n) w"
                        + "  left join busy b on b.tenant = t.tenant where t.tenant is not null)"
                        + " update jobpool_future set owner = :owner where id in"
                        + " (select id from jobpool_future where id in (select id from ranked order by turn, id limit :n)"
                        // checked again where the row is locked: the ranking read a snapshot, and another
                        // instance may have claimed the row since (then it is not ours to take)
                        + "  and state = 'PENDING' and owner is null for update skip locked)"
                        + " returning " + JdbcFutureStore.COLUMNS + ", arguments, timeout_nanos")
                .param("owner", store.instance()).param("executor", executor).param("n", n)
                .query((rs, i) -> {
                    Long timeout = rs.getObject("timeout_nanos", Long.class);
                    return new Claimed(store.snapshot(rs, i), json.readTree(rs.getString("arguments")),
                            timeout == null ? null : Duration.ofNanos(timeout));
                })
                .list().stream().sorted(Comparator.comparing(claimed -> claimed.future().id())).toList();
    }

    /** Gives a call this instance took back to the shared queue (its executor could not queue it after all). */
    void release(JobFuture future) {
        log.info("future {}: given back to the shared queue", future.id());
        store.discardLive(future);
        jdbc.sql("update jobpool_future set owner = null where id = :id and state = 'PENDING' and owner = :owner")
                .param("id", UUID.fromString(future.id())).param("owner", store.instance()).update();
    }

    /**
     * This instance stops: the calls it claimed (or took for a map) and has not started go back to the shared
     * queue, where another instance will run them, rather than being cancelled with this instance's executors.
     */
    int leave() {
        store.leaving();
        int released = jdbc.sql("update jobpool_future set owner = null where owner = :owner and state = 'PENDING'")
                .param("owner", store.instance()).update();
        jdbc.sql("select pg_notify('jobpool_submitted', '')").query(String.class).optional();
        return released;
    }

    /** How many calls this instance is running, as the database sees it. */
    int runningHere() {
        return jdbc.sql("select count(*) from jobpool_future where owner = :owner and state = 'RUNNING'")
                .param("owner", store.instance()).query(Integer.class).single();
    }
}
