/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bench-screening"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "ld-name-matcher.h"
#include "ld-name-normalizer.h"
#include "ld-test-util.h"

/*
 * Figures, not a pass/fail test: parse and index the real list, then screen the same
 * queries through the index and by brute force, and report per-name times, the ratio
 * and whether both paths returned identical hits above the review threshold.
 */

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* List names as they are, with a letter swapped, reversed, and made-up names. */
static GPtrArray *
make_queries (LdSanctionsList *list,
              guint            n)
{
  static const char * const made_up[] = {
    "John Smith", "Maria Garcia Lopez", "Иван Петров", "يوسف الحربي", "王伟", "Γιώργος Παπαδόπουλος",
    "Nordic Harbour Trading LLC", "Mohammed Ali", "Kim Min-jun", "Ahmed Hassan Trading Company",
  };
  g_autoptr(GRand) rand = g_rand_new_with_seed (99);
  GPtrArray *queries = g_ptr_array_new_with_free_func (g_free);

  while (queries->len < n)
    {
      const LdSanctionsEntry *entry = ld_sanctions_list_get_entry (list, g_rand_int_range (rand, 0, ld_sanctions_list_get_n_entries (list)));
      const LdSanctionsName *name = g_ptr_array_index (entry->names, g_rand_int_range (rand, 0, entry->names->len));
      g_autofree char *text = g_strdup (name->text);
      gsize len = strlen (text);

      switch (queries->len % 4)
        {
        case 0: break;
        case 1:
          if (len > 4 && g_ascii_isalpha (text[len / 2]) && g_ascii_isalpha (text[len / 2 + 1]))
            {
              char c = text[len / 2];

              text[len / 2] = text[len / 2 + 1];
              text[len / 2 + 1] = c;
            }
          break;
        case 2:
          g_strreverse (text);  /* reversed letters: mostly no match at all */
          break;
        default:
          g_free (text);
          text = g_strdup (made_up[g_rand_int_range (rand, 0, G_N_ELEMENTS (made_up))]);
          break;
        }
      if (g_utf8_validate (text, -1, NULL))
        g_ptr_array_add (queries, g_steal_pointer (&text));
    }
  return queries;
}

static gboolean
same_alerts (GPtrArray *a,
             GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (((LdScreeningHit *) a->pdata[i])->entry != ((LdScreeningHit *) b->pdata[i])->entry
        || ((LdScreeningHit *) a->pdata[i])->score != ((LdScreeningHit *) b->pdata[i])->score)
      return FALSE;
  return TRUE;
}

/* The fastest of @rounds runs of one path over the first @n queries, in microseconds. */
static double
time_rounds (LdNameMatcher *matcher,
             GPtrArray     *queries,
             guint          n,
             gboolean       brute_force,
             guint          rounds)
{
  double best = G_MAXDOUBLE;

  for (guint r = 0; r < rounds; r++)
    {
      gint64 t = g_get_monotonic_time ();

      for (guint i = 0; i < n; i++)
        {
          LdScreeningQuery query = { queries->pdata[i], 0, NULL };
          g_autoptr(GPtrArray) hits = brute_force
            ? ld_name_matcher_screen_brute_force (matcher, &query, LD_MATCH_BAND_REVIEW, NULL)
            : ld_name_matcher_screen (matcher, &query, LD_MATCH_BAND_REVIEW, NULL);
        }
      best = MIN (best, (double) (g_get_monotonic_time () - t));
    }
  return best;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *path = ld_test_un_list_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSanctionsList) list = NULL;
  g_autoptr(LdNameMatcher) matcher = NULL;
  g_autoptr(GPtrArray) queries = NULL;
  guint n_queries = argc > 1 ? (guint) atoi (argv[1]) : 2000;
  guint n_brute = argc > 2 ? (guint) atoi (argv[2]) : MIN (n_queries, 400);
  g_autofree double *index_us = g_new0 (double, n_queries);
  double index_total = 0, brute_total = 0, index_subset = 0, index_warm, brute_warm;
  guint identical = 0, alerts = 0;
  gint64 t;

  t = g_get_monotonic_time ();
  list = ld_sanctions_list_new_from_file (path, &error);
  if (list == NULL)
    {
      g_printerr ("bench-screening: %s\n", error->message);
      return 1;
    }
  printf ("parse list: %.1f ms (%u entries)\n", (g_get_monotonic_time () - t) / 1000.0, ld_sanctions_list_get_n_entries (list));
  t = g_get_monotonic_time ();
  matcher = ld_name_matcher_new (list);
  printf ("build index: %.1f ms (%u names)\n", (g_get_monotonic_time () - t) / 1000.0, ld_name_matcher_get_n_names (matcher));
  queries = make_queries (list, n_queries);

  /* Warm up the thread's transliterator, which is created once and reused. */
  {
    LdScreeningQuery warm = { "Умаров", 0, NULL };
    g_autoptr(GPtrArray) hits = ld_name_matcher_screen (matcher, &warm, LD_MATCH_BAND_REVIEW, NULL);
  }
  for (guint i = 0; i < n_queries; i++)
    {
      LdScreeningQuery query = { queries->pdata[i], 0, NULL };
      g_autoptr(GPtrArray) hits = NULL;

      t = g_get_monotonic_time ();
      hits = ld_name_matcher_screen (matcher, &query, LD_MATCH_BAND_REVIEW, NULL);
      index_us[i] = g_get_monotonic_time () - t;
      index_total += index_us[i];
      alerts += hits != NULL && hits->len > 0;
    }
  /* Each name through both paths in turn, so both see the same machine load. */
  for (guint i = 0; i < n_brute; i++)
    {
      LdScreeningQuery query = { queries->pdata[i], 0, NULL };
      g_autoptr(GPtrArray) fast = NULL;
      g_autoptr(GPtrArray) slow = NULL;

      t = g_get_monotonic_time ();
      fast = ld_name_matcher_screen (matcher, &query, LD_MATCH_BAND_REVIEW, NULL);
      index_subset += g_get_monotonic_time () - t;
      t = g_get_monotonic_time ();
      slow = ld_name_matcher_screen_brute_force (matcher, &query, LD_MATCH_BAND_REVIEW, NULL);
      brute_total += g_get_monotonic_time () - t;
      identical += fast != NULL && slow != NULL && same_alerts (fast, slow);
    }
  /* Repeated over the same names, caches warm: a best case for both paths. */
  index_warm = time_rounds (matcher, queries, n_brute, FALSE, 5);
  brute_warm = time_rounds (matcher, queries, n_brute, TRUE, 2);
  qsort (index_us, n_queries, sizeof (double), compare_doubles);
  printf ("screen one name, index: mean %.1f us, median %.1f us, p99 %.1f us, max %.1f us (%u names, %u with alerts)\n",
          index_total / n_queries, index_us[n_queries / 2], index_us[n_queries * 99 / 100], index_us[n_queries - 1],
          n_queries, alerts);
  if (n_brute == 0)
    return 0;
  printf ("screen one name, brute force: mean %.1f us (%u names)\n", brute_total / n_brute, n_brute);
  printf ("index vs brute force: %.1fx faster on the same %u names (each name through both in turn)\n",
          brute_total / index_subset, n_brute);
  printf ("index vs brute force, warm caches (best of 5 and 2 repeated rounds): %.1fx\n", brute_warm / index_warm);
  printf ("identical hits above the review threshold: %u of %u%s\n", identical, n_brute,
          identical == n_brute ? "" : "  <-- MISMATCH");
  return 0;
}
