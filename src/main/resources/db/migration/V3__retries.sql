-- How many times a call may run again when the instance running it is lost (at-least-once); attempts
-- counts the runs so far.
alter table jobpool_future add column retries integer not null default 0;
