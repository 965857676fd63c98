-- Central numbering of brokering authorisations (issue 13): on a desk that
-- syncs with a central server, an authorisation's number (BA-YYYY-NNNNN)
-- comes from the server, as a licence's and a broker registration's do.
-- Authorising there records the deal with no number; the number arrives with
-- the server's answer to the push. Until then the authorisation is "pending",
-- counts for no deal and prints nowhere; when the server refuses it, it is
-- "refused" and voided with the server's reason. Standalone desks keep
-- numbering on their own, and their authorisations never have a number_state.

-- The number may be empty while pending: SQLite changes a column's constraint
-- only by copying the table. Rowids are kept; the store runs this with
-- foreign keys off and checks them all before it commits.
CREATE TABLE broker_authorisation_next (
  id                   TEXT PRIMARY KEY,
  number               TEXT UNIQUE,
  broker_id            TEXT NOT NULL REFERENCES broker (id),
  activity             TEXT NOT NULL,
  description          TEXT NOT NULL,
  application_ref      TEXT,
  valid_from           TEXT NOT NULL,
  valid_until          TEXT NOT NULL CHECK (valid_until > valid_from),
  row_version          INTEGER NOT NULL DEFAULT 1,
  granted_at           TEXT NOT NULL,
  granted_by           TEXT NOT NULL,
  voided_at            TEXT,
  voided_by            TEXT,
  void_reason          TEXT,
  -- 'pending': the central database has not given the number yet;
  -- 'refused': it refused the authorisation (voided with its reason).
  number_state         TEXT CHECK (number_state IN ('pending', 'refused')),
  CHECK (number IS NOT NULL OR number_state IS NOT NULL)
);
INSERT INTO broker_authorisation_next (rowid, id, number, broker_id, activity, description, application_ref,
                                       valid_from, valid_until, row_version, granted_at, granted_by, voided_at,
                                       voided_by, void_reason)
  SELECT rowid, id, number, broker_id, activity, description, application_ref, valid_from, valid_until,
         row_version, granted_at, granted_by, voided_at, voided_by, void_reason
  FROM broker_authorisation;
DROP TABLE broker_authorisation;
ALTER TABLE broker_authorisation_next RENAME TO broker_authorisation;
CREATE INDEX broker_authorisation_broker ON broker_authorisation (broker_id);
CREATE INDEX broker_authorisation_application ON broker_authorisation (application_ref);
