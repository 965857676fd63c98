/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Figures for the broker register: opening the list (count and first page,
 * sorted by name and by number) and searching it (by name, Latin form of a
 * Cyrillic name, registration number, person), on 1,000 and 100,000 brokers
 * in the same run, with their ratio. Prints figures; never fails on time.
 *
 * Brokers are written straight into the tables and the search index in large
 * transactions, without the audit log: generating 100,000 audited acts one by
 * one would take longer than the measurement is worth, and the list and the
 * search read neither the log nor the outbox. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <glib/gstdio.h>

#include "ld-broker-name.h"
#include "ld-broker-repo.h"
#include "ld-broker.h"
#include "ld-section.h"
#include "ld-store.h"

#define RUNS 30
#define PAGE 50

static const char *roots[] = { "Atlas", "Meridian", "Nordvik", "Sahel", "Kestrel", "Orion", "Helios", "Granite",
                               "Северный", "Восток", "النور", "الصقر", "华北", "东方", "Dvořák", "Sørensen" };
static const char *trades[] = { "Logistics", "Trading", "Freight", "Арсенал", "للتجارة", "贸易", "Security" };
static const char *people[] = { "Olena Petrenko", "Kwame Asante", "Ana Lima", "Wang Fang", "Dmitri Volkov" };

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static gboolean
insert_broker (LdStore  *store,
               GRand    *rand,
               gint64    i,
               GError  **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *name = g_strdup_printf ("%s %s %" G_GINT64_FORMAT, roots[g_rand_int_range (rand, 0, G_N_ELEMENTS (roots))],
                                           trades[g_rand_int_range (rand, 0, G_N_ELEMENTS (trades))], i);
  g_autofree char *number = ld_broker_format_number (2000 + (int) (i % 26), i + 1);
  const char *person = people[g_rand_int_range (rand, 0, G_N_ELEMENTS (people))];
  g_autoptr(LdNameKey) key = ld_name_key_new (name);
  g_autofree char *latin = ld_name_to_latin (name);
  const char *texts[] = { name, latin, number, person, NULL };
  sqlite3_stmt *stmt = ld_store_prepare (store, "INSERT INTO broker (id, registration_number, legal_name, country,"
                                                " status, valid_until, name_fold_sorted, name_fold_compact, created_at,"
                                                " updated_at) VALUES (?, ?, ?, 'KE', 'registered', '2030-01-01', ?, ?,"
                                                " '2026-01-01', '2026-01-01')", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, number);
  ld_store_bind_text (stmt, 3, name);
  ld_store_bind_text (stmt, 4, key->sorted);
  ld_store_bind_text (stmt, 5, key->compact);
  return ld_store_step_done (store, stmt, error) &&
         ld_section_index_record (store, ld_section_lookup ("brokers"), ld_store_last_insert_rowid (store),
                                  texts, error);
}

static char *
ensure_store (const char *dir,
              gint64      n)
{
  g_autofree char *name = g_strdup_printf ("brokers-%" G_GINT64_FORMAT ".sqlite", n);
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *marker = g_strconcat (path, ".complete", NULL);
  g_autoptr(LdStore) store = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  if (g_file_test (marker, G_FILE_TEST_EXISTS))
    return path;
  g_unlink (path);
  store = ld_store_open (path, &error);
  g_assert_no_error (error);
  for (gint64 i = 0; i < n;)
    {
      gint64 end = MIN (n, i + 10000);

      g_assert_true (ld_store_begin (store, &error));
      for (; i < end; i++)
        if (!insert_broker (store, rand, i, &error))
          g_error ("%s", error->message);
      g_assert_true (ld_store_commit (store, &error));
    }
  printf ("generated %" G_GINT64_FORMAT " brokers in %.1f s\n", n, (g_get_monotonic_time () - started) / 1e6);
  g_file_set_contents (marker, "", 0, NULL);
  return path;
}

static double
median_of (double *times)
{
  qsort (times, RUNS, sizeof (double), compare_doubles);
  return (times[RUNS / 2 - 1] + times[RUNS / 2]) / 2;
}

/* Median milliseconds to read the first page as the list does (a search nobody
 * sorted lists the newest matches first), and then to count all matches,
 * which the list does after showing the page. */
static void
measure (sqlite3    *db,
         const char *search,
         const char *sort_key,
         double     *out_page_ms,
         double     *out_count_ms)
{
  const LdSection *section = ld_section_lookup ("brokers");
  double page_times[RUNS], count_times[RUNS];

  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(LdSectionQuery) q = ld_section_query_new_full (section, search,
                                                               ld_section_find_column (section, sort_key),
                                                               FALSE, search == NULL);
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(GError) error = NULL;
      gint64 started = g_get_monotonic_time ();
      gint64 count = 0;

      rows = ld_section_query_page (q, db, 0, PAGE, &error);
      g_assert_no_error (error);
      page_times[r] = (g_get_monotonic_time () - started) / 1000.0;
      started = g_get_monotonic_time ();
      g_assert_true (ld_section_query_count (q, db, &count, &error));
      count_times[r] = (g_get_monotonic_time () - started) / 1000.0;
      g_assert_true (count > 0 && rows->len > 0);
    }
  *out_page_ms = median_of (page_times);
  *out_count_ms = median_of (count_times);
}

static void
report (const char *label,
        sqlite3    *small_db,
        sqlite3    *large_db,
        const char *search,
        const char *sort)
{
  double page_small, count_small, page_large, count_large;

  measure (small_db, search, sort, &page_small, &count_small);
  measure (large_db, search, sort, &page_large, &count_large);
  printf ("%-44s %10.2f / %9.2f %7.1f | %10.2f / %9.2f\n", label, page_small, page_large, page_large / page_small,
          count_small, count_large);
}

/* Median milliseconds of the duplicate check a clerk's save runs, for a name
 * already registered under another spelling (all four name keys, today's
 * and the ones earlier releases stored, and the number keys), and how many
 * brokers it names. */
static double
measure_duplicates (LdStore    *store,
                    const char *name,
                    guint      *out_found)
{
  g_autoptr(LdBrokerDraft) draft = ld_broker_draft_new ();
  double times[RUNS];

  draft->legal_name = g_ascii_strup (name, -1);
  draft->tax_number = g_strdup ("KE-000-NEW");
  for (guint r = 0; r < RUNS; r++)
    {
      g_autoptr(GError) error = NULL;
      gint64 started = g_get_monotonic_time ();
      g_autoptr(GPtrArray) found = ld_broker_repo_find_duplicates (store, draft, NULL, &error);

      times[r] = (g_get_monotonic_time () - started) / 1000.0;
      g_assert_no_error (error);
      *out_found = found->len;
    }
  return median_of (times);
}

int
main (int    argc,
      char **argv)
{
  static const struct { const char *label; const char *search; const char *sort; } cases[] = {
    { "list, sorted by name", NULL, "name" },
    { "list, sorted by number", NULL, "number" },
    { "search a name shared by 1/16 (Kestrel)", "Kestrel", "name" },
    { "search Latin of Cyrillic, 1/16 (severnyj)", "severnyj", "name" },
    { "search a registration number", "BR-2003-00004", "name" },
    { "search a person shared by 1/5 (Petrenko)", "Petrenko", "name" },
  };
  const char *dir = g_getenv ("LD_BENCH_DIR");
  g_autofree char *small = NULL;
  g_autofree char *large = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) s_store = NULL;
  g_autoptr(LdStore) l_store = NULL;
  sqlite3 *s_db, *l_db;

  if (dir == NULL)
    dir = g_get_tmp_dir ();
  g_mkdir_with_parents (dir, 0755);
  small = ensure_store (dir, 1000);
  large = ensure_store (dir, 100000);
  s_store = ld_store_open (small, &error);
  g_assert_no_error (error);
  l_store = ld_store_open (large, &error);
  g_assert_no_error (error);
  s_db = ld_store_open_reader (s_store, &error);
  g_assert_no_error (error);
  l_db = ld_store_open_reader (l_store, &error);
  g_assert_no_error (error);

  printf ("%-44s %22s %7s | %22s\n", "broker register (median of 30, ms)", "first page 1k / 100k", "ratio",
          "exact count 1k / 100k");
  {
    /* One broker's full name: what a clerk types to find one company. Both
     * stores come from the same seed, so broker 424 has the same name. */
    sqlite3_stmt *stmt = NULL;
    g_autofree char *name = NULL;

    sqlite3_prepare_v2 (s_db, "SELECT legal_name FROM broker WHERE registration_number LIKE '%-00425'", -1, &stmt, NULL);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    sqlite3_finalize (stmt);
    g_assert_nonnull (name);
    report ("search one company's full name", s_db, l_db, name, "name");
    {
      guint found_small = 0, found_large = 0;
      double small_ms = measure_duplicates (s_store, name, &found_small);
      double large_ms = measure_duplicates (l_store, name, &found_large);

      printf ("%-44s %10.2f / %9.2f %7.1f | found %u / %u\n", "duplicate check of one name (upper case)",
              small_ms, large_ms, large_ms / small_ms, found_small, found_large);
    }
  }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      report (cases[i].label, s_db, l_db, cases[i].search, cases[i].sort);
    }
  sqlite3_close (s_db);
  sqlite3_close (l_db);
  return EXIT_SUCCESS;
}
