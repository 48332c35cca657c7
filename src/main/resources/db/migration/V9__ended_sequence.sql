-- Every end of a future (to FINISHED or CANCELLED) gets a number from one sequence, whichever instance and
-- whichever statement ended it: the event stream (GET /api/v1/events) resumes from such a number. A trigger,
-- so that no path that ends a future can forget it.
create sequence jobpool_ended_seq;
alter table jobpool_future add column ended_seq bigint;
alter table jobpool_future add column ended_at timestamptz;
create index jobpool_future_ended on jobpool_future (ended_seq) where ended_seq is not null;

create function jobpool_number_end() returns trigger language plpgsql as $$
begin
    new.ended_seq := nextval('jobpool_ended_seq');
    new.ended_at := clock_timestamp();
    return new;
end
$$;

create trigger jobpool_future_ended before update of state on jobpool_future for each row
    when (new.state in ('FINISHED', 'CANCELLED') and old.state not in ('FINISHED', 'CANCELLED'))
    execute function jobpool_number_end();
