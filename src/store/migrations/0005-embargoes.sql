-- Schema version 5: the UN arms-embargo table as versioned data (issue 5).
-- Until an administrator first edits it, the table shipped with the release is
-- in force and nothing is stored here. Each edit adds a whole version: its
-- entries are copied forward, so any version can be read back as it was and
-- every screening run's embargo_version names one. Nothing here is updated
-- or deleted: an entry that no longer applies is ended (with date and reason)
-- in the next version, and stays visible in it.

CREATE TABLE embargo_version (
  seq               INTEGER PRIMARY KEY,     -- the newest version is in force
  id                TEXT NOT NULL UNIQUE,
  label             TEXT NOT NULL UNIQUE,    -- recorded with every screening run
  updated           TEXT NOT NULL,           -- YYYY-MM-DD, shown to officers
  based_on          TEXT REFERENCES embargo_version (id),
  change            TEXT NOT NULL,           -- what the edit did, for people
  created_at        TEXT NOT NULL,
  created_by        TEXT NOT NULL,
  created_by_login  TEXT NOT NULL
);

CREATE TABLE embargo_entry (
  version_id   TEXT NOT NULL REFERENCES embargo_version (id),
  position     INTEGER NOT NULL,
  embargo_id   TEXT NOT NULL,                -- "dprk": names the entry across versions
  name         TEXT NOT NULL,                -- the country or group
  countries    TEXT NOT NULL,                -- JSON array of ISO 3166 alpha-2 codes
  list_types   TEXT NOT NULL,                -- JSON array of UN_LIST_TYPE values
  resolutions  TEXT NOT NULL,                -- JSON array, at least one
  scope        TEXT NOT NULL CHECK (scope IN ('full', 'full-with-exemptions', 'non-governmental', 'designated')),
  scope_note   TEXT,
  since        TEXT NOT NULL,
  source       TEXT NOT NULL,
  ended_on     TEXT,                         -- set: no longer screened from this version on
  end_reason   TEXT CHECK ((ended_on IS NULL) = (end_reason IS NULL)),
  PRIMARY KEY (version_id, embargo_id)
);

-- History is kept as written; a correction is a new version.
CREATE TRIGGER embargo_version_no_update BEFORE UPDATE ON embargo_version
BEGIN SELECT RAISE (ABORT, 'embargo table versions are never changed; add a new version'); END;
CREATE TRIGGER embargo_version_no_delete BEFORE DELETE ON embargo_version
BEGIN SELECT RAISE (ABORT, 'embargo table versions are never deleted'); END;
CREATE TRIGGER embargo_entry_no_update BEFORE UPDATE ON embargo_entry
BEGIN SELECT RAISE (ABORT, 'embargo entries are never changed; add a new version'); END;
CREATE TRIGGER embargo_entry_no_delete BEFORE DELETE ON embargo_entry
BEGIN SELECT RAISE (ABORT, 'embargo entries are never deleted; end them in a new version'); END;
