-- V1 said that the version column stops two writers. It never did: no statement compared it. What stops two
-- writers is that every change of state is conditional on the state it leaves (UPDATE … WHERE state = ...), so
-- of two racing writers one updates a row and the other none, and says so in the log. The column goes rather
-- than pretend. (V1 is left as it was: changing an applied migration would fail Flyway's checksum on every
-- existing database.)
alter table jobpool_future drop column version;
