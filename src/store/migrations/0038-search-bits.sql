-- Issue 16: each register's tokens as sets of records, beside its full-text
-- index (src/store/ld-search-bits.c): a search of several words that are
-- each common but rare together reads a few bit sets instead of stepping
-- through their long lists, so its first page costs about the same in a
-- register of 10,000 records as in one of 1,000,000.
--
-- One row per token and chunk of 16,384 rowids, in a rowid table so that a
-- chunk's bitmap (2,048 bytes) is stored in its row's page rather than
-- spilling to overflow pages: a record written changes one page per token.
-- Derived data: made here
-- again from what the full-text index holds, and written by the store with
-- the index, in the same transaction. Running this again changes nothing.
CREATE TABLE IF NOT EXISTS search_bits (
  fts_table  TEXT NOT NULL,
  term       TEXT NOT NULL,
  chunk      INTEGER NOT NULL,
  bits       BLOB NOT NULL,
  UNIQUE (fts_table, term, chunk)
);
DELETE FROM search_bits;

-- The index keys a record by minus its rowid (0006-search.sql).
DROP TABLE IF EXISTS temp.search_bits_source;
CREATE VIRTUAL TABLE temp.search_bits_source USING fts5vocab (main, broker_fts, instance);
INSERT INTO search_bits (fts_table, term, chunk, bits)
SELECT 'broker_fts', term, (-doc) >> 14, ld_search_bits_of ((-doc) & 16383)
  FROM temp.search_bits_source WHERE doc < 0 GROUP BY term, (-doc) >> 14;
DROP TABLE temp.search_bits_source;

CREATE VIRTUAL TABLE temp.search_bits_source USING fts5vocab (main, application_fts, instance);
INSERT INTO search_bits (fts_table, term, chunk, bits)
SELECT 'application_fts', term, (-doc) >> 14, ld_search_bits_of ((-doc) & 16383)
  FROM temp.search_bits_source WHERE doc < 0 GROUP BY term, (-doc) >> 14;
DROP TABLE temp.search_bits_source;

CREATE VIRTUAL TABLE temp.search_bits_source USING fts5vocab (main, euc_fts, instance);
INSERT INTO search_bits (fts_table, term, chunk, bits)
SELECT 'euc_fts', term, (-doc) >> 14, ld_search_bits_of ((-doc) & 16383)
  FROM temp.search_bits_source WHERE doc < 0 GROUP BY term, (-doc) >> 14;
DROP TABLE temp.search_bits_source;

CREATE VIRTUAL TABLE temp.search_bits_source USING fts5vocab (main, licence_fts, instance);
INSERT INTO search_bits (fts_table, term, chunk, bits)
SELECT 'licence_fts', term, (-doc) >> 14, ld_search_bits_of ((-doc) & 16383)
  FROM temp.search_bits_source WHERE doc < 0 GROUP BY term, (-doc) >> 14;
DROP TABLE temp.search_bits_source;
