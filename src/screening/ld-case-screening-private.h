/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-case-repo.h"
#include "ld-case-screening.h"
#include "ld-screening-work.h"

G_BEGIN_DECLS

/* What a case is screened against, besides its own data: read once for a
 * case screened alone, once per job for a re-screening. */
typedef struct
{
  const char     *list_date;     /* owned by the matcher's list */
  const char     *list_sha256;
  LdEmbargoTable *embargoes;
  GPtrArray      *denials;       /* LdDenial in force */
  char           *denial_state;  /* the register as read with them */
  guint           n_denials;
  const char     *job_id;        /* (nullable) the re-screening job writing the results */
  /* (nullable) A re-screening batch: each screening is listed here (a JSON
   * object each) for the batch's one audit entry instead of an entry of its
   * own; the records screened are not changed, only their screening rows. */
  GPtrArray      *batch_log;
} LdCaseScreeningContext;

/* Where a screening run and its hits are written: static statements with the
 * parameters of a case's (ld-case-screening.c), so that a re-export consent
 * request is screened by the same code into its own rows. insert_run takes
 * ?1 run id, ?2 subject id, ?3 version, ?4 list date, ?5 list hash,
 * ?6 embargo version, ?7 parties, ?8 hits, ?9 time, ?10 login, ?11 denial
 * state; insert_hit the columns of screening_hit in order, the subject third;
 * supersede_open the subject. */
typedef struct
{
  const char *insert_run;
  const char *insert_hit;
  const char *supersede_open;
  const char *carried;      /* the run's kind on the central database (ld-carried.h) */
  /* The run's columns in the table's order, and the subject's column (also
   * the hits' third): the run's image for the central database is built
   * from them as ld_carried_image() reads the rows back. */
  const char * const *run_columns;
  const char *subject_column;
} LdScreeningRows;

gboolean   _ld_case_screening_context_init  (LdCaseScreeningContext       *context,
                                             LdStore                      *store,
                                             const LdActor                *actor,
                                             LdNameMatcher                *matcher,
                                             LdEmbargoTable               *embargoes,
                                             GError                      **error);
void       _ld_case_screening_context_clear (LdCaseScreeningContext       *context);
GPtrArray *_ld_case_screening_works         (const LdCase                 *data);
gboolean   _ld_case_screening_write         (LdStore                      *store,
                                             const LdActor                *actor,
                                             const LdCaseScreeningContext *context,
                                             const LdCaseRecord           *record,
                                             GPtrArray                    *works,
                                             LdCaseScreeningSummary       *summary,
                                             GPtrArray                    *to_refresh,
                                             GError                      **error);
void       _ld_case_screening_refresh_assessments (LdStore            *store,
                                                   const LdActor      *actor,
                                                   GPtrArray          *to_refresh);

/* Where a kind of screening (a case's parties, a broker's names) keeps its
 * hits, for what both kinds do alike: judging a hit. */
typedef struct
{
  const char *owner_sql;    /* the hit's owner: "SELECT owner FROM hits WHERE id = ? AND status = 'open'" */
  const char *update_sql;   /* the verdict: status, reviewed_by, reviewed_at, review_reason, id */
  const char *entity;       /* the owner's audit entity */
  const char *noun;         /* (translatable, N_()) what a hit is called: "screening hit" */
  const char *carried;      /* (nullable) the verdict's kind on the central database (ld-carried.h) */
} LdScreeningHitTable;

const char *_ld_screening_hit_status  (LdMatchBand                   band,
                                       gboolean                      cleared_before,
                                       LdCaseScreeningSummary       *summary);
char       *_ld_screening_cleared_note (sqlite3_stmt                *stmt);
gboolean    _ld_screening_review_hit  (LdStore                      *store,
                                       const LdActor                *actor,
                                       const LdScreeningHitTable    *table,
                                       const char                   *hit_id,
                                       gboolean                      true_match,
                                       const char                   *reason,
                                       GError                      **error);

gboolean   _ld_screening_write_rows         (LdStore                      *store,
                                             const LdActor                *actor,
                                             const LdCaseScreeningContext *context,
                                             const LdScreeningRows        *rows,
                                             const char                   *subject_id,
                                             int                           version,
                                             const LdCase                 *data,
                                             GPtrArray                    *works,
                                             LdCaseScreeningSummary       *summary,
                                             char                        **out_json,
                                             GError                      **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdCaseScreeningContext, _ld_case_screening_context_clear)

G_END_DECLS
