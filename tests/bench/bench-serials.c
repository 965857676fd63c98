/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Figures for serial numbers: 5,000 pasted as text, parsed, validated and
 * stored in one transaction on a real store; then the same paste with bad
 * lines, reported by line. Median of several runs. Prints figures; never
 * passes or fails on time. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ld-case-repo.h"
#include "ld-serials.h"
#include "ld-test-util.h"
#include "ld-user-repo.h"

#define N_SERIALS 5000
#define RUNS 7

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values)
{
  qsort (values, RUNS, sizeof (double), compare_doubles);
  return values[RUNS / 2];
}

static char *
paste_text (guint run,
            guint n_bad)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < N_SERIALS; i++)
    {
      if (n_bad > 0 && i % (N_SERIALS / n_bad) == 7)
        g_string_append (text, i % 2 ? "BAD SERIAL?\n" : "R0-000001\n");
      else
        g_string_append_printf (text, "R%u-%06u\n", run, i);
    }
  return g_string_free (text, FALSE);
}

static LdCase *
draft_case (void)
{
  LdCase *c = ld_case_new ();
  LdCaseItem *it = ld_case_item_new ();

  c->kind = g_strdup ("export");
  it->category = g_strdup ("rifles_carbines");
  it->description = g_strdup ("Rifles 7.62x51 mm");
  it->quantity = N_SERIALS;
  g_ptr_array_add (c->items, it);
  return c;
}

/* Parse the paste, put the good values on the draft's line and save: what
 * the window and add-serials do. Returns the seconds taken. */
static double
paste_and_store (LdStore        *store,
                 const LdActor  *officer,
                 guint           run,
                 guint           n_bad,
                 guint          *out_stored,
                 guint          *out_reported)
{
  g_autoptr(LdCase) c = draft_case ();
  g_autoptr(LdCaseRecord) draft = ld_case_repo_create (store, officer, c, NULL);
  g_autoptr(LdCaseRecord) saved = NULL;
  g_autoptr(LdSerialReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = paste_text (run, n_bad);
  g_autofree char *summary = NULL;
  LdCaseItem *item;
  gint64 start;

  g_assert_nonnull (draft);
  start = g_get_monotonic_time ();
  report = ld_serials_parse (text, -1);
  summary = ld_serial_report_format (report, 20);
  item = draft->data->items->pdata[0];
  g_ptr_array_extend_and_steal (item->serials, g_steal_pointer (&report->serials));
  report->serials = g_ptr_array_new ();
  saved = ld_case_repo_save (store, officer, draft->id, draft->row_version, draft->data, NULL, &error);
  g_assert_no_error (error);
  *out_stored = ((LdCaseItem *) saved->data->items->pdata[0])->serials->len;
  *out_reported = report->problems->len;
  return (g_get_monotonic_time () - start) / 1e6;
}

static void
measure_parse_only (void)
{
  g_autofree char *text = paste_text (99, 0);
  double times[RUNS];

  for (guint r = 0; r < RUNS; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(LdSerialReport) report = ld_serials_parse (text, -1);

      times[r] = (g_get_monotonic_time () - start) / 1e6;
      g_assert_cmpuint (report->serials->len, ==, N_SERIALS);
    }
  printf ("parse %d pasted serial numbers (median of %d): %.1f ms\n", N_SERIALS, RUNS, median (times) * 1000);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *dir = g_dir_make_tmp ("ld-bench-serials-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.sqlite", NULL);
  g_autoptr(LdStore) store = ld_store_open (path, NULL);
  g_autoptr(LdActor) admin = ld_user_repo_add (store, NULL, "admin", "Admin", LD_ROLE_ADMINISTRATOR, NULL);
  g_autoptr(LdActor) officer = ld_user_repo_add (store, admin, "maria", "María", LD_ROLE_LICENSING_OFFICER, NULL);
  double clean[RUNS], dirty[RUNS];
  guint stored = 0, reported = 0;

  g_assert_nonnull (officer);
  measure_parse_only ();
  for (guint r = 0; r < RUNS; r++)
    clean[r] = paste_and_store (store, officer, r + 1, 0, &stored, &reported);
  printf ("paste + parse + validate + store %d serial numbers, one transaction (median of %d): %.1f ms"
          " (%u stored, %u reported)\n", N_SERIALS, RUNS, median (clean) * 1000, stored, reported);
  for (guint r = 0; r < RUNS; r++)
    dirty[r] = paste_and_store (store, officer, r + 100, 50, &stored, &reported);
  printf ("same with 50 bad lines (malformed and repeated) reported by line (median of %d): %.1f ms"
          " (%u stored, %u reported)\n", RUNS, median (dirty) * 1000, stored, reported);
  g_clear_object (&store);
  ld_test_remove_tree (dir);
  return 0;
}
