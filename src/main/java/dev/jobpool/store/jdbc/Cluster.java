package dev.jobpool.store.jdbc;

import dev.jobpool.executor.Executor;
import dev.jobpool.executor.ExecutorRegistry;
import dev.jobpool.executor.ExecutorState;
import dev.jobpool.executor.Submission;
import dev.jobpool.future.JobFuture;
import dev.jobpool.future.RaisedException;
import dev.jobpool.task.TaskCall;

import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What makes several instances over one database one Jobpool:
 *
 * <pre>
 *  submit on any instance ─▶ row PENDING, owned ─▶ its executor's queue, while that executor has room
 *                         └▶ row PENDING, no owner ─NOTIFY jobpool_submitted─▶ claimers of every instance
 *  claimer (per instance, all executors) ─ UPDATE … FOR UPDATE SKIP LOCKED ─▶ row owned ─▶ local executor queue
 *  worker starts ─ PENDING→RUNNING only while owned ─▶ runs ─▶ FINISHED ─NOTIFY jobpool_done─▶ waiters anywhere
 *  cancel(interrupt) elsewhere ─NOTIFY jobpool_interrupt─▶ the owner stops the call
 *  heartbeats ─▶ janitor: calls of an instance silent for instance-timeout are taken back (lost or re-queued)
 *  executor created / shut down through the API ─NOTIFY jobpool_executors─▶ every instance does the same
 * </pre>
 *
 * <p>Implementation notes. One listener thread holds a connection with LISTEN on the three channels; the
 * claimer thread wakes on a semaphore released by NOTIFY and by a poll ({@code pollInterval}) that also backs
 * up lost notifications for mirrored waits, and after every start here. A claimer takes at most what fills
 * its executor's idle workers and one round more ({@link JdbcCallQueue#room}), so calls wait in the shared
 * queue (where any instance can take them) rather than in one instance's memory. Janitors of all instances may race: each
 * statement is conditional, so the loser changes nothing.
 */
final class Cluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Cluster.class);

    /**
     * How the cluster is tuned ({@code jobpool.cluster.*}).
     *
     * @param drainTimeout how long a stopping instance keeps heartbeating while its running calls finish
     */
    record Settings(Duration heartbeatInterval, Duration instanceTimeout, Duration pollInterval, boolean claim,
                           Duration drainTimeout) {
    }

    /** Binds a stored call again: task name and arguments by name. */
    interface Binder {
        TaskCall<?> bind(String task, Map<String, JsonNode> kwargs);
    }

    private final JdbcFutureStore store;
    private final JdbcCallQueue queue;
    private final JdbcClient jdbc;
    private final DataSource dataSource;
    private final JsonMapper json;
    private final Clock clock;
    private final Settings settings;
    private final ExecutorRegistry executors;
    private final Binder binder;
    private final Runnable executorsChanged;
    private final Semaphore wake = new Semaphore(0);
    /**
     * Whether calls may wait in the shared queue for this instance to claim: set by their NOTIFY and by the
     * poll, cleared by a round of claims that took fewer than there was room for. Starts and ends here wake the
     * claimer too (they make room), but without this a claimer of an instance that takes its own calls
     * (JdbcCallQueue#enqueue) ran an empty claim for each of them: 52,354 statements for 34,731 calls.
     */
    private final java.util.concurrent.atomic.AtomicBoolean queued = new java.util.concurrent.atomic.AtomicBoolean(true);
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("jobpool-cluster").factory());
    private volatile boolean running = true;

    Cluster(JdbcFutureStore store, JdbcCallQueue queue, JdbcClient jdbc, DataSource dataSource, JsonMapper json,
            Clock clock, Settings settings, ExecutorRegistry executors, Binder binder, Runnable executorsChanged) {
        this.store = store;
        this.queue = queue;
        this.jdbc = jdbc;
        this.dataSource = dataSource;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
        this.executors = executors;
        this.binder = binder;
        this.executorsChanged = executorsChanged;
    }

    /** Joins: heartbeats, janitor, listener and (unless disabled) the claimer start. */
    void start() {
        store.whenStarted(wake::release); // a worker took a claimed call: there is room for the next
        heartbeat();
        long beat = settings.heartbeatInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(this::janitor, 0, beat, TimeUnit.MILLISECONDS);
        long poll = settings.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(() -> {
            queued.set(true); // the fallback for a lost NOTIFY
            wake.release();
            try {
                store.refresh(store.mirrored());
            } catch (RuntimeException e) {
                // a scheduled task that throws is never run again: this one is the fallback for lost NOTIFYs
                log.warn("refreshing mirrored futures failed: {}", e.getMessage());
            }
        }, poll, poll, TimeUnit.MILLISECONDS);
        Thread.ofPlatform().daemon().name("jobpool-cluster-listen").start(this::listen);
        if (settings.claim()) {
            Thread.ofPlatform().daemon().name("jobpool-cluster-claim").start(this::claimLoop);
        }
        log.info("instance {} joined the cluster", store.instance());
    }

    private void heartbeat() {
        try {
            jdbc.sql("insert into jobpool_instance (id, started_at, heartbeat_at) values (:id, :now, :now)"
                            + " on conflict (id) do update set heartbeat_at = excluded.heartbeat_at")
                    .param("id", store.instance()).param("now", Timestamp.from(clock.instant())).update();
        } catch (RuntimeException e) {
            log.warn("heartbeat failed: {}", e.getMessage());
        }
    }

    /**
     * Takes back the calls of instances that stopped heartbeating: running calls that allow it run again
     * (at least once), the other running calls fail as InstanceLost (at most once), pending calls they had
     * claimed go back to the shared queue.
     */
    private void janitor() {
        try {
            Timestamp cutoff = Timestamp.from(clock.instant().minus(settings.instanceTimeout()));
            List<String> lost = jdbc.sql("delete from jobpool_instance where heartbeat_at < :cutoff and id <> :me"
                            + " returning id")
                    .param("cutoff", cutoff).param("me", store.instance()).query(String.class).list();
            lost.forEach(id -> log.warn("instance {} stopped heartbeating: taking its calls back", id));
            // never our own calls: a heartbeat of ours that a database outage delayed is no death
            String orphaned = "owner is not null and owner <> '" + store.instance().replace("'", "''")
                    + "' and owner not in (select id from jobpool_instance)";
            int again = jdbc.sql("update jobpool_future set state = 'PENDING', owner = null, started_at = null"
                    + " where state = 'RUNNING' and attempts <= retries and " + orphaned).update();
            RaisedException instanceLost = new RaisedException("InstanceLost", "the Jobpool instance running this call"
                    + " stopped before it finished; the call may have run in part and is not run again", null);
            int failed = jdbc.sql("with lost as (update jobpool_future set state = 'FINISHED',"
                            + " exception = cast(:exception as jsonb), finished_at = :now"
                            + " where state = 'RUNNING' and " + orphaned + " returning id)"
                            + " select pg_notify('jobpool_done', id::text) from lost")
                    .param("exception", json.writeValueAsString(instanceLost))
                    .param("now", Timestamp.from(clock.instant()))
                    .query(String.class).list().size();
            int requeued = jdbc.sql("update jobpool_future set owner = null where state = 'PENDING' and " + orphaned)
                    .update();
            if (again + failed + requeued > 0) {
                log.warn("took back calls of lost instances: {} run again, {} failed as InstanceLost, {} re-queued",
                        again, failed, requeued);
                jdbc.sql("select pg_notify('jobpool_submitted', '')").query(String.class).optional();
            }
        } catch (RuntimeException e) {
            log.warn("janitor failed: {}", e.getMessage());
        }
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("listen jobpool_done; listen jobpool_interrupt; listen jobpool_submitted;"
                        + " listen jobpool_executors");
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = notifications.getNotifications(500);
                    if (received == null) {
                        continue;
                    }
                    List<String> done = new java.util.ArrayList<>();
                    for (PGNotification notification : received) {
                        switch (notification.getName()) {
                            // one id, or several comma-separated (JdbcFutureStore.donePayloads)
                            case "jobpool_done" -> done.addAll(List.of(notification.getParameter().split(",")));
                            case "jobpool_submitted" -> {
                                queued.set(true);
                                wake.release();
                            }
                            case "jobpool_interrupt" -> interrupt(notification.getParameter());
                            case "jobpool_executors" -> Thread.ofVirtual().start(executorsChanged);
                            default -> { }
                        }
                    }
                    if (!done.isEmpty()) {
                        store.refresh(done);
                        wake.release(); // a finished call may have freed a worker
                    }
                }
            } catch (Exception e) {
                if (running) {
                    log.warn("LISTEN connection lost ({}); polling until it is back", e.getMessage());
                    sleep(settings.pollInterval());
                }
            }
        }
    }

    private void interrupt(String id) {
        store.running(id).ifPresent(queue::interruptHere);
    }

    private void claimLoop() {
        while (running) {
            try {
                wake.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wake.drainPermits();
                if (!queued.getAndSet(false)) {
                    continue; // a NOTIFY that comes while this round claims sets it again
                }
                boolean drained = true;
                for (Executor executor : executors.all()) {
                    if (executor.status().state() == ExecutorState.RUNNING) {
                        drained &= claimFor(executor);
                    }
                }
                if (!drained) {
                    queued.set(true); // more may wait: claim again when there is room
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("claiming failed: {}", e.getMessage());
                sleep(settings.pollInterval());
            }
        }
    }

    /**
     * Claims what {@link JdbcCallQueue#room} there is for the executor, and queues the calls on it.
     *
     * @return true if the shared queue had no more of the executor's calls than it took
     */
    private boolean claimFor(Executor executor) {
        int room = JdbcCallQueue.room(executor);
        if (room <= 0) {
            return false;
        }
        List<JdbcCallQueue.Claimed> claims = queue.claim(executor.name(), room);
        for (JdbcCallQueue.Claimed claimed : claims) {
            JobFuture future = JobFuture.restored(claimed.future());
            store.adopt(future);
            try {
                Map<String, JsonNode> kwargs = new LinkedHashMap<>();
                claimed.arguments().properties().forEach(e -> kwargs.put(e.getKey(), e.getValue()));
                executor.submit(new Submission(future, binder.bind(future.task(), kwargs), claimed.timeout()));
            } catch (dev.jobpool.executor.QueueFull | dev.jobpool.executor.ExecutorShutDown
                     | dev.jobpool.executor.ExecutorBroken busy) {
                queue.release(future);
            } catch (RuntimeException cannotRun) {
                future.failPending(new RaisedException("BrokenExecutor", "this instance cannot run the call: "
                        + cannotRun.getMessage(), null));
            }
        }
        return claims.size() < room;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Leaves, before the executors stop: calls that have not started go back to the shared queue, heartbeats
     * stop and the instance's row goes (so that nobody waits out the timeout for calls of ours).
     */
    @Override
    public void close() {
        running = false; // no more claims
        try {
            int released = queue.leave();
            if (released > 0) {
                log.info("gave {} calls that had not started back to the shared queue", released);
            }
            // keep heartbeating while calls still run here, or the others would take them for lost
            long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
            while (queue.runningHere() > 0 && System.nanoTime() < deadline) {
                sleep(Duration.ofMillis(100));
            }
        } catch (RuntimeException e) {
            log.warn("could not hand back calls cleanly: {}", e.getMessage());
        }
        scheduler.shutdownNow();
        try {
            jdbc.sql("delete from jobpool_instance where id = :id").param("id", store.instance()).update();
        } catch (RuntimeException e) {
            log.warn("could not leave the cluster cleanly: {}", e.getMessage());
        }
    }
}
