-- Who is at the desk: every profile names its person and has a credential.
-- A person (an identity document or staff number, kept in a normalised form:
-- letters and digits only, upper case) holds at most one active profile, so
-- four-eyes compares people, not profiles. Profiles made before this version
-- have no person; four-eyes then compares the profile itself.
ALTER TABLE user_profile ADD COLUMN person_id TEXT;
CREATE UNIQUE INDEX user_profile_person ON user_profile (person_id)
  WHERE voided_at IS NULL AND person_id IS NOT NULL;

-- The credential as an Argon2id hash (libargon2) with its own random salt and
-- the parameters it was made with, so the cost can rise for new credentials
-- while old ones still verify. The credential itself is never stored, and no
-- row of this table ever reaches the audit log or the outbox: an audit entry
-- says only that a credential was set, by whom. failed_attempts counts wrong
-- credentials since the last good one; after too many, locked_until holds the
-- UTC time until which the profile cannot sign in (kept here, so restarting
-- the application does not lift it).
CREATE TABLE user_credential (
  user_id          TEXT PRIMARY KEY REFERENCES user_profile (id),
  algorithm        TEXT NOT NULL,              -- 'argon2id'
  kdf_version      INTEGER NOT NULL,           -- 19 (0x13)
  memory_kib       INTEGER NOT NULL,
  iterations       INTEGER NOT NULL,
  parallelism      INTEGER NOT NULL,
  salt             BLOB NOT NULL,
  hash             BLOB NOT NULL,
  set_at           TEXT NOT NULL,
  set_by           TEXT NOT NULL,              -- profile id of who set it
  failed_attempts  INTEGER NOT NULL DEFAULT 0,
  locked_until     TEXT
);
