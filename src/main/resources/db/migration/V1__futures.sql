-- Futures of jobpool.store=postgres. One row per submitted call; every change of state is a conditional
-- update (WHERE state = ...), and version counts them, so that two writers never both win.
create table jobpool_future (
    id           uuid        primary key,            -- UUIDv7: time-ordered, so the primary key orders listings
    executor     text        not null,
    task         text        not null,
    arguments    jsonb       not null,               -- bound by parameter name, to run the call again after a restart
    state        text        not null check (state in ('PENDING', 'RUNNING', 'CANCELLED', 'FINISHED')),
    version      integer     not null default 0,
    owner        text,                               -- the instance that runs (or ran) the call
    attempts     integer     not null default 0,
    result       jsonb,
    exception    jsonb,
    submitted_at timestamptz not null,
    started_at   timestamptz,
    finished_at  timestamptz
);

create index jobpool_future_executor_state on jobpool_future (executor, state, id);
create index jobpool_future_unfinished on jobpool_future (state, id) where state in ('PENDING', 'RUNNING');
create index jobpool_future_finished_at on jobpool_future (finished_at) where finished_at is not null;

-- Ids of forgotten futures (deleted, or past retention), so that they answer 410 Gone rather than 404.
create table jobpool_tombstone (
    id      uuid        primary key,
    reason  text        not null,
    gone_at timestamptz not null
);

create index jobpool_tombstone_gone_at on jobpool_tombstone (gone_at);
