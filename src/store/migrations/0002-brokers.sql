-- Licence Desk store, schema version 2: the broker register (issue 3).
-- Nothing is deleted: people and authorisations are voided, validity periods
-- end, and every act of the lifecycle is a row in broker_event.

ALTER TABLE broker ADD COLUMN legal_form TEXT;
ALTER TABLE broker ADD COLUMN company_number TEXT;
ALTER TABLE broker ADD COLUMN tax_number TEXT;
ALTER TABLE broker ADD COLUMN registered_address TEXT;
ALTER TABLE broker ADD COLUMN business_sites TEXT;
ALTER TABLE broker ADD COLUMN records_address TEXT;
ALTER TABLE broker ADD COLUMN activities TEXT;
ALTER TABLE broker ADD COLUMN declares_convictions INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broker ADD COLUMN declares_indictments INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broker ADD COLUMN declares_denials INTEGER NOT NULL DEFAULT 0;
ALTER TABLE broker ADD COLUMN declaration_details TEXT;
-- Duplicate-check keys (ld-broker-name.c): folded name, and numbers without punctuation.
ALTER TABLE broker ADD COLUMN name_sorted_key TEXT;
ALTER TABLE broker ADD COLUMN name_compact_key TEXT;
ALTER TABLE broker ADD COLUMN company_number_key TEXT;
ALTER TABLE broker ADD COLUMN tax_number_key TEXT;
CREATE INDEX broker_name_sorted_key ON broker (name_sorted_key);
CREATE INDEX broker_name_compact_key ON broker (name_compact_key);
CREATE INDEX broker_company_number_key ON broker (company_number_key);
CREATE INDEX broker_tax_number_key ON broker (tax_number_key);

-- Owners, directors and the empowered official.
CREATE TABLE broker_person (
  id                   TEXT PRIMARY KEY,
  broker_id            TEXT NOT NULL REFERENCES broker (id),
  role                 TEXT NOT NULL CHECK (role IN ('owner', 'director', 'official')),
  full_name            TEXT NOT NULL,
  nationality          TEXT NOT NULL,
  id_document_type     TEXT NOT NULL,
  id_document_number   TEXT NOT NULL,
  row_version          INTEGER NOT NULL DEFAULT 1,
  added_at             TEXT NOT NULL,
  added_by             TEXT NOT NULL,
  voided_at            TEXT,
  voided_by            TEXT,
  void_reason          TEXT
);
CREATE INDEX broker_person_broker ON broker_person (broker_id);

-- Every lifecycle act: who, when, why, from which status to which.
CREATE TABLE broker_event (
  seq                  INTEGER PRIMARY KEY,
  id                   TEXT NOT NULL UNIQUE,
  broker_id            TEXT NOT NULL REFERENCES broker (id),
  action               TEXT NOT NULL,
  from_status          TEXT NOT NULL,
  to_status            TEXT NOT NULL,
  reason               TEXT,
  actor_id             TEXT NOT NULL,
  actor_login          TEXT NOT NULL,
  at                   TEXT NOT NULL
);
CREATE INDEX broker_event_broker ON broker_event (broker_id, seq);

-- Validity periods: a renewal adds one and keeps the earlier ones.
CREATE TABLE broker_period (
  id                   TEXT PRIMARY KEY,
  broker_id            TEXT NOT NULL REFERENCES broker (id),
  valid_from           TEXT NOT NULL,
  valid_until          TEXT NOT NULL CHECK (valid_until > valid_from),
  granted_at           TEXT NOT NULL,
  granted_by           TEXT NOT NULL
);
CREATE INDEX broker_period_broker ON broker_period (broker_id, valid_from);

-- Gapless, never reused numbers: one counter per series and year, advanced in
-- the transaction that grants. Series 'BR' registrations, 'BA' authorisations.
CREATE TABLE number_counter (
  series               TEXT NOT NULL,
  year                 INTEGER NOT NULL,
  last                 INTEGER NOT NULL,
  PRIMARY KEY (series, year)
);

-- Per-deal brokering authorisations.
CREATE TABLE broker_authorisation (
  id                   TEXT PRIMARY KEY,
  number               TEXT NOT NULL UNIQUE,
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
  void_reason          TEXT
);
CREATE INDEX broker_authorisation_broker ON broker_authorisation (broker_id);
CREATE INDEX broker_authorisation_application ON broker_authorisation (application_ref);
