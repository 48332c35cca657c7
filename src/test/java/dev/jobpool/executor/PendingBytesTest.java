package dev.jobpool.executor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The bound on what pending calls' arguments hold: the total, each tenant's share, and giving back. */
class PendingBytesTest {

    private final PendingBytes bytes = new PendingBytes(1000);

    @Test
    void aTenantAloneMayTakeAllButATenthAndIsRefusedPastItWithTheLimitNamed() {
        bytes.reserve("e", "a", 900);
        assertThatThrownBy(() -> bytes.reserve("e", "a", 1)).isInstanceOf(QueueFull.class)
                .hasMessageContaining("jobpool.executors.max-pending-bytes").hasMessageContaining("tenant 'a' 900");
        assertThat(bytes.held()).isEqualTo(900);
    }

    @Test
    void theTenthKeptBackLetsAnotherTenantInAndThenTheFirstIsOverItsShare() {
        bytes.reserve("e", "a", 900);
        bytes.reserve("e", "b", 100); // its share with one other holding bytes: 500
        assertThatThrownBy(() -> bytes.reserve("e", "b", 1)).as("the total").isInstanceOf(QueueFull.class);
        bytes.release("a", 500);
        assertThatCode(() -> bytes.reserve("e", "a", 1)).as("a holds 400 now, under its share of 500")
                .doesNotThrowAnyException();
        bytes.reserve("e", "b", 300);
        assertThatThrownBy(() -> bytes.reserve("e", "b", 101)).as("b at 400, share 500").isInstanceOf(QueueFull.class);
        assertThat(bytes.held()).isEqualTo(801);
    }

    @Test
    void whatIsGivenBackIsFreeAgainAndATenantHoldingNothingNoLongerCounts() {
        bytes.reserve("e", "a", 400);
        bytes.reserve("e", "b", 400);
        bytes.release("b", 400);
        bytes.reserve("e", "a", 500); // alone again: 900 is a's share
        assertThat(bytes.held()).isEqualTo(900);
        bytes.release("a", 900);
        assertThat(bytes.held()).isZero();
    }

    @Test
    void callsWithoutArgumentsCostNothingEvenWhenFull() {
        bytes.reserve("e", "a", 900);
        bytes.reserve("e", "b", 100);
        bytes.reserve("e", "c", 0);
        bytes.release("c", 0);
        assertThat(bytes.held()).isEqualTo(1000);
    }
}
