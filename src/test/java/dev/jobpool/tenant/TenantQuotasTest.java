package dev.jobpool.tenant;

import dev.jobpool.future.JobFuture;
import dev.jobpool.future.RetentionSettings;
import dev.jobpool.store.InMemoryFutureStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantQuotasTest {

    private final InMemoryFutureStore store = new InMemoryFutureStore(
            new RetentionSettings(Duration.ofHours(1), 1_000, 1_000), Clock.systemUTC());
    private final AtomicLong now = new AtomicLong();

    private TenantQuotas quotas(TenantProperties.Quota defaults, Map<String, TenantProperties.Quota> own) {
        return new TenantQuotas(new TenantProperties(defaults, own, 1000, 200_000), store, now::get);
    }

    private JobFuture pending(String tenant) {
        JobFuture future = new JobFuture(UUID.randomUUID().toString(), tenant, "e", "echo", Instant.now(), 0);
        store.add(future, null);
        return future;
    }

    @Test
    void unfinishedCallsAreCountedPerTenantAndAMapCountsAllItsCalls() {
        TenantQuotas quotas = quotas(new TenantProperties.Quota(3, null, null, null, null, null), null);
        JobFuture first = pending("alice");
        pending("alice");

        assertThatCode(() -> quotas.admit("alice", 1)).doesNotThrowAnyException();
        assertThatThrownBy(() -> quotas.admit("alice", 2)).isInstanceOfSatisfying(QuotaExceeded.class, e -> {
            assertThat(e.quota()).isEqualTo("max-active-calls");
            assertThat(e.getMessage()).contains("2 calls pending or running", "quota of 3");
        });
        assertThatCode(() -> quotas.admit("bob", 3)).as("another tenant's calls do not count")
                .doesNotThrowAnyException();

        first.cancel();
        assertThatCode(() -> quotas.admit("alice", 2)).doesNotThrowAnyException();
    }

    @Test
    void eventStreamsAreBoundedPerTenantAndPerInstanceAndReleasedOnce() {
        TenantQuotas quotas = new TenantQuotas(new TenantProperties(
                new TenantProperties.Quota(null, null, null, null, 2, null), Map.of(), 3, 200_000), store, now::get);
        Runnable first = quotas.openStream("alice");
        quotas.openStream("alice");
        assertThatThrownBy(() -> quotas.openStream("alice")).isInstanceOfSatisfying(QuotaExceeded.class, e -> {
            assertThat(e.quota()).isEqualTo("max-event-streams");
            assertThat(e.getMessage()).contains("tenant 'alice' has 2 event streams open");
        });
        Runnable bobs = quotas.openStream("bob");
        assertThatThrownBy(() -> quotas.openStream("carol")).as("the instance serves 3 at once")
                .isInstanceOfSatisfying(QuotaExceeded.class, e -> assertThat(e.getMessage())
                        .contains("limit of 3 event streams"));

        first.run();
        first.run(); // a second release gives nothing back twice
        quotas.openStream("carol");
        assertThatThrownBy(() -> quotas.openStream("alice")).as("alice's freed place went to carol")
                .isInstanceOf(QuotaExceeded.class);
        bobs.run();
        assertThatCode(() -> quotas.openStream("alice")).doesNotThrowAnyException();
    }

    @Test
    void futuresWaitedOnAreBoundedPerTenantAndPerInstanceAndReleasedOnce() {
        TenantQuotas quotas = new TenantQuotas(new TenantProperties(
                new TenantProperties.Quota(null, null, null, null, null, 10), Map.of(), 3, 15), store, now::get);
        Runnable first = quotas.openWait("alice", 6);
        assertThatThrownBy(() -> quotas.openWait("alice", 5)).isInstanceOfSatisfying(QuotaExceeded.class, e -> {
            assertThat(e.quota()).isEqualTo("max-waiting-futures");
            assertThat(e.getMessage()).contains("tenant 'alice'", "more than 10 futures");
        });
        Runnable second = quotas.openWait("alice", 4);
        Runnable bobs = quotas.openWait("bob", 5);
        assertThatThrownBy(() -> quotas.openWait("carol", 1)).as("the instance waits on 15 at once")
                .isInstanceOfSatisfying(QuotaExceeded.class, e -> assertThat(e.getMessage())
                        .contains("wait on 15 futures already"));

        first.run();
        first.run(); // a second release gives nothing back twice
        quotas.openWait("carol", 6);
        second.run();
        bobs.run();
        assertThatCode(() -> quotas.openWait("alice", 9)).doesNotThrowAnyException();
        assertThatThrownBy(() -> quotas.openWait("bob", 11)).as("more than a tenant's quota in one request")
                .isInstanceOf(QuotaExceeded.class);
    }

    @Test
    void aTenantsOwnQuotaOverridesTheDefaultFieldByField() {
        TenantQuotas quotas = quotas(new TenantProperties.Quota(1, null, null, null, null, null),
                Map.of("big", new TenantProperties.Quota(null, null, 1.0, null, null, null), "bigger",
                        new TenantProperties.Quota(5, null, null, null, null, null)));
        pending("big");
        pending("bigger");

        assertThatThrownBy(() -> quotas.admit("big", 1)).isInstanceOf(QuotaExceeded.class);
        assertThatCode(() -> quotas.admit("bigger", 4)).doesNotThrowAnyException();
    }

    @Test
    void finishedFuturesBytesCountAgainstMaxRetainedBytesUntilDeleted() {
        TenantQuotas quotas = quotas(new TenantProperties.Quota(null, DataSize.ofBytes(1_000), null, null, null, null), null);
        JobFuture done = pending("alice");
        done.setRunningOrNotifyCancel();
        done.setResult(tools.jackson.databind.node.JsonNodeFactory.instance.stringNode("x".repeat(2_000)));

        assertThatThrownBy(() -> quotas.admit("alice", 1)).isInstanceOfSatisfying(QuotaExceeded.class,
                e -> assertThat(e.quota()).isEqualTo("max-retained-bytes"));
        assertThatCode(() -> quotas.admit("bob", 1)).doesNotThrowAnyException();

        store.delete(done.id());
        assertThatCode(() -> quotas.admit("alice", 1)).doesNotThrowAnyException();
    }

    @Test
    void submitsPerSecondIsATokenBucketWithABurst() {
        TenantQuotas quotas = quotas(new TenantProperties.Quota(null, null, 2.0, 3, null, null), null);
        for (int i = 0; i < 3; i++) {
            quotas.admit("alice", 1);
        }
        assertThatThrownBy(() -> quotas.admit("alice", 1)).isInstanceOfSatisfying(QuotaExceeded.class, e -> {
            assertThat(e.quota()).isEqualTo("submits-per-second");
            assertThat(e.retryAfterSeconds()).isEqualTo(1);
        });
        assertThatCode(() -> quotas.admit("bob", 1)).as("each tenant has its own bucket").doesNotThrowAnyException();

        now.addAndGet(500_000_000); // half a second: one token at 2 a second
        quotas.admit("alice", 1);
        assertThatThrownBy(() -> quotas.admit("alice", 1)).isInstanceOf(QuotaExceeded.class);
    }
}
