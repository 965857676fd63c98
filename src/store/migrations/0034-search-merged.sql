-- Each register's full-text index merged into one segment (src/store/ld-section.c,
-- ld_section_merge_indexes()). Records indexed one transaction at a time
-- leave FTS5 with a stack of segments (24 in a 1,000,000-record demo store),
-- and every word of a search is looked up and stepped through in each: a
-- merged index reads a first page about a quarter faster at that size
-- (tests/bench/bench-foundation.c). Matches are unchanged. Takes a few
-- seconds on a store of a million records.
INSERT INTO broker_fts (broker_fts) VALUES ('optimize');
INSERT INTO application_fts (application_fts) VALUES ('optimize');
INSERT INTO euc_fts (euc_fts) VALUES ('optimize');
INSERT INTO licence_fts (licence_fts) VALUES ('optimize');
