-- Re-screening at scale (issue 16): after a list update every undecided case
-- and every broker on the register is screened again in batches. A job keeps
-- its cursor here, moved in the transaction that writes each batch's results,
-- so an interrupted job resumes after its last written batch and never does
-- one twice.
CREATE TABLE rescreen_job (
  id               TEXT PRIMARY KEY,
  kind             TEXT NOT NULL,             -- cases or brokers
  list_sha256      TEXT NOT NULL,             -- the list, embargo table and register screened against:
  embargo_version  TEXT NOT NULL,             -- a job is resumed only against the same ones
  denial_state     TEXT NOT NULL,
  status           TEXT NOT NULL,             -- running, finished, or abandoned for a newer list
  cursor           INTEGER NOT NULL DEFAULT 0, -- rowid of the last subject whose batch is written
  n_total          INTEGER NOT NULL,          -- subjects to screen when the job began
  n_done           INTEGER NOT NULL DEFAULT 0,
  n_names          INTEGER NOT NULL DEFAULT 0,
  n_open           INTEGER NOT NULL DEFAULT 0,
  n_logged         INTEGER NOT NULL DEFAULT 0,
  n_cleared_before INTEGER NOT NULL DEFAULT 0,
  n_batches        INTEGER NOT NULL DEFAULT 0,
  n_skipped        INTEGER NOT NULL DEFAULT 0,   -- decided, amended or taken off the register meanwhile
  n_with_hits      INTEGER NOT NULL DEFAULT 0,   -- cases or brokers left with an open hit
  started_at       TEXT NOT NULL,
  started_by       TEXT NOT NULL,
  updated_at       TEXT NOT NULL,
  finished_at      TEXT
);
CREATE INDEX rescreen_job_unfinished ON rescreen_job (kind, status);

-- Brokers on the register screened against the list and the denial register,
-- kept as case screening keeps its hits: a new screening supersedes the open
-- ones, and a broker cleared for an entry is not raised again for it.
CREATE TABLE broker_screening_hit (
  id              TEXT PRIMARY KEY,
  job_id          TEXT REFERENCES rescreen_job (id),
  broker_id       TEXT NOT NULL REFERENCES broker (id),
  kind            TEXT NOT NULL,            -- sanctions or denial
  broker_name     TEXT NOT NULL,            -- the name that matched: legal or other name
  entry_ref       TEXT NOT NULL,
  matched_name    TEXT,
  score           REAL NOT NULL,
  band            TEXT NOT NULL,
  reason          TEXT NOT NULL,
  list_date       TEXT NOT NULL,
  list_sha256     TEXT NOT NULL,
  status          TEXT NOT NULL,            -- open, logged, false_match, true_match, superseded
  reviewed_by     TEXT,
  reviewed_at     TEXT,
  review_reason   TEXT,
  row_version     INTEGER NOT NULL DEFAULT 1,
  created_at      TEXT NOT NULL
);
CREATE INDEX broker_screening_hit_broker ON broker_screening_hit (broker_id, status);
CREATE INDEX broker_screening_hit_cleared ON broker_screening_hit (broker_id, entry_ref, kind, status);
