/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-denial-repo.h"
#include "ld-name-matcher.h"

G_BEGIN_DECLS

/* A denial in force that one name matched at the logged band or above. */
typedef struct
{
  const LdDenial *denial;   /* owned by the register read for the screening */
  char           *matched;  /* the denial's name that scored best */
  char           *how;
  double          score;
  LdMatchBand     band;
} LdDenialMatch;

/*
 * One party (or one broker's name) to screen, and what screening found: the
 * part of screening that needs no store, so that many can be screened at once
 * on worker threads (the matcher is read-only once built) and written after.
 */
typedef struct
{
  char       *name;          /* screened against the list */
  char      **names;         /* the name and the other names, against the denial register */
  char       *country;       /* (nullable) ISO 3166 alpha-2 */
  GPtrArray  *list_hits;     /* LdScreeningHit, at the logged band or above */
  GPtrArray  *denial_hits;   /* LdDenialMatch */
  GError     *error;         /* set when the name could not be read */
  char       *party_key;     /* (nullable) ld_screening_party_key() of the name and country, when worked out
                              * ahead on a worker thread (a re-screening job's) */
} LdScreeningWork;

LdScreeningWork *ld_screening_work_new    (const char        *name,
                                           const char        *other_names,
                                           const char        *country);
void             ld_screening_work_free   (LdScreeningWork   *work);
void             ld_screening_work_run    (LdScreeningWork   *work,
                                           LdNameMatcher     *matcher,
                                           GPtrArray         *denials);
char            *ld_screening_work_key    (const LdScreeningWork *work);
void             ld_screening_work_share  (LdScreeningWork   *work,
                                           const LdScreeningWork *screened);
char            *ld_screening_party_key   (const char        *name,
                                           const char        *country);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdScreeningWork, ld_screening_work_free)

G_END_DECLS
