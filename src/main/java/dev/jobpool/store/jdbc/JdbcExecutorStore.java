package dev.jobpool.store.jdbc;

import dev.jobpool.executor.ExecutorKind;
import dev.jobpool.executor.ExecutorStore;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Executors created through the API, in PostgreSQL ({@code jobpool_executor}). */
final class JdbcExecutorStore implements ExecutorStore {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    JdbcExecutorStore(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void created(Kept executor) {
        String initializer = executor.initializerTask() == null ? null : json.writeValueAsString(
                json.createObjectNode().put("task", executor.initializerTask())
                        .set("kwargs", executor.initializerArguments()));
        jdbc.sql("insert into jobpool_executor (name, kind, max_workers, queue_capacity, max_tasks_per_child, heap,"
                        + " profile, initializer, shut_down, created_at) values (:name, :kind, :maxWorkers,"
                        + " :queueCapacity, :maxTasksPerChild, :heap, :profile,"
                        + " cast(:initializer as jsonb), false, :createdAt)"
                        + " on conflict (name) do update set kind = excluded.kind, max_workers = excluded.max_workers,"
                        + " queue_capacity = excluded.queue_capacity, max_tasks_per_child = excluded.max_tasks_per_child,"
                        + " heap = excluded.heap, profile = excluded.profile, initializer = excluded.initializer,"
                        + " shut_down = false, created_at = excluded.created_at")
                .param("name", executor.name())
                .param("kind", executor.kind().name())
                .param("maxWorkers", executor.maxWorkers())
                .param("queueCapacity", executor.queueCapacity())
                .param("maxTasksPerChild", executor.maxTasksPerChild())
                .param("heap", executor.heap())
                .param("profile", executor.profile())
                .param("initializer", initializer)
                .param("createdAt", Timestamp.from(clock.instant()))
                .update();
        changed(executor.name());
    }

    /** Tells every instance sharing the database (see Cluster). */
    private void changed(String name) {
        jdbc.sql("select pg_notify('jobpool_executors', :name)").param("name", name).query(String.class).optional();
    }

    @Override
    public List<String> shutDown() {
        return jdbc.sql("select name from jobpool_executor where shut_down").query(String.class).list();
    }

    @Override
    public void shutDown(String name) {
        jdbc.sql("update jobpool_executor set shut_down = true where name = :name").param("name", name).update();
        changed(name);
    }

    @Override
    public List<Kept> running() {
        return jdbc.sql("select * from jobpool_executor where not shut_down order by created_at").query((rs, n) -> {
            String initializer = rs.getString("initializer");
            JsonNode init = initializer == null ? null : json.readTree(initializer);
            return new Kept(rs.getString("name"), ExecutorKind.valueOf(rs.getString("kind")), rs.getInt("max_workers"),
                    rs.getInt("queue_capacity"), (Integer) rs.getObject("max_tasks_per_child"), rs.getString("heap"),
                    rs.getString("profile"), init == null ? null : init.get("task").asString(), init == null ? null : init.get("kwargs"));
        }).list();
    }
}
