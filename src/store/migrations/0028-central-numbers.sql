-- Central numbering (issue 13): on a desk that syncs with a central server,
-- licence and broker registration numbers come from the server. Issuing or
-- registering there records the act with no number; the number arrives with
-- the server's answer to the push. Until then the record is "pending"; when
-- the server refuses the act it is "refused". Standalone desks keep numbering
-- on their own, and their records never have a number_state.

-- A licence whose issue is pending has no number yet, so licence_number may be
-- empty. SQLite changes a column's constraint only by copying the table; rowids
-- are kept, so the search index (keyed by rowid) stays right. The store runs
-- this with foreign keys off and checks them all before it commits.
DROP VIEW licence_register;
CREATE TABLE licence_next (
  id                   TEXT PRIMARY KEY,
  row_version          INTEGER NOT NULL DEFAULT 1,
  licence_number       TEXT UNIQUE,
  application_id       TEXT REFERENCES application (id),
  kind                 TEXT NOT NULL,
  holder_name          TEXT NOT NULL,
  destination_country  TEXT NOT NULL,
  status               TEXT NOT NULL,
  valid_from           TEXT NOT NULL,
  valid_until          TEXT NOT NULL,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  voided_at            TEXT,
  voided_by            TEXT,
  void_reason          TEXT,
  series               TEXT,
  series_number        INTEGER,
  application_version  INTEGER,
  issued_on            TEXT,
  issued_at            TEXT,
  issued_by            TEXT,
  conditions           TEXT,
  -- 'pending': the central database has not given the number yet;
  -- 'refused': it refused the issue (the licence is voided with its reason).
  number_state         TEXT CHECK (number_state IN ('pending', 'refused')),
  CHECK (licence_number IS NOT NULL OR number_state IS NOT NULL)
);
INSERT INTO licence_next (rowid, id, row_version, licence_number, application_id, kind, holder_name,
                          destination_country, status, valid_from, valid_until, created_at, updated_at, voided_at,
                          voided_by, void_reason, series, series_number, application_version, issued_on, issued_at,
                          issued_by, conditions)
  SELECT rowid, id, row_version, licence_number, application_id, kind, holder_name, destination_country, status,
         valid_from, valid_until, created_at, updated_at, voided_at, voided_by, void_reason, series, series_number,
         application_version, issued_on, issued_at, issued_by, conditions
  FROM licence;
DROP TABLE licence;
ALTER TABLE licence_next RENAME TO licence;
CREATE INDEX licence_holder ON licence (holder_name);
CREATE INDEX licence_status ON licence (status);
CREATE INDEX licence_valid_until ON licence (valid_until);
CREATE INDEX licence_destination ON licence (destination_country);
CREATE INDEX licence_kind ON licence (kind);
CREATE INDEX licence_application ON licence (application_id);
CREATE UNIQUE INDEX licence_series_number ON licence (series, series_number) WHERE series IS NOT NULL;
CREATE UNIQUE INDEX licence_one_per_case ON licence (application_id)
  WHERE application_id IS NOT NULL AND voided_at IS NULL;

-- The Licences list as before, with a pending or refused issue as its status.
CREATE VIEW licence_register AS
SELECT l.rowid AS rowid, l.id, l.licence_number, l.kind, l.holder_name, l.destination_country, l.valid_from,
       l.valid_until,
       CASE WHEN l.number_state = 'pending' THEN 'issue_pending'
            WHEN l.number_state = 'refused' THEN 'issue_refused'
            WHEN l.status IN ('issued', 'partly_used', 'suspended') AND l.valid_until < date ('now')
            THEN 'expired' ELSE l.status END AS status,
       (SELECT sum (ln.quantity - ln.shipped) FROM licence_line ln WHERE ln.licence_id = l.id) AS remaining,
       CASE WHEN l.number_state IS NOT NULL THEN NULL
            WHEN l.status NOT IN ('issued', 'partly_used', 'suspended') THEN NULL
            WHEN l.valid_until < date ('now') THEN 'expired'
            WHEN l.valid_until <= date ('now', '+30 days') THEN 'expiring_soon'
            ELSE NULL END AS warning
FROM licence l;

-- A broker registered on a synced desk waits for its number the same way;
-- a registration the server refused puts the broker back where it was.
ALTER TABLE broker ADD COLUMN number_state TEXT CHECK (number_state IN ('pending', 'refused'));

-- The desk's code, given by the central server once per desk: case references
-- made on a synced desk carry it (EX-2026-D3-000001), so two desks recording
-- cases offline never make the same reference.
ALTER TABLE sync_state ADD COLUMN desk_code TEXT;
