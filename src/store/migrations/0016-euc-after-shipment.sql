-- End-use certificates after shipment (issue 14): requests to re-export what
-- a certificate covers, recorded and decided like any case. The request is
-- recorded by one officer and decided by a senior officer who is another
-- person (four-eyes); both acts are audited as changes of the certificate.
-- A decided request is never changed again: a new request is a new row.

CREATE TABLE euc_consent_request (
  id                   TEXT PRIMARY KEY,
  euc_id               TEXT NOT NULL REFERENCES euc (id),
  seq                  INTEGER NOT NULL,          -- 1, 2, ... within the certificate
  received_on          TEXT NOT NULL,             -- YYYY-MM-DD
  requested_by         TEXT NOT NULL,             -- who asks: the end user or its government
  new_end_user         TEXT NOT NULL,
  new_destination      TEXT NOT NULL,             -- ISO 3166 alpha-2
  items                TEXT,
  quantity             INTEGER,
  purpose              TEXT NOT NULL,
  recorded_at          TEXT NOT NULL,
  recorded_by          TEXT NOT NULL,             -- profile
  recorded_person      TEXT NOT NULL,             -- the person behind it, for four-eyes
  status               TEXT NOT NULL DEFAULT 'pending'
                       CHECK (status IN ('pending', 'granted', 'refused')),
  decided_at           TEXT,
  decided_by           TEXT,
  decided_person       TEXT,
  decision_reason      TEXT,
  UNIQUE (euc_id, seq),
  CHECK ((status = 'pending') = (decided_at IS NULL))
);
CREATE INDEX euc_consent_request_pending ON euc_consent_request (status, euc_id);
