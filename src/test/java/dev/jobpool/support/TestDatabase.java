package dev.jobpool.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The PostgreSQL that tests use: a Testcontainers container where a Docker engine runs, otherwise the server
 * named by {@code JOBPOOL_TEST_DATABASE_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/jobpool_test},
 * user {@code JOBPOOL_TEST_DATABASE_USER}, default {@code postgres}), which {@code .ci/run} makes sure exists.
 */
public final class TestDatabase {

    private static TestDatabase instance;

    private final String url;
    private final String user;
    private final String password;

    private TestDatabase(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    public static synchronized TestDatabase get() {
        if (instance == null) {
            instance = dockerAvailable() ? fromContainer() : fromEnvironment();
            instance.migrate();
        }
        return instance;
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

    private static TestDatabase fromEnvironment() {
        String url = System.getenv().getOrDefault("JOBPOOL_TEST_DATABASE_URL",
                "jdbc:postgresql://127.0.0.1:5432/jobpool_test");
        String user = System.getenv().getOrDefault("JOBPOOL_TEST_DATABASE_USER", "postgres");
        String password = System.getenv().getOrDefault("JOBPOOL_TEST_DATABASE_PASSWORD", "");
        return new TestDatabase(url, user, password);
    }

    private void migrate() {
        Flyway.configure().dataSource(url, user, password).cleanDisabled(false).load().migrate();
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
        try (Connection connection = DriverManager.getConnection(url, user, password);
             Statement statement = connection.createStatement()) {
            statement.execute("truncate jobpool_future, jobpool_tombstone, jobpool_executor, jobpool_idempotency");
        } catch (SQLException e) {
            throw new IllegalStateException("could not clear the test database at " + url, e);
        }
    }

    /**
     * Arguments for a Jobpool on this database with jobpool.store=postgres: these properties, then
     * {@code arguments}, each replacing an earlier one with the same key (Spring would join them with commas).
     */
    public String[] serviceArguments(String... arguments) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(properties()));
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
