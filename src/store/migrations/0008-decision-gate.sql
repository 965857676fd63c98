-- The decision gate (issue 9).
-- A screening run records the state of the denial register it was screened
-- against, as it does the list and the embargo table, so that a run made
-- before a denial was recorded or voided no longer counts. Runs made before
-- this version have none and count as made against an older register.
ALTER TABLE screening_run ADD COLUMN denial_state TEXT;
-- Without an installed list to compare with, the gate takes the newest list
-- any case was screened against.
CREATE INDEX screening_run_list ON screening_run (list_date, run_at);

-- An exemption from an arms embargo for one version of a case: the resolution
-- and paragraph that exempt the transfer, written by an officer and confirmed
-- by a second senior officer. An amendment makes a new version, which needs
-- its own. Nothing here is deleted; an exemption written in error is voided.
CREATE TABLE embargo_exemption (
  id                  TEXT PRIMARY KEY,
  application_id      TEXT NOT NULL REFERENCES application (id),
  case_version        INTEGER NOT NULL,
  embargo_id          TEXT NOT NULL,               -- the embargo's id in the table, as on the hit
  embargo_name        TEXT NOT NULL,
  resolution          TEXT NOT NULL CHECK (trim (resolution) != ''),
  paragraph           TEXT NOT NULL CHECK (trim (paragraph) != ''),
  note                TEXT,
  written_by          TEXT NOT NULL,
  written_by_login    TEXT NOT NULL,
  written_at          TEXT NOT NULL,
  confirmed_by        TEXT,
  confirmed_by_login  TEXT,
  confirmed_at        TEXT,
  voided_at           TEXT,
  void_reason         TEXT,
  row_version         INTEGER NOT NULL DEFAULT 1,
  CHECK (confirmed_by IS NULL OR confirmed_by != written_by)
);
CREATE INDEX embargo_exemption_case ON embargo_exemption (application_id, case_version, embargo_id);

CREATE TRIGGER embargo_exemption_no_delete BEFORE DELETE ON embargo_exemption
BEGIN SELECT RAISE (ABORT, 'exemptions are never deleted; void them with a reason'); END;
