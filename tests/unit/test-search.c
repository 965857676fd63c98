/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Search on a real store: widening prefix words from the vocabulary
 * (src/store/ld-search-vocab.c) finds exactly what the plain FTS5 prefix
 * query finds, in the same newest-first order, and the vocabulary holds
 * exactly the tokens of the full-text index. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ld-demo.h"
#include "ld-search-bits.h"
#include "ld-search-text.h"
#include "ld-search-vocab.h"
#include "ld-section.h"
#include "ld-test-util.h"

static char *dir;
static LdStore *store;
static sqlite3 *db;

/* Every rowid the plain prefix query matches, newest first: the meaning of a
 * search, without any of the speed-ups. */
static GArray *
plain_matches (const LdSection *section,
               const char      *text)
{
  g_autofree char *match = ld_search_text_build_query (text);
  g_autofree char *sql = g_strdup_printf ("SELECT -rowid FROM %s WHERE %s MATCH ?1 ORDER BY rowid ASC",
                                          section->fts_table, section->fts_table);
  GArray *rowids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 rowid = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (rowids, rowid);
    }
  sqlite3_finalize (stmt);
  return rowids;
}

static void
assert_same_as_plain (const LdSection *section,
                      const char      *text)
{
  g_autoptr(GArray) expected = plain_matches (section, text);
  g_autoptr(LdSectionQuery) query = ld_section_query_new_full (section, text, section->default_sort_column,
                                                               TRUE, FALSE);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count = -1;

  /* Read in pages of 7, as the list reads pages, to cover OFFSET too. */
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_section_row_free);
  for (gint64 offset = 0;; offset += 7)
    {
      g_autoptr(GPtrArray) page = ld_section_query_page (query, db, offset, 7, &error);

      g_assert_no_error (error);
      for (guint i = 0; i < page->len; i++)
        g_ptr_array_add (rows, g_steal_pointer (&page->pdata[i]));
      if (page->len < 7)
        break;
    }
  g_assert_true (ld_section_query_count (query, db, &count, &error));
  g_assert_no_error (error);

  g_test_message ("%s “%s”: %u matches", section->id, text, expected->len);
  g_assert_cmpint (count, ==, expected->len);
  g_assert_cmpuint (rows->len, ==, expected->len);
  for (guint i = 0; i < rows->len; i++)
    g_assert_cmpint (((LdSectionRow *) rows->pdata[i])->rowid, ==, g_array_index (expected, gint64, i));
}

static void
test_widened_equals_prefix (void)
{
  /* Whole words, words cut short as a person types them, several scripts,
   * numbers, FTS5 syntax, and prefixes shared by many tokens. */
  static const char *texts[] = {
    "atlas", "atla", "kestrel freight", "kest frei", "Müller", "Mül", "mull hold gmb", "ООО Восток", "Вост",
    "Çelik", "celi", "النور", "النو", "长城", "EXP-2024", "EXP-20", "2026", "20", "a", "zzzz", "NEAR(x y)",
    "\"quoted\"", "Holdings*", "ministry", "minis",
  };

  for (guint s = 0; s < ld_section_get_n_sections (); s++)
    for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
      assert_same_as_plain (ld_section_get_nth (s), texts[i]);
}

static void
test_vocabulary_is_the_index (void)
{
  sqlite3 *rw = NULL;

  /* fts5vocab tables are created, so not on the read-only reader. */
  g_assert_cmpint (sqlite3_open_v2 (ld_store_get_path (store), &rw, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  for (guint s = 0; s < ld_section_get_n_sections (); s++)
    {
      const LdSection *section = ld_section_get_nth (s);
      g_autofree char *sql = g_strdup_printf (
        "CREATE VIRTUAL TABLE temp.terms USING fts5vocab (main, %s, row);"
        "SELECT (SELECT count(*) FROM temp.terms),"
        " (SELECT count(*) FROM search_term WHERE fts_table = '%s'),"
        " (SELECT count(*) FROM temp.terms WHERE term NOT IN"
        "   (SELECT term FROM search_term WHERE fts_table = '%s'))",
        section->fts_table, section->fts_table, section->fts_table);
      const char *tail = NULL;
      sqlite3_stmt *create = NULL, *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (rw, sql, -1, &create, &tail), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (create), ==, SQLITE_DONE);
      sqlite3_finalize (create);
      g_assert_cmpint (sqlite3_prepare_v2 (rw, tail, -1, &stmt, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      g_test_message ("%s: %lld tokens", section->fts_table, (long long) sqlite3_column_int64 (stmt, 0));
      g_assert_cmpint (sqlite3_column_int64 (stmt, 0), >, 50);
      /* Tokens are only ever added, so the vocabulary may hold more; never fewer. */
      g_assert_cmpint (sqlite3_column_int64 (stmt, 1), >=, sqlite3_column_int64 (stmt, 0));
      g_assert_cmpint (sqlite3_column_int64 (stmt, 2), ==, 0);
      sqlite3_finalize (stmt);
      g_assert_cmpint (sqlite3_exec (rw, "DROP TABLE temp.terms", NULL, NULL, NULL), ==, SQLITE_OK);
    }
  sqlite3_close_v2 (rw);
}

static void
test_prefix_widened_to_tokens (void)
{
  g_autofree char *kest = ld_search_vocab_build_match (db, "application_fts", "kest");
  g_autofree char *short_word = ld_search_vocab_build_match (db, "application_fts", "kes");
  g_autofree char *unknown = ld_search_vocab_build_match (db, "application_fts", "qqqqzz");
  g_autofree char *phrase = ld_search_vocab_build_match (db, "application_fts", "长城 kestrel");
  g_autoptr(GPtrArray) tokens = ld_search_vocab_tokenize (db, "Çelik Müller-Holdings 长", NULL);

  /* The demo's company names include Kestrel. */
  g_assert_true (g_str_has_prefix (kest, "(\"kestrel\""));
  g_assert_nonnull (strstr (kest, ")"));
  /* Up to three characters FTS5 has a prefix index for. */
  g_assert_cmpstr (short_word, ==, "\"kes\"*");
  /* A prefix no token has stays a prefix: it finds nothing either way. */
  g_assert_cmpstr (unknown, ==, "\"qqqqzz\"*");
  g_assert_true (g_str_has_prefix (phrase, "\"长 城\" AND (\"kestrel\""));

  g_assert_cmpuint (tokens->len, ==, 4);
  g_assert_cmpstr (tokens->pdata[0], ==, "celik");
  g_assert_cmpstr (tokens->pdata[1], ==, "muller");
  g_assert_cmpstr (tokens->pdata[2], ==, "holdings");
}

/* Searches of several words are answered from the bit sets
 * (src/store/ld-search-bits.c), so that the comparisons with the plain
 * query above test them; of one word, only the count is; phrases and
 * prefixes shared by many tokens are not at all. */
static void
test_bits_answer_several_words (void)
{
  static const char *by_bits[] = { "kestrel freight", "kest frei", "mull hold gmb", "ООО Восток", "EXP-2024" };
  static const char *counted_by_bits[] = { "atlas", "kestrel", "Müller", "celi", "النور" };
  static const char *by_fts5[] = { "长城 kestrel", "kestrel 0", "长城" };

  for (guint i = 0; i < G_N_ELEMENTS (by_bits); i++)
    {
      g_autoptr(LdSearchBitsQuery) query = ld_search_bits_query_new (db, "application_fts", by_bits[i]);

      g_assert_nonnull (query);
      g_assert_true (ld_search_bits_query_reads_pages_fast (query));
    }
  for (guint i = 0; i < G_N_ELEMENTS (counted_by_bits); i++)
    {
      g_autoptr(LdSearchBitsQuery) query = ld_search_bits_query_new (db, "application_fts", counted_by_bits[i]);

      g_assert_nonnull (query);
      g_assert_false (ld_search_bits_query_reads_pages_fast (query));
    }
  for (guint i = 0; i < G_N_ELEMENTS (by_fts5); i++)
    g_assert_null (ld_search_bits_query_new (db, "application_fts", by_fts5[i]));
}

/* Every match of @text in the bit sets, newest first, read in pages of
 * @page_rows, and their count, equal the plain query's. */
static void
assert_bits_same_as_plain (const char *text,
                           guint       page_rows)
{
  const LdSection *applications = ld_section_lookup ("applications");
  g_autoptr(GArray) expected = plain_matches (applications, text);
  g_autoptr(LdSearchBitsQuery) query = ld_search_bits_query_new (db, "application_fts", text);
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;
  gint64 count = -1;

  g_assert_nonnull (query);
  for (gint64 offset = 0;; offset += page_rows)
    {
      g_autoptr(GArray) page = ld_search_bits_query_rowids (query, db, offset, page_rows, &error);

      g_assert_no_error (error);
      g_array_append_vals (found, page->data, page->len);
      if (page->len < page_rows)
        break;
    }
  g_assert_true (ld_search_bits_query_count (query, db, &count, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count, ==, expected->len);
  g_assert_cmpmem (found->data, found->len * sizeof (gint64), expected->data, expected->len * sizeof (gint64));
}

static void
index_text (gint64      rowid,
            const char *text)
{
  const char *texts[] = { text, NULL };
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_store_begin (store, &error));
  g_assert_true (ld_section_index_record (store, ld_section_lookup ("applications"), rowid, texts, &error));
  g_assert_no_error (error);
  g_assert_true (ld_store_commit (store, &error));
}

/* Records far apart (rowids in several chunks of 16,384, as in a register
 * of a million) are found in the same order as FTS5 lists them, through
 * chunk boundaries and offsets, and a record indexed again with other words
 * leaves the sets of the words it lost, inside the same transaction. The
 * words are the test's own, so no other search here finds these entries,
 * which have no application behind them. */
static void
test_bits_across_chunks_and_edits (void)
{
  static const gint64 rowids[] = { 65535, 65536, 65537, 131071, 200000, 262144, 1000000, 1048575 };

  for (guint i = 0; i < G_N_ELEMENTS (rowids); i++)
    index_text (rowids[i], i % 3 == 2 ? "Qorvex Xylo Trading" : "Qorvex Xylo Yarrowby Holdings");
  for (gint64 rowid = 300000; rowid < 300000 + 600; rowid++)
    index_text (rowid, rowid % 2 ? "Qorvex Xylo Yarrowby" : "Qorvex Yarrowby");

  assert_bits_same_as_plain ("qorvex xylo", 7);
  assert_bits_same_as_plain ("qorvex xylo", 100);
  assert_bits_same_as_plain ("Qorvex Yarrowby Holdings", 3);
  assert_bits_same_as_plain ("qorv yarr", 50);
  assert_bits_same_as_plain ("xylo trading", 2);
  assert_bits_same_as_plain ("qorvex zqzqzq", 5);
  g_assert_cmpuint (plain_matches (ld_section_lookup ("applications"), "qorvex xylo")->len, ==, 308);

  /* Edited: the words a record lost no longer find it, its new ones do. */
  index_text (65536, "Qorvex Trading");
  index_text (1048575, "Xylo Trading");
  index_text (300001, "Qorvex Xylo Yarrowby Holdings");
  assert_bits_same_as_plain ("qorvex xylo", 9);
  assert_bits_same_as_plain ("qorvex trading", 9);
  assert_bits_same_as_plain ("Qorvex Yarrowby Holdings", 9);
  assert_bits_same_as_plain ("xylo trading", 9);
}

/* Words that share chunks but not records, a word missing from most of the
 * chunks the others hold, and a word typed short that stands for six tokens
 * (more than get a cursor each in ld-search-bits.c, so they are read sorted
 * by chunk): the bit sets step from chunk to chunk where every word has a
 * record, and find what FTS5 finds, in its order. The words are the test's
 * own, as above. */
static void
test_bits_skip_chunks_and_many_tokens (void)
{
  static const struct { gint64 rowid; const char *text; } records[] = {
    { 16383, "Zelmarf Pasquint" },
    { 390000, "Pasquint Wendrilo Zelmarc" },
    { 400000, "Zelmara Wendrilo" },
    { 405000, "Zelmarb Pasquint" },
    { 410000, "Wendrilo Pasquint" },
    { 420000, "Wendrilo" },
    { 430000, "Zelmard Wendrilo" },
    { 440000, "Wendrilo" },
    { 450000, "Pasquint" },
    /* Chunk 28 holds both words, in different records. */
    { 460000, "Wendrilo" },
    { 470000, "Pasquint" },
    { 480000, "Wendrilo" },
    { 655360, "Zelmare Wendrilo Pasquint" },
  };
  static const char *texts[] = {
    "wendrilo pasquint", "pasquint wendrilo zelm", "zelm wendr", "zelm pasq", "zelmar wendrilo pasquint",
    "wendrilo zelmarf",
  };
  const LdSection *applications = ld_section_lookup ("applications");
  g_autoptr(LdSearchBitsQuery) many = NULL;
  g_autoptr(GArray) both = NULL, widened = NULL, apart = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    index_text (records[i].rowid, records[i].text);
  many = ld_search_bits_query_new (db, "application_fts", "zelm wendr");
  g_assert_nonnull (many);
  g_assert_true (ld_search_bits_query_reads_pages_fast (many));
  /* What the comparisons below compare: matches in several chunks, and none. */
  both = plain_matches (applications, "wendrilo pasquint");
  widened = plain_matches (applications, "zelm wendr");
  apart = plain_matches (applications, "wendrilo zelmarf");
  g_assert_cmpuint (both->len, ==, 3);
  g_assert_cmpuint (widened->len, ==, 4);
  g_assert_cmpuint (apart->len, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    for (guint page_rows = 1; page_rows <= 5; page_rows += 2)
      assert_bits_same_as_plain (texts[i], page_rows);
}

/* The bit sets, as they stand, in one text: to compare the ones the store
 * kept up to date with the ones the migration makes from the index. */
static char *
bits_digest (sqlite3 *conn)
{
  sqlite3_stmt *stmt = NULL;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  gint64 n_rows = 0;

  g_assert_cmpint (sqlite3_prepare_v2 (conn, "SELECT fts_table, term, chunk, bits FROM search_bits"
                                             " ORDER BY fts_table, term, chunk", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *key = g_strdup_printf ("%s|%s|%lld|", sqlite3_column_text (stmt, 0),
                                              sqlite3_column_text (stmt, 1),
                                              (long long) sqlite3_column_int64 (stmt, 2));

      g_checksum_update (checksum, (const guchar *) key, -1);
      g_checksum_update (checksum, sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3));
      n_rows++;
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (n_rows, >, 1000);
  return g_strdup_printf ("%lld rows, %s", (long long) n_rows, g_checksum_get_string (checksum));
}

/* Segments in @fts_table's index, read from FTS5's own table of them. */
static gint64
count_segments (sqlite3    *conn,
                const char *fts_table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(DISTINCT segid) FROM %s_idx", fts_table);
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (conn, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* Indexes the 20 newest applications again, one transaction each, as a desk
 * that updates records one at a time does: each leaves a segment. */
static void
reindex_one_at_a_time (sqlite3 *rw)
{
  for (int i = 0; i < 20; i++)
    {
      sqlite3_stmt *stmt = NULL;
      gint64 rowid;
      g_autofree char *body = NULL;

      g_assert_cmpint (sqlite3_exec (rw, "BEGIN IMMEDIATE", NULL, NULL, NULL), ==, SQLITE_OK);
      g_assert_cmpint (sqlite3_prepare_v2 (rw, "SELECT rowid, body FROM application_fts ORDER BY rowid LIMIT 1 OFFSET ?1",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_int (stmt, 1, i);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      rowid = sqlite3_column_int64 (stmt, 0);
      body = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      sqlite3_finalize (stmt);
      g_assert_cmpint (sqlite3_prepare_v2 (rw, "DELETE FROM application_fts WHERE rowid = ?1", -1, &stmt, NULL),
                       ==, SQLITE_OK);
      sqlite3_bind_int64 (stmt, 1, rowid);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
      g_assert_cmpint (sqlite3_prepare_v2 (rw, "INSERT INTO application_fts (rowid, body) VALUES (?1, ?2)",
                                           -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_int64 (stmt, 1, rowid);
      sqlite3_bind_text (stmt, 2, body, -1, SQLITE_TRANSIENT);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
      sqlite3_finalize (stmt);
      g_assert_cmpint (sqlite3_exec (rw, "COMMIT", NULL, NULL, NULL), ==, SQLITE_OK);
    }
}

static void
test_migration_merges_and_keeps_matches (void)
{
  static const char *texts[] = {
    "atlas", "kestrel freight", "mull hold gmb", "ООО Восток", "长城", "EXP-20", "ministry", "zzzz",
  };
  const LdSection *applications = ld_section_lookup ("applications");
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (ld_store_get_path (store));
  g_autofree char *bits_before = NULL;
  g_autofree char *bits_after = NULL;
  sqlite3 *rw = NULL;

  /* The migration reruns by stepping the store back to version 33: the
   * migrations after it run again too, so each must change nothing the second
   * time (0035 re-keys only brokers whose keys differ). */
  g_assert_cmpint (ld_store_get_supported_version (), >=, 34);
  g_assert_cmpint (sqlite3_open_v2 (path, &rw, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  reindex_one_at_a_time (rw);
  g_assert_cmpint (count_segments (rw, "application_fts"), >, 1);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    g_ptr_array_add (before, plain_matches (applications, texts[i]));
  bits_before = bits_digest (rw);
  g_assert_cmpint (sqlite3_exec (rw, "PRAGMA user_version = 33", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close_v2 (rw);

  sqlite3_close_v2 (db);
  g_clear_object (&store);
  store = ld_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_store_get_schema_version (store), ==, ld_store_get_supported_version ());
  db = ld_store_open_reader (store, &error);
  g_assert_no_error (error);

  for (guint s = 0; s < ld_section_get_n_sections (); s++)
    g_assert_cmpint (count_segments (db, ld_section_get_nth (s)->fts_table), <=, 1);
  /* 0038 made the bit sets again from the index: the same as the store kept
   * them, record by record, through the demo and the edits above. */
  bits_after = bits_digest (db);
  g_test_message ("bit sets: %s", bits_after);
  g_assert_cmpstr (bits_after, ==, bits_before);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GArray) after = plain_matches (applications, texts[i]);
      GArray *expected = before->pdata[i];

      g_assert_cmpuint (after->len, ==, expected->len);
      g_assert_cmpmem (after->data, after->len * sizeof (gint64), expected->data, expected->len * sizeof (gint64));
      assert_same_as_plain (applications, texts[i]);
    }
  g_assert_cmpuint (((GArray *) before->pdata[0])->len, >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *path = NULL;
  g_autoptr(LdActor) admin = NULL;
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("ld-test-search-XXXXXX", NULL);
  path = g_build_filename (dir, "store.sqlite", NULL);
  store = ld_store_open (path, &error);
  g_assert_no_error (error);
  admin = ld_demo_ensure_profiles (store, &error);
  g_assert_no_error (error);
  g_assert_true (ld_demo_generate (store, admin, 3000, 17, NULL, NULL, NULL, &error));
  db = ld_store_open_reader (store, &error);
  g_assert_no_error (error);

  g_test_add_func ("/search/widened-equals-prefix", test_widened_equals_prefix);
  g_test_add_func ("/search/vocabulary-is-the-index", test_vocabulary_is_the_index);
  g_test_add_func ("/search/prefix-widened-to-tokens", test_prefix_widened_to_tokens);
  g_test_add_func ("/search/bits-answer-several-words", test_bits_answer_several_words);
  g_test_add_func ("/search/bits-across-chunks-and-edits", test_bits_across_chunks_and_edits);
  g_test_add_func ("/search/bits-skip-chunks-and-many-tokens", test_bits_skip_chunks_and_many_tokens);
  g_test_add_func ("/search/migration-merges-and-keeps-matches", test_migration_merges_and_keeps_matches);
  status = g_test_run ();

  sqlite3_close_v2 (db);
  g_clear_object (&store);
  ld_test_remove_tree (dir);
  return status;
}
