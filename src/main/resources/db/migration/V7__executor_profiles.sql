-- Executors name a worker JVM profile from configuration instead of carrying raw JVM flags, which could run
-- commands on the host (-XX:OnOutOfMemoryError) or open it to the network (-Xrunjdwp). Flags stored before
-- are dropped, not carried over: an executor created with them runs with the default profile from now on.
alter table jobpool_executor add column profile text;
alter table jobpool_executor drop column jvm_flags;
