-- A change of state is never a HOT update (state is in the key or the predicate of most indexes), so each
-- insert, claim, start and end writes an entry into every index whose predicate the new row version matches:
-- 20 entries for a call that the instance which accepted it runs, 28 for one claimed from the shared queue.
-- Three indexes cost more upkeep than their queries needed:
--  - (executor, state, id) held every row, written at the insert, the claim, the start and the end, for one
--    query: the submit's count of an executor's waiting calls by tenant (JdbcCallQueue#queuedByTenant). An index
--    of the pending rows only answers it, written at the insert and the claim.
--  - (state, id) of the unfinished rows served no query of its own: the planner chose it for a start's
--    `id = ? and state = 'PENDING'` (reading the dead entries of calls that had moved on) where the primary key
--    finds the one row.
--  - (owner) of the unfinished rows, written at the insert, the claim and the start, for statements that run
--    once a heartbeat or once a lifetime: the janitor's, a leaving instance's release and its count of running
--    calls. Every row they want has an owner and is running or claimed, so V12's index of the calls in flight
--    holds them all: they read its entries (as many as the instances have calls in flight) instead.
-- Now 12 entries and 17. CONCURRENTLY, so that an upgrade over a large table does not hold its writes while the
-- new index is built (Flyway runs these statements outside a transaction, and takes a session-level lock: see
-- spring.flyway.postgresql.transactional-lock); `if [not] exists` lets a migration that stopped between its
-- statements run again (an index that a failed concurrent build left invalid must be dropped by hand first).
create index concurrently if not exists jobpool_future_pending on jobpool_future (executor, tenant)
    where state = 'PENDING';
drop index concurrently if exists jobpool_future_executor_state;
drop index concurrently if exists jobpool_future_unfinished;
drop index concurrently if exists jobpool_future_owner;
