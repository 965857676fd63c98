-- Licence Desk store, schema version 3: transfer applications in full.
-- A case has versions: a draft changes in place, a submitted or decided case
-- gets a new version that supersedes the old one, and both stay readable.
-- Parties, route, item lines and serial numbers belong to a version.

ALTER TABLE application ADD COLUMN current_version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE application ADD COLUMN temporary INTEGER NOT NULL DEFAULT 0;
ALTER TABLE application ADD COLUMN return_on TEXT;
ALTER TABLE application ADD COLUMN created_by TEXT;
ALTER TABLE application ADD COLUMN submitted_by TEXT;
ALTER TABLE application ADD COLUMN assessed_by TEXT;
ALTER TABLE application ADD COLUMN recommended_by TEXT;
ALTER TABLE application ADD COLUMN decided_by TEXT;
ALTER TABLE application ADD COLUMN decided_at TEXT;
ALTER TABLE application ADD COLUMN refusal_rationale TEXT;
CREATE INDEX application_officer ON application (officer_login);

CREATE TABLE application_version (
  id                TEXT PRIMARY KEY,
  application_id    TEXT NOT NULL REFERENCES application (id),
  version           INTEGER NOT NULL,
  case_json         TEXT NOT NULL,       -- the case without serial numbers
  created_at        TEXT NOT NULL,
  created_by        TEXT NOT NULL,
  amendment_reason  TEXT,
  superseded_at     TEXT,
  superseded_by     TEXT,
  UNIQUE (application_id, version)
);

CREATE TABLE application_party (
  id                    TEXT PRIMARY KEY,
  version_id            TEXT NOT NULL REFERENCES application_version (id),
  position              INTEGER NOT NULL,
  role                  TEXT NOT NULL,
  party_type            TEXT,
  name                  TEXT NOT NULL,
  other_names           TEXT,
  country               TEXT,
  address               TEXT,
  identifiers           TEXT,
  broker_registration   TEXT,
  broker_authorisation  TEXT
);
CREATE INDEX application_party_version ON application_party (version_id);
CREATE INDEX application_party_name ON application_party (name);

CREATE TABLE application_route (
  version_id  TEXT NOT NULL REFERENCES application_version (id),
  position    INTEGER NOT NULL,
  leg         TEXT NOT NULL,            -- origin, export, transit, destination
  country     TEXT NOT NULL,
  PRIMARY KEY (version_id, position)
);

CREATE TABLE application_item (
  id                      TEXT PRIMARY KEY,
  version_id              TEXT NOT NULL REFERENCES application_version (id),
  line_no                 INTEGER NOT NULL,
  category                TEXT NOT NULL,
  description             TEXT,
  manufacturer            TEXT,
  model                   TEXT,
  calibre                 TEXT,
  quantity                INTEGER NOT NULL CHECK (quantity >= 1),
  unit_value              TEXT,
  currency                TEXT,
  control_entry           TEXT,
  hs_code                 TEXT,
  manufacturer_marking    TEXT,
  manufacture_country     TEXT,
  manufacture_year        INTEGER,
  import_marking_country  TEXT,
  import_marking_year     INTEGER,
  control_component       TEXT,
  marking_method          TEXT,
  additive                INTEGER NOT NULL DEFAULT 0,
  deactivated             INTEGER NOT NULL DEFAULT 0,
  UNIQUE (version_id, line_no)
);

-- open = 1 while the version is current and the case undecided: a serial
-- number may be in one open case only. Closed rows stay for tracing.
CREATE TABLE application_serial (
  id              INTEGER PRIMARY KEY,
  item_id         TEXT NOT NULL REFERENCES application_item (id),
  application_id  TEXT NOT NULL REFERENCES application (id),
  serial          TEXT NOT NULL,
  open            INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX application_serial_item ON application_serial (item_id);
CREATE INDEX application_serial_value ON application_serial (serial);
CREATE UNIQUE INDEX application_serial_open ON application_serial (serial) WHERE open = 1;

CREATE TABLE application_event (
  seq             INTEGER PRIMARY KEY,
  application_id  TEXT NOT NULL REFERENCES application (id),
  version         INTEGER NOT NULL,
  action          TEXT NOT NULL,
  from_status     TEXT,
  to_status       TEXT NOT NULL,
  actor_id        TEXT NOT NULL,
  actor_login     TEXT NOT NULL,
  role            TEXT NOT NULL,
  at              TEXT NOT NULL,
  note            TEXT
);
CREATE INDEX application_event_case ON application_event (application_id, seq);

CREATE TABLE application_refusal_criterion (
  event_seq  INTEGER NOT NULL REFERENCES application_event (seq),
  code       TEXT NOT NULL,
  PRIMARY KEY (event_seq, code)
);
