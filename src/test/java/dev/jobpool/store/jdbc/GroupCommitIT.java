package dev.jobpool.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jobpool.support.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Group commit against a real PostgreSQL: what every write's caller may rely on when its write returns. */
class GroupCommitIT {

    private final TestDatabase database = TestDatabase.get();
    private final JdbcClient jdbc = JdbcClient.create(database.dataSource());
    private final AtomicInteger transactions = new AtomicInteger();
    private final ExecutorService threads = Executors.newFixedThreadPool(16);
    private GroupCommit<Integer> commits;

    @BeforeEach
    void table() {
        jdbc.sql("drop table if exists group_commit_test").update();
        jdbc.sql("create table group_commit_test (n integer primary key)").update();
        commits = new GroupCommit<>("test", database.dataSource(), this::insert);
    }

    @AfterEach
    void stop() {
        commits.close();
        threads.shutdownNow();
        jdbc.sql("drop table if exists group_commit_test").update();
    }

    private int[] insert(Connection connection, List<Integer> items) throws SQLException {
        transactions.incrementAndGet();
        try (PreparedStatement insert = connection.prepareStatement("insert into group_commit_test (n) values (?)")) {
            for (int n : items) {
                insert.setInt(1, n);
                insert.addBatch();
            }
            return insert.executeBatch();
        }
    }

    private boolean committed(int n) {
        // another connection: sees only what is committed
        return jdbc.sql("select count(*) from group_commit_test where n = :n").param("n", n).query(Integer.class)
                .single() == 1;
    }

    @Test
    void everyWriteIsCommittedWhenItReturnsAndConcurrentWritesShareTransactions() throws Exception {
        int writes = 400;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> seen = new ArrayList<>();
        for (int i = 0; i < writes; i++) {
            int n = i;
            seen.add(threads.submit(() -> {
                go.await();
                assertThat(commits.write(n)).isEqualTo(1);
                return committed(n);
            }));
        }
        go.countDown();
        for (Future<Boolean> each : seen) {
            assertThat(each.get()).isTrue();
        }
        assertThat(jdbc.sql("select count(*) from group_commit_test").query(Integer.class).single()).isEqualTo(writes);
        // 16 writers and one commit at a time: the writes that arrive during a commit go in the next one
        assertThat(transactions.get()).isLessThan(writes);
    }

    @Test
    void aWriteThatCannotBeMadeFailsItsOwnCallerOnly() throws Exception {
        commits.write(7);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> others = new ArrayList<>();
        for (int i = 100; i < 140; i++) {
            int n = i;
            others.add(threads.submit(() -> {
                go.await();
                return commits.write(n);
            }));
        }
        Future<Integer> duplicate = threads.submit(() -> {
            go.await();
            return commits.write(7);
        });
        go.countDown();
        for (Future<Integer> other : others) {
            assertThat(other.get()).isEqualTo(1);
        }
        assertThatThrownBy(duplicate::get).hasCauseInstanceOf(DuplicateKeyException.class);
        assertThat(jdbc.sql("select count(*) from group_commit_test").query(Integer.class).single()).isEqualTo(41);
    }

    @Test
    void afterCloseWritesAreMadeOnTheCallersThread() {
        commits.write(1);
        commits.close();
        assertThat(commits.write(2)).isEqualTo(1);
        assertThat(committed(2)).isTrue();
    }
}
