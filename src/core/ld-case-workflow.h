/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ld-actor.h"

G_BEGIN_DECLS

#define LD_CASE_WORKFLOW_ERROR (ld_case_workflow_error_quark ())

typedef enum
{
  LD_CASE_WORKFLOW_ERROR_NOT_ALLOWED,   /* the step does not follow from the case's status */
  LD_CASE_WORKFLOW_ERROR_FOUR_EYES,     /* the decider took part in the case */
  LD_CASE_WORKFLOW_ERROR_GATED,         /* a recommendation is held back by a gate */
  LD_CASE_WORKFLOW_ERROR_INCOMPLETE,    /* a refusal without criteria or rationale */
} LdCaseWorkflowError;

/* Stored on disk by name (ld_case_status_to_string), never by number. */
typedef enum
{
  LD_CASE_STATUS_DRAFT,
  LD_CASE_STATUS_SUBMITTED,
  LD_CASE_STATUS_UNDER_ASSESSMENT,
  LD_CASE_STATUS_INFORMATION_REQUESTED,
  LD_CASE_STATUS_RECOMMENDED_APPROVAL,
  LD_CASE_STATUS_RECOMMENDED_REFUSAL,
  LD_CASE_STATUS_APPROVED,
  LD_CASE_STATUS_REFUSED,
  LD_CASE_STATUS_WITHDRAWN,
  LD_CASE_N_STATUSES
} LdCaseStatus;

typedef enum
{
  LD_CASE_ACTION_SUBMIT,
  LD_CASE_ACTION_ASSESS,
  LD_CASE_ACTION_REQUEST_INFO,
  LD_CASE_ACTION_ANSWER_INFO,
  LD_CASE_ACTION_RECOMMEND_APPROVAL,
  LD_CASE_ACTION_RECOMMEND_REFUSAL,
  LD_CASE_ACTION_APPROVE,
  LD_CASE_ACTION_REFUSE,
  LD_CASE_ACTION_WITHDRAW,
  LD_CASE_N_ACTIONS
} LdCaseAction;

/* Who has taken part in a case so far, as people (what ld_actor_get_person()
 * gives for their profiles; NULL when nobody), so that one person with two
 * profiles still cannot countersign their own work. */
typedef struct
{
  const char *submitted_by;
  const char *assessed_by;
  const char *recommended_by;
} LdCaseParticipants;

/* What must be true before an officer may recommend a decision: the case's
 * current version has been screened and no hit of it is left undecided. The
 * diversion-risk checklist (a later issue) sets checklist_required and
 * checklist_complete, and any new gate belongs here, checked in
 * ld_case_workflow_check_gate(). A zeroed gate blocks: an unscreened case is
 * never recommended by default. */
typedef struct
{
  gboolean screened;
  guint    n_open_screening_hits;
  gboolean checklist_required;
  gboolean checklist_complete;
} LdCaseGate;

/* A decision's reasons: a refusal needs at least one criterion and a rationale. */
typedef struct
{
  const char * const *criteria;   /* NULL-terminated codes, see ld_refusal_criterion_lookup() */
  const char         *rationale;
} LdCaseDecision;

typedef struct
{
  const char *code;
  const char *title;   /* untranslated */
} LdRefusalCriterion;

GQuark        ld_case_workflow_error_quark   (void);

const char   *ld_case_status_to_string       (LdCaseStatus   status);
gboolean      ld_case_status_from_string     (const char    *name,
                                              LdCaseStatus  *out_status);
const char   *ld_case_status_get_title       (LdCaseStatus   status);
gboolean      ld_case_status_is_open         (LdCaseStatus   status);
gboolean      ld_case_status_is_submitted    (LdCaseStatus   status);

const char   *ld_case_action_to_string       (LdCaseAction   action);
gboolean      ld_case_action_from_string     (const char    *name,
                                              LdCaseAction  *out_action);
LdPermission  ld_case_action_get_permission  (LdCaseAction   action);
gboolean      ld_case_action_get_target      (LdCaseStatus   from,
                                              LdCaseAction   action,
                                              LdCaseStatus  *out_to);

const LdRefusalCriterion *ld_refusal_criterion_lookup  (const char *code);
guint                     ld_refusal_criterion_get_n   (void);
const LdRefusalCriterion *ld_refusal_criterion_get_nth (guint       n);

gboolean      ld_case_workflow_check_gate    (const LdCaseGate           *gate,
                                              GError                    **error);
gboolean      ld_case_workflow_check         (LdCaseStatus                from,
                                              LdCaseAction                action,
                                              const LdActor              *actor,
                                              const LdCaseParticipants   *participants,
                                              const LdCaseGate           *gate,
                                              const LdCaseDecision       *decision,
                                              LdCaseStatus               *out_to,
                                              GError                    **error);

G_END_DECLS
