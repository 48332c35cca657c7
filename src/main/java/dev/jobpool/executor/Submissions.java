package dev.jobpool.executor;

import dev.jobpool.future.JobFuture;
import dev.jobpool.future.FutureStore;
import dev.jobpool.task.ArgumentBinder;
import dev.jobpool.task.ArgumentError;
import dev.jobpool.task.InvalidArguments;
import dev.jobpool.task.Task;
import dev.jobpool.task.TaskCall;
import dev.jobpool.task.TaskCatalog;
import dev.jobpool.tenant.TenantQuotas;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/**
 * Where {@code submit} and {@code map} requests become futures. Everything about a request is checked before
 * any future exists (executor, task, every argument of every item), and a refused submission takes its future
 * back, so bad input never leaves a half-created future behind.
 */
public final class Submissions {

    private final ExecutorRegistry executors;
    private final FutureStore store;
    private final TaskCatalog catalog;
    private final ArgumentBinder binder;
    private final Supplier<String> ids;
    private final IdempotencyKeys idempotencyKeys;
    private final CallQueue queue;
    private final TenantQuotas quotas;

    public Submissions(ExecutorRegistry executors, FutureStore store, CallQueue queue, TaskCatalog catalog,
                       ArgumentBinder binder, Supplier<String> ids, IdempotencyKeys idempotencyKeys,
                       TenantQuotas quotas) {
        this.quotas = quotas;
        this.executors = executors;
        this.store = store;
        this.queue = queue;
        this.catalog = catalog;
        this.binder = binder;
        this.ids = ids;
        this.idempotencyKeys = idempotencyKeys;
    }

    /** The future a submit made, and whether an earlier submit with the same Idempotency-Key made it. */
    public record Submitted(JobFuture future, boolean replayed) {
    }

    /** Binds and checks a call of a task without submitting it, e.g. an executor's initializer. */
    public TaskCall<?> bind(String taskName, List<JsonNode> args, Map<String, JsonNode> kwargs) {
        return binder.bind(catalog.get(taskName), args, kwargs);
    }

    /**
     * Python's {@code executor.submit(fn, *args, **kwargs)}.
     *
     * @param timeout how long the call may run before it is stopped and fails with TimeoutError; null for no limit
     * @param retries how many times the call may run again if the instance running it is lost; null for the
     *                task's default ({@link #DEFAULT_RETRIES} for idempotent tasks, else 0)
     * @param tenant whose future it is; Idempotency-Keys are the tenant's own too
     */
    public Submitted submit(String tenant, String executorName, String taskName, List<JsonNode> args,
                            Map<String, JsonNode> kwargs,
                            Duration timeout, Integer retries, String idempotencyKey) {
        Executor executor = executors.get(executorName);
        TaskCall<?> call = bind(taskName, args, kwargs);
        int allowed = retries != null ? retries : call.task().idempotent() ? DEFAULT_RETRIES : 0;
        String id = ids.get();
        if (idempotencyKey == null) {
            return new Submitted(submit(tenant, id, executor, call, timeout, allowed), false);
        }
        var nodes = tools.jackson.databind.node.JsonNodeFactory.instance;
        var request = nodes.arrayNode().add(executorName).add(taskName);
        request.add(args == null ? nodes.arrayNode() : nodes.arrayNode().addAll(args));
        request.add(kwargs == null ? nodes.objectNode() : nodes.objectNode().setAll(kwargs));
        request.add(timeout == null ? null : timeout.toString()).add(allowed);
        // keys are per tenant: the same key from two tenants names two submits. Length-prefixed, so that no
        // tenant and key pair can spell another's
        String scopedKey = tenant.length() + ":" + tenant + ":" + idempotencyKey;
        java.util.Optional<String> earlier = idempotencyKeys.reserve(scopedKey, request, id);
        if (earlier.isPresent()) {
            return new Submitted(store.get(earlier.get()), true);
        }
        try {
            return new Submitted(submit(tenant, id, executor, call, timeout, allowed), false);
        } catch (RuntimeException refused) {
            idempotencyKeys.release(scopedKey); // nothing was accepted: a retry may succeed
            throw refused;
        }
    }

    /** Re-runs after a lost instance that idempotent tasks get when the submit does not say. */
    public static final int DEFAULT_RETRIES = 3;

    private JobFuture submit(String tenant, String id, Executor executor, TaskCall<?> call, Duration timeout,
                             int retries) {
        quotas.admit(tenant, 1);
        try {
            return enqueue(tenant, id, executor, call, timeout, retries);
        } catch (QueueFull full) {
            executors.events().rejected(executor.spec(), call.task().name());
            throw full;
        }
    }

    private JobFuture enqueue(String tenant, String id, Executor executor, TaskCall<?> call, Duration timeout,
                              int retries) {
        JobFuture future = new JobFuture(id, tenant, executor.name(), call.task().name(), Instant.now(), retries);
        queue.enqueue(executor, new Submission(future, call, timeout));
        return future;
    }

    /** A map's futures in input order, and the feed that queues them. */
    public record Mapped(List<JobFuture> futures, MapFeed feed) {
    }

    /**
     * Python's {@code executor.map(fn, *iterables, chunksize, buffersize)}: one call per position of the
     * iterables, zipped to the shortest as Python does. All calls are accepted at once and queued as room frees.
     */
    public Mapped map(String tenant, String executorName, String taskName, List<List<JsonNode>> iterables,
                      int chunksize, int buffersize) {
        Executor executor = executors.get(executorName);
        Task<?> task = catalog.get(taskName);
        int count = iterables.stream().mapToInt(List::size).min().orElse(0);
        List<TaskCall<?>> calls = new ArrayList<>(count);
        List<ArgumentError> errors = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<JsonNode> args = new ArrayList<>(iterables.size());
            for (List<JsonNode> iterable : iterables) {
                args.add(iterable.get(i));
            }
            try {
                calls.add(binder.bind(task, args, Map.of()));
            } catch (InvalidArguments invalid) {
                for (ArgumentError error : invalid.errors()) {
                    errors.add(new ArgumentError("items[" + i + "]." + error.field(), error.message()));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidArguments(taskName, errors);
        }
        quotas.admit(tenant, count); // also bounds what one tenant's maps may hold waiting, on every executor
        List<Submission> submissions = calls.stream().map(call -> new Submission(new JobFuture(ids.get(), tenant,
                executor.name(), call.task().name(), Instant.now(), call.task().idempotent() ? DEFAULT_RETRIES : 0),
                call)).toList();
        submissions.forEach(s -> store.add(s.future(), s.call().args()));
        try {
            MapFeed feed = executor.feed(submissions, buffersize, chunksize);
            return new Mapped(submissions.stream().map(Submission::future).toList(), feed);
        } catch (RuntimeException refused) {
            submissions.forEach(s -> store.discard(s.future()));
            throw refused;
        }
    }
}
