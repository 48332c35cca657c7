-- Every future belongs to a tenant: only that tenant (and administrators) may see it, on every instance.
-- Futures from before tenants existed belong to the local administrator's tenant.
alter table jobpool_future add column tenant text not null default 'local';
create index jobpool_future_tenant on jobpool_future (tenant, id);

-- A forgotten future answers 410 Gone to its own tenant only; to another, it answers as if it never existed.
alter table jobpool_tombstone add column tenant text not null default 'local';
