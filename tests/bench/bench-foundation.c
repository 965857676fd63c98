/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Figures for the foundation: start-up to the first painted frame and to the
 * first page of the largest list, resident memory with that list open, and
 * search latency, each on a small store and a 1,000,000-record store in the
 * same run, with their ratio. Prints figures; never passes or fails on time.
 *
 * Stores are kept in $LD_BENCH_DIR (default: bench-data in the build folder)
 * so that a second run does not generate them again. Needs a display: run it
 * with build-aux/with-display.sh. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <glib/gstdio.h>

#include "ld-demo.h"
#include "ld-section.h"
#include "ld-store.h"

#define STARTUP_RUNS 5
#define SEARCH_RUNS 30
#define PAGE_ROWS 100

static const char *bench_dir;

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

static void
progress (gint64   done,
          gint64   total,
          gpointer user_data)
{
  if (done % 100000 == 0 || done == total)
    g_printerr ("  generating %s: %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "\n", (char *) user_data, done, total);
}

/* Opens (and fills once) a store of n records. */
static char *
ensure_store (const char *name,
              gint64      n_records)
{
  char *path = g_build_filename (bench_dir, name, NULL);
  g_autofree char *done_marker = g_strconcat (path, ".complete", NULL);
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdActor) admin = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started;

  if (g_file_test (done_marker, G_FILE_TEST_EXISTS))
    return path;
  g_unlink (path);
  store = ld_store_open (path, &error);
  g_assert_no_error (error);
  admin = ld_demo_ensure_profiles (store, &error);
  g_assert_no_error (error);
  started = g_get_monotonic_time ();
  if (!ld_demo_generate (store, admin, n_records, 1, progress, (gpointer) name, NULL, &error))
    g_error ("%s", error->message);
  printf ("demo generation, %s (%" G_GINT64_FORMAT " records): %.1f s\n", name, n_records,
          (g_get_monotonic_time () - started) / 1e6);
  g_file_set_contents (done_marker, "", 0, NULL);
  return path;
}

static gint64
resident_kib (GPid pid)
{
  g_autofree char *status_path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents (status_path, &status, NULL, NULL) || !(line = strstr (status, "VmRSS:")))
    return -1;
  return g_ascii_strtoll (line + 6, NULL, 10);
}

typedef struct
{
  double first_frame_ms;
  double list_shown_ms;
  double list_ready_ms;
  double rss_mib;
} Startup;

/* Starts licence-desk on @store at the applications list and reads the
 * timings it prints with LD_BENCH_STARTUP; the wall clock starts before the
 * process is spawned, so loading and linking are counted too. */
static Startup
measure_startup (const char *app,
                 const char *store)
{
  const char *argv[] = { app, "--store", store, "--user", "demo.officer", "--section", "applications", NULL };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  Startup result = { -1, -1, -1, -1 };
  gint64 spawned = g_get_monotonic_time ();
  char *line;

  g_subprocess_launcher_setenv (launcher, "LD_BENCH_STARTUP", "1", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  while ((result.first_frame_ms < 0 || result.list_ready_ms < 0) &&
         (line = g_data_input_stream_read_line (lines, NULL, NULL, NULL)))
    {
      double now = (g_get_monotonic_time () - spawned) / 1000.0;

      if (g_str_has_prefix (line, "LD_BENCH first-frame"))
        result.first_frame_ms = now;
      else if (g_str_has_prefix (line, "LD_BENCH list-shown"))
        result.list_shown_ms = now;
      else if (g_str_has_prefix (line, "LD_BENCH list-ready"))
        result.list_ready_ms = now;
      g_free (line);
    }
  /* Let the rows that are on screen be drawn, then read the memory. */
  g_usleep (500 * 1000);
  result.rss_mib = resident_kib (atoi (g_subprocess_get_identifier (process))) / 1024.0;
  g_subprocess_force_exit (process);
  g_subprocess_wait (process, NULL, NULL);
  return result;
}

static void
bench_startup (const char *app,
               const char *small,
               const char *large)
{
  double frame[2][STARTUP_RUNS], shown[2][STARTUP_RUNS], ready[2][STARTUP_RUNS], rss[2][STARTUP_RUNS];
  const char *stores[2] = { small, large };
  double m_frame[2], m_shown[2], m_ready[2], m_rss[2];

  /* Warm the page cache once for each, as a desk that has run before would be. */
  for (guint s = 0; s < 2; s++)
    measure_startup (app, stores[s]);
  for (guint run = 0; run < STARTUP_RUNS; run++)
    for (guint s = 0; s < 2; s++)
      {
        Startup r = measure_startup (app, stores[s]);

        frame[s][run] = r.first_frame_ms;
        shown[s][run] = r.list_shown_ms;
        ready[s][run] = r.list_ready_ms;
        rss[s][run] = r.rss_mib;
      }
  for (guint s = 0; s < 2; s++)
    {
      m_frame[s] = median (frame[s], STARTUP_RUNS);
      m_shown[s] = median (shown[s], STARTUP_RUNS);
      m_ready[s] = median (ready[s], STARTUP_RUNS);
      m_rss[s] = median (rss[s], STARTUP_RUNS);
    }
  printf ("start-up to first painted frame (median of %d): empty %.0f ms, 1M records %.0f ms, ratio %.2f\n",
          STARTUP_RUNS, m_frame[0], m_frame[1], m_frame[1] / m_frame[0]);
  printf ("start-up to the first page of applications in the list: empty %.0f ms, 1M records %.0f ms, ratio %.2f\n",
          m_shown[0], m_shown[1], m_shown[1] / m_shown[0]);
  printf ("start-up to the list's exact count: empty %.0f ms, 1M records %.0f ms, ratio %.2f\n",
          m_ready[0], m_ready[1], m_ready[1] / m_ready[0]);
  printf ("resident memory with the applications list open: empty %.1f MiB, 1M records %.1f MiB, growth %.1f MiB\n",
          m_rss[0], m_rss[1], m_rss[1] - m_rss[0]);
}

/* What an officer looks for: a name, part of a Chinese or Cyrillic name, a
 * reference number, two words. */
static const char *queries[] = {
  "atlas", "kestrel freight", "长城", "ООО Восток", "Çelik", "EXP-2024", "Müller Holdings GmbH", "النور",
};

/* The same searches part-typed, as the list searches while a person types:
 * every last word is a prefix shared by several tokens. */
static const char *typed_queries[] = {
  "atl", "kestrel fre", "长", "ООО Вос", "Çeli", "EXP-20", "Müller Hold", "النو",
};

typedef struct
{
  double first_page_ms;
  double count_ms;
  gint64 matches;
} Search;

/* What the list does on a search: the first page of matches (what the officer
 * sees), then the exact count, each timed on its own. */
static Search
search_latency (const char *path,
                const char *text,
                guint       page_rows)
{
  g_autoptr(LdStore) store = ld_store_open (path, NULL);
  sqlite3 *db = ld_store_open_reader (store, NULL);
  const LdSection *section = ld_section_lookup ("applications");
  g_autoptr(LdSectionQuery) query = ld_section_query_new_full (section, text, section->default_sort_column,
                                                               TRUE, FALSE);
  double page_times[SEARCH_RUNS], count_times[SEARCH_RUNS];
  gint64 count = 0;
  Search result;

  for (guint i = 0; i < SEARCH_RUNS; i++)
    {
      gint64 started = g_get_monotonic_time ();
      g_autoptr(GPtrArray) page = ld_section_query_page (query, db, 0, page_rows, NULL);

      g_assert_nonnull (page);
      page_times[i] = (g_get_monotonic_time () - started) / 1000.0;
      started = g_get_monotonic_time ();
      g_assert_true (ld_section_query_count (query, db, &count, NULL));
      count_times[i] = (g_get_monotonic_time () - started) / 1000.0;
    }
  sqlite3_close_v2 (db);
  result.first_page_ms = median (page_times, SEARCH_RUNS);
  result.count_ms = median (count_times, SEARCH_RUNS);
  result.matches = count;
  return result;
}

static void
bench_search (const char         *small,
              const char         *large,
              const char         *label,
              const char * const *texts,
              guint               n_texts)
{
  double page_small = 0, page_large = 0, same_rows_large = 0, count_small = 0, count_large = 0;
  double row_costs[G_N_ELEMENTS (queries) + G_N_ELEMENTS (typed_queries)], extra_share = 0;
  guint n_row_costs = 0;

  /* A page holds at most 100 rows: a query with fewer matches than that at
   * 10k reads fewer rows there than at 1M, which the ratio includes. */
  printf ("search latency, applications, %s (median of %d): first page of matches | exact count | matches\n",
          label, SEARCH_RUNS);
  for (guint i = 0; i < n_texts; i++)
    {
      Search a = search_latency (small, texts[i], PAGE_ROWS);
      Search b = search_latency (large, texts[i], PAGE_ROWS);
      /* The same number of rows at both sizes, where the small store has fewer
       * matches than a page: what finding them costs, without reading more. */
      Search same = a.matches > 0 && a.matches < PAGE_ROWS ? search_latency (large, texts[i], a.matches) : b;

      page_small += a.first_page_ms;
      page_large += b.first_page_ms;
      same_rows_large += same.first_page_ms;
      count_small += a.count_ms;
      count_large += b.count_ms;
      printf ("  %-24s page 10k %6.3f ms  1M %6.3f ms  ratio %5.2f (same rows %5.2f) | count 10k %6.3f ms  1M %6.3f ms"
              " | 10k %" G_GINT64_FORMAT "  1M %" G_GINT64_FORMAT "\n",
              texts[i], a.first_page_ms, b.first_page_ms, b.first_page_ms / a.first_page_ms,
              same.first_page_ms / a.first_page_ms, a.count_ms, b.count_ms, a.matches, b.matches);
      /* What each row the 1M page holds beyond the 10k one costs: the full
       * page against the same search stopped at the 10k page's rows. */
      if (same.first_page_ms != b.first_page_ms && MIN (b.matches, PAGE_ROWS) > a.matches)
        {
          gint64 extra_rows = MIN (b.matches, PAGE_ROWS) - a.matches;
          double per_row_us = 1000 * (b.first_page_ms - same.first_page_ms) / extra_rows;

          row_costs[n_row_costs++] = per_row_us;
          extra_share += (b.first_page_ms - same.first_page_ms) / b.first_page_ms;
          printf ("  %-24s the 1M page holds %" G_GINT64_FORMAT " rows more than the 10k one: %.2f us a row,"
                  " %.0f%% of its time\n", "", extra_rows, per_row_us,
                  100 * (b.first_page_ms - same.first_page_ms) / b.first_page_ms);
        }
    }
  printf ("search %s, first page of matches, mean over queries: 10k %.3f ms, 1M %.3f ms, ratio %.2f\n",
          label, page_small / n_texts, page_large / n_texts, page_large / page_small);
  printf ("search %s, first page at 1M holding as many rows as at 10k, mean: %.3f ms, ratio %.2f\n",
          label, same_rows_large / n_texts, same_rows_large / page_small);
  printf ("search %s, exact count (arrives after the page), mean: 10k %.3f ms, 1M %.3f ms, ratio %.2f\n",
          label, count_small / n_texts, count_large / n_texts, count_large / count_small);
  if (n_row_costs > 0)
    printf ("search %s, rows the 1M page holds beyond the 10k one (%u queries): %.2f us a row (median),"
            " %.0f%% of those pages' time (mean)\n",
            label, n_row_costs, median (row_costs, n_row_costs), 100 * extra_share / n_row_costs);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *default_dir = g_build_filename (g_get_current_dir (), "bench-data", NULL);
  g_autofree char *empty = NULL, *small = NULL, *large = NULL;
  const char *app = g_getenv ("LD_APP");

  bench_dir = g_getenv ("LD_BENCH_DIR") ? g_getenv ("LD_BENCH_DIR") : default_dir;
  g_mkdir_with_parents (bench_dir, 0700);
  g_assert_nonnull (app);

  empty = ensure_store ("empty.sqlite", 0);
  small = ensure_store ("10k.sqlite", 10000);
  large = ensure_store ("1m.sqlite", 1000000);

  bench_search (small, large, "whole words", queries, G_N_ELEMENTS (queries));
  bench_search (small, large, "as typed", typed_queries, G_N_ELEMENTS (typed_queries));
  if (g_getenv ("DISPLAY"))
    bench_startup (app, empty, large);
  else
    printf ("start-up and memory: skipped, no DISPLAY (run under build-aux/with-display.sh)\n");
  return 0;
}
