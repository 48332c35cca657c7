package dev.jobpool.store;

import dev.jobpool.future.JobFuture;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FinishedLogTest {

    private static JobFuture future(int n) {
        return new JobFuture("f" + n, "e", "t", Instant.now());
    }

    @Test
    void numbersConsecutivelyThroughWrapAroundAndGrowthAndFindsWhereToGoOn() {
        FinishedLog log = new FinishedLog();
        assertThat(log.last()).isZero();
        for (int i = 0; i < 50; i++) {
            assertThat(log.add(future(i))).isEqualTo(i + 1);
        }
        for (int i = 0; i < 40; i++) {
            log.removeFirst(); // the head moves on: what comes next wraps around the array
        }
        for (int i = 50; i < 200; i++) {
            log.add(future(i)); // and past the array's length: it grows
        }

        assertThat(log.size()).isEqualTo(160);
        assertThat(log.first().id()).isEqualTo("f40");
        assertThat(log.number(0)).isEqualTo(41);
        assertThat(log.last()).isEqualTo(200);
        assertThat(log.future(159).id()).isEqualTo("f199");
        assertThat(log.indexAfter(0)).as("ends before the first kept: start at it").isZero();
        assertThat(log.indexAfter(41)).isEqualTo(1);
        assertThat(log.indexAfter(200)).isEqualTo(160);
        assertThat(log.future(log.indexAfter(50)).id()).isEqualTo("f50");
    }
}
