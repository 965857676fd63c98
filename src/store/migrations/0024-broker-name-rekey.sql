-- Issue 16: the name module now romanises Korean, kana, Hebrew, Greek and Amharic with
-- transliterators of their own and reads an English word's silent final e as unwritten
-- (Marine, Μαρίν), so the folded keys of some stored brokers changed. Their keys are
-- computed again; a broker whose keys did not change is not touched. Running this again
-- changes nothing.
UPDATE broker
   SET name_fold_sorted = ld_broker_name_key(legal_name, 'sorted'),
       name_fold_compact = ld_broker_name_key(legal_name, 'compact')
 WHERE name_fold_sorted IS NOT ld_broker_name_key(legal_name, 'sorted')
    OR name_fold_compact IS NOT ld_broker_name_key(legal_name, 'compact');
