-- Issue 16: broker names are folded by the name module that screening uses (scripts,
-- legal forms, titles, numbers as digits, romanisation variants). Every stored broker
-- gets its keys under the new folding in new columns; ld_broker_name_key() is that
-- module, registered on the connection by the store (ld-broker-name.c). The old key
-- columns are left as they were: the audit's row digests cover them.
ALTER TABLE broker ADD COLUMN name_fold_sorted TEXT;
ALTER TABLE broker ADD COLUMN name_fold_compact TEXT;
UPDATE broker
   SET name_fold_sorted = ld_broker_name_key(legal_name, 'sorted'),
       name_fold_compact = ld_broker_name_key(legal_name, 'compact');
CREATE INDEX broker_name_fold_sorted ON broker (name_fold_sorted);
CREATE INDEX broker_name_fold_compact ON broker (name_fold_compact);
