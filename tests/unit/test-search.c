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
  status = g_test_run ();

  sqlite3_close_v2 (db);
  g_clear_object (&store);
  ld_test_remove_tree (dir);
  return status;
}
