/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-workflow"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-case-workflow.h"
#include "ld-checklist.h"
#include "ld-validate.h"

G_DEFINE_QUARK (ld-case-workflow-error-quark, ld_case_workflow_error)

static const struct { const char *name; const char *title; } statuses[] = {
  [LD_CASE_STATUS_DRAFT] = { "draft", N_("Draft") },
  [LD_CASE_STATUS_SUBMITTED] = { "submitted", N_("Submitted") },
  [LD_CASE_STATUS_UNDER_ASSESSMENT] = { "under_assessment", N_("Under assessment") },
  [LD_CASE_STATUS_INFORMATION_REQUESTED] = { "information_requested", N_("Further information requested") },
  [LD_CASE_STATUS_RECOMMENDED_APPROVAL] = { "recommended_approval", N_("Recommended for approval") },
  [LD_CASE_STATUS_RECOMMENDED_REFUSAL] = { "recommended_refusal", N_("Recommended for refusal") },
  [LD_CASE_STATUS_APPROVED] = { "approved", N_("Approved") },
  [LD_CASE_STATUS_REFUSED] = { "refused", N_("Refused") },
  [LD_CASE_STATUS_WITHDRAWN] = { "withdrawn", N_("Withdrawn") },
};

static const struct { const char *name; LdPermission permission; } actions[] = {
  [LD_CASE_ACTION_SUBMIT] = { "submit", LD_PERMISSION_EDIT_APPLICATIONS },
  [LD_CASE_ACTION_ASSESS] = { "assess", LD_PERMISSION_ASSESS_APPLICATIONS },
  [LD_CASE_ACTION_REQUEST_INFO] = { "request_info", LD_PERMISSION_ASSESS_APPLICATIONS },
  [LD_CASE_ACTION_ANSWER_INFO] = { "answer_info", LD_PERMISSION_EDIT_APPLICATIONS },
  [LD_CASE_ACTION_RECOMMEND_APPROVAL] = { "recommend_approval", LD_PERMISSION_ASSESS_APPLICATIONS },
  [LD_CASE_ACTION_RECOMMEND_REFUSAL] = { "recommend_refusal", LD_PERMISSION_ASSESS_APPLICATIONS },
  [LD_CASE_ACTION_APPROVE] = { "approve", LD_PERMISSION_DECIDE_APPLICATIONS },
  [LD_CASE_ACTION_REFUSE] = { "refuse", LD_PERMISSION_DECIDE_APPLICATIONS },
  [LD_CASE_ACTION_WITHDRAW] = { "withdraw", LD_PERMISSION_EDIT_APPLICATIONS },
};

/* The whole state machine: every step a case may take. Anything not listed is
 * refused. A senior officer may refuse a case recommended for approval (the
 * countersignature is a real second opinion), but approves only what an
 * officer recommended for approval. Answered information goes back to the
 * assessing officer. */
static const struct { LdCaseStatus from; LdCaseAction action; LdCaseStatus to; } transitions[] = {
  { LD_CASE_STATUS_DRAFT, LD_CASE_ACTION_SUBMIT, LD_CASE_STATUS_SUBMITTED },
  { LD_CASE_STATUS_SUBMITTED, LD_CASE_ACTION_ASSESS, LD_CASE_STATUS_UNDER_ASSESSMENT },
  { LD_CASE_STATUS_UNDER_ASSESSMENT, LD_CASE_ACTION_REQUEST_INFO, LD_CASE_STATUS_INFORMATION_REQUESTED },
  { LD_CASE_STATUS_INFORMATION_REQUESTED, LD_CASE_ACTION_ANSWER_INFO, LD_CASE_STATUS_UNDER_ASSESSMENT },
  { LD_CASE_STATUS_UNDER_ASSESSMENT, LD_CASE_ACTION_RECOMMEND_APPROVAL, LD_CASE_STATUS_RECOMMENDED_APPROVAL },
  { LD_CASE_STATUS_UNDER_ASSESSMENT, LD_CASE_ACTION_RECOMMEND_REFUSAL, LD_CASE_STATUS_RECOMMENDED_REFUSAL },
  { LD_CASE_STATUS_RECOMMENDED_APPROVAL, LD_CASE_ACTION_APPROVE, LD_CASE_STATUS_APPROVED },
  { LD_CASE_STATUS_RECOMMENDED_APPROVAL, LD_CASE_ACTION_REFUSE, LD_CASE_STATUS_REFUSED },
  { LD_CASE_STATUS_RECOMMENDED_REFUSAL, LD_CASE_ACTION_REFUSE, LD_CASE_STATUS_REFUSED },
  { LD_CASE_STATUS_DRAFT, LD_CASE_ACTION_WITHDRAW, LD_CASE_STATUS_WITHDRAWN },
  { LD_CASE_STATUS_SUBMITTED, LD_CASE_ACTION_WITHDRAW, LD_CASE_STATUS_WITHDRAWN },
  { LD_CASE_STATUS_UNDER_ASSESSMENT, LD_CASE_ACTION_WITHDRAW, LD_CASE_STATUS_WITHDRAWN },
  { LD_CASE_STATUS_INFORMATION_REQUESTED, LD_CASE_ACTION_WITHDRAW, LD_CASE_STATUS_WITHDRAWN },
  { LD_CASE_STATUS_RECOMMENDED_APPROVAL, LD_CASE_ACTION_WITHDRAW, LD_CASE_STATUS_WITHDRAWN },
  { LD_CASE_STATUS_RECOMMENDED_REFUSAL, LD_CASE_ACTION_WITHDRAW, LD_CASE_STATUS_WITHDRAWN },
};

/* ATT Articles 6, 7 and 11 and the EU Common Position criteria (DOMAIN.md). */
static const LdRefusalCriterion criteria[] = {
  { "ATT-6.1", N_("UN Security Council arms embargo or Chapter VII measure") },
  { "ATT-6.2", N_("Other international obligation") },
  { "ATT-6.3", N_("Knowledge of genocide, crimes against humanity or war crimes") },
  { "ATT-7.1a", N_("Would undermine peace and security") },
  { "ATT-7.1b-i", N_("Serious violation of international humanitarian law") },
  { "ATT-7.1b-ii", N_("Serious violation of international human rights law") },
  { "ATT-7.1b-iii", N_("Terrorism offence") },
  { "ATT-7.1b-iv", N_("Transnational organised crime") },
  { "ATT-7.4", N_("Serious gender-based violence or violence against women and children") },
  { "ATT-11", N_("Risk of diversion") },
  { "EU-1", N_("EU criterion 1: international obligations and embargoes") },
  { "EU-2", N_("EU criterion 2: internal repression and IHL") },
  { "EU-3", N_("EU criterion 3: internal armed conflict") },
  { "EU-4", N_("EU criterion 4: regional peace and stability") },
  { "EU-5", N_("EU criterion 5: security of member states and allies") },
  { "EU-6", N_("EU criterion 6: behaviour towards terrorism and international law") },
  { "EU-7", N_("EU criterion 7: diversion or re-export") },
  { "EU-8", N_("EU criterion 8: technical and economic capacity") },
};

const char *
ld_case_status_to_string (LdCaseStatus status)
{
  g_return_val_if_fail (status < LD_CASE_N_STATUSES, NULL);

  return statuses[status].name;
}

gboolean
ld_case_status_from_string (const char   *name,
                            LdCaseStatus *out_status)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    if (g_strcmp0 (statuses[i].name, name) == 0)
      {
        *out_status = i;
        return TRUE;
      }
  return FALSE;
}

const char *
ld_case_status_get_title (LdCaseStatus status)
{
  g_return_val_if_fail (status < LD_CASE_N_STATUSES, NULL);

  return _(statuses[status].title);
}

/**
 * ld_case_status_is_open:
 *
 * Returns: whether a case in @status is still being worked on: its serial
 *   numbers are reserved against every other open case.
 */
gboolean
ld_case_status_is_open (LdCaseStatus status)
{
  return status != LD_CASE_STATUS_APPROVED && status != LD_CASE_STATUS_REFUSED &&
         status != LD_CASE_STATUS_WITHDRAWN;
}

/* Past the draft stage: a change to the case is an amendment with a new version. */
gboolean
ld_case_status_is_submitted (LdCaseStatus status)
{
  return status != LD_CASE_STATUS_DRAFT;
}

const char *
ld_case_action_to_string (LdCaseAction action)
{
  g_return_val_if_fail (action < LD_CASE_N_ACTIONS, NULL);

  return actions[action].name;
}

/* What each recorded step of a case's history is called on screen: the
 * workflow actions and the two steps outside the state machine. */
static const struct { const char *name; const char *title; } event_titles[] = {
  { "create", N_("Recorded") },
  { "amend", N_("Amended") },
  { "submit", N_("Submitted") },
  { "assess", N_("Assessment started") },
  { "request_info", N_("Information requested") },
  { "answer_info", N_("Information received") },
  { "recommend_approval", N_("Recommended for approval") },
  { "recommend_refusal", N_("Recommended for refusal") },
  { "approve", N_("Approved") },
  { "refuse", N_("Refused") },
  { "withdraw", N_("Withdrawn") },
};

/**
 * ld_case_event_get_title:
 * @action: an action as stored in a case's history
 *
 * Returns: the step's title for people, or @action itself for a step this
 *   version does not know (one recorded by a newer desk)
 */
const char *
ld_case_event_get_title (const char *action)
{
  for (guint i = 0; action && i < G_N_ELEMENTS (event_titles); i++)
    if (g_str_equal (action, event_titles[i].name))
      return _(event_titles[i].title);
  return action;
}

gboolean
ld_case_action_from_string (const char   *name,
                            LdCaseAction *out_action)
{
  g_autofree char *underscored = g_strdelimit (g_strdup (name ? name : ""), "-", '_');

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    if (g_str_equal (actions[i].name, underscored))
      {
        *out_action = i;
        return TRUE;
      }
  return FALSE;
}

LdPermission
ld_case_action_get_permission (LdCaseAction action)
{
  g_return_val_if_fail (action < LD_CASE_N_ACTIONS, LD_PERMISSION_DECIDE_APPLICATIONS);

  return actions[action].permission;
}

/**
 * ld_case_action_get_target:
 *
 * Returns: whether @action is a step a case in @from may take, and if so
 *   where it leads
 */
gboolean
ld_case_action_get_target (LdCaseStatus  from,
                           LdCaseAction  action,
                           LdCaseStatus *out_to)
{
  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    if (transitions[i].from == from && transitions[i].action == action)
      {
        if (out_to)
          *out_to = transitions[i].to;
        return TRUE;
      }
  return FALSE;
}

const LdRefusalCriterion *
ld_refusal_criterion_lookup (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (criteria); i++)
    if (g_ascii_strcasecmp (criteria[i].code, code ? code : "") == 0)
      return &criteria[i];
  return NULL;
}

void
ld_case_broker_finding_free (LdCaseBrokerFinding *finding)
{
  if (finding == NULL)
    return;
  g_free (finding->party);
  g_free (finding->registration);
  g_free (finding->authorisation);
  g_free (finding->detail);
  g_free (finding);
}

/**
 * ld_case_gate_clear:
 *
 * Frees what a filled gate holds and zeroes it, which makes it block again.
 */
void
ld_case_gate_clear (LdCaseGate *gate)
{
  g_clear_pointer (&gate->confirmed_sanctions, g_ptr_array_unref);
  g_clear_pointer (&gate->confirmed_denials, g_ptr_array_unref);
  g_clear_pointer (&gate->embargoes_unexempted, g_ptr_array_unref);
  g_clear_pointer (&gate->exemptions_unconfirmed, g_ptr_array_unref);
  g_clear_pointer (&gate->broker_findings, g_ptr_array_unref);
  g_clear_pointer (&gate->decision_date, g_free);
  *gate = (LdCaseGate) { 0 };
}

/**
 * ld_case_action_leads_to_approval:
 *
 * Returns: whether @action moves a case towards a licence, so that the
 *   approval conditions of the gate apply to it (licence issuance will too)
 */
gboolean
ld_case_action_leads_to_approval (LdCaseAction action)
{
  return action == LD_CASE_ACTION_RECOMMEND_APPROVAL || action == LD_CASE_ACTION_APPROVE;
}

/* The acts the gate holds back: every decision and recommendation. */
static gboolean
is_legal_act (LdCaseAction action)
{
  return action == LD_CASE_ACTION_RECOMMEND_APPROVAL || action == LD_CASE_ACTION_RECOMMEND_REFUSAL ||
         action == LD_CASE_ACTION_APPROVE || action == LD_CASE_ACTION_REFUSE;
}

/**
 * ld_case_action_needs_rationale:
 *
 * Returns: whether @action is a recommendation or a decision, which an
 *   auditor must be able to read the reasons of (LdCaseDecision.rationale)
 */
gboolean
ld_case_action_needs_rationale (LdCaseAction action)
{
  return is_legal_act (action);
}

static void
add_stale (GPtrArray *unmet,
           guint      stale,
           gboolean   consent)
{
  g_autoptr(GPtrArray) what = g_ptr_array_new ();
  g_autofree char *joined = NULL;

  if (stale & LD_CASE_GATE_STALE_LIST)
    g_ptr_array_add (what, (gpointer) _("the UN sanctions list"));
  if (stale & LD_CASE_GATE_STALE_EMBARGOES)
    g_ptr_array_add (what, (gpointer) _("the arms-embargo table"));
  if (stale & LD_CASE_GATE_STALE_DENIALS)
    g_ptr_array_add (what, (gpointer) _("the national denial register"));
  g_ptr_array_add (what, NULL);
  joined = g_strjoinv (_(", "), (char **) what->pdata);
  g_ptr_array_add (unmet, consent
                          ? g_strdup_printf (_("The request was screened before the latest change to %s; screen it "
                                               "again before any decision."), joined)
                          : g_strdup_printf (_("The case was screened before the latest change to %s; screen it "
                                               "again before any decision."), joined));
}

/* "party|entry" pairs as the store gives them: a true match on the UN list
 * or on a denial in force leaves refusal as the only decision. */
static void
add_refusal_only (GPtrArray  *unmet,
                  GPtrArray  *pairs,
                  gboolean    denial,
                  gboolean    consent)
{
  for (guint i = 0; pairs && i < pairs->len; i++)
    {
      g_auto(GStrv) part = g_strsplit (pairs->pdata[i], "|", 2);
      const char *entry = part[0] && part[1] ? part[1] : "?";

      if (consent)
        g_ptr_array_add (unmet, denial
                         ? g_strdup_printf (_("“%s” is confirmed as the party of national denial %s, which is in "
                                              "force: the request can only be refused."), part[0], entry)
                         : g_strdup_printf (_("“%s” is confirmed as a true match with UN sanctions list entry %s: "
                                              "the request can only be refused."), part[0], entry));
      else
        g_ptr_array_add (unmet, denial
                         ? g_strdup_printf (_("“%s” is confirmed as the party of national denial %s, which is in "
                                              "force: the case can only be refused."), part[0], entry)
                         : g_strdup_printf (_("“%s” is confirmed as a true match with UN sanctions list entry %s: the "
                                              "case can only be refused."), part[0], entry));
    }
}

static void
add_exemptions (GPtrArray        *unmet,
                const LdCaseGate *gate)
{
  /* A request has no exemption of its own: a confirmed embargo refuses it. */
  for (guint i = 0; gate->consent_request && gate->embargoes_unexempted && i < gate->embargoes_unexempted->len; i++)
    g_ptr_array_add (unmet, g_strdup_printf (_("A hit on the arms embargo “%s” is confirmed: the request can only be "
                                               "refused."), (const char *) gate->embargoes_unexempted->pdata[i]));
  for (guint i = 0; !gate->consent_request && gate->embargoes_unexempted && i < gate->embargoes_unexempted->len; i++)
    g_ptr_array_add (unmet, g_strdup_printf (_("A confirmed hit on the arms embargo “%s” has no exemption: record the "
                                               "resolution and paragraph that exempt this transfer and have a second "
                                               "senior officer confirm it, or refuse the case."),
                                             (const char *) gate->embargoes_unexempted->pdata[i]));
  for (guint i = 0; gate->exemptions_unconfirmed && i < gate->exemptions_unconfirmed->len; i++)
    {
      g_auto(GStrv) part = g_strsplit (gate->exemptions_unconfirmed->pdata[i], "|", 3);

      g_ptr_array_add (unmet, g_strdup_printf (_("The exemption from the arms embargo “%s” (resolution %s, paragraph "
                                                 "%s) waits for a second senior officer to confirm it."),
                                               part[0], part[1] ? part[1] : "?", part[1] && part[2] ? part[2] : "?"));
    }
}

/**
 * ld_case_broker_finding_describe:
 * @day: the day the broker was checked for, YYYY-MM-DD
 *
 * Returns: (transfer full): the finding as a sentence for the officer
 */
char *
ld_case_broker_finding_describe (const LdCaseBrokerFinding *f,
                                 const char                *day)
{
  const char *reg = f->registration && f->registration[0] ? f->registration : _("no registration number");
  const char *auth = f->authorisation ? f->authorisation : "";

  switch (f->problem)
    {
    case LD_CASE_BROKER_NOT_IN_REGISTER:
      return g_strdup_printf (_("Broker “%s” (%s) is not in the broker register."), f->party, reg);
    case LD_CASE_BROKER_NOT_IN_FORCE:
      return g_strdup_printf (_("Broker “%s” (%s) is not registered and in force on %s (%s); only a broker in "
                                "good standing may take part in an approved transfer."),
                              f->party, reg, day, f->detail ? f->detail : "?");
    case LD_CASE_BROKER_NO_AUTHORISATION:
      return g_strdup_printf (_("Broker “%s” (%s) names no per-deal brokering authorisation; each brokering activity "
                                "needs its own, granted for this case."), f->party, reg);
    case LD_CASE_BROKER_UNKNOWN_AUTHORISATION:
      return g_strdup_printf (_("Brokering authorisation “%s” of broker “%s” was never granted by this office; "
                                "correct the number or ask for an authorisation."), auth, f->party);
    case LD_CASE_BROKER_AUTHORISATION_OTHER_BROKER:
      return g_strdup_printf (_("Brokering authorisation “%s” belongs to another broker (%s), not to “%s”."), auth,
                              f->detail ? f->detail : "?", f->party);
    case LD_CASE_BROKER_AUTHORISATION_OTHER_CASE:
      return g_strdup_printf (_("Brokering authorisation “%s” of broker “%s” was granted for %s, not for this case; "
                                "each deal needs its own."), auth, f->party, f->detail ? f->detail : _("no case"));
    case LD_CASE_BROKER_AUTHORISATION_NOT_IN_FORCE:
    default:
      return g_strdup_printf (_("Brokering authorisation “%s” of broker “%s” is not in force on %s (%s)."), auth,
                              f->party, day, f->detail ? f->detail : "?");
    }
}

/* What keeps the diversion-risk assessment of the current version from
 * counting, in the order an officer deals with it. */
static void
add_checklist (GPtrArray        *unmet,
               const LdCaseGate *gate)
{
  if (!gate->checklist_started)
    g_ptr_array_add (unmet, g_strdup (_("No diversion-risk assessment has been made for this version of the case; "
                                        "open the assessment and answer every question before any decision.")));
  else if (gate->checklist_n_gaps > 0)
    g_ptr_array_add (unmet, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "The diversion-risk assessment has %u question unanswered or without "
                                               "the evidence it needs; complete it before any decision.",
                                               "The diversion-risk assessment has %u questions unanswered or without "
                                               "the evidence they need; complete it before any decision.",
                                               gate->checklist_n_gaps), gate->checklist_n_gaps));
  else if (gate->checklist_stale)
    g_ptr_array_add (unmet, g_strdup (_("The diversion-risk assessment's indicators were read before the case's "
                                        "latest screening; open the assessment again to refresh them.")));
  else
    g_ptr_array_add (unmet, g_strdup (_("The diversion-risk checklist is not complete; answer every question before "
                                        "any decision.")));
}

static void
add_approval_conditions (GPtrArray        *unmet,
                         const LdCaseGate *gate)
{
  if (gate->checklist_required && gate->checklist_started && gate->checklist_rating == LD_CHECKLIST_RATING_PROHIBITED)
    g_ptr_array_add (unmet, g_strdup (_("The diversion-risk assessment is rated prohibited (an ATT Article 6 "
                                        "prohibition applies): the transfer may not be authorised, the case can "
                                        "only be refused.")));
  add_refusal_only (unmet, gate->confirmed_sanctions, FALSE, gate->consent_request);
  add_refusal_only (unmet, gate->confirmed_denials, TRUE, gate->consent_request);
  add_exemptions (unmet, gate);
  for (guint i = 0; gate->broker_findings && i < gate->broker_findings->len; i++)
    g_ptr_array_add (unmet, ld_case_broker_finding_describe (gate->broker_findings->pdata[i],
                                             gate->decision_date ? gate->decision_date : "?"));
}

/**
 * ld_case_gate_list_unmet:
 * @gate: (nullable): what the store read about the case; %NULL knows nothing
 * @toward_approval: whether the act leads to a licence (recommending
 *   approval, approving, issuing) rather than to a refusal
 *
 * The one place where everything that must be settled before a legal act is
 * decided. The window and licence-desk-admin show these same sentences.
 *
 * Returns: (transfer full) (element-type utf8): one sentence per unmet
 *   condition; empty when the act may go ahead
 */
GPtrArray *
ld_case_gate_list_unmet (const LdCaseGate *gate,
                         gboolean          toward_approval)
{
  GPtrArray *unmet = g_ptr_array_new_with_free_func (g_free);

  /* Knowing nothing about the case's screening is the same as its not having
   * been screened: the gate fails closed. */
  if (gate != NULL && gate->consent_request && !gate->screened)
    {
      g_ptr_array_add (unmet, g_strdup (_("The request has not been screened against the sanctions list, the "
                                          "embargo table and the denial register; install the list and screen the "
                                          "request before any decision.")));
      return unmet;
    }
  if (gate == NULL || !gate->screened)
    {
      g_ptr_array_add (unmet, g_strdup (_("This version of the case has not been screened against the sanctions "
                                          "list, the embargo table and the denial register; install the list and "
                                          "screen the case before any decision.")));
      return unmet;
    }
  if (gate->stale)
    add_stale (unmet, gate->stale, gate->consent_request);
  if (gate->n_open_screening_hits > 0 && gate->consent_request)
    g_ptr_array_add (unmet, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "The request has %u open screening hit; clear it before any decision.",
                                               "The request has %u open screening hits; clear them before any "
                                               "decision.", gate->n_open_screening_hits),
                                             gate->n_open_screening_hits));
  else if (gate->n_open_screening_hits > 0)
    g_ptr_array_add (unmet, g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "The case has %u open screening hit; clear it before any decision.",
                                               "The case has %u open screening hits; clear them before any decision.",
                                               gate->n_open_screening_hits),
                                             gate->n_open_screening_hits));
  if (gate->checklist_required && !gate->checklist_complete)
    add_checklist (unmet, gate);
  if (toward_approval)
    add_approval_conditions (unmet, gate);
  return unmet;
}

/**
 * ld_case_workflow_check_gate_for:
 *
 * Fails with every unmet condition of @gate, one a line, when the act may not
 * go ahead.
 */
gboolean
ld_case_workflow_check_gate_for (const LdCaseGate  *gate,
                                 gboolean           toward_approval,
                                 GError           **error)
{
  g_autoptr(GPtrArray) unmet = ld_case_gate_list_unmet (gate, toward_approval);
  g_autoptr(GString) text = NULL;

  if (unmet->len == 0)
    return TRUE;
  if (unmet->len == 1)
    {
      g_set_error_literal (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_GATED, unmet->pdata[0]);
      return FALSE;
    }
  text = g_string_new (NULL);
  g_string_printf (text, g_dngettext (GETTEXT_PACKAGE, "%u condition is not met:", "%u conditions are not met:",
                                      unmet->len), unmet->len);
  for (guint i = 0; i < unmet->len; i++)
    g_string_append_printf (text, "\n  • %s", (const char *) unmet->pdata[i]);
  g_set_error_literal (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_GATED, text->str);
  return FALSE;
}

/**
 * ld_case_workflow_check_gate:
 *
 * The gate of a recommendation for approval, the strictest one.
 */
gboolean
ld_case_workflow_check_gate (const LdCaseGate  *gate,
                             GError           **error)
{
  return ld_case_workflow_check_gate_for (gate, TRUE, error);
}

/* Four-eyes: whoever submitted, assessed or recommended a case may not decide
 * it, under whichever of their profiles: people are compared, not profiles. */
static gboolean
check_four_eyes (const LdActor             *actor,
                 const LdCaseParticipants  *who,
                 GError                   **error)
{
  const char *person = ld_actor_get_person (actor);
  const char *part = NULL;

  if (who == NULL)
    return TRUE;
  if (g_strcmp0 (who->assessed_by, person) == 0)
    part = _("assessed");
  else if (g_strcmp0 (who->recommended_by, person) == 0)
    part = _("recommended");
  else if (g_strcmp0 (who->submitted_by, person) == 0)
    part = _("submitted");
  else if (who->checklist_by && person && g_strv_contains (who->checklist_by, person))
    part = _("assessed the diversion risk of");
  if (part == NULL)
    return TRUE;
  g_set_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_FOUR_EYES,
               _("%s %s this case and so may not decide it; another senior licensing officer must countersign."),
               actor->display_name ? actor->display_name : actor->login, part);
  return FALSE;
}

static gboolean
check_refusal (const LdCaseDecision  *decision,
               GError               **error)
{
  g_autofree char *rationale = g_strstrip (g_strdup (decision && decision->rationale ? decision->rationale : ""));

  if (decision == NULL || decision->criteria == NULL || decision->criteria[0] == NULL)
    {
      g_set_error_literal (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_INCOMPLETE,
                           _("A refusal needs at least one refusal criterion (for example ATT-7.1b-ii or EU-7)."));
      return FALSE;
    }
  for (guint i = 0; decision->criteria[i]; i++)
    if (ld_refusal_criterion_lookup (decision->criteria[i]) == NULL)
      {
        g_set_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_INCOMPLETE,
                     _("Refusal criterion “%s” is not one of the ATT or EU criteria codes."), decision->criteria[i]);
        return FALSE;
      }
  if (rationale[0] == '\0')
    {
      g_set_error_literal (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_INCOMPLETE,
                           _("A refusal needs a rationale: say why the criteria apply to this case."));
      return FALSE;
    }
  return ld_validate_text (_("The refusal's rationale"), rationale, LD_TEXT_PARAGRAPH, error);
}

/* A recommendation or an approval says why; a refusal's rationale is checked
 * with its criteria (check_refusal). */
static gboolean
check_rationale (LdCaseAction           action,
                 const LdCaseDecision  *decision,
                 GError               **error)
{
  g_autofree char *rationale = g_strstrip (g_strdup (decision && decision->rationale ? decision->rationale : ""));
  gboolean recommends = action == LD_CASE_ACTION_RECOMMEND_APPROVAL || action == LD_CASE_ACTION_RECOMMEND_REFUSAL;

  if (rationale[0] == '\0')
    {
      g_set_error_literal (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_NO_RATIONALE,
                           recommends
                           ? _("A recommendation needs a rationale: say why the assessment leads to it.")
                           : _("An approval needs a rationale: say why the assessment and the recommendation hold."));
      return FALSE;
    }
  return ld_validate_text (_("The rationale"), rationale, LD_TEXT_PARAGRAPH, error);
}

/**
 * ld_case_workflow_check:
 * @participants: (nullable): who took part so far, for four-eyes
 * @gate: (nullable): what holds a legal act back; %NULL blocks it
 * @decision: (nullable): the rationale, required to recommend, approve or
 *   refuse; and the criteria, required to refuse
 * @out_to: (out): the case's next status
 *
 * Decides whether @actor may take @action on a case in status @from. Every
 * write path (window, licence-desk-admin, sync) goes through here, so the
 * order of steps, the permissions and four-eyes hold whatever the UI shows.
 */
gboolean
ld_case_workflow_check (LdCaseStatus               from,
                        LdCaseAction               action,
                        const LdActor             *actor,
                        const LdCaseParticipants  *participants,
                        const LdCaseGate          *gate,
                        const LdCaseDecision      *decision,
                        LdCaseStatus              *out_to,
                        GError                   **error)
{
  LdCaseStatus to;

  g_return_val_if_fail (from < LD_CASE_N_STATUSES && action < LD_CASE_N_ACTIONS, FALSE);

  if (!ld_actor_require (actor, ld_case_action_get_permission (action), error))
    return FALSE;
  if (!ld_case_action_get_target (from, action, &to))
    {
      g_set_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_NOT_ALLOWED,
                   _("A case that is “%s” cannot be given the step “%s”."),
                   ld_case_status_get_title (from), ld_case_action_to_string (action));
      return FALSE;
    }
  /* Four-eyes first: who may not decide is told so whatever the case holds. */
  if ((action == LD_CASE_ACTION_APPROVE || action == LD_CASE_ACTION_REFUSE) &&
      !check_four_eyes (actor, participants, error))
    return FALSE;
  if (is_legal_act (action) &&
      !ld_case_workflow_check_gate_for (gate, ld_case_action_leads_to_approval (action), error))
    return FALSE;
  if (action == LD_CASE_ACTION_REFUSE && !check_refusal (decision, error))
    return FALSE;
  if (action != LD_CASE_ACTION_REFUSE && ld_case_action_needs_rationale (action) &&
      !check_rationale (action, decision, error))
    return FALSE;
  if (out_to)
    *out_to = to;
  return TRUE;
}
