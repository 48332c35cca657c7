-- Executors created through the API, so that they exist again after a restart (configured ones come from
-- jobpool.executors.configured at every start and are not stored).
create table jobpool_executor (
    name                text        primary key,
    kind                text        not null check (kind in ('THREAD', 'PROCESS')),
    max_workers         integer     not null,
    queue_capacity      integer     not null,
    max_tasks_per_child integer,
    heap                text,
    jvm_flags           jsonb       not null default '[]',
    initializer         jsonb,                          -- {"task": ..., "kwargs": {...}}
    shut_down           boolean     not null default false,
    created_at          timestamptz not null
);
