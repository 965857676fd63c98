-- Schema version 7: the national denial register.
-- A denial is a licence this office (or a partner state, by notification)
-- refused to a party. Case screening matches every party's names against the
-- denials in force, as it does the UN list. A denial that no longer applies is
-- voided, with who, when and why, and stays in the register: nothing here is
-- ever deleted, and only the voiding columns and row_version ever change.
-- A screening hit on a denial is a screening_hit of kind 'denial' whose
-- entry_ref is the denial's reference.

CREATE TABLE denial (
  id                TEXT PRIMARY KEY,
  reference         TEXT NOT NULL UNIQUE,      -- the denial notice number
  party_name        TEXT NOT NULL,
  other_names       TEXT,                      -- one name a line
  party_type        TEXT NOT NULL,
  country           TEXT NOT NULL,             -- ISO 3166 alpha-2
  denied_on         TEXT NOT NULL,             -- YYYY-MM-DD
  reason            TEXT NOT NULL,             -- what was denied and why
  source            TEXT NOT NULL,             -- own office, or the notifying state
  recorded_at       TEXT NOT NULL,
  recorded_by       TEXT NOT NULL,
  recorded_by_login TEXT NOT NULL,
  voided_at         TEXT,
  voided_by_login   TEXT,
  void_reason       TEXT,
  row_version       INTEGER NOT NULL DEFAULT 1,
  CHECK ((voided_at IS NULL) = (void_reason IS NULL) AND (voided_at IS NULL) = (voided_by_login IS NULL))
);
CREATE INDEX denial_in_force ON denial (voided_at);

CREATE TRIGGER denial_no_delete BEFORE DELETE ON denial
BEGIN SELECT RAISE (ABORT, 'denials are never deleted; void them with a reason'); END;
-- What was recorded stays as recorded; voiding is the only change, and only once.
CREATE TRIGGER denial_only_voided BEFORE UPDATE ON denial
WHEN OLD.voided_at IS NOT NULL
  OR NEW.id IS NOT OLD.id OR NEW.reference IS NOT OLD.reference OR NEW.party_name IS NOT OLD.party_name
  OR NEW.other_names IS NOT OLD.other_names OR NEW.party_type IS NOT OLD.party_type
  OR NEW.country IS NOT OLD.country OR NEW.denied_on IS NOT OLD.denied_on OR NEW.reason IS NOT OLD.reason
  OR NEW.source IS NOT OLD.source OR NEW.recorded_at IS NOT OLD.recorded_at
  OR NEW.recorded_by IS NOT OLD.recorded_by OR NEW.recorded_by_login IS NOT OLD.recorded_by_login
BEGIN SELECT RAISE (ABORT, 'a recorded denial is never changed, only voided once'); END;
