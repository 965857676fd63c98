-- Issue 16: a Thai name is read a second time, letter by letter, as its bearer writes it
-- in Latin letters (เวชชาชีวะ: Vejjajiva, where the Royal Thai General System writes
-- Wetchachiwa). A broker whose name has that second spelling keeps its keys here, so a
-- company registered in Thai letters is found when its name is typed as the company
-- writes it in Latin letters. The keys are derived from the name (ld_broker_name_key(),
-- the name module) and written with the broker by the store; they are no part of the
-- audit, as the broker's own key columns are not (0027), and no trigger makes them, so
-- the register can still be read and changed with plain SQL. Running this again changes
-- nothing.
CREATE TABLE IF NOT EXISTS broker_name_second (
  broker_id  TEXT PRIMARY KEY,
  sorted     TEXT NOT NULL,
  compact    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS broker_name_second_sorted ON broker_name_second (sorted);
CREATE INDEX IF NOT EXISTS broker_name_second_compact ON broker_name_second (compact);

-- Every stored broker's second keys, as the name module now makes them.
DELETE FROM broker_name_second
 WHERE broker_id NOT IN (SELECT id FROM broker WHERE ld_broker_name_key(legal_name, 'second-compact') IS NOT NULL);
INSERT OR REPLACE INTO broker_name_second (broker_id, sorted, compact)
SELECT id, ld_broker_name_key(legal_name, 'second-sorted'), ld_broker_name_key(legal_name, 'second-compact')
  FROM broker
 WHERE ld_broker_name_key(legal_name, 'second-compact') IS NOT NULL;

-- The name module also reads Khmer vowels by their consonant's series, Ethiopic's sixth
-- order and Hebrew's alef, ayin, final he and tsadi differently since 0035 ran, so the
-- folded keys of brokers named in those scripts changed too: they are computed again as
-- 0035 does, or `audit verify` would take them for keys changed by hand and the
-- duplicate check would miss the same name typed again. Running this again changes
-- nothing.
UPDATE broker
   SET name_fold_sorted = ld_broker_name_key(legal_name, 'sorted'),
       name_fold_compact = ld_broker_name_key(legal_name, 'compact')
 WHERE name_fold_sorted IS NOT ld_broker_name_key(legal_name, 'sorted')
    OR name_fold_compact IS NOT ld_broker_name_key(legal_name, 'compact');
