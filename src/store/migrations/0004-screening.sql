-- Schema version 4: screening results kept with each case.
-- Each run records the list and embargo table it used; each hit keeps the
-- list's date and hash, and an officer's verdict. Hits are never deleted: a
-- new run supersedes the open hits of the one before.

CREATE TABLE screening_run (
  id              TEXT PRIMARY KEY,
  application_id  TEXT NOT NULL REFERENCES application (id),
  case_version    INTEGER NOT NULL,
  list_date       TEXT NOT NULL,
  list_sha256     TEXT NOT NULL,
  embargo_version TEXT NOT NULL,
  n_parties       INTEGER NOT NULL,
  n_hits          INTEGER NOT NULL,
  run_at          TEXT NOT NULL,
  run_by          TEXT NOT NULL
);
CREATE INDEX screening_run_case ON screening_run (application_id, run_at);

CREATE TABLE screening_hit (
  id              TEXT PRIMARY KEY,
  run_id          TEXT NOT NULL REFERENCES screening_run (id),
  application_id  TEXT NOT NULL REFERENCES application (id),
  kind            TEXT NOT NULL,            -- sanctions or embargo
  party_role      TEXT NOT NULL,            -- applicant, end_user, ... or route
  party_name      TEXT NOT NULL,
  party_key       TEXT NOT NULL,            -- what identifies the party as screened: name and country
  entry_ref       TEXT NOT NULL,            -- list reference number, or embargo id
  matched_name    TEXT,
  score           REAL,
  band            TEXT NOT NULL,            -- probable, review, logged; embargo hits: prohibited or restricted
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
CREATE INDEX screening_hit_case ON screening_hit (application_id, status);
CREATE INDEX screening_hit_cleared ON screening_hit (party_key, entry_ref, status);
