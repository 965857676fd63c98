-- Issue 16, stop 24: the name module reads names more as their bearers write them, so
-- the second keys (0036) and the folded keys (0035) of some brokers changed:
--   Thai: a ร or ล cluster inside a word starts its syllable (ศรี, ปรี), and ย after two
--   consonants under เ is the y of a Sanskrit cluster;
--   Khmer and Amharic names gain a second spelling, the customary one Cambodians and
--   Ethiopians write, and their legal forms and titles are read as their Latin words
--   (as are samdech, share company and S.C. written in Latin letters);
--   the Latin words of a name written mostly in Hangul keep their own spelling
--   (현대 Logistics no longer "rogistics").
-- The keys are computed again, as 0039 did for stop 23's readings, or `audit verify`
-- would take them for keys changed by hand and the duplicate check would miss the same
-- name typed again. The readings of 0040 were made by this stop's name module and need
-- nothing. A broker whose keys did not change is not touched. Running this again
-- changes nothing.
DELETE FROM broker_name_second
 WHERE broker_id NOT IN (SELECT id FROM broker WHERE ld_broker_name_key(legal_name, 'second-compact') IS NOT NULL);
INSERT OR REPLACE INTO broker_name_second (broker_id, sorted, compact)
SELECT id, ld_broker_name_key(legal_name, 'second-sorted'), ld_broker_name_key(legal_name, 'second-compact')
  FROM broker
 WHERE ld_broker_name_key(legal_name, 'second-compact') IS NOT NULL
   AND NOT EXISTS (SELECT 1 FROM broker_name_second s
                    WHERE s.broker_id = broker.id
                      AND s.sorted = ld_broker_name_key(broker.legal_name, 'second-sorted')
                      AND s.compact = ld_broker_name_key(broker.legal_name, 'second-compact'));

UPDATE broker
   SET name_fold_sorted = ld_broker_name_key(legal_name, 'sorted'),
       name_fold_compact = ld_broker_name_key(legal_name, 'compact')
 WHERE name_fold_sorted IS NOT ld_broker_name_key(legal_name, 'sorted')
    OR name_fold_compact IS NOT ld_broker_name_key(legal_name, 'compact');
