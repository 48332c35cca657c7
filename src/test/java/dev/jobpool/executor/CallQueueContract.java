package dev.jobpool.executor;

import dev.jobpool.future.FutureNotFound;
import dev.jobpool.future.FutureState;
import dev.jobpool.future.FutureStore;
import dev.jobpool.future.JobFuture;
import dev.jobpool.task.Task;
import dev.jobpool.task.TaskCall;
import dev.jobpool.task.TaskContext;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link CallQueue} must do with calls that wait: accept them within the executor's
 * queueCapacity, refuse them when it is full or shut down (leaving nothing behind), cancel them. Each
 * adapter's test says how to make a queue and the store it keeps futures in; nothing here knows which.
 * The executor's one worker is kept busy by a call given to it directly, so that queued calls stay pending.
 */
public abstract class CallQueueContract {

    /** A call that holds its worker until the test ends. */
    protected static final class Hold implements Task<Hold.Args> {
        public record Args(int n) {
        }

        public final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "hold";
        }

        @Override
        public String description() {
            return "holds its worker until the test releases it";
        }

        @Override
        public Class<Args> argumentsType() {
            return Args.class;
        }

        @Override
        public Object run(Args args, TaskContext context) throws InterruptedException {
            release.await(30, TimeUnit.SECONDS);
            return args.n();
        }
    }

    /** A queue and the store that keeps its futures. */
    public record Setup(CallQueue queue, FutureStore store) {
    }

    protected final Hold hold = new Hold();
    protected ExecutorRegistry registry;
    private Executor executor;
    private CallQueue queue;
    private FutureStore store;

    /** A queue over {@code registry}'s executors, with an empty store. */
    protected abstract Setup newQueue(ExecutorRegistry registry);

    @BeforeEach
    void createQueue() {
        registry = new ExecutorRegistry(new ExecutorLimits(4, 4, 8, 100, 2), value -> value, null,
                ExecutorEvents.NONE);
        executor = registry.create("q", ExecutorKind.THREAD, 1, 2, null);
        executor.submit(submission()); // the worker is busy from now on
        Setup setup = newQueue(registry);
        queue = setup.queue();
        store = setup.store();
    }

    @AfterEach
    void stop() throws InterruptedException {
        hold.release.countDown();
        registry.stopAll(Duration.ofSeconds(5));
    }

    private Submission submission() {
        JobFuture future = new JobFuture(UUID.randomUUID().toString(), "q", "hold", Instant.now());
        return new Submission(future, new TaskCall<>(hold, new Hold.Args(1)));
    }

    private JobFuture enqueued() {
        Submission submission = submission();
        queue.enqueue(executor, submission);
        return submission.future();
    }

    @Test
    void anAcceptedCallIsKeptPendingUntilAWorkerTakesIt() {
        JobFuture future = enqueued();
        assertThat(store.get(future.id()).state()).isEqualTo(FutureState.PENDING);
    }

    @Test
    void aFullQueueRefusesAndKeepsNothingOfTheRefusedCall() {
        enqueued();
        enqueued();
        Submission refused = submission();
        assertThatThrownBy(() -> queue.enqueue(executor, refused)).isInstanceOf(QueueFull.class);
        assertThatThrownBy(() -> store.get(refused.future().id())).isInstanceOf(FutureNotFound.class);
    }

    @Test
    void aShutDownExecutorRefusesAndKeepsNothing() {
        executor.shutdown(false);
        Submission refused = submission();
        assertThatThrownBy(() -> queue.enqueue(executor, refused)).isInstanceOf(ExecutorShutDown.class);
        assertThatThrownBy(() -> store.get(refused.future().id())).isInstanceOf(FutureNotFound.class);
    }

    @Test
    void cancellingAPendingCallCancelsItOnceAndForAll() {
        JobFuture future = enqueued();
        assertThat(queue.cancel(store.get(future.id()))).isTrue();
        assertThat(store.get(future.id()).state()).isEqualTo(FutureState.CANCELLED);
        assertThat(queue.cancel(store.get(future.id()))).as("cancelled already: still true, as in Python").isTrue();
    }

    @Test
    void aCancelledCallFreesItsPlaceInTheQueue() {
        JobFuture first = enqueued();
        enqueued();
        queue.cancel(store.get(first.id()));
        JobFuture third = enqueued();
        assertThat(store.get(third.id()).state()).isEqualTo(FutureState.PENDING);
    }

    @Test
    void interruptingACallThatIsNotRunningChangesNothing() {
        JobFuture future = enqueued();
        assertThat(queue.interrupt(store.get(future.id()))).isFalse();
        assertThat(store.get(future.id()).state()).isEqualTo(FutureState.PENDING);
    }
}
