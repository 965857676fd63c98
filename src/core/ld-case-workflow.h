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
  LD_CASE_WORKFLOW_ERROR_NO_RATIONALE,  /* a recommendation or approval that does not say why */
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
  const char * const *checklist_by;   /* (nullable) who filled in the diversion-risk assessment */
} LdCaseParticipants;

/* Which reference data a case's newest screening run used that is no longer
 * in force: the run no longer counts and the case must be screened again. */
typedef enum
{
  LD_CASE_GATE_STALE_LIST      = 1 << 0,   /* another UN Consolidated List is installed */
  LD_CASE_GATE_STALE_EMBARGOES = 1 << 1,   /* the embargo table has a newer version */
  LD_CASE_GATE_STALE_DENIALS   = 1 << 2,   /* a denial was recorded or voided since */
} LdCaseGateStale;

/* What is wrong with one broker party of a case on the decision date. */
typedef enum
{
  LD_CASE_BROKER_NOT_IN_REGISTER,           /* no such registration number */
  LD_CASE_BROKER_NOT_IN_FORCE,              /* suspended, revoked, expired, or no period covers the day */
  LD_CASE_BROKER_NO_AUTHORISATION,          /* the party names no per-deal authorisation */
  LD_CASE_BROKER_UNKNOWN_AUTHORISATION,     /* the number is not one the office granted */
  LD_CASE_BROKER_AUTHORISATION_OTHER_BROKER,
  LD_CASE_BROKER_AUTHORISATION_OTHER_CASE,
  LD_CASE_BROKER_AUTHORISATION_NOT_IN_FORCE, /* voided, or not valid on the day */
} LdCaseBrokerProblem;

typedef struct
{
  LdCaseBrokerProblem  problem;
  char                *party;          /* the broker party's name */
  char                *registration;   /* (nullable) as the case gives it */
  char                *authorisation;  /* (nullable) as the case gives it */
  char                *detail;         /* (nullable) the broker's status, or the case the authorisation names */
} LdCaseBrokerFinding;

/* What must be true before a legal act (recommending, approving, refusing,
 * and later issuing a licence): the case's current version has been screened
 * against the list, embargo table and denial register in force, and no hit
 * of it is left undecided. An approval also needs: no confirmed UN sanctions
 * match or denial, an exemption confirmed by a second senior officer for each
 * confirmed embargo hit, and every broker registered and authorised for this
 * very case on the decision date. The store fills it (ld-case-gate.c); the
 * sentences come from ld_case_gate_list_unmet(). A zeroed gate blocks: an
 * unscreened case is never decided by default. The first four members keep
 * their order for older initialisers. The checklist is required of every
 * case the store reads (a complete assessment of the current version before
 * any legal act); an assessment rated prohibited leaves refusal only. */
typedef struct
{
  gboolean   screened;
  guint      n_open_screening_hits;
  gboolean   checklist_required;
  gboolean   checklist_complete;
  guint      stale;                   /* LdCaseGateStale flags */
  GPtrArray *confirmed_sanctions;     /* (element-type utf8) "party|entry": true UN matches */
  GPtrArray *confirmed_denials;       /* (element-type utf8) "party|denial reference": denials in force */
  GPtrArray *embargoes_unexempted;    /* (element-type utf8) embargo names with no exemption written */
  GPtrArray *exemptions_unconfirmed;  /* (element-type utf8) "embargo|resolution|paragraph" not yet confirmed */
  GPtrArray *broker_findings;         /* (element-type LdCaseBrokerFinding) */
  char      *decision_date;           /* YYYY-MM-DD the brokers were checked for */
  /* The diversion-risk assessment of the current version (ld-checklist-repo.c). */
  gboolean   checklist_started;
  guint      checklist_n_gaps;        /* unanswered or unevidenced questions */
  gboolean   checklist_stale;         /* indicators not read since the newest screening */
  int        checklist_rating;        /* LdChecklistRating */
  int        checklist_template_version;
  /* The gate of a re-export consent request (ld-case-gate.c), whose
   * sentences name the request rather than a case. */
  gboolean   consent_request;
} LdCaseGate;

/* A decision's reasons: every recommendation and decision needs a rationale,
 * and a refusal at least one criterion too. */
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
const char   *ld_case_event_get_title        (const char    *action);
gboolean      ld_case_action_get_target      (LdCaseStatus   from,
                                              LdCaseAction   action,
                                              LdCaseStatus  *out_to);

const LdRefusalCriterion *ld_refusal_criterion_lookup  (const char *code);

void          ld_case_broker_finding_free    (LdCaseBrokerFinding        *finding);
char         *ld_case_broker_finding_describe (const LdCaseBrokerFinding *finding,
                                                const char                *day);
void          ld_case_gate_clear             (LdCaseGate                 *gate);
gboolean      ld_case_action_leads_to_approval (LdCaseAction             action);
gboolean      ld_case_action_needs_rationale   (LdCaseAction             action);
GPtrArray    *ld_case_gate_list_unmet        (const LdCaseGate           *gate,
                                              gboolean                    toward_approval);
gboolean      ld_case_workflow_check_gate    (const LdCaseGate           *gate,
                                              GError                    **error);
gboolean      ld_case_workflow_check_gate_for (const LdCaseGate          *gate,
                                               gboolean                   toward_approval,
                                               GError                   **error);
gboolean      ld_case_workflow_check         (LdCaseStatus                from,
                                              LdCaseAction                action,
                                              const LdActor              *actor,
                                              const LdCaseParticipants   *participants,
                                              const LdCaseGate           *gate,
                                              const LdCaseDecision       *decision,
                                              LdCaseStatus               *out_to,
                                              GError                    **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdCaseGate, ld_case_gate_clear)

G_END_DECLS
