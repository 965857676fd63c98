-- Central database sync (issue 13): what this desk knows of the server.

-- The image each change was made on (the record before it), so the server can
-- tell a change on a stale base that touches fields changed since (a conflict)
-- from disjoint changes (merged); and the server's answer once pushed.
ALTER TABLE outbox ADD COLUMN base_payload TEXT;
ALTER TABLE outbox ADD COLUMN push_outcome TEXT;

-- One row: the server this desk syncs with, the pull watermark (the change
-- log's transaction id and sequence last applied) and the last outcomes.
CREATE TABLE sync_state (
  only_row       INTEGER PRIMARY KEY CHECK (only_row = 1),
  server         TEXT,
  login          TEXT,
  watermark_xid  TEXT NOT NULL DEFAULT '0',
  watermark_seq  INTEGER NOT NULL DEFAULT 0,
  last_push_at   TEXT,
  last_pull_at   TEXT,
  last_error     TEXT
);
INSERT INTO sync_state (only_row) VALUES (1);

-- The server's copy of every record this desk may read, as of the watermark.
CREATE TABLE sync_record (
  entity       TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  row_version  INTEGER NOT NULL,
  fields       TEXT NOT NULL,
  PRIMARY KEY (entity, record_id)
) WITHOUT ROWID;

-- Changes the server did not apply as made: conflicts (base, mine and theirs
-- side by side) and refused legal acts, until a person resolves them.
CREATE TABLE sync_conflict (
  mutation_id  TEXT PRIMARY KEY,
  entity       TEXT NOT NULL,
  record_id    TEXT NOT NULL,
  action       TEXT NOT NULL,
  outcome      TEXT NOT NULL,
  detail       TEXT,
  base         TEXT,
  mine         TEXT,
  theirs       TEXT,
  recorded_at  TEXT NOT NULL,
  resolved_at  TEXT,
  resolution   TEXT
);
CREATE INDEX sync_conflict_open ON sync_conflict (recorded_at) WHERE resolved_at IS NULL;
