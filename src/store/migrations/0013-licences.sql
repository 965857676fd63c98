-- Licences after the decision (issue 11): issuance from an approved case with
-- a gapless number per series, the licence's item lines and serial numbers,
-- its lifecycle events and the shipments recorded under it.

ALTER TABLE licence ADD COLUMN series TEXT;
ALTER TABLE licence ADD COLUMN series_number INTEGER;
ALTER TABLE licence ADD COLUMN application_version INTEGER;
ALTER TABLE licence ADD COLUMN issued_on TEXT;
ALTER TABLE licence ADD COLUMN issued_at TEXT;
ALTER TABLE licence ADD COLUMN issued_by TEXT;
ALTER TABLE licence ADD COLUMN conditions TEXT;           -- JSON array of the conditions' texts
CREATE UNIQUE INDEX licence_series_number ON licence (series, series_number) WHERE series IS NOT NULL;
-- One licence per approved case.
CREATE UNIQUE INDEX licence_one_per_case ON licence (application_id)
  WHERE application_id IS NOT NULL AND voided_at IS NULL;

-- The last number given in each series. It only grows, in the same
-- transaction as the licence that takes the number: a rolled-back issuance
-- gives its number back, a committed one never does.
CREATE TABLE licence_series (
  series       TEXT PRIMARY KEY,
  last_number  INTEGER NOT NULL CHECK (last_number >= 1)
);

-- Conditions and provisos an office writes on its licences, kept by the
-- office; an issuer picks them by code or writes their own.
CREATE TABLE licence_condition_text (
  code          TEXT PRIMARY KEY,
  text          TEXT NOT NULL,
  withdrawn_at  TEXT
);
INSERT INTO licence_condition_text (code, text) VALUES
  ('no-reexport', 'The goods may not be re-exported or transferred to another end user without the prior written consent of the licensing authority.'),
  ('dvc-90', 'A delivery verification certificate must reach the licensing authority within 90 days of the goods'' arrival.'),
  ('end-use', 'The goods are to be used only by the end user and for the end use stated in the end-use certificate.'),
  ('marking', 'Every weapon must carry the marking required by the International Tracing Instrument before it is shipped.'),
  ('single-carrier', 'The goods travel with the carrier named in the application only.'),
  ('notify-shipment', 'The holder notifies the licensing authority of each shipment at least five working days before it leaves.');

CREATE TABLE licence_line (
  licence_id   TEXT NOT NULL REFERENCES licence (id),
  line_no      INTEGER NOT NULL,
  category     TEXT NOT NULL,
  description  TEXT,
  quantity     INTEGER NOT NULL CHECK (quantity >= 1),
  shipped      INTEGER NOT NULL DEFAULT 0 CHECK (shipped >= 0 AND shipped <= quantity),
  PRIMARY KEY (licence_id, line_no)
);

CREATE TABLE licence_event (
  seq          INTEGER PRIMARY KEY,
  licence_id   TEXT NOT NULL REFERENCES licence (id),
  action       TEXT NOT NULL,
  from_status  TEXT,
  to_status    TEXT NOT NULL,
  actor_id     TEXT NOT NULL,
  actor_login  TEXT NOT NULL,
  role         TEXT NOT NULL,
  at           TEXT NOT NULL,
  reason       TEXT
);
CREATE INDEX licence_event_licence ON licence_event (licence_id, seq);

CREATE TABLE shipment (
  id                 TEXT PRIMARY KEY,
  licence_id         TEXT NOT NULL REFERENCES licence (id),
  shipped_on         TEXT NOT NULL,
  customs_reference  TEXT NOT NULL UNIQUE,
  recorded_at        TEXT NOT NULL,
  recorded_by        TEXT NOT NULL,
  voided_at          TEXT,
  voided_by          TEXT,
  void_reason        TEXT
);
CREATE INDEX shipment_licence ON shipment (licence_id, shipped_on);

CREATE TABLE shipment_line (
  shipment_id  TEXT NOT NULL REFERENCES shipment (id),
  line_no      INTEGER NOT NULL,
  quantity     INTEGER NOT NULL CHECK (quantity >= 1),
  PRIMARY KEY (shipment_id, line_no)
);

-- The serial numbers a licence covers, copied from the approved version, and
-- the shipment each left in. serial_key is the marking with separators
-- dropped and in capitals: tracing finds "ab-12/3" as "AB123" by index.
CREATE TABLE licence_serial (
  id           INTEGER PRIMARY KEY,
  licence_id   TEXT NOT NULL REFERENCES licence (id),
  line_no      INTEGER NOT NULL,
  serial       TEXT NOT NULL,
  serial_key   TEXT NOT NULL,
  shipment_id  TEXT REFERENCES shipment (id),
  UNIQUE (licence_id, serial_key)
);
CREATE INDEX licence_serial_key ON licence_serial (serial_key);
CREATE INDEX licence_serial_shipment ON licence_serial (shipment_id);

-- The Licences list: status as of today (expiry is never stored) and what is
-- left to ship. A simple view, so SQLite flattens it and the list keeps using
-- the licence table's indexes; rowid is the licence's, as the search index keys it.
CREATE VIEW licence_register AS
SELECT l.rowid AS rowid, l.id, l.licence_number, l.kind, l.holder_name, l.destination_country, l.valid_from,
       l.valid_until,
       CASE WHEN l.status IN ('issued', 'partly_used', 'suspended') AND l.valid_until < date ('now')
            THEN 'expired' ELSE l.status END AS status,
       (SELECT sum (ln.quantity - ln.shipped) FROM licence_line ln WHERE ln.licence_id = l.id) AS remaining
FROM licence l;

-- Tracing finds a marking whatever its separators: serial numbers are stored
-- in capitals (ld_serial_normalize()) with '-', '/' and '.' as the only
-- separators, so this expression is the same key as ld_licence_serial_key().
CREATE INDEX application_serial_key
  ON application_serial (replace (replace (replace (serial, '-', ''), '/', ''), '.', ''));
