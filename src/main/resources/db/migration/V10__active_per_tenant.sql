-- Every submit counts its tenant's unfinished calls (the max-active-calls quota). This index holds only the rows
-- in flight, so the count reads as many entries as the tenant has calls pending or running, never its retained
-- history of finished ones (which the index on (tenant, id) would make it walk).
create index jobpool_future_active_tenant on jobpool_future (tenant) where state in ('PENDING', 'RUNNING');
