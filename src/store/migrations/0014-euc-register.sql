-- The end-use certificate register (issue 14). The euc table of the
-- foundation kept only what the lists show; a certificate now carries every
-- field of DOMAIN.md and what the office saw of it. Verifications, links to
-- applications and attempts to reuse a certificate are rows of their own,
-- never updated in place, so the history stays readable.

ALTER TABLE euc ADD COLUMN issuing_authority TEXT;
ALTER TABLE euc ADD COLUMN signatory TEXT;
ALTER TABLE euc ADD COLUMN certified_on TEXT;
ALTER TABLE euc ADD COLUMN item_description TEXT;
ALTER TABLE euc ADD COLUMN quantity INTEGER;
ALTER TABLE euc ADD COLUMN contract_reference TEXT;
ALTER TABLE euc ADD COLUMN contract_date TEXT;
ALTER TABLE euc ADD COLUMN destination_country TEXT;
ALTER TABLE euc ADD COLUMN end_use TEXT;
ALTER TABLE euc ADD COLUMN exporter_name TEXT;
ALTER TABLE euc ADD COLUMN exporter_address TEXT;
ALTER TABLE euc ADD COLUMN end_user_position TEXT;
ALTER TABLE euc ADD COLUMN end_user_address TEXT;
ALTER TABLE euc ADD COLUMN other_parties TEXT;
ALTER TABLE euc ADD COLUMN translation TEXT;
ALTER TABLE euc ADD COLUMN end_user_signature_seen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE euc ADD COLUMN undertakes_end_use_only INTEGER NOT NULL DEFAULT 0;
ALTER TABLE euc ADD COLUMN undertakes_no_reexport INTEGER NOT NULL DEFAULT 0;
ALTER TABLE euc ADD COLUMN undertakes_no_wmd INTEGER NOT NULL DEFAULT 0;
ALTER TABLE euc ADD COLUMN undertakes_dvc INTEGER NOT NULL DEFAULT 0;
ALTER TABLE euc ADD COLUMN undertakes_onsite_checks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE euc ADD COLUMN original_seen INTEGER NOT NULL DEFAULT 0;
ALTER TABLE euc ADD COLUMN registered_by TEXT;
-- After shipment: the delivery verification certificate the office expects
-- by a date, and the day it came (its scan is an attachment of entity 'euc').
ALTER TABLE euc ADD COLUMN dvc_expected_by TEXT;
ALTER TABLE euc ADD COLUMN dvc_received_on TEXT;

-- Certificates of earlier stores state their issuing state as the destination.
UPDATE euc SET destination_country = issuing_country WHERE destination_country IS NULL;

CREATE TABLE euc_verification_event (
  id             TEXT PRIMARY KEY,
  euc_id         TEXT NOT NULL REFERENCES euc (id),
  status         TEXT NOT NULL,
  method         TEXT NOT NULL,
  verified_on    TEXT NOT NULL,
  recorded_at    TEXT NOT NULL,
  recorded_by    TEXT NOT NULL
);
CREATE INDEX euc_verification_event_euc ON euc_verification_event (euc_id, recorded_at);

-- One certificate, one transaction: at most one link in force per
-- certificate, unless a senior officer allowed another with a reason
-- (override_reason set). Unlinking voids the row.
CREATE TABLE euc_link (
  id               TEXT PRIMARY KEY,
  euc_id           TEXT NOT NULL REFERENCES euc (id),
  application_id   TEXT NOT NULL REFERENCES application (id),
  linked_at        TEXT NOT NULL,
  linked_by        TEXT NOT NULL,
  override_reason  TEXT,
  voided_at        TEXT,
  voided_by        TEXT,
  void_reason      TEXT
);
CREATE INDEX euc_link_euc ON euc_link (euc_id);
CREATE INDEX euc_link_application ON euc_link (application_id);

-- Every attempt to use a certificate for a second application, refused or
-- allowed, is kept: it is a diversion indicator in itself.
CREATE TABLE euc_reuse_attempt (
  id               TEXT PRIMARY KEY,
  euc_id           TEXT NOT NULL REFERENCES euc (id),
  application_id   TEXT NOT NULL REFERENCES application (id),
  attempted_at     TEXT NOT NULL,
  attempted_by     TEXT NOT NULL,
  outcome          TEXT NOT NULL,  -- refused or allowed
  reason           TEXT
);
CREATE INDEX euc_reuse_attempt_euc ON euc_reuse_attempt (euc_id);

-- The foreign authorities that issue EUCs, with their known signatories and
-- when each held office, so a certificate signed by someone not in office on
-- its date of issue is found. Specimen scans are attachments of entity
-- 'euc_authority'. name_key is the folded name (ld_euc_name_key()).
CREATE TABLE euc_authority (
  id            TEXT PRIMARY KEY,
  row_version   INTEGER NOT NULL DEFAULT 1,
  country       TEXT NOT NULL,
  name          TEXT NOT NULL,
  name_key      TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  voided_at     TEXT,
  voided_by     TEXT,
  void_reason   TEXT,
  UNIQUE (country, name_key)
);

CREATE TABLE euc_signatory (
  id             TEXT PRIMARY KEY,
  row_version    INTEGER NOT NULL DEFAULT 1,
  authority_id   TEXT NOT NULL REFERENCES euc_authority (id),
  name           TEXT NOT NULL,
  position       TEXT,
  valid_from     TEXT NOT NULL,
  valid_until    TEXT,
  created_at     TEXT NOT NULL,
  created_by     TEXT NOT NULL,
  voided_at      TEXT,
  voided_by      TEXT,
  void_reason    TEXT
);
CREATE INDEX euc_signatory_authority ON euc_signatory (authority_id);
