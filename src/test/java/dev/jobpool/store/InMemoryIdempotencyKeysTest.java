package dev.jobpool.store;

import dev.jobpool.executor.IdempotencyKeys;

import java.time.Clock;
import java.time.Duration;

/** The contract in memory. */
class InMemoryIdempotencyKeysTest extends IdempotencyKeysContract {

    @Override
    protected IdempotencyKeys newKeys(Duration retention, Clock clock) {
        return new InMemoryIdempotencyKeys(retention, 1_000, clock);
    }
}
