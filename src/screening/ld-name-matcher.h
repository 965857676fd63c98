/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ld-sanctions-list.h"

G_BEGIN_DECLS

/*
 * Score bands. A score is in [0, 1]:
 *   probable >= 0.90  the name is, in all likelihood, the listed one: stop and review
 *   review   >= 0.75  an alert: an officer must clear or confirm it
 *   logged   >= 0.60  kept with the result for the record, raises no alert
 * Below 0.60 nothing is reported.
 */
#define LD_NAME_MATCHER_PROBABLE_SCORE 0.90
#define LD_NAME_MATCHER_REVIEW_SCORE   0.75
#define LD_NAME_MATCHER_LOGGED_SCORE   0.60

/* The score given to an exact match on a weak (QUALITY Low) alias: a review alert. */
#define LD_NAME_MATCHER_WEAK_ALIAS_SCORE 0.80

typedef enum
{
  LD_MATCH_BAND_NONE,
  LD_MATCH_BAND_LOGGED,
  LD_MATCH_BAND_REVIEW,
  LD_MATCH_BAND_PROBABLE,
} LdMatchBand;

typedef struct
{
  const char *name;        /* required, any script */
  int         birth_year;  /* 0 when unknown */
  const char *country;     /* (nullable) country name, in English, of nationality or seat */
} LdScreeningQuery;

typedef struct
{
  double                  score;           /* after qualifiers */
  double                  name_score;      /* the name alone */
  LdMatchBand             band;
  const LdSanctionsEntry *entry;           /* owned by the list, which the hit keeps alive */
  LdSanctionsList        *list;
  const char             *matched_name;    /* entry->names[name_index]->text */
  guint                   name_index;
  LdNameQuality           quality;
  char                   *reason;
  char                   *list_date;       /* the list's dateGenerated */
  char                   *list_sha256;
} LdScreeningHit;

#define LD_TYPE_NAME_MATCHER (ld_name_matcher_get_type ())
G_DECLARE_FINAL_TYPE (LdNameMatcher, ld_name_matcher, LD, NAME_MATCHER, GObject)

LdNameMatcher   *ld_name_matcher_new                 (LdSanctionsList         *list);
LdSanctionsList *ld_name_matcher_get_list            (LdNameMatcher           *self);
guint            ld_name_matcher_get_n_names         (LdNameMatcher           *self);
GPtrArray       *ld_name_matcher_screen              (LdNameMatcher           *self,
                                                      const LdScreeningQuery  *query,
                                                      LdMatchBand              min_band,
                                                      GError                 **error);
GPtrArray       *ld_name_matcher_screen_brute_force  (LdNameMatcher           *self,
                                                      const LdScreeningQuery  *query,
                                                      LdMatchBand              min_band,
                                                      GError                 **error);
gboolean         ld_name_matcher_score_pair          (LdNameMatcher           *self,
                                                      const char              *query,
                                                      const char              *name,
                                                      double                  *out_score,
                                                      char                   **out_reason,
                                                      GError                 **error);
LdMatchBand      ld_match_band_for_score             (double                   score);
const char      *ld_match_band_to_string             (LdMatchBand              band);
void             ld_screening_hit_free               (LdScreeningHit          *hit);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdScreeningHit, ld_screening_hit_free)

G_END_DECLS
