package dev.jobpool.store.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import javax.sql.DataSource;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.support.SQLExceptionSubclassTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Writes of one kind (submissions' rows; starts and ends) that many threads make at once, committed in groups:
 * the writes that arrive while a commit is under way wait, and all of them go in the next transaction. A caller
 * of {@link #write} still returns only once its own write is committed, and one of {@link #submit} is told when
 * it is, so each promise made on a write (a 202 after the row is durable, waiters woken after the end is
 * recorded) holds as it did with one transaction per write.
 *
 * <p>Why: a commit waits for the WAL to reach the disk, and that wait, not the statements, bounded PostgreSQL
 * mode to a few hundred calls a second when every write was its own transaction. With eight clients submitting,
 * eight submissions now share one flush. Alone, a write costs what it did plus one hand-off to the writer
 * thread; nothing waits for a batch to fill (there is no timer), so the group is whatever arrived during the
 * previous commit. PostgreSQL's own {@code commit_delay} groups flushes of separate transactions too, but only
 * past {@code commit_siblings} concurrent ones and at the price of a fixed sleep; doing it here also saves the
 * round trips and lets one NOTIFY serve the group.
 *
 * <p>Why not the batch alone, under autocommit: pgjdbc sends a batch as one implicit transaction only while it
 * fits its buffers. Past them it syncs in the middle, so a batch that fails can leave its first part
 * committed (seen: 2,815 of 3,000 inserts kept), and the one-by-one retry below would then misreport them.
 *
 * <p>A group that fails is written again one by one, each in its own transaction, so that a write that cannot be
 * made (a duplicate id, say) fails its own caller only. After {@link #close} a write is made on the caller's
 * thread, alone, so that nothing written during shutdown is lost.
 *
 * @param <T> what one write carries
 */
final class GroupCommit<T> implements AutoCloseable {

    /** Writes a group in an open transaction (the caller commits); returns the rows each item changed, in order. */
    interface Batch<T> {
        int[] write(Connection connection, List<T> items) throws SQLException;
    }

    /** More than this many writes in one transaction make a long one, which holds its row locks longer. */
    private static final int MAX_GROUP = 256;

    private record Waiting<T>(T item, CompletableFuture<Integer> written) {
    }

    private static final SQLExceptionTranslator TRANSLATOR = new SQLExceptionSubclassTranslator();

    private final String name;
    private final DataSource dataSource;
    private final Batch<T> batch;
    /**
     * Bounded as everything is: a caller of {@link #write} holds one place while it waits; callers of
     * {@link #submit} that do not wait are held back here once this many writes wait.
     */
    private static final int CAPACITY = 10_000;
    private final BlockingQueue<Waiting<T>> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread writer;
    private volatile boolean closed;

    GroupCommit(String name, DataSource dataSource, Batch<T> batch) {
        this.name = name;
        this.dataSource = dataSource;
        this.batch = batch;
        this.writer = Thread.ofPlatform().daemon().name("jobpool-commit-" + name).start(this::run);
    }

    /**
     * Writes {@code item} and returns once it is committed.
     *
     * @return the rows the write changed (0 when its condition did not hold)
     * @throws DataAccessException if it could not be written
     */
    int write(T item) {
        CompletableFuture<Integer> written = submit(item);
        try {
            return written.get();
        } catch (InterruptedException e) {
            // the write goes on (it may be committed already); the caller is told it was interrupted as usual
            Thread.currentThread().interrupt();
            return written.join();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof DataAccessException failure ? failure
                    : new IllegalStateException(name + ": the write failed", e.getCause());
        }
    }

    /**
     * Writes {@code item} without waiting for it: the returned future completes, on the writer's thread, with the
     * rows the write changed once it is committed, or with the {@link DataAccessException} that kept it from
     * being written. Whoever does more on its completion than note the outcome moves that work off the writer's
     * thread, or the next group waits for it. Blocks only while {@value #CAPACITY} writes wait already.
     */
    CompletableFuture<Integer> submit(T item) {
        if (closed) {
            return alone(item);
        }
        Waiting<T> waiting = new Waiting<>(item, new CompletableFuture<>());
        try {
            queue.put(waiting);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return alone(item);
        }
        if (closed && queue.remove(waiting)) {
            return alone(item); // the writer left before it took this one
        }
        return waiting.written();
    }

    private void run() {
        List<Waiting<T>> group = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Waiting<T> first = queue.poll(100, java.util.concurrent.TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                queue.drainTo(group, MAX_GROUP - 1);
                commit(group);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException | Error unexpected) {
                group.forEach(waiting -> waiting.written().completeExceptionally(unexpected));
            } finally {
                group.clear();
            }
        }
    }

    private void commit(List<Waiting<T>> group) {
        List<T> items = group.stream().map(Waiting::item).toList();
        try {
            int[] counts = transaction(items);
            for (int i = 0; i < group.size(); i++) {
                group.get(i).written().complete(counts[i]);
            }
        } catch (DataAccessException failure) {
            if (group.size() == 1) {
                group.getFirst().written().completeExceptionally(failure);
                return;
            }
            for (Waiting<T> waiting : group) { // one by one: the failure is one item's, or the database's
                try {
                    waiting.written().complete(transaction(List.of(waiting.item()))[0]);
                } catch (DataAccessException own) {
                    waiting.written().completeExceptionally(own);
                }
            }
        }
    }

    private CompletableFuture<Integer> alone(T item) {
        try {
            return CompletableFuture.completedFuture(transaction(List.of(item))[0]);
        } catch (DataAccessException failure) {
            return CompletableFuture.failedFuture(failure);
        }
    }

    private int[] transaction(List<T> items) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                int[] counts = batch.write(connection, items);
                connection.commit();
                return counts;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            DataAccessException translated = TRANSLATOR.translate(name, null, e);
            throw translated != null ? translated
                    : new org.springframework.jdbc.UncategorizedSQLException(name, null, e);
        }
    }

    /** Writes what waits, then stops the writer; later writes are made on their callers' threads. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
