-- Re-export consent requests are screened like cases (issue 14): the new end
-- user and whoever asks against the UN Consolidated List and the national
-- denial register, the new destination and the route against the arms
-- embargoes. The rows mirror screening_run and screening_hit, keyed by the
-- request instead of a case, so a request's hits never count in a case's
-- decision gate nor a case's in a request's. A request never changes once
-- recorded, so every run screens the same data; a run stops counting only
-- when the list, the embargo table or the denial register changed since.
-- Written to be re-run harmlessly (IF NOT EXISTS).

CREATE TABLE IF NOT EXISTS consent_screening_run (
  id              TEXT PRIMARY KEY,
  consent_id      TEXT NOT NULL REFERENCES euc_consent_request (id),
  list_date       TEXT NOT NULL,
  list_sha256     TEXT NOT NULL,
  embargo_version TEXT NOT NULL,
  denial_state    TEXT,
  n_parties       INTEGER NOT NULL,
  n_hits          INTEGER NOT NULL,
  run_at          TEXT NOT NULL,
  run_by          TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS consent_screening_run_request ON consent_screening_run (consent_id, run_at);

CREATE TABLE IF NOT EXISTS consent_screening_hit (
  id              TEXT PRIMARY KEY,
  run_id          TEXT NOT NULL REFERENCES consent_screening_run (id),
  consent_id      TEXT NOT NULL REFERENCES euc_consent_request (id),
  kind            TEXT NOT NULL,            -- sanctions, denial or embargo
  party_role      TEXT NOT NULL,
  party_name      TEXT NOT NULL,
  party_key       TEXT NOT NULL,
  entry_ref       TEXT NOT NULL,
  matched_name    TEXT,
  score           REAL,
  band            TEXT NOT NULL,
  reason          TEXT NOT NULL,
  list_date       TEXT NOT NULL,
  list_sha256     TEXT NOT NULL,
  status          TEXT NOT NULL,            -- open, true_match, false_match, logged, superseded
  reviewed_by     TEXT,
  reviewed_at     TEXT,
  review_reason   TEXT,
  row_version     INTEGER NOT NULL DEFAULT 1,
  created_at      TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS consent_screening_hit_request ON consent_screening_hit (consent_id, status);
CREATE INDEX IF NOT EXISTS consent_screening_hit_cleared ON consent_screening_hit (party_key, entry_ref, status);

CREATE TRIGGER IF NOT EXISTS consent_screening_hit_no_delete BEFORE DELETE ON consent_screening_hit
BEGIN SELECT RAISE (ABORT, 'screening hits are never deleted; a new run supersedes the open ones'); END;
