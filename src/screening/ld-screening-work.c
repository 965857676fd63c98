/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-screening-work"

#include "config.h"

#include "ld-country.h"
#include "ld-screening-work.h"

/* Screening one name without the store: against the list through the
 * matcher's index and against every denial in force. Safe on any thread as
 * long as the matcher and the denials are not changed meanwhile. */

static void
denial_match_free (LdDenialMatch *match)
{
  g_free (match->matched);
  g_free (match->how);
  g_free (match);
}

/**
 * ld_screening_work_new:
 * @other_names: (nullable): other names, one a line or separated by “;”
 */
LdScreeningWork *
ld_screening_work_new (const char *name,
                       const char *other_names,
                       const char *country)
{
  LdScreeningWork *work = g_new0 (LdScreeningWork, 1);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) others = ld_denial_split_names (other_names);

  work->name = g_strdup (name ? name : "");
  work->country = g_strdup (country);
  g_strv_builder_add (builder, work->name);
  g_strv_builder_addv (builder, (const char **) others);
  work->names = g_strv_builder_end (builder);
  return work;
}

void
ld_screening_work_free (LdScreeningWork *work)
{
  if (work == NULL)
    return;
  g_free (work->name);
  g_strfreev (work->names);
  g_free (work->country);
  g_clear_pointer (&work->list_hits, g_ptr_array_unref);
  g_clear_pointer (&work->denial_hits, g_ptr_array_unref);
  g_clear_error (&work->error);
  g_free (work->party_key);
  g_free (work);
}

/**
 * ld_screening_party_key:
 *
 * What identifies a party as screened, for verdicts to carry over: its name
 * folded, and its country.
 *
 * Returns: (transfer full): the key
 */
char *
ld_screening_party_key (const char *name,
                        const char *country)
{
  g_autofree char *nfkc = g_utf8_normalize (name ? name : "", -1, G_NORMALIZE_NFKC);
  g_autofree char *folded = g_utf8_casefold (g_strstrip (nfkc), -1);

  return g_strdup_printf ("%s|%s", folded, country ? country : "");
}

static void
screen_denials (LdScreeningWork *work,
                LdNameMatcher   *matcher,
                GPtrArray       *denials)
{
  work->denial_hits = g_ptr_array_new_with_free_func ((GDestroyNotify) denial_match_free);
  for (guint i = 0; denials != NULL && i < denials->len; i++)
    {
      const LdDenial *denial = g_ptr_array_index (denials, i);
      g_autofree char *matched = NULL, *how = NULL;
      LdDenialMatch *match;
      double score;

      if (!ld_denial_best_score (matcher, (const char * const *) work->names, denial, &score, &matched, &how,
                                 &work->error))
        return;
      if (ld_match_band_for_score (score) == LD_MATCH_BAND_NONE)
        continue;
      match = g_new0 (LdDenialMatch, 1);
      *match = (LdDenialMatch) { denial, g_steal_pointer (&matched), g_steal_pointer (&how), score,
                                 ld_match_band_for_score (score) };
      g_ptr_array_add (work->denial_hits, match);
    }
}

/**
 * ld_screening_work_run:
 * @denials: (nullable) (element-type LdDenial): the denials in force
 *
 * Screens @work's name against the list and its names against @denials,
 * keeping what was found (or the error) in @work.
 */
void
ld_screening_work_run (LdScreeningWork *work,
                       LdNameMatcher   *matcher,
                       GPtrArray       *denials)
{
  const LdCountry *country = ld_country_lookup (work->country);
  LdScreeningQuery query = { work->name, 0, country ? country->name : NULL };

  work->list_hits = ld_name_matcher_screen (matcher, &query, LD_MATCH_BAND_LOGGED, &work->error);
  if (work->list_hits != NULL)
    screen_denials (work, matcher, denials);
}

/**
 * ld_screening_work_key:
 *
 * Returns: (transfer full): what the screening of @work depends on: two
 *   works with the same key are screened alike
 */
char *
ld_screening_work_key (const LdScreeningWork *work)
{
  g_autofree char *names = g_strjoinv ("\x1f", work->names);

  return g_strdup_printf ("%s\x1e%s", work->country ? work->country : "", names);
}

/**
 * ld_screening_work_share:
 * @screened: a work with the same key, already screened
 *
 * Gives @work what screening @screened found, without screening it again:
 * the hits are shared, read-only.
 */
void
ld_screening_work_share (LdScreeningWork       *work,
                         const LdScreeningWork *screened)
{
  g_clear_pointer (&work->list_hits, g_ptr_array_unref);
  g_clear_pointer (&work->denial_hits, g_ptr_array_unref);
  g_clear_error (&work->error);
  work->list_hits = screened->list_hits ? g_ptr_array_ref (screened->list_hits) : NULL;
  work->denial_hits = screened->denial_hits ? g_ptr_array_ref (screened->denial_hits) : NULL;
  work->error = screened->error ? g_error_copy (screened->error) : NULL;
}
