-- The diversion-risk assessment (issue 15). Checklist templates are data: each
-- version keeps the file it was imported from, so an assessment made under
-- version 1 reads version 1's questions for as long as the store lives. An
-- assessment belongs to one version of a case; its answers are rows of their
-- own, audited with it. The time the indicators were last read is kept apart:
-- it changes at every refresh and says nothing an auditor must verify.

CREATE TABLE checklist_template (
  id                 TEXT PRIMARY KEY,
  version            INTEGER NOT NULL UNIQUE CHECK (version >= 1),
  title              TEXT NOT NULL,
  source             TEXT NOT NULL,
  source_sha256      TEXT NOT NULL,
  imported_at        TEXT NOT NULL,
  imported_by        TEXT,
  imported_by_login  TEXT,
  row_version        INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE checklist_assessment (
  id                 TEXT PRIMARY KEY,
  application_id     TEXT NOT NULL REFERENCES application (id),
  case_version       INTEGER NOT NULL,
  template_version   INTEGER NOT NULL REFERENCES checklist_template (version),
  assessed_by        TEXT NOT NULL,
  assessed_by_login  TEXT NOT NULL,
  started_at         TEXT NOT NULL,
  row_version        INTEGER NOT NULL DEFAULT 1,
  UNIQUE (application_id, case_version)
);

CREATE TABLE checklist_answer (
  assessment_id      TEXT NOT NULL REFERENCES checklist_assessment (id),
  question_id        TEXT NOT NULL,
  answer             TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'unknown', 'not_applicable')),
  notes              TEXT,
  from_record        INTEGER NOT NULL DEFAULT 0,
  evidence           TEXT,
  link               TEXT,
  answered_by        TEXT,
  answered_by_login  TEXT,
  answered_at        TEXT NOT NULL,
  PRIMARY KEY (assessment_id, question_id)
);

CREATE TABLE checklist_indicator_read (
  assessment_id      TEXT PRIMARY KEY REFERENCES checklist_assessment (id),
  read_at            TEXT NOT NULL
);
