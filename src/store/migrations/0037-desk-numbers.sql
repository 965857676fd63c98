-- Issue 13: numbers a desk printed before it ever connected.
--
-- A licence, broker registration or brokering authorisation numbered at a
-- standalone desk keeps that number as its desk number when the central
-- database, where another record already held it, gives it a number of its
-- own (server schema 7): the printed document is found by either number.
-- One row per renumbered record; a printed number never changes.
--
-- Tables of their own rather than new columns, so that running this file
-- again (a test steps a store back to an older version) changes nothing.
CREATE TABLE IF NOT EXISTS desk_number (
  entity     TEXT NOT NULL,
  record_id  TEXT NOT NULL,
  number     TEXT NOT NULL,
  PRIMARY KEY (entity, record_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS desk_number_by_number ON desk_number (entity, number);

-- Whether this desk is meant to sync with a central database: set when a
-- connection is first asked for, before the server is reached. Lists show
-- a record's standing with the central database only on such a desk. A desk
-- that already knows its server is meant to sync.
CREATE TABLE IF NOT EXISTS sync_setup (
  only_row       INTEGER PRIMARY KEY CHECK (only_row = 1),
  meant_to_sync  INTEGER NOT NULL DEFAULT 0
);
INSERT OR IGNORE INTO sync_setup (only_row, meant_to_sync) SELECT 1, server IS NOT NULL FROM sync_state;
