package dev.jobpool.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class TenantQueueTest {

    /** A call of a tenant: "a1" is tenant a's first. */
    private final TenantQueue<String> queue = new TenantQueue<>(call -> call.substring(0, 1), 2_000);

    @Test
    void tenantsTakeTurnsAndEachKeepsItsOrder() {
        for (int i = 1; i <= 4; i++) {
            queue.offer("a" + i);
        }
        queue.offer("b1");
        queue.offer("c1");
        queue.offer("b2");

        List<String> taken = new ArrayList<>();
        queue.drainTo(taken);

        assertThat(taken).containsExactly("a1", "b1", "c1", "a2", "b2", "a3", "a4");
        assertThat(queue).isEmpty();
    }

    @Test
    void aTenantThatArrivesLateWaitsForOneTurnNotForTheBacklog() throws InterruptedException {
        for (int i = 1; i <= 1000; i++) {
            queue.offer("a" + i);
        }
        assertThat(queue.take()).isEqualTo("a1");
        queue.offer("b1");

        assertThat(queue.poll(1, TimeUnit.SECONDS)).isEqualTo("a2");
        assertThat(queue.poll()).isEqualTo("b1");
        assertThat(queue.size()).isEqualTo(998);
    }

    @Test
    void removingACancelledCallLeavesTheOthersInPlace() {
        queue.offer("a1");
        queue.offer("a2");
        queue.offer("b1");

        assertThat(queue.remove("a1")).isTrue();
        assertThat(queue.remove("a1")).isFalse();
        assertThat(queue.remove("b1")).isTrue();

        assertThat(queue.size()).isEqualTo(1);
        assertThat(queue.peek()).isEqualTo("a2");
        assertThat(queue.poll()).isEqualTo("a2");
        assertThat(queue.poll()).isNull();
    }

    @Test
    void aTenantAloneLeavesATenthOfTheRoomAndWithOthersEachHoldsAnEqualShare() {
        TenantQueue<String> small = new TenantQueue<>(call -> call.substring(0, 1), 20);
        for (int i = 0; i < 18; i++) {
            assertThat(small.hasShare("a")).isTrue();
            small.offer("a" + i);
        }
        assertThat(small.hasShare("a")).as("18 of 20: the rest is kept for others").isFalse();
        assertThat(small.hasShare("b")).isTrue();
        small.offer("b1");
        assertThat(small.hasShare("c")).as("two others wait: a third of 20").isTrue();
        assertThat(QueueShare.of(20, 2)).isEqualTo(6);
        assertThat(small.poll()).isEqualTo("a0");
        assertThat(small.queued("a")).isEqualTo(17);
        assertThat(small.hasShare("a")).as("with b waiting, a's share is 10 of 20: a waits").isFalse();
        assertThat(small.poll()).isEqualTo("b1");
        assertThat(small.hasShare("a")).as("alone again: 17 of 18").isTrue();
        assertThat(QueueShare.of(2, 0)).as("nothing kept of a queue under ten").isEqualTo(2);
        assertThat(QueueShare.of(2, 5)).as("at least one").isEqualTo(1);
    }

    @Test
    void aTimedPollOnAnEmptyQueueReturnsNothingAfterItsTimeout() throws InterruptedException {
        assertThat(queue.poll(10, TimeUnit.MILLISECONDS)).isNull();
    }
}
