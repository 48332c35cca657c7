package dev.jobpool.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL database that tests use, one per test JVM, created here (never assumed to exist) on the first
 * server of these that is there, in this order, said once in the log:
 * <ol>
 *   <li>the server at {@code JOBPOOL_TEST_DATABASE_URL} (user {@code JOBPOOL_TEST_DATABASE_USER}, default
 *       {@code postgres}; password {@code JOBPOOL_TEST_DATABASE_PASSWORD}), which must allow CREATE DATABASE;</li>
 *   <li>a Testcontainers container, when a Docker engine answers;</li>
 *   <li>an {@link EmbeddedPostgresServer} from a Maven artifact: so the tests need nothing but a JDK.</li>
 * </ol>
 * The database is named {@code jobpool_it_<random>}, so that runs on one server do not meet, and dropped when
 * the JVM exits.
 */
public final class TestDatabase {

    private static final Logger log = LoggerFactory.getLogger(TestDatabase.class);
    private static TestDatabase instance;

    private final String url;
    private final String user;
    private final String password;

    private TestDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The test JVM's database, migrated; the server is chosen and started on the first call. */
    public static synchronized TestDatabase get() {
        if (instance == null) {
            TestDatabase server = server();
            instance = server.createDatabase("jobpool_it_" + UUID.randomUUID().toString().substring(0, 8));
            instance.migrate();
        }
        return instance;
    }

    private static TestDatabase server() {
        String url = System.getenv("JOBPOOL_TEST_DATABASE_URL");
        if (url != null && !url.isBlank()) {
            String user = System.getenv().getOrDefault("JOBPOOL_TEST_DATABASE_USER", "postgres");
            log.info("PostgreSQL for tests: the server at JOBPOOL_TEST_DATABASE_URL {} (user {})", url, user);
            return new TestDatabase(url, user, System.getenv().getOrDefault("JOBPOOL_TEST_DATABASE_PASSWORD", ""));
        }
        if (dockerAvailable()) {
            log.info("PostgreSQL for tests: a Testcontainers container (a Docker engine answers)");
            return fromContainer();
        }
        EmbeddedPostgresServer embedded = EmbeddedPostgresServer.start();
        log.info("PostgreSQL for tests: embedded PostgreSQL {} at {} (no JOBPOOL_TEST_DATABASE_URL, no Docker engine)",
                embedded.version(), embedded.url());
        return new TestDatabase(embedded.url(), "postgres", "");
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | Error e) {
            return false;
        }
    }

    @SuppressWarnings("resource") // lives as long as the test JVM; Testcontainers' reaper removes it
    private static TestDatabase fromContainer() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
        container.start();
        return new TestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }

    /** A new database on this one's server, dropped when the JVM exits. */
    private TestDatabase createDatabase(String name) {
        execute("create database " + name);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                execute("drop database if exists " + name + " with (force)");
            } catch (IllegalStateException serverGone) {
                // an embedded server may stop first: its directory, database included, goes with it
            }
        }, "drop-" + name));
        return new TestDatabase(withDatabase(url, name), user, password);
    }

    /** {@code jdbc:postgresql://host:port/old?params} with another database name, parameters kept. */
    static String withDatabase(String url, String database) {
        int hosts = url.indexOf("//") + 2;
        int slash = url.indexOf('/', hosts);
        int query = url.indexOf('?', hosts);
        String server = slash >= 0 ? url.substring(0, slash) : query >= 0 ? url.substring(0, query) : url;
        String parameters = query >= 0 ? url.substring(query) : "";
        return server + "/" + database + parameters;
    }

    private void execute(String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("could not run '" + sql + "' on the test server at " + url, e);
        }
    }

    private void migrate() {
        // as the service migrates (application.yml): V13's CREATE INDEX CONCURRENTLY waits for every open
        // transaction, the one Flyway's default transactional lock holds among them
        Flyway.configure().dataSource(url, user, password).cleanDisabled(false)
                .configuration(java.util.Map.of("flyway.postgresql.transactional.lock", "false")).load().migrate();
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public DriverManagerDataSource dataSource() {
        return new DriverManagerDataSource(url, user, password);
    }

    /** Empties Jobpool's tables, so that a test starts from nothing. */
    public void clear() {
        execute("truncate jobpool_future, jobpool_tombstone, jobpool_executor, jobpool_idempotency, jobpool_instance");
    }

    /**
     * Arguments for a Jobpool on this database with jobpool.store=postgres: these properties, then
     * {@code arguments}, each replacing an earlier one with the same key (Spring would join them with commas).
     */
    public String[] serviceArguments(String... arguments) {
        List<String> all = new ArrayList<>(List.of(properties()));
        for (String argument : arguments) {
            String key = argument.substring(0, argument.indexOf('=') + 1);
            all.removeIf(earlier -> earlier.startsWith(key));
            all.add(argument);
        }
        return all.toArray(String[]::new);
    }

    /** Spring properties that point a Jobpool at this database with jobpool.store=postgres. */
    public String[] properties() {
        return new String[] {"--jobpool.store=postgres", "--spring.datasource.url=" + url,
                "--spring.datasource.username=" + user, "--spring.datasource.password=" + password};
    }
}
