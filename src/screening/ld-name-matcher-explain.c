/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-name-matcher"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ld-name-normalizer.h"
#include "ld-name-matcher-private.h"

/* Birth year and country on a hit's score, and the reason a hit gives. */

/* ---- qualifiers ---- */

static gboolean
country_tokens_match (const char *a,
                      const char *b)
{
  g_auto(GStrv) ta = ld_name_normalizer_tokenize (a, -1, LD_NAME_NORMALIZER_FLAGS_LENIENT, NULL);
  g_auto(GStrv) tb = ld_name_normalizer_tokenize (b, -1, LD_NAME_NORMALIZER_FLAGS_LENIENT, NULL);
  guint shared = 0, na = 0;

  if (ta == NULL || tb == NULL)
    return FALSE;
  /* “Iran (Islamic Republic of)” against ISO's “Iran, Islamic Republic of”: every
   * telling word of the shorter name must appear in the longer one. */
  for (guint i = 0; ta[i] != NULL; i++)
    {
      if (ld_name_normalizer_is_noise (ta[i]) || strcmp (ta[i], "republic") == 0)
        continue;
      na++;
      if (g_strv_contains ((const char * const *) tb, ta[i]))
        shared++;
    }
  return na > 0 && shared == na;
}

static gboolean
entry_in_country (const LdSanctionsEntry *entry,
                  const char             *country,
                  gboolean               *known)
{
  GPtrArray *lists[] = { entry->nationalities, entry->countries };

  *known = FALSE;
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        const char *value = g_ptr_array_index (lists[l], i);

        *known = TRUE;
        if (country_tokens_match (country, value) || country_tokens_match (value, country))
          return TRUE;
      }
  return FALSE;
}

static int
birth_year_distance (const LdSanctionsEntry *entry,
                     int                     year)
{
  int best = G_MAXINT;

  for (guint i = 0; i < entry->birth_dates->len; i++)
    {
      const LdBirthDate *dob = &g_array_index (entry->birth_dates, LdBirthDate, i);
      int slack = dob->type == LD_BIRTH_DATE_APPROXIMATE ? 2 : 0;
      int d = 0;

      if (year < dob->from_year - slack)
        d = dob->from_year - slack - year;
      else if (year > dob->to_year + slack)
        d = year - dob->to_year - slack;
      best = MIN (best, d);
    }
  return best;
}

/*
 * Birth year and country move a score a little. They never bury a strong name match:
 * lists record wrong or several dates of birth, and people change nationality.
 */
double
_ld_name_matcher_apply_qualifiers (const LdScreeningQuery *query,
                                   const LdSanctionsEntry *entry,
                                   double                  name_score,
                                   GString                *reason)
{
  double score = name_score;
  gboolean known = FALSE;

  if (query->birth_year > 0 && entry->birth_dates->len > 0)
    {
      int d = birth_year_distance (entry, query->birth_year);

      if (d <= 1)
        {
          score += 0.05;
          g_string_append (reason, "; birth year agrees");
        }
      else if (d > 5)
        {
          score -= 0.10;
          g_string_append_printf (reason, "; birth year %d differs from the list", query->birth_year);
        }
    }
  if (query->country != NULL && *query->country != '\0')
    {
      if (entry_in_country (entry, query->country, &known))
        {
          score += 0.03;
          g_string_append (reason, "; country agrees");
        }
      else if (known)
        {
          score -= 0.05;
          g_string_append_printf (reason, "; the list records other countries than “%s” for this entry",
                                  query->country);
        }
    }
  if (name_score >= LD_NAME_MATCHER_PROBABLE_SCORE)
    score = MAX (score, LD_NAME_MATCHER_REVIEW_SCORE);
  return CLAMP (score, 0.0, 1.0);
}

/*
 * Appends @n in decimal. Reasons are written for every hit, and printf's code was
 * most of the instruction-cache misses of scoring a name once brute force or other
 * work had flushed the caches.
 */
static void
append_count (GString *out,
              guint    n)
{
  char digits[16];
  guint i = sizeof digits;

  do
    {
      digits[--i] = '0' + n % 10;
      n /= 10;
    }
  while (n > 0);
  g_string_append_len (out, digits + i, sizeof digits - i);
}

/* “, N thing”, or “, N things” for more than one. */
static void
append_counted (GString    *out,
                guint       n,
                const char *thing)
{
  g_string_append (out, ", ");
  append_count (out, n);
  g_string_append_c (out, ' ');
  g_string_append (out, thing);
  if (n > 1)
    g_string_append_c (out, 's');
}

void
_ld_name_matcher_describe_match (GString            *reason,
                                 const PreparedName *query,
                                 const PreparedName *name,
                                 const MatchStats   *stats)
{
  if (name->quality == LD_NAME_QUALITY_LOW)
    {
      g_string_append (reason, "exact match on a weak alias");
      return;
    }
  append_count (reason, stats->matched_name_tokens);
  g_string_append (reason, " of ");
  append_count (reason, name->n_tokens);
  g_string_append (reason, " name tokens matched (");
  g_string_append (reason, ld_name_quality_to_string (name->quality));
  g_string_append_c (reason, ')');
  if (stats->matched_query_tokens < query->n_tokens)
    {
      g_string_append (reason, ", ");
      append_count (reason, query->n_tokens - stats->matched_query_tokens);
      g_string_append (reason, " query tokens unmatched");
    }
  if (stats->n_variant > 0)
    append_counted (reason, stats->n_variant, "spelling variant");
  if (stats->n_typo > 0)
    append_counted (reason, stats->n_typo, "one-letter difference");
  if (stats->n_joined > 0)
    g_string_append (reason, ", joined or split tokens");
  if (stats->n_initial > 0)
    append_counted (reason, stats->n_initial, "initial");
  if (stats->acronym)
    g_string_append (reason, ", written as an acronym");
  if (stats->reordered)
    g_string_append (reason, ", different order");
}
