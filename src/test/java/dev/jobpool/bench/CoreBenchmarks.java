package dev.jobpool.bench;

import dev.jobpool.executor.ExecutorEvents;
import dev.jobpool.executor.ExecutorKind;
import dev.jobpool.executor.ExecutorLimits;
import dev.jobpool.executor.ExecutorRegistry;
import dev.jobpool.executor.LocalCallQueue;
import dev.jobpool.store.InMemoryIdempotencyKeys;
import dev.jobpool.executor.Submissions;
import dev.jobpool.future.JobFuture;
import dev.jobpool.store.InMemoryFutureStore;
import dev.jobpool.future.RetentionSettings;
import dev.jobpool.support.Api;
import dev.jobpool.task.ArgumentBinder;
import dev.jobpool.task.Task;
import dev.jobpool.task.TaskCatalog;
import dev.jobpool.task.TaskSettings;
import jakarta.validation.Validation;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.StringNode;

/**
 * The core paths under every HTTP figure, without HTTP: a submit through the registry's executor and the
 * in-memory store until the future is done, and the binding of JSON arguments to a task's parameters (with
 * and without parsing the request body). Run with {@code bench/jmh} (any JMH options after it).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class CoreBenchmarks {

    private static final String SUBMIT_BODY = "{\"task\": \"sum-of-squares\", \"kwargs\": {\"n\": 10000000}}";

    private ExecutorRegistry registry;
    private Submissions submissions;
    private ArgumentBinder binder;
    private Task<?> echo;
    private Task<?> sumOfSquares;
    private final AtomicLong counter = new AtomicLong();

    @Setup
    public void setUp() {
        registry = new ExecutorRegistry(new ExecutorLimits(4, 64, 64, 100_000, 10_000), v -> v, null,
                ExecutorEvents.NONE);
        registry.create("bench", ExecutorKind.THREAD, null, null, null);
        TaskCatalog catalog = new TaskCatalog(name -> TaskSettings.empty(), task -> !task.testOnly());
        binder = new ArgumentBinder(Validation.buildDefaultValidatorFactory().getValidator());
        var store = new InMemoryFutureStore(new RetentionSettings(Duration.ofHours(1), 100_000, 100_000),
                Clock.systemUTC());
        submissions = new Submissions(registry, store, new LocalCallQueue(store, registry), catalog, binder,
                () -> UUID.randomUUID().toString(),
                new InMemoryIdempotencyKeys(Duration.ofHours(1), 100_000, Clock.systemUTC()),
                dev.jobpool.tenant.TenantQuotas.defaults(store));
        echo = catalog.get("echo");
        sumOfSquares = catalog.get("sum-of-squares");
    }

    @TearDown
    public void tearDown() throws InterruptedException {
        registry.stopAll(Duration.ofSeconds(10));
    }

    /** submit(echo, i) and wait for its result: queue, pool thread, state machine and store, one at a time. */
    @Benchmark
    public Object submitAndWaitForTheResult() throws InterruptedException {
        JobFuture future = submissions.submit(JobFuture.DEFAULT_TENANT, "bench", "echo",
                List.of(IntNode.valueOf((int) counter.incrementAndGet())), Map.of(), null, null, null).future();
        if (!future.awaitDone(Duration.ofSeconds(10))) {
            throw new IllegalStateException("not done in 10 s");
        }
        return future.snapshot().result();
    }

    /** Binding one positional argument: the cheapest call. */
    @Benchmark
    public Object bindEchoArgument() {
        return binder.bind(echo, List.of(StringNode.valueOf("hello")), Map.of());
    }

    /** Binding a keyword argument with its range check (n ≤ 3e9). */
    @Benchmark
    public Object bindSumOfSquaresKeyword() {
        return binder.bind(sumOfSquares, List.of(), Map.of("n", IntNode.valueOf(10_000_000)));
    }

    /** What a submit request costs before it reaches the executor: parse the body, then bind. */
    @Benchmark
    public Object parseAndBindASubmitBody() {
        JsonNode body = Api.JSON.readTree(SUBMIT_BODY);
        Map<String, JsonNode> kwargs = Map.of("n", body.get("kwargs").get("n"));
        return binder.bind(sumOfSquares, List.of(), kwargs);
    }
}
