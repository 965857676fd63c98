-- Licence Desk store, schema version 1: the foundation.
-- Records are never deleted: they carry voided_at/voided_by/void_reason instead.
-- Every record has a UUID (unique across desks) and a row_version for sync.

CREATE TABLE user_profile (
  id            TEXT PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE,
  display_name  TEXT NOT NULL,
  role          INTEGER NOT NULL,
  row_version   INTEGER NOT NULL DEFAULT 1,
  created_at    TEXT NOT NULL,
  voided_at     TEXT,
  voided_by     TEXT,
  void_reason   TEXT
);

CREATE TABLE audit_log (
  seq           INTEGER PRIMARY KEY,
  entry_id      TEXT NOT NULL,
  at            TEXT NOT NULL,
  actor_id      TEXT NOT NULL,
  actor_login   TEXT NOT NULL,
  role          TEXT NOT NULL,
  action        TEXT NOT NULL,
  entity        TEXT NOT NULL,
  record_id     TEXT NOT NULL,
  before_json   TEXT,
  after_json    TEXT,
  prev_hash     TEXT NOT NULL,
  hash          TEXT NOT NULL
);
CREATE INDEX audit_log_record ON audit_log (entity, record_id);

-- What the central-database sync will push: one row per mutation, grouped by
-- the local transaction that made it.
CREATE TABLE outbox (
  seq           INTEGER PRIMARY KEY,
  mutation_id   TEXT NOT NULL UNIQUE,
  tx_id         TEXT NOT NULL,
  entity        TEXT NOT NULL,
  record_id     TEXT NOT NULL,
  action        TEXT NOT NULL,
  base_version  INTEGER NOT NULL,
  payload       TEXT,
  created_at    TEXT NOT NULL,
  pushed_at     TEXT
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE pushed_at IS NULL;

-- Attachments are content-addressed: the same scan attached twice is stored once.
CREATE TABLE attachment_blob (
  sha256        TEXT PRIMARY KEY,
  size          INTEGER NOT NULL,
  content       BLOB NOT NULL
);

CREATE TABLE attachment (
  id            TEXT PRIMARY KEY,
  sha256        TEXT NOT NULL REFERENCES attachment_blob (sha256),
  entity        TEXT NOT NULL,
  record_id     TEXT NOT NULL,
  file_name     TEXT NOT NULL,
  media_type    TEXT NOT NULL,
  description   TEXT,
  expires_on    TEXT,
  row_version   INTEGER NOT NULL DEFAULT 1,
  added_at      TEXT NOT NULL,
  added_by      TEXT NOT NULL,
  voided_at     TEXT,
  voided_by     TEXT,
  void_reason   TEXT
);
CREATE INDEX attachment_record ON attachment (entity, record_id);

-- The four registers. Later schema versions add their detail tables; these are
-- the columns every list shows and every desk shares.
CREATE TABLE broker (
  id                   TEXT PRIMARY KEY,
  row_version          INTEGER NOT NULL DEFAULT 1,
  registration_number  TEXT UNIQUE,
  legal_name           TEXT NOT NULL,
  other_names          TEXT,
  country              TEXT NOT NULL,
  status               TEXT NOT NULL,
  valid_from           TEXT,
  valid_until          TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  voided_at            TEXT,
  voided_by            TEXT,
  void_reason          TEXT
);
CREATE INDEX broker_name ON broker (legal_name);
CREATE INDEX broker_country ON broker (country);
CREATE INDEX broker_status ON broker (status);
CREATE INDEX broker_valid_until ON broker (valid_until);
CREATE INDEX broker_number ON broker (registration_number);

CREATE TABLE application (
  id                   TEXT PRIMARY KEY,
  row_version          INTEGER NOT NULL DEFAULT 1,
  reference            TEXT NOT NULL UNIQUE,
  kind                 TEXT NOT NULL,
  status               TEXT NOT NULL,
  applicant_name       TEXT NOT NULL,
  destination_country  TEXT NOT NULL,
  item_summary         TEXT,
  quantity             INTEGER,
  received_on          TEXT NOT NULL,
  officer_login        TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  voided_at            TEXT,
  voided_by            TEXT,
  void_reason          TEXT
);
CREATE INDEX application_received ON application (received_on);
CREATE INDEX application_kind ON application (kind);
CREATE INDEX application_status ON application (status);
CREATE INDEX application_applicant ON application (applicant_name);
CREATE INDEX application_destination ON application (destination_country);
CREATE INDEX application_quantity ON application (quantity);

CREATE TABLE euc (
  id                   TEXT PRIMARY KEY,
  row_version          INTEGER NOT NULL DEFAULT 1,
  certificate_number   TEXT NOT NULL,
  issuing_country      TEXT NOT NULL,
  end_user_name        TEXT NOT NULL,
  verification_status  TEXT NOT NULL,
  issued_on            TEXT NOT NULL,
  expires_on           TEXT,
  created_at           TEXT NOT NULL,
  updated_at           TEXT NOT NULL,
  voided_at            TEXT,
  voided_by            TEXT,
  void_reason          TEXT,
  UNIQUE (issuing_country, certificate_number)
);
CREATE INDEX euc_number ON euc (certificate_number);
CREATE INDEX euc_end_user ON euc (end_user_name);
CREATE INDEX euc_verification ON euc (verification_status);
CREATE INDEX euc_issued ON euc (issued_on);
CREATE INDEX euc_country ON euc (issuing_country);

CREATE TABLE licence (
  id                   TEXT PRIMARY KEY,
  row_version          INTEGER NOT NULL DEFAULT 1,
  licence_number       TEXT NOT NULL UNIQUE,
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
  void_reason          TEXT
);
CREATE INDEX licence_holder ON licence (holder_name);
CREATE INDEX licence_status ON licence (status);
CREATE INDEX licence_valid_until ON licence (valid_until);
CREATE INDEX licence_destination ON licence (destination_country);
CREATE INDEX licence_kind ON licence (kind);
CREATE INDEX licence_application ON licence (application_id);

-- Full-text search: one index per register, keyed by the record's rowid. The
-- body is prepared by ld_search_text_prepare() so that Han and kana characters
-- are separate tokens and any part of a CJK name can be found.
CREATE VIRTUAL TABLE broker_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
CREATE VIRTUAL TABLE application_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
CREATE VIRTUAL TABLE euc_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
CREATE VIRTUAL TABLE licence_fts USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
