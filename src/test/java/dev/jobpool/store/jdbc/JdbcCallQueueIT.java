package dev.jobpool.store.jdbc;

import dev.jobpool.executor.CallQueueContract;
import dev.jobpool.executor.Executor;
import dev.jobpool.executor.ExecutorKind;
import dev.jobpool.executor.ExecutorRegistry;
import dev.jobpool.executor.Submission;
import dev.jobpool.future.JobFuture;
import dev.jobpool.task.TaskCall;
import dev.jobpool.future.RetentionSettings;
import dev.jobpool.support.TestDatabase;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.json.JsonMapper;

/** The contract for the queue that instances share, against a real PostgreSQL; no instance claims here. */
class JdbcCallQueueIT extends CallQueueContract {

    /** Time-ordered, as the service's ids are: the queue's "oldest first" is the order of ids. */
    private static final com.fasterxml.uuid.impl.TimeBasedEpochGenerator IDS =
            com.fasterxml.uuid.Generators.timeBasedEpochGenerator();

    private JdbcCallQueue queue;

    @Override
    protected Setup newQueue(ExecutorRegistry registry) {
        TestDatabase.get().clear();
        Instance contract = Instance.of(registry, "contract", false);
        queue = contract.queue();
        return new Setup(queue, contract.store());
    }

    /** An instance over the tests' database, as the service wires one: its store and its queue. */
    record Instance(JdbcFutureStore store, JdbcCallQueue queue) {
        static Instance of(ExecutorRegistry registry, String name, boolean runsCalls) {
            TestDatabase database = TestDatabase.get();
            JsonMapper json = JsonMapper.builder().build();
            var store = new JdbcFutureStore(database.dataSource(), json,
                    new RetentionSettings(Duration.ofHours(1), 1_000, 1_000), Clock.systemUTC(), name);
            return new Instance(store, new JdbcCallQueue(store, JdbcClient.create(database.dataSource()), json,
                    registry, Duration.ofMillis(200), runsCalls));
        }
    }

    @Test
    void claimsServeTheTenantWithFewestCallsInFlightFirstNotTheOldestBacklog() {
        Executor shared = registry.create("shared", ExecutorKind.THREAD, 1, 100, null);
        List<String> greedy = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            greedy.add(enqueue(shared, "greedy"));
        }
        String other = enqueue(shared, "other");

        assertThat(claimedIds(shared, 1)).containsExactly(greedy.get(0));
        // greedy has a call in flight now; other has none, so other's call goes before greedy's older ones
        assertThat(claimedIds(shared, 1)).containsExactly(other);
        assertThat(claimedIds(shared, 2)).containsExactly(greedy.get(1), greedy.get(2));
    }

    @Test
    void aClaimRanksEachTenantsOldestCallsPlusItsCallsInFlightWhateverTheBacklog() {
        Executor shared = registry.create("ranked", ExecutorKind.THREAD, 1, 100, null);
        List<String> b = new ArrayList<>(List.of(enqueue(shared, "b"), enqueue(shared, "b")));
        assertThat(claimedIds(shared, 2)).containsExactlyElementsOf(b); // b has two in flight now
        List<String> a = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            a.add(enqueue(shared, "a"));
        }
        for (int i = 0; i < 3; i++) {
            b.add(enqueue(shared, "b"));
        }
        String c = enqueue(shared, "c");

        // turns: a's k-th is k; b's k-th is k + 2; c's only one is 1; ties go to the older call
        assertThat(claimedIds(shared, 4)).containsExactlyInAnyOrder(a.get(0), c, a.get(1), a.get(2));
        // in flight now: a 3, b 2, c 1; waiting a4 (turn 4), a5 (5), b3 (3), b4 (4), b5 (5)
        assertThat(claimedIds(shared, 3)).containsExactlyInAnyOrder(b.get(2), a.get(3), b.get(3));
        assertThat(claimedIds(shared, 10)).containsExactlyInAnyOrder(a.get(4), b.get(4));
        assertThat(claimedIds(shared, 10)).isEmpty();
    }

    @Test
    void twoInstancesClaimingAtOnceNeverGetTheSameCall() throws Exception {
        Executor shared = registry.create("contended", ExecutorKind.THREAD, 1, 100, null);
        JdbcClient jdbc = JdbcClient.create(TestDatabase.get().dataSource());
        List<JdbcCallQueue> instances = List.of(Instance.of(registry, "instance-a", false).queue(),
                Instance.of(registry, "instance-b", false).queue());
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 10; round++) { // a race: rounds make it show
                List<String> all = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    all.add(enqueue(shared, i % 2 == 0 ? "t1" : "t2"));
                }
                List<java.util.concurrent.Callable<List<String>>> claimers = instances.stream()
                        .<java.util.concurrent.Callable<List<String>>>map(queue -> () -> {
                            List<String> mine = new ArrayList<>();
                            List<JdbcCallQueue.Claimed> claimed;
                            while (!(claimed = queue.claim(shared.name(), 2)).isEmpty()) {
                                claimed.forEach(c -> mine.add(c.future().id()));
                            }
                            return mine;
                        }).toList();
                List<String> claimed = new ArrayList<>();
                java.util.Set<String> once = new java.util.HashSet<>();
                for (var result : pool.invokeAll(claimers)) {
                    for (String id : result.get()) {
                        assertThat(once.add(id)).as("claimed by both instances: " + id).isTrue();
                        claimed.add(id);
                    }
                }
                assertThat(claimed).containsExactlyInAnyOrderElementsOf(all);
                jdbc.sql("delete from jobpool_future").update();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCallsTimeoutGoesWithItsRowToTheInstanceThatClaimsIt() {
        Executor shared = registry.create("timed", ExecutorKind.THREAD, 1, 100, null);
        JobFuture timed = new JobFuture(IDS.generate().toString(), "t", shared.name(), "hold", Instant.now(), 0);
        queue.enqueue(shared, new Submission(timed, new TaskCall<>(hold, new Hold.Args(1)), Duration.ofMillis(2500)));
        String untimed = enqueue(shared, "t");

        List<JdbcCallQueue.Claimed> claimed = queue.claim(shared.name(), 2);

        assertThat(claimed).extracting(c -> c.future().id()).containsExactly(timed.id(), untimed);
        assertThat(claimed).extracting(JdbcCallQueue.Claimed::timeout).containsExactly(Duration.ofMillis(2500), null);
    }

    /**
     * An instance that runs calls takes those it accepts while its executor has room (its idle workers and one
     * round more), without a claim; the rest wait in the shared queue for any instance.
     */
    @Test
    void callsAcceptedWhileTheExecutorHasRoomRunHereAndTheRestWaitInTheSharedQueue() throws InterruptedException {
        Executor local = registry.create("local", ExecutorKind.THREAD, 2, 100, null);
        JdbcClient jdbc = JdbcClient.create(TestDatabase.get().dataSource());
        Instance here = Instance.of(registry, "runs-calls", true);
        JdbcCallQueue running = here.queue();
        JdbcFutureStore store = here.store();
        List<JobFuture> futures = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            JobFuture future = new JobFuture(IDS.generate().toString(), "t", local.name(), "hold", Instant.now(), 0);
            running.enqueue(local, new Submission(future, new TaskCall<>(hold, new Hold.Args(i))));
            futures.add(future);
        }
        record Row(String state, String owner) {
        }
        java.util.function.Function<JobFuture, Row> row = future -> jdbc.sql("select state, owner from jobpool_future"
                + " where id = :id").param("id", java.util.UUID.fromString(future.id()))
                .query((rs, i) -> new Row(rs.getString(1), rs.getString(2))).single();
        // two workers and one round more: the first four are this instance's, two running and two queued on it
        org.awaitility.Awaitility.await().until(() -> local.status().active() == 2);
        assertThat(futures.subList(0, 4)).extracting(row).extracting(Row::owner).containsOnly("runs-calls");
        assertThat(futures.subList(0, 2)).extracting(row).extracting(Row::state).containsOnly("RUNNING");
        assertThat(futures.subList(2, 4)).extracting(row).extracting(Row::state).containsOnly("PENDING");
        assertThat(futures.subList(4, 6)).extracting(row).containsOnly(new Row("PENDING", null));
        assertThat(claimedIds(local, 10)).containsExactly(futures.get(4).id(), futures.get(5).id());

        hold.release.countDown();
        for (JobFuture future : futures.subList(0, 4)) {
            assertThat(store.get(future.id()).result(Duration.ofSeconds(10))).isEqualTo(futures.indexOf(future));
            assertThat(row.apply(future).state()).isEqualTo("FINISHED");
        }
    }

    /**
     * A call the executor refuses although it had room (the room went to calls that came at the same moment,
     * or the tenant's share of the executor's queue is used up) goes to the shared queue if that has room, and
     * is refused, leaving no row, if not.
     */
    @Test
    void aCallTheExecutorRefusesDespiteItsRoomGoesToTheSharedQueueOrIsRefusedLeavingNothing() {
        Executor real = registry.create("refusing", ExecutorKind.THREAD, 1, 1, null);
        Executor refusing = (Executor) java.lang.reflect.Proxy.newProxyInstance(Executor.class.getClassLoader(),
                new Class<?>[] {Executor.class}, (proxy, method, args) -> {
                    if (method.getName().equals("submit")) {
                        throw new dev.jobpool.executor.QueueFull(real.name(), 1);
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Instance here = Instance.of(registry, "runs-calls", true);
        JdbcClient jdbc = JdbcClient.create(TestDatabase.get().dataSource());
        JobFuture first = new JobFuture(IDS.generate().toString(), "t", real.name(), "hold", Instant.now(), 0);
        here.queue().enqueue(refusing, new Submission(first, new TaskCall<>(hold, new Hold.Args(1))));
        assertThat(jdbc.sql("select owner is null from jobpool_future where id = :id")
                .param("id", java.util.UUID.fromString(first.id())).query(Boolean.class).single())
                .as("in the shared queue").isTrue();
        assertThat(here.store().get(first.id()).state()).isEqualTo(dev.jobpool.future.FutureState.PENDING);

        JobFuture second = new JobFuture(IDS.generate().toString(), "t", real.name(), "hold", Instant.now(), 0);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> here.queue().enqueue(refusing,
                new Submission(second, new TaskCall<>(hold, new Hold.Args(2))))).isInstanceOf(
                dev.jobpool.executor.QueueFull.class);
        assertThat(jdbc.sql("select count(*) from jobpool_future where id = :id")
                .param("id", java.util.UUID.fromString(second.id())).query(Integer.class).single()).isZero();
    }

    private List<String> claimedIds(Executor executor, int n) {
        return queue.claim(executor.name(), n).stream().map(claimed -> claimed.future().id()).toList();
    }

    private String enqueue(Executor executor, String tenant) {
        JobFuture future = new JobFuture(IDS.generate().toString(), tenant, executor.name(), "hold",
                Instant.now(), 0);
        queue.enqueue(executor, new Submission(future, new TaskCall<>(hold, new Hold.Args(1))));
        return future.id();
    }
}
