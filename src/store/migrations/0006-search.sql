-- Search that does not slow down as the registers grow (src/store/ld-section.c,
-- src/store/ld-search-vocab.c).
--
-- 1. The full-text indexes are keyed by minus the record's rowid, so that the
--    newest matches, which the lists show first, are read in ascending order:
--    FTS5 reads a document list forwards far faster than backwards.
-- 2. search_term holds every token each index holds, so that a prefix word
--    can be searched as the tokens it stands for, which FTS5 reads lazily,
--    rather than as a prefix, which FTS5 reads whole. Tokens are only ever
--    added: one that no record uses any more matches nothing.
CREATE TABLE search_term (
  fts_table TEXT NOT NULL,
  term      TEXT NOT NULL,
  PRIMARY KEY (fts_table, term)
) WITHOUT ROWID;

CREATE VIRTUAL TABLE broker_fts_keyed USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
INSERT INTO broker_fts_keyed (rowid, body) SELECT -rowid, body FROM broker_fts ORDER BY rowid DESC;
DROP TABLE broker_fts;
ALTER TABLE broker_fts_keyed RENAME TO broker_fts;
CREATE VIRTUAL TABLE temp.broker_terms USING fts5vocab (main, broker_fts, row);
INSERT INTO search_term (fts_table, term) SELECT 'broker_fts', term FROM temp.broker_terms;
DROP TABLE temp.broker_terms;

CREATE VIRTUAL TABLE application_fts_keyed USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
INSERT INTO application_fts_keyed (rowid, body) SELECT -rowid, body FROM application_fts ORDER BY rowid DESC;
DROP TABLE application_fts;
ALTER TABLE application_fts_keyed RENAME TO application_fts;
CREATE VIRTUAL TABLE temp.application_terms USING fts5vocab (main, application_fts, row);
INSERT INTO search_term (fts_table, term) SELECT 'application_fts', term FROM temp.application_terms;
DROP TABLE temp.application_terms;

CREATE VIRTUAL TABLE euc_fts_keyed USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
INSERT INTO euc_fts_keyed (rowid, body) SELECT -rowid, body FROM euc_fts ORDER BY rowid DESC;
DROP TABLE euc_fts;
ALTER TABLE euc_fts_keyed RENAME TO euc_fts;
CREATE VIRTUAL TABLE temp.euc_terms USING fts5vocab (main, euc_fts, row);
INSERT INTO search_term (fts_table, term) SELECT 'euc_fts', term FROM temp.euc_terms;
DROP TABLE temp.euc_terms;

CREATE VIRTUAL TABLE licence_fts_keyed USING fts5 (body, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3');
INSERT INTO licence_fts_keyed (rowid, body) SELECT -rowid, body FROM licence_fts ORDER BY rowid DESC;
DROP TABLE licence_fts;
ALTER TABLE licence_fts_keyed RENAME TO licence_fts;
CREATE VIRTUAL TABLE temp.licence_terms USING fts5vocab (main, licence_fts, row);
INSERT INTO search_term (fts_table, term) SELECT 'licence_fts', term FROM temp.licence_terms;
DROP TABLE temp.licence_terms;
