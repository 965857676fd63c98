-- Issue 16: a broker's name and number keys are derived from its name and numbers, so
-- they are no longer in the audit's row digests: a new name module re-keys brokers
-- without editing them. Entries written while the keys were in the digests covered the
-- keys of then; a re-key (keys changed, name and numbers not) keeps those values here,
-- so that `audit verify` can still check such an entry against the broker's real
-- columns. It holds nothing the desk relies on: the keys are checked against what the
-- name and numbers give.
CREATE TABLE broker_key_prior (
  broker_id           TEXT NOT NULL,
  name_fold_sorted    TEXT,
  name_fold_compact   TEXT,
  company_number_key  TEXT,
  tax_number_key      TEXT,
  replaced_at         TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX broker_key_prior_broker ON broker_key_prior (broker_id);

CREATE TRIGGER broker_key_prior_on_rekey
AFTER UPDATE OF name_fold_sorted, name_fold_compact, company_number_key, tax_number_key ON broker
WHEN NEW.legal_name IS OLD.legal_name
 AND NEW.company_number IS OLD.company_number
 AND NEW.tax_number IS OLD.tax_number
 AND (NEW.name_fold_sorted IS NOT OLD.name_fold_sorted
      OR NEW.name_fold_compact IS NOT OLD.name_fold_compact
      OR NEW.company_number_key IS NOT OLD.company_number_key
      OR NEW.tax_number_key IS NOT OLD.tax_number_key)
BEGIN
  INSERT INTO broker_key_prior (broker_id, name_fold_sorted, name_fold_compact, company_number_key, tax_number_key)
  VALUES (OLD.id, OLD.name_fold_sorted, OLD.name_fold_compact, OLD.company_number_key, OLD.tax_number_key);
END;

-- The name module of this change reads foreign names written in Chinese characters
-- (parts joined by a middle dot) as the sounds they transcribe: the keys of those
-- brokers are computed again, with the trigger above keeping what they were.
UPDATE broker
   SET name_fold_sorted = ld_broker_name_key(legal_name, 'sorted'),
       name_fold_compact = ld_broker_name_key(legal_name, 'compact')
 WHERE name_fold_sorted IS NOT ld_broker_name_key(legal_name, 'sorted')
    OR name_fold_compact IS NOT ld_broker_name_key(legal_name, 'compact');
