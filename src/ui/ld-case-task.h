/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ld-case-repo.h"

G_BEGIN_DECLS

/* Case work that touches the disk, run in a GTask thread so the window never
 * waits on it. Each kind is one row of the table in ld-case-task.c. */
typedef enum
{
  LD_CASE_TASK_LOAD,
  LD_CASE_TASK_CREATE,
  LD_CASE_TASK_STEP,
  LD_CASE_TASK_LIST,
  LD_CASE_TASK_REVIEW_HIT,
  LD_CASE_TASK_SCREEN,
  LD_CASE_TASK_WRITE_EXEMPTION,
  LD_CASE_TASK_CONFIRM_EXEMPTION,
  LD_CASE_TASK_ISSUE_LICENCE,
  LD_CASE_TASK_N_KINDS  /* not a kind: how many there are */
} LdCaseTaskKind;

typedef struct
{
  LdCaseTaskKind  kind;
  LdActor        *actor;
  char           *id;
  int             version;        /* load: 0 = current */
  int             other_version;  /* load: a second version to compare, or 0 */
  LdCase         *data;           /* create */
  LdCaseAction    action;         /* step */
  GStrv           criteria;
  char           *rationale;
  char           *note;           /* step: a note; review: the reason for the verdict */
  char           *filter[4];      /* list: kind, status, officer, country */
  char           *hit_id;         /* review: the screening hit */
  gboolean        true_match;     /* review: the verdict */
  char           *embargo_id;     /* exemptions: the embargo, as on the hit */
  char           *resolution;     /* write exemption */
  char           *paragraph;
  char           *list_dir;       /* where the installed list lives (screening, the gate); NULL for the default */
  char           *valid_from;     /* issue: NULL for the policy's defaults */
  char           *valid_until;
  GStrv           condition_codes; /* issue: from the office's list */
  GStrv           conditions;      /* issue: written for this licence */
} LdCaseTaskInput;

typedef struct
{
  LdCaseRecord *record;
  LdCaseRecord *other;            /* the second version, when asked for */
  GPtrArray    *history;
  GStrv         documents;
  GPtrArray    *rows;             /* list: LdCaseSummary */
  char         *screening_json;   /* the case's screening hits (ld_case_screening_to_json) */
  char         *screening_note;   /* why a submitted case could not be screened */
  char         *screening_run;    /* when it was last screened, or NULL */
  gboolean      needs_screening;  /* open, and its current version not screened, or screened before a change */
  gboolean      screening_stale;  /* screened, but against reference data no longer in force */
  GPtrArray    *exemptions;       /* (element-type LdCaseExemption) of the current version */
  GPtrArray    *flags;            /* (element-type utf8) brokers of the case not in good standing */
  GPtrArray    *unmet_approval;   /* (element-type utf8) (nullable) what approving still waits for */
  GPtrArray    *unmet_refusal;    /* (element-type utf8) (nullable) what refusing still waits for */
  gint64        total;
  char         *licence_number;   /* (nullable) the licence issued for the case (its id while pending) */
  gboolean      licence_pending;  /* its issue waits for the central database's number */
  char         *archive_problem;  /* (nullable) why an issued licence's PDF was not stored */
} LdCaseTaskResult;

LdCaseTaskInput  *ld_case_task_input_new   (LdCaseTaskKind       kind);
void              ld_case_task_input_free  (LdCaseTaskInput     *input);
void              ld_case_task_result_free (LdCaseTaskResult    *result);
void              ld_case_task_run_async   (LdStore             *store,
                                            LdCaseTaskInput     *input,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
LdCaseTaskResult *ld_case_task_run_finish  (GAsyncResult        *result,
                                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCaseTaskInput, ld_case_task_input_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCaseTaskResult, ld_case_task_result_free)

G_END_DECLS
