-- Idempotency-Keys of submits, shared by every instance.
create table jobpool_idempotency (
    key        text        primary key,
    request    jsonb       not null,
    future_id  uuid        not null,
    created_at timestamptz not null
);

create index jobpool_idempotency_created_at on jobpool_idempotency (created_at);
