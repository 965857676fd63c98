/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-case-repo.h"
#include "ld-checklist.h"

G_BEGIN_DECLS

/* The diversion-risk assessment of one version of a case. */
typedef struct
{
  char                *id;
  char                *application_id;
  char                *application_reference;
  int                  case_version;
  gboolean             current;          /* of the case's current version */
  LdChecklistTemplate *template_;        /* the version it was made with */
  GHashTable          *responses;        /* (element-type utf8 LdChecklistResponse) by question id */
  char                *assessed_by_login;
  char                *started_at;
  char                *indicators_read_at;   /* (nullable) */
  LdChecklistRating    rating;
  GPtrArray           *gaps;             /* (element-type utf8) what keeps it incomplete */
} LdChecklistAssessment;

void                   ld_checklist_assessment_free   (LdChecklistAssessment *assessment);
GHashTable            *ld_checklist_responses_new     (void);
char                  *ld_checklist_assessment_to_json (const LdChecklistAssessment *assessment,
                                                        GPtrArray            *indicators);

LdChecklistTemplate   *ld_checklist_template_parse     (const char           *text,
                                                        gssize                length,
                                                        GError              **error);
LdChecklistTemplate   *ld_checklist_template_builtin   (void);

LdChecklistTemplate   *ld_checklist_repo_import        (LdStore              *store,
                                                        const LdActor        *actor,
                                                        const char           *text,
                                                        gssize                length,
                                                        GError              **error);
GPtrArray             *ld_checklist_repo_list_templates (LdStore             *store,
                                                        GError              **error);
LdChecklistTemplate   *ld_checklist_repo_load_template (LdStore              *store,
                                                        int                   version,
                                                        GError              **error);
LdChecklistAssessment *ld_checklist_repo_get           (LdStore              *store,
                                                        const char           *id_or_reference,
                                                        int                   case_version,
                                                        GError              **error);
LdChecklistAssessment *ld_checklist_repo_save          (LdStore              *store,
                                                        const LdActor        *actor,
                                                        const char           *id_or_reference,
                                                        GPtrArray            *indicators,
                                                        GPtrArray            *responses,
                                                        GError              **error);
GPtrArray             *ld_checklist_repo_assessors     (LdStore              *store,
                                                        const char           *application_id,
                                                        int                   case_version,
                                                        GError              **error);

gboolean               _ld_checklist_repo_refresh_indicators (LdStore        *store,
                                                        const LdActor        *actor,
                                                        const char           *id_or_reference,
                                                        GPtrArray            *indicators,
                                                        GError              **error);
gboolean               _ld_checklist_repo_carry_over_locked (LdStore         *store,
                                                        const LdActor        *actor,
                                                        const char           *application_id,
                                                        int                   from_version,
                                                        GError              **error);
gboolean               _ld_checklist_gate_read_locked  (LdStore              *store,
                                                        const LdCaseRecord   *record,
                                                        LdCaseGate           *gate,
                                                        GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdChecklistAssessment, ld_checklist_assessment_free)

G_END_DECLS
