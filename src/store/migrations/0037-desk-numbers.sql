-- Issue 13: numbers a desk printed before it ever connected.
--
-- A licence, broker registration or brokering authorisation numbered at a
-- standalone desk keeps that number as its desk number when the central
-- database, where another record already held it, gives it a number of its
-- own (server schema 7): the printed document is found by either number.
ALTER TABLE licence ADD COLUMN desk_number TEXT;
ALTER TABLE broker ADD COLUMN desk_number TEXT;
ALTER TABLE broker_authorisation ADD COLUMN desk_number TEXT;
CREATE INDEX licence_desk_number ON licence (desk_number) WHERE desk_number IS NOT NULL;
CREATE INDEX broker_desk_number ON broker (desk_number) WHERE desk_number IS NOT NULL;

-- Whether this desk is meant to sync with a central database: set when a
-- connection is first asked for, before the server is reached. Lists show
-- a record's standing with the central database only on such a desk. A desk
-- that already knows its server is meant to sync.
ALTER TABLE sync_state ADD COLUMN meant_to_sync INTEGER NOT NULL DEFAULT 0;
UPDATE sync_state SET meant_to_sync = 1 WHERE server IS NOT NULL;
