package dev.jobpool.executor;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExecutorRegistryTest {

    private final ExecutorRegistry registry = new ExecutorRegistry(new ExecutorLimits(3, 8, 10, 100, 50), v -> v, null, ExecutorEvents.NONE);

    @AfterEach
    void stop() throws InterruptedException {
        registry.stopAll(Duration.ofSeconds(1));
    }

    @Test
    void defaultsArePythonsWorkersAndTheConfiguredQueue() {
        Executor executor = registry.create("a", null, null, null, null);

        assertThat(executor.spec().kind()).isEqualTo(ExecutorKind.THREAD);
        assertThat(executor.spec().maxWorkers()).isEqualTo(Math.min(8, ExecutorSpec.defaultThreadWorkers()));
        assertThat(executor.spec().queueCapacity()).isEqualTo(50);
        assertThat(registry.get("a")).isSameAs(executor);
        assertThatThrownBy(() -> registry.get("b")).isInstanceOf(ExecutorNotFound.class);
    }

    @Test
    void namesSizesAndKindsAreChecked() {
        assertThatThrownBy(() -> registry.create("Bad_Name", null, 1, 1, null)).isInstanceOf(InvalidExecutorSpec.class)
                .hasMessageContaining("name");
        assertThatThrownBy(() -> registry.create("a", null, 9, 1, null)).isInstanceOf(InvalidExecutorSpec.class)
                .hasMessageContaining("maxWorkers");
        assertThatThrownBy(() -> registry.create("a", null, 1, 101, null)).isInstanceOf(InvalidExecutorSpec.class)
                .hasMessageContaining("queueCapacity");
        assertThatThrownBy(() -> registry.create("a", null, 1, 1, new WorkerOptions(3, null, null, null)))
                .isInstanceOf(InvalidExecutorSpec.class).hasMessageContaining("process executors only");
        assertThatThrownBy(() -> registry.create("a", ExecutorKind.PROCESS, 1, 1, null))
                .isInstanceOf(InvalidExecutorSpec.class).hasMessageContaining("not available");
        assertThat(registry.all()).isEmpty();
    }

    @Test
    void theNumberOfExecutorsAndTheirWorkersInTotalAreLimited() {
        registry.create("a", null, 4, 1, null);
        registry.create("b", null, 4, 1, null);

        assertThatThrownBy(() -> registry.create("c", null, 4, 1, null)).isInstanceOf(ExecutorLimitReached.class)
                .hasMessageContaining("max-workers-total");
        registry.create("c", null, 2, 1, null);
        assertThatThrownBy(() -> registry.create("d", null, 1, 1, null)).isInstanceOf(ExecutorLimitReached.class)
                .hasMessageContaining("max-executors");
    }

    @Test
    void aNameIsFreeAgainOnlyOnceItsExecutorTerminated() throws InterruptedException {
        Executor first = registry.create("a", null, 1, 1, null);
        assertThatThrownBy(() -> registry.create("a", null, 1, 1, null)).isInstanceOf(ExecutorExists.class);

        first.shutdown(false);
        assertThat(first.awaitTermination(Duration.ofSeconds(5))).isTrue();

        assertThat(registry.create("a", null, 2, 1, null)).isNotSameAs(first);
        assertThat(registry.get("a").spec().maxWorkers()).isEqualTo(2);
    }

    @Test
    void processExecutorsMayReserveAtMostTheTotalHeapTogether() throws InterruptedException {
        ProcessRunners heaps = new ProcessRunners() {
            @Override
            public CallRunner runner(ExecutorSpec spec) {
                return new InThreadRunner("test", null);
            }

            @Override
            public long heapReserved(ExecutorSpec spec) {
                return spec.maxWorkers() * 100L << 20;
            }

            @Override
            public long maxTotalHeap() {
                return 1000L << 20;
            }
        };
        ExecutorRegistry limited = new ExecutorRegistry(new ExecutorLimits(8, 8, 64, 100, 10), v -> v, heaps,
                ExecutorEvents.NONE);
        Executor first = limited.create("p1", ExecutorKind.PROCESS, 4, 10, null);
        limited.create("p2", ExecutorKind.PROCESS, 4, 10, null);
        assertThatThrownBy(() -> limited.create("p3", ExecutorKind.PROCESS, 4, 10, null))
                .isInstanceOf(ExecutorLimitReached.class).hasMessageContaining("max-total-heap")
                .hasMessageContaining("800 MB");
        limited.create("t1", ExecutorKind.THREAD, 8, 10, null); // threads reserve no worker heap
        first.shutdown(false);
        assertThat(first.awaitTermination(Duration.ofSeconds(5))).isTrue();
        assertThat(limited.create("p3", ExecutorKind.PROCESS, 4, 10, null).name()).isEqualTo("p3");
        limited.stopAll(Duration.ofSeconds(5));
    }
}
