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
    void keepsOrderThroughWrapAroundAndGrowthAndFindsWhereToGoOn() {
        FinishedLog log = new FinishedLog();
        long number = 0;
        for (int i = 0; i < 50; i++) {
            log.add(future(i), number += 2); // numbers 2, 4, … with gaps, as other stores' ends would leave
        }
        for (int i = 0; i < 40; i++) {
            log.removeFirst(); // the head moves on: what comes next wraps around the array
        }
        for (int i = 50; i < 200; i++) {
            log.add(future(i), number += 2); // and past the array's length: it grows
        }

        assertThat(log.size()).isEqualTo(160);
        assertThat(log.first().id()).isEqualTo("f40");
        assertThat(log.number(0)).isEqualTo(82);
        assertThat(log.future(159).id()).isEqualTo("f199");
        assertThat(log.indexAfter(0)).isZero();
        assertThat(log.indexAfter(82)).isEqualTo(1);
        assertThat(log.indexAfter(83)).isEqualTo(1);
        assertThat(log.indexAfter(number)).isEqualTo(160);
        assertThat(log.future(log.indexAfter(101)).id()).isEqualTo("f50");
    }
}
