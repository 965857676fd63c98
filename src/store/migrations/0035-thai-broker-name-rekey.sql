-- Issue 16: the name module now reads Thai as the Royal Thai General System does (อ as a,
-- o or silent, ญ ending a syllable as n, a silent ห before a sonorant, รร, ว as ua, ไ and ใ
-- as ai, เ◌ิ as oe, two final consonants), and a title of several words keeps only its
-- title words (His Excellency), so the folded keys of some stored brokers changed. Their
-- keys are computed again, with migration 0027's trigger keeping what they were; a broker
-- whose keys did not change is not touched. Running this again changes nothing.
UPDATE broker
   SET name_fold_sorted = ld_broker_name_key(legal_name, 'sorted'),
       name_fold_compact = ld_broker_name_key(legal_name, 'compact')
 WHERE name_fold_sorted IS NOT ld_broker_name_key(legal_name, 'sorted')
    OR name_fold_compact IS NOT ld_broker_name_key(legal_name, 'compact');
