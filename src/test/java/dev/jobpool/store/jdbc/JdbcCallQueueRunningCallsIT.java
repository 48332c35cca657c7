package dev.jobpool.store.jdbc;

import dev.jobpool.executor.CallQueueContract;
import dev.jobpool.executor.ExecutorRegistry;
import dev.jobpool.support.TestDatabase;

/**
 * The contract again, for an instance that runs calls: it takes those it accepts while its executor has room,
 * so the calls the contract queues are partly this instance's and partly in the shared queue.
 */
class JdbcCallQueueRunningCallsIT extends CallQueueContract {

    @Override
    protected Setup newQueue(ExecutorRegistry registry) {
        TestDatabase.get().clear();
        JdbcCallQueueIT.Instance instance = JdbcCallQueueIT.Instance.of(registry, "runs-calls", true);
        return new Setup(instance.queue(), instance.store());
    }
}
