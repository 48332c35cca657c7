-- A submit's "timeout" (how long its call may run before it is stopped with TimeoutError) travels with the row,
-- so that the instance that claims the call enforces it; before this column the claimer ran it without one.
-- Null: no limit. Nanoseconds, as the service keeps it (at most jobpool.http.max-wait, far below bigint's range).
alter table jobpool_future add column timeout_nanos bigint;
