-- Central database sync: a new desk that keeps only the server's copy reads
-- the server's records in the table's physical order (as fast as a raw COPY,
-- no sort), so how far an interrupted copy got is the last row's tuple id
-- (ctid), which the copy goes on after; with it the table's file node, which
-- changes only when the whole table is rewritten (VACUUM FULL, CLUSTER): then
-- the copy starts over. A desk that writes pulled records into its registers
-- copies in key order and leaves both empty. bootstrap_entity and
-- bootstrap_record keep naming the last record copied.
ALTER TABLE sync_state ADD COLUMN bootstrap_after_tid TEXT;
ALTER TABLE sync_state ADD COLUMN bootstrap_relation TEXT;
