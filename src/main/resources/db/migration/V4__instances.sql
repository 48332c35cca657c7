-- Jobpool instances sharing this database, with their heartbeats. An instance whose heartbeat is older than
-- jobpool.cluster.instance-timeout is lost: another instance's janitor takes its calls back.
create table jobpool_instance (
    id           text        primary key,
    started_at   timestamptz not null,
    heartbeat_at timestamptz not null
);

create index jobpool_future_claimable on jobpool_future (executor, id) where state = 'PENDING' and owner is null;
create index jobpool_future_owner on jobpool_future (owner) where state in ('PENDING', 'RUNNING');
