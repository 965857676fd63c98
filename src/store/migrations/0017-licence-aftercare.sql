-- Licences after issue, continued (issue 11): a mistaken shipment is voided,
-- never deleted; the licence list warns of licences about to expire; tracing
-- finds a weapon by its manufacturer's or import marking as well as by serial.
--
-- The store opens this upgrade with foreign keys off (ld-store.c migrate()),
-- as SQLite's procedure for changing a table's constraints requires, and
-- checks them all before it commits.

-- A voided shipment keeps its row, its lines and its customs reference; only a
-- shipment in force holds the reference, so the corrected declaration can be
-- recorded again under the same reference. The column-level UNIQUE of the
-- first table cannot be dropped in place, so the table is copied.
CREATE TABLE shipment_next (
  id                 TEXT PRIMARY KEY,
  licence_id         TEXT NOT NULL REFERENCES licence (id),
  shipped_on         TEXT NOT NULL,
  customs_reference  TEXT NOT NULL,
  recorded_at        TEXT NOT NULL,
  recorded_by        TEXT NOT NULL,
  voided_at          TEXT,
  voided_by          TEXT,
  void_reason        TEXT
);
INSERT INTO shipment_next (id, licence_id, shipped_on, customs_reference, recorded_at, recorded_by, voided_at,
                           voided_by, void_reason)
  SELECT id, licence_id, shipped_on, customs_reference, recorded_at, recorded_by, voided_at, voided_by, void_reason
  FROM shipment;
DROP TABLE shipment;
ALTER TABLE shipment_next RENAME TO shipment;
CREATE INDEX shipment_licence ON shipment (licence_id, shipped_on);
CREATE UNIQUE INDEX shipment_customs_in_force ON shipment (customs_reference) WHERE voided_at IS NULL;

-- The serial numbers a voided shipment had taken: they are free to ship again,
-- and this keeps which shipment once listed them.
CREATE TABLE shipment_voided_serial (
  shipment_id  TEXT NOT NULL REFERENCES shipment (id),
  serial_id    INTEGER NOT NULL REFERENCES licence_serial (id),
  PRIMARY KEY (shipment_id, serial_id)
);

-- The Licences list gains a warning: "expiring_soon" within 30 days of the
-- last day of validity, "expired" once past it, while the licence could
-- still be used (issued, partly used or suspended). Computed, never stored.
DROP VIEW licence_register;
CREATE VIEW licence_register AS
SELECT l.rowid AS rowid, l.id, l.licence_number, l.kind, l.holder_name, l.destination_country, l.valid_from,
       l.valid_until,
       CASE WHEN l.status IN ('issued', 'partly_used', 'suspended') AND l.valid_until < date ('now')
            THEN 'expired' ELSE l.status END AS status,
       (SELECT sum (ln.quantity - ln.shipped) FROM licence_line ln WHERE ln.licence_id = l.id) AS remaining,
       CASE WHEN l.status NOT IN ('issued', 'partly_used', 'suspended') THEN NULL
            WHEN l.valid_until < date ('now') THEN 'expired'
            WHEN l.valid_until <= date ('now', '+30 days') THEN 'expiring_soon'
            ELSE NULL END AS warning
FROM licence l;

-- Tracing by marking (ld_licence_marking_key() computes the same key in C):
-- capitals, without spaces and the separators - / . , : ; _ ( ). The import
-- marking is the importing country's code followed by the year, e.g. GH2026.
CREATE INDEX application_item_manufacturer_marking
  ON application_item (replace (replace (replace (replace (replace (replace (replace (replace (replace (replace (
       upper (manufacturer_marking), ' ', ''), '-', ''), '/', ''), '.', ''), ',', ''), ':', ''), ';', ''), '_', ''),
       '(', ''), ')', ''))
  WHERE manufacturer_marking IS NOT NULL;
CREATE INDEX application_item_import_marking
  ON application_item (upper (import_marking_country) || import_marking_year)
  WHERE import_marking_country IS NOT NULL AND import_marking_year IS NOT NULL;
