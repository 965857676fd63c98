-- The keyed audit log (issue 10). Entries written from this version on carry
-- a MAC by the desk's own key, which lives in the keyring and never in this
-- file, and the digest of the changed row's state after the change, so a row
-- edited without an audit entry is found. Entries written before keep
-- format 1 and are verified by the rules they were written with.

ALTER TABLE audit_log ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN key_id TEXT;          -- which desk key made the MAC; NULL: no keyring
ALTER TABLE audit_log ADD COLUMN row_shape INTEGER;         -- audit_row_shape.id
ALTER TABLE audit_log ADD COLUMN row_digest TEXT;      -- SHA-256 of the row after the change; NULL: no row
ALTER TABLE audit_log ADD COLUMN mac TEXT;

-- The table and columns a row digest covers ("broker\nid\nrow_version\n..."),
-- stored once per shape. A later migration that adds a column makes a new
-- shape, so older digests still verify over the columns they covered.
CREATE TABLE audit_row_shape (
  id     INTEGER PRIMARY KEY,
  shape  TEXT NOT NULL UNIQUE
);

-- The store's identity: the desk's key is found in the keyring by it.
CREATE TABLE audit_desk (
  store_id  TEXT NOT NULL
);
INSERT INTO audit_desk (store_id) VALUES (lower(hex(randomblob(16))));

-- A case's digest covers its child rows; verify finds them by these.
CREATE INDEX IF NOT EXISTS application_item_version ON application_item (version_id);
