/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>

#include "ld-demo.h"
#include "ld-paged-model.h"
#include "ld-record-row.h"

static char *dir;
static char *path;
static LdStore *store;

static void
wait_until_idle (LdPagedModel *model)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while ((!ld_paged_model_get_counted (model) || ld_paged_model_get_loading (model)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ld_paged_model_get_counted (model));
  g_assert_false (ld_paged_model_get_loading (model));
}

static gint64
count_sql (const char *sql)
{
  sqlite3 *db = ld_store_open_reader (store, NULL);
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);
  return n;
}

/* Asks for an item, lets its page arrive, and returns it loaded. */
static LdRecordRow *
get_loaded (LdPagedModel *model,
            guint         position)
{
  LdRecordRow *row = g_list_model_get_item (G_LIST_MODEL (model), position);

  g_assert_nonnull (row);
  wait_until_idle (model);
  g_assert_true (ld_record_row_get_loaded (row));
  return row;
}

static void
test_counts_match_store (void)
{
  for (guint i = 0; i < ld_section_get_n_sections (); i++)
    {
      const LdSection *section = ld_section_get_nth (i);
      g_autoptr(LdPagedModel) model = ld_paged_model_new (store, section);
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", section->table);

      wait_until_idle (model);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, count_sql (sql));
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 0);
      g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), g_list_model_get_n_items (G_LIST_MODEL (model))));
    }
}

static void
test_rows_load_lazily (void)
{
  g_autoptr(LdPagedModel) model = ld_paged_model_new (store, ld_section_lookup ("applications"));
  g_autoptr(LdRecordRow) first = NULL;
  g_autoptr(LdRecordRow) placeholder = NULL;
  guint n;

  wait_until_idle (model);
  /* The first page arrives with the list itself. */
  g_assert_cmpuint (ld_paged_model_get_n_cached_pages (model), ==, 1);
  g_assert_true (ld_paged_model_get_complete (model));
  n = g_list_model_get_n_items (G_LIST_MODEL (model));

  placeholder = g_list_model_get_item (G_LIST_MODEL (model), n - 1);
  g_assert_false (ld_record_row_get_loaded (placeholder));
  g_assert_null (ld_record_row_get_value (placeholder, 0));
  wait_until_idle (model);
  g_assert_true (ld_record_row_get_loaded (placeholder));
  g_assert_nonnull (ld_record_row_get_value (placeholder, 0));
  g_assert_cmpuint (ld_paged_model_get_n_cached_pages (model), ==, 2);

  /* Newest first by default: the first row is received no earlier than the last. */
  first = get_loaded (model, 0);
  g_assert_cmpstr (ld_record_row_get_value (first, 1), >=, ld_record_row_get_value (placeholder, 1));
}

static void
test_cache_is_bounded (void)
{
  g_autoptr(LdPagedModel) model = ld_paged_model_new (store, ld_section_lookup ("applications"));
  guint n;

  wait_until_idle (model);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint i = 0; i < n; i += LD_PAGED_MODEL_PAGE_SIZE)
    g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
  wait_until_idle (model);
  g_assert_cmpuint (ld_paged_model_get_n_cached_pages (model), <=, 32);
  g_assert_cmpuint (n / LD_PAGED_MODEL_PAGE_SIZE, >, 32);
}

static void
test_sort_by_column (void)
{
  g_autoptr(LdPagedModel) model = ld_paged_model_new (store, ld_section_lookup ("applications"));
  int quantity = ld_section_find_column (ld_section_lookup ("applications"), "quantity");
  g_autoptr(LdRecordRow) smallest = NULL;
  g_autoptr(LdRecordRow) largest = NULL;

  ld_paged_model_set_sort (model, quantity, FALSE);
  wait_until_idle (model);
  smallest = get_loaded (model, 0);
  ld_paged_model_set_sort (model, quantity, TRUE);
  wait_until_idle (model);
  largest = get_loaded (model, 0);
  g_assert_cmpint (atoi (ld_record_row_get_value (smallest, quantity)), ==,
                   count_sql ("SELECT min(quantity) FROM application"));
  g_assert_cmpint (atoi (ld_record_row_get_value (largest, quantity)), ==,
                   count_sql ("SELECT max(quantity) FROM application"));
}

static void
test_search (void)
{
  g_autoptr(LdPagedModel) model = ld_paged_model_new (store, ld_section_lookup ("applications"));
  int applicant = ld_section_find_column (ld_section_lookup ("applications"), "applicant");
  guint all, found;

  wait_until_idle (model);
  all = g_list_model_get_n_items (G_LIST_MODEL (model));

  ld_paged_model_set_search_text (model, "atlas");
  wait_until_idle (model);
  found = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (found, >, 0);
  g_assert_cmpuint (found, <, all);
  g_assert_cmpuint (found, ==, count_sql ("SELECT count(*) FROM application WHERE applicant_name LIKE '%atlas%'"));
  for (guint i = 0; i < found; i++)
    {
      g_autoptr(LdRecordRow) row = get_loaded (model, i);

      g_assert_nonnull (strstr (ld_record_row_get_value (row, applicant), "Atlas"));
    }

  /* Unless a column was chosen, matches come newest entry first, and a list
   * longer than a page grows to its exact count. */
  ld_paged_model_set_search_text (model, "EXP");
  wait_until_idle (model);
  found = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (found, ==, count_sql ("SELECT count(*) FROM application WHERE reference LIKE 'EXP-%'"));
  for (guint i = 1; i < MIN (found, 250); i++)
    {
      g_autoptr(LdRecordRow) before = get_loaded (model, i - 1);
      g_autoptr(LdRecordRow) row = get_loaded (model, i);

      g_assert_cmpint (ld_record_row_get_rowid (before), >, ld_record_row_get_rowid (row));
    }
  g_assert_cmpuint (found, >, LD_PAGED_MODEL_PAGE_SIZE);

  /* Part of a Chinese name, without spaces. */
  ld_paged_model_set_search_text (model, "长城");
  wait_until_idle (model);
  found = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (found, ==, count_sql ("SELECT count(*) FROM application WHERE applicant_name LIKE '%长城%'"));
  g_assert_cmpuint (found, >, 0);

  /* FTS5 syntax typed by a person is searched for, not obeyed or failed on. */
  ld_paged_model_set_search_text (model, "\"unbalanced NEAR( *");
  wait_until_idle (model);
  g_assert_null (ld_paged_model_get_error (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  ld_paged_model_set_search_text (model, "");
  wait_until_idle (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, all);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  *(guint *) user_data = added;
}

static void
test_reloads_after_change (void)
{
  g_autoptr(LdPagedModel) model = ld_paged_model_new (store, ld_section_lookup ("brokers"));
  g_autoptr(LdActor) admin = ld_demo_ensure_profiles (store, NULL);
  guint before, added = 0;

  wait_until_idle (model);
  before = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &added);
  /* 25 more records: one of every 25 is a broker. */
  g_assert_true (ld_demo_generate (store, admin, 25, 99, NULL, NULL, NULL, NULL));
  while (added == 0)
    g_main_context_iteration (NULL, TRUE);
  wait_until_idle (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, before + 1);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) admin = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  dir = g_dir_make_tmp ("ld-test-model-XXXXXX", NULL);
  path = g_build_filename (dir, "store.sqlite", NULL);
  store = ld_store_open (path, &error);
  g_assert_no_error (error);
  admin = ld_demo_ensure_profiles (store, &error);
  g_assert_no_error (error);
  g_assert_true (ld_demo_generate (store, admin, 8000, 42, NULL, NULL, NULL, &error));

  g_test_add_func ("/model/counts", test_counts_match_store);
  g_test_add_func ("/model/lazy-rows", test_rows_load_lazily);
  g_test_add_func ("/model/bounded-cache", test_cache_is_bounded);
  g_test_add_func ("/model/sort", test_sort_by_column);
  g_test_add_func ("/model/search", test_search);
  g_test_add_func ("/model/reload-on-change", test_reloads_after_change);

  status = g_test_run ();
  g_clear_object (&store);
  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_unlink (path);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
  return status;
}
