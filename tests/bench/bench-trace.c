/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Figures for tracing (issue 11): the same tracing requests answered on a
 * store holding 50,000 serial numbers and on one holding 5,000,000 (set
 * LD_BENCH_TRACE_LARGE for another size), through ld_licence_repo_trace(),
 * and by a manufacturer's marking of one item line through
 * ld_licence_repo_trace_by().
 * The serial rows are a fixture written straight into the tables, in cases of
 * 5,000; the tracing is the real call. Prints figures and the ratio; never
 * passes or fails on time. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ld-licence-repo.h"
#include "ld-test-util.h"

#define PER_CASE 5000
#define LOOKUPS 2000

static void
exec_or_die (LdStore      *store,
             sqlite3_stmt *stmt)
{
  g_autoptr(GError) error = NULL;

  if (!ld_store_step_done (store, stmt, &error))
    g_error ("%s", error->message);
}

/* One case of PER_CASE serial numbers "TR<case>-<n>": application, version, item. */
static void
add_case (LdStore *store,
          guint    n)
{
  g_autofree char *app = g_strdup_printf ("app-%u", n);
  g_autofree char *version = g_strdup_printf ("ver-%u", n);
  g_autofree char *item = g_strdup_printf ("item-%u", n);
  g_autofree char *reference = g_strdup_printf ("EXP-2026-%07u", n);
  sqlite3_stmt *stmt;

  stmt = ld_store_prepare (store, "INSERT INTO application (id, reference, kind, status, applicant_name,"
                                  " destination_country, item_summary, quantity, received_on, officer_login, created_at,"
                                  " updated_at) VALUES (?, ?, 'export', 'approved', 'Nordvik Arms AB', 'KE', 'Rifles',"
                                  " 5000, '2026-01-01', 'bench', '2026-01-01', '2026-01-01')", NULL);
  ld_store_bind_text (stmt, 1, app);
  ld_store_bind_text (stmt, 2, reference);
  exec_or_die (store, stmt);
  stmt = ld_store_prepare (store, "INSERT INTO application_version (id, application_id, version, case_json, created_at,"
                                  " created_by) VALUES (?, ?, 1, '{\"euc_reference\":\"EUC/1\"}', '2026-01-01', 'bench')",
                           NULL);
  ld_store_bind_text (stmt, 1, version);
  ld_store_bind_text (stmt, 2, app);
  exec_or_die (store, stmt);
  stmt = ld_store_prepare (store, "INSERT INTO application_item (id, version_id, line_no, category, description,"
                                  " quantity) VALUES (?, ?, 1, 'rifles_carbines', 'Rifles', 5000)", NULL);
  ld_store_bind_text (stmt, 1, item);
  ld_store_bind_text (stmt, 2, version);
  exec_or_die (store, stmt);
  for (guint i = 0; i < PER_CASE; i++)
    {
      g_autofree char *serial = g_strdup_printf ("TR%u-%04u", n, i);

      stmt = ld_store_prepare (store, "INSERT INTO application_serial (item_id, application_id, serial, open)"
                                      " VALUES (?, ?, ?, 0)", NULL);
      ld_store_bind_text (stmt, 1, item);
      ld_store_bind_text (stmt, 2, app);
      ld_store_bind_text (stmt, 3, serial);
      exec_or_die (store, stmt);
    }
}

static char *
ensure_store (const char *dir,
              gint64      n_serials)
{
  g_autofree char *name = g_strdup_printf ("trace-%" G_GINT64_FORMAT ".sqlite", n_serials);
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = NULL;
  guint n_cases = (guint) (n_serials / PER_CASE);
  gint64 start;

  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return path;   /* kept between runs: building 5,000,000 rows takes minutes */
  store = ld_store_open_full (path, LD_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  start = g_get_monotonic_time ();
  for (guint c = 0; c < n_cases; c += 100)
    {
      g_assert_true (ld_store_begin (store, NULL));
      for (guint k = c; k < MIN (n_cases, c + 100); k++)
        add_case (store, k);
      g_assert_true (ld_store_commit (store, NULL));
    }
  printf ("# built %s: %" G_GINT64_FORMAT " serial numbers in %.1f s\n", path, n_serials,
          (g_get_monotonic_time () - start) / 1e6);
  return path;
}

/* Each case's item line carries its maker's marking "BENCH ARMS <case>"
 * (also in stores built before the marking was part of the fixture). */
static void
mark_items (LdStore *store)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_store_begin (store, &error));
  g_assert_true (ld_store_exec (store, "UPDATE application_item SET manufacturer_marking = 'BENCH ARMS '"
                                       " || substr (id, 6) WHERE manufacturer_marking IS NULL", &error));
  g_assert_true (ld_store_commit (store, &error));
}

/* Mean microseconds per tracing by a whole line's marking, written another way. */
static double
trace_marking_mean_us (LdStore *store,
                       gint64   n_serials)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  guint n_cases = (guint) (n_serials / PER_CASE);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < LOOKUPS; i++)
    {
      g_autofree char *marking = g_strdup_printf ("bench-arms/%u", g_rand_int_range (rand, 0, n_cases));
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = ld_licence_repo_trace_by (store, marking, LD_TRACE_BY_MANUFACTURER_MARKING, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (node), "chains")),
                        ==, 1);
    }
  return (g_get_monotonic_time () - start) / (double) LOOKUPS;
}

/* Mean microseconds per tracing request, the marking written another way. */
static double
trace_mean_us (LdStore *store,
               gint64   n_serials)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  guint n_cases = (guint) (n_serials / PER_CASE);
  gint64 start = g_get_monotonic_time ();

  for (guint i = 0; i < LOOKUPS; i++)
    {
      g_autofree char *serial = g_strdup_printf ("tr%u/%04u", g_rand_int_range (rand, 0, n_cases),
                                                 g_rand_int_range (rand, 0, PER_CASE));
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = ld_licence_repo_trace (store, serial, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (node), "chains")),
                        ==, 1);
    }
  return (g_get_monotonic_time () - start) / (double) LOOKUPS;
}

int
main (int    argc,
      char **argv)
{
  const char *dir = g_getenv ("LD_BENCH_DIR");
  const char *large_text = g_getenv ("LD_BENCH_TRACE_LARGE");
  gint64 small_n = 50000, large_n = large_text ? g_ascii_strtoll (large_text, NULL, 10) : 5000000;
  g_autofree char *small = NULL, *large = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) s_store = NULL, l_store = NULL;
  double s_us, l_us, s_mark_us, l_mark_us;

  if (dir == NULL)
    dir = g_get_tmp_dir ();
  g_mkdir_with_parents (dir, 0755);
  small = ensure_store (dir, small_n);
  large = ensure_store (dir, large_n);
  s_store = ld_store_open (small, &error);
  g_assert_no_error (error);
  l_store = ld_store_open (large, &error);
  g_assert_no_error (error);
  mark_items (s_store);
  mark_items (l_store);
  /* Warm both the same way, then measure. */
  trace_mean_us (s_store, small_n);
  trace_mean_us (l_store, large_n);
  /* Processor time beside wall time: on a loaded machine the wall time
   * measures the other processes too. */
  {
    clock_t c0 = clock (), c1, c2;

    s_us = trace_mean_us (s_store, small_n);
    c1 = clock ();
    l_us = trace_mean_us (l_store, large_n);
    c2 = clock ();
    printf ("processor time per trace: %.1f us among %" G_GINT64_FORMAT ", %.1f us among %" G_GINT64_FORMAT
            " (ratio %.2f)\n", (c1 - c0) * 1e6 / CLOCKS_PER_SEC / LOOKUPS, small_n,
            (c2 - c1) * 1e6 / CLOCKS_PER_SEC / LOOKUPS, large_n, (double) (c2 - c1) / (double) MAX (1, c1 - c0));
  }
  s_mark_us = trace_marking_mean_us (s_store, small_n);
  l_mark_us = trace_marking_mean_us (l_store, large_n);
  printf ("trace one serial among %" G_GINT64_FORMAT ": %.1f us\n", small_n, s_us);
  printf ("trace one serial among %" G_GINT64_FORMAT ": %.1f us\n", large_n, l_us);
  printf ("ratio large/small: %.2f\n", l_us / s_us);
  printf ("trace a manufacturer's marking among %" G_GINT64_FORMAT " serials (%" G_GINT64_FORMAT " item lines): %.1f us\n",
          small_n, small_n / PER_CASE, s_mark_us);
  printf ("trace a manufacturer's marking among %" G_GINT64_FORMAT " serials (%" G_GINT64_FORMAT " item lines): %.1f us\n",
          large_n, large_n / PER_CASE, l_mark_us);
  printf ("marking ratio large/small: %.2f\n", l_mark_us / s_mark_us);
  return 0;
}
