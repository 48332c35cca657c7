package dev.jobpool.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure one Jobpool instance at a time uses a database: a PostgreSQL advisory lock, held on a connection
 * of its own for as long as the instance runs (the server releases it when that connection ends, also after a
 * crash). Until instances claim work from each other safely, a second instance would take the first one's
 * running calls for lost and run its pending calls twice; it refuses to start instead.
 */
public final class SingleInstanceLock implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SingleInstanceLock.class);
    /** "jobpool" in ASCII, the advisory lock's key. */
    private static final long KEY = 0x6a6f62706f6f6cL;

    private final Connection connection;

    private SingleInstanceLock(Connection connection) {
        this.connection = connection;
    }

    public static SingleInstanceLock acquire(DataSource dataSource) throws SQLException {
        Connection connection = dataSource.getConnection();
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            lock.setLong(1, KEY);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                if (!result.getBoolean(1)) {
                    connection.close();
                    throw new IllegalStateException("another Jobpool instance is using this database"
                            + " (jobpool.store=postgres supports one instance per database for now); stop it first");
                }
            }
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
        log.info("this instance holds the database's Jobpool lock");
        return new SingleInstanceLock(connection);
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
