-- Central database sync: a new desk's first copy of the server (bootstrap).
-- It copies the server's records from a snapshot, in pages ordered by entity
-- and record id, each page committed here with how far it got, so that an
-- interrupted bootstrap continues after the last record it copied instead of
-- starting again. bootstrap_xid is the first snapshot's horizon: the change
-- log is pulled from there once the copy is whole.
ALTER TABLE sync_state ADD COLUMN bootstrap_xid TEXT;
ALTER TABLE sync_state ADD COLUMN bootstrap_entity TEXT;
ALTER TABLE sync_state ADD COLUMN bootstrap_record TEXT;
ALTER TABLE sync_state ADD COLUMN bootstrapped_at TEXT;
