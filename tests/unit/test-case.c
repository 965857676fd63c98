/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The application domain: workflow, four-eyes, validation, serial numbers, diff. */
#include "config.h"

#include <string.h>

#include "ld-case.h"
#include "ld-case-workflow.h"
#include "ld-serials.h"
#include "ld-validate.h"

#define D LD_CASE_STATUS_DRAFT
#define S LD_CASE_STATUS_SUBMITTED
#define U LD_CASE_STATUS_UNDER_ASSESSMENT
#define I LD_CASE_STATUS_INFORMATION_REQUESTED
#define RA LD_CASE_STATUS_RECOMMENDED_APPROVAL
#define RR LD_CASE_STATUS_RECOMMENDED_REFUSAL
#define A LD_CASE_STATUS_APPROVED
#define R LD_CASE_STATUS_REFUSED
#define W LD_CASE_STATUS_WITHDRAWN
#define NO -1

/* The expected machine, written out in full: row = status, column = action
 * (submit, assess, request_info, answer_info, recommend_approval,
 * recommend_refusal, approve, refuse, withdraw); NO = refused. Kept apart from
 * the table in ld-case-workflow.c so that a change there must be made here too. */
static const int expected[LD_CASE_N_STATUSES][LD_CASE_N_ACTIONS] = {
  [D]  = { S,  NO, NO, NO, NO, NO, NO, NO, W },
  [S]  = { NO, U,  NO, NO, NO, NO, NO, NO, W },
  [U]  = { NO, NO, I,  NO, RA, RR, NO, NO, W },
  [I]  = { NO, NO, NO, U,  NO, NO, NO, NO, W },
  [RA] = { NO, NO, NO, NO, NO, NO, A,  R,  W },
  [RR] = { NO, NO, NO, NO, NO, NO, NO, R,  W },
  [A]  = { NO, NO, NO, NO, NO, NO, NO, NO, NO },
  [R]  = { NO, NO, NO, NO, NO, NO, NO, NO, NO },
  [W]  = { NO, NO, NO, NO, NO, NO, NO, NO, NO },
};

static const char * const criteria[] = { "ATT-7.1b-ii", "EU-7", NULL };
static const LdCaseDecision reasons = { criteria, "Credible reports of diversion to armed groups." };
/* A case screened with nothing left to decide. */
static const LdCaseGate settled = { TRUE, 0, FALSE, FALSE };

static LdActor *
actor_for (LdCaseAction action)
{
  /* Someone with the right role who took no part in the case. */
  if (action == LD_CASE_ACTION_APPROVE || action == LD_CASE_ACTION_REFUSE)
    return ld_actor_new ("senior-2", "lw", "Li Wei", LD_ROLE_SENIOR_OFFICER);
  return ld_actor_new ("officer-1", "mf", "María Fernández", LD_ROLE_LICENSING_OFFICER);
}

static void
test_every_transition (void)
{
  LdCaseParticipants who = { "officer-1", "officer-1", "officer-1" };
  guint n_allowed = 0, n_refused = 0;

  for (LdCaseStatus from = 0; from < LD_CASE_N_STATUSES; from++)
    for (LdCaseAction action = 0; action < LD_CASE_N_ACTIONS; action++)
      {
        g_autoptr(LdActor) actor = actor_for (action);
        g_autoptr(GError) error = NULL;
        LdCaseStatus to = LD_CASE_N_STATUSES;
        gboolean ok = ld_case_workflow_check (from, action, actor, &who, &settled, &reasons, &to, &error);

        g_test_message ("%s --%s--> %s", ld_case_status_to_string (from), ld_case_action_to_string (action),
                        ok ? ld_case_status_to_string (to) : "refused");
        if (expected[from][action] == NO)
          {
            g_assert_false (ok);
            g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_NOT_ALLOWED);
            g_assert_nonnull (strstr (error->message, ld_case_status_get_title (from)));
            g_assert_cmpint (to, ==, LD_CASE_N_STATUSES);
            n_refused++;
          }
        else
          {
            g_assert_no_error (error);
            g_assert_true (ok);
            g_assert_cmpint (to, ==, expected[from][action]);
            n_allowed++;
          }
      }
  g_assert_cmpuint (n_allowed, ==, 15);
  g_assert_cmpuint (n_refused, ==, LD_CASE_N_STATUSES * LD_CASE_N_ACTIONS - 15);
}

static void
test_permissions (void)
{
  static const struct { LdRole role; LdCaseAction action; gboolean allowed; } cases[] = {
    { LD_ROLE_LICENSING_OFFICER, LD_CASE_ACTION_APPROVE, FALSE },
    { LD_ROLE_LICENSING_OFFICER, LD_CASE_ACTION_REFUSE, FALSE },
    { LD_ROLE_SENIOR_OFFICER, LD_CASE_ACTION_APPROVE, TRUE },
    { LD_ROLE_CLERK, LD_CASE_ACTION_SUBMIT, FALSE },
    { LD_ROLE_AUDITOR, LD_CASE_ACTION_WITHDRAW, FALSE },
    { LD_ROLE_ADMINISTRATOR, LD_CASE_ACTION_APPROVE, FALSE },
    { LD_ROLE_ISSUANCE_DESK, LD_CASE_ACTION_ASSESS, FALSE },
    { LD_ROLE_LICENSING_OFFICER, LD_CASE_ACTION_ASSESS, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdActor) actor = ld_actor_new ("x", "x", "X", cases[i].role);
      g_autoptr(GError) error = NULL;
      LdCaseStatus from = cases[i].action == LD_CASE_ACTION_APPROVE ? RA
                        : cases[i].action == LD_CASE_ACTION_REFUSE ? RR
                        : cases[i].action == LD_CASE_ACTION_ASSESS ? S : D;
      gboolean ok = ld_case_workflow_check (from, cases[i].action, actor, NULL, &settled, &reasons, NULL, &error);

      g_assert_cmpint (ok, ==, cases[i].allowed);
      if (!ok)
        g_assert_error (error, LD_PERMISSION_ERROR, LD_PERMISSION_ERROR_DENIED);
    }
}

static void
test_four_eyes (void)
{
  g_autoptr(LdActor) senior = ld_actor_new ("senior-1", "ok", "Olena Kovalenko", LD_ROLE_SENIOR_OFFICER);
  g_autoptr(LdActor) other = ld_actor_new ("senior-2", "lw", "Li Wei", LD_ROLE_SENIOR_OFFICER);
  const LdCaseParticipants parts[] = {
    { "senior-1", "officer-1", "officer-1" },
    { "officer-1", "senior-1", "officer-1" },
    { "officer-1", "officer-1", "senior-1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    for (LdCaseAction action = LD_CASE_ACTION_APPROVE; action <= LD_CASE_ACTION_REFUSE; action++)
      {
        g_autoptr(GError) error = NULL;
        LdCaseStatus to;

        g_assert_false (ld_case_workflow_check (RA, action, senior, &parts[i], &settled, &reasons, &to, &error));
        g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_FOUR_EYES);
        g_assert_nonnull (strstr (error->message, "Olena Kovalenko"));
        g_assert_true (ld_case_workflow_check (RA, action, other, &parts[i], &settled, &reasons, &to, NULL));
      }
}

static void
test_gate_and_refusal_reasons (void)
{
  g_autoptr(LdActor) officer = actor_for (LD_CASE_ACTION_ASSESS);
  g_autoptr(LdActor) senior = actor_for (LD_CASE_ACTION_REFUSE);
  LdCaseGate unscreened = { FALSE, 0, FALSE, FALSE };
  LdCaseGate hits = { TRUE, 2, FALSE, FALSE };
  LdCaseGate checklist = { TRUE, 0, TRUE, FALSE };
  LdCaseGate clear = { TRUE, 0, TRUE, TRUE };
  static const char * const unknown[] = { "ATT-99", NULL };
  static const char * const none[] = { NULL };
  const LdCaseDecision bad[] = { { unknown, "why" }, { none, "why" }, { criteria, "   " }, { NULL, NULL } };
  const LdCaseDecision blank = { NULL, " \n " };
  const LdCaseDecision said = { NULL, "The record shows no risk of diversion." };
  g_autoptr(GError) error = NULL;

  for (LdCaseAction a = LD_CASE_ACTION_RECOMMEND_APPROVAL; a <= LD_CASE_ACTION_RECOMMEND_REFUSAL; a++)
    {
      /* An unscreened case, or one nobody said anything about, is held back. */
      g_assert_false (ld_case_workflow_check (U, a, officer, NULL, &unscreened, NULL, NULL, &error));
      g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_GATED);
      g_assert_nonnull (strstr (error->message, "not been screened"));
      g_clear_error (&error);
      g_assert_false (ld_case_workflow_check (U, a, officer, NULL, NULL, NULL, NULL, &error));
      g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_GATED);
      g_clear_error (&error);
      g_assert_false (ld_case_workflow_check (U, a, officer, NULL, &hits, NULL, NULL, &error));
      g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_GATED);
      g_assert_nonnull (strstr (error->message, "2 open screening hits"));
      g_clear_error (&error);
      g_assert_false (ld_case_workflow_check (U, a, officer, NULL, &checklist, NULL, NULL, &error));
      g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_GATED);
      g_clear_error (&error);
      /* Clear, it still needs a rationale: none, or only blanks, is refused. */
      g_assert_false (ld_case_workflow_check (U, a, officer, NULL, &clear, NULL, NULL, &error));
      g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_NO_RATIONALE);
      g_assert_nonnull (strstr (error->message, "A recommendation needs a rationale"));
      g_clear_error (&error);
      g_assert_false (ld_case_workflow_check (U, a, officer, NULL, &clear, &blank, NULL, &error));
      g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_NO_RATIONALE);
      g_clear_error (&error);
      g_assert_true (ld_case_workflow_check (U, a, officer, NULL, &clear, &said, NULL, NULL));
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_false (ld_case_workflow_check (RR, LD_CASE_ACTION_REFUSE, senior, NULL, &settled, &bad[i], NULL, &error));
      g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_INCOMPLETE);
      g_clear_error (&error);
    }
  /* Approval needs a rationale, but no criteria. */
  g_assert_false (ld_case_workflow_check (RA, LD_CASE_ACTION_APPROVE, senior, NULL, &settled, NULL, NULL, &error));
  g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_NO_RATIONALE);
  g_assert_nonnull (strstr (error->message, "An approval needs a rationale"));
  g_clear_error (&error);
  g_assert_true (ld_case_workflow_check (RA, LD_CASE_ACTION_APPROVE, senior, NULL, &settled, &said, NULL, NULL));
}

static void
add_finding (LdCaseGate          *gate,
             LdCaseBrokerProblem  problem,
             const char          *detail)
{
  LdCaseBrokerFinding *f = g_new0 (LdCaseBrokerFinding, 1);

  f->problem = problem;
  f->party = g_strdup ("Harbour Brokers Ltd");
  f->registration = g_strdup ("BR-2026-00001");
  f->authorisation = g_strdup ("BA-2026-99999");
  f->detail = g_strdup (detail);
  g_ptr_array_add (gate->broker_findings, f);
}

static gboolean
any_contains (GPtrArray  *lines,
              const char *text)
{
  for (guint i = 0; i < lines->len; i++)
    if (strstr (lines->pdata[i], text))
      return TRUE;
  return FALSE;
}

/* Issue 9: the gate holds every legal act back, and lists every reason. */
static void
test_gate_conditions (void)
{
  g_autoptr(LdActor) officer = actor_for (LD_CASE_ACTION_ASSESS);
  g_autoptr(LdActor) senior = actor_for (LD_CASE_ACTION_APPROVE);
  g_auto(LdCaseGate) gate = { TRUE, 0, FALSE, FALSE };
  g_autoptr(GPtrArray) approval = NULL;
  g_autoptr(GPtrArray) refusal = NULL;
  g_autoptr(GError) error = NULL;

  gate.confirmed_sanctions = g_ptr_array_new_with_free_func (g_free);
  gate.confirmed_denials = g_ptr_array_new_with_free_func (g_free);
  gate.embargoes_unexempted = g_ptr_array_new_with_free_func (g_free);
  gate.exemptions_unconfirmed = g_ptr_array_new_with_free_func (g_free);
  gate.broker_findings = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_case_broker_finding_free);
  gate.decision_date = g_strdup ("2026-12-03");
  g_ptr_array_add (gate.confirmed_sanctions, g_strdup ("Tarek Haddad|QDi.999"));
  g_ptr_array_add (gate.confirmed_denials, g_strdup ("Orion Trading|DEN-2026-001"));
  g_ptr_array_add (gate.embargoes_unexempted, g_strdup ("Yemen"));
  g_ptr_array_add (gate.exemptions_unconfirmed, g_strdup ("Libya|2009 (2011)|13"));
  add_finding (&gate, LD_CASE_BROKER_NOT_IN_FORCE, "suspended");
  add_finding (&gate, LD_CASE_BROKER_UNKNOWN_AUTHORISATION, NULL);
  add_finding (&gate, LD_CASE_BROKER_AUTHORISATION_OTHER_CASE, "EXP-2026-000007");
  gate.stale = LD_CASE_GATE_STALE_EMBARGOES | LD_CASE_GATE_STALE_DENIALS;

  approval = ld_case_gate_list_unmet (&gate, TRUE);
  refusal = ld_case_gate_list_unmet (&gate, FALSE);
  g_assert_cmpuint (approval->len, ==, 8);
  g_assert_cmpuint (refusal->len, ==, 1);
  g_assert_true (any_contains (approval, "QDi.999"));
  g_assert_true (any_contains (approval, "can only be refused"));
  g_assert_true (any_contains (approval, "DEN-2026-001"));
  g_assert_true (any_contains (approval, "“Yemen” has no exemption"));
  g_assert_true (any_contains (approval, "waits for a second senior officer"));
  g_assert_true (any_contains (approval, "suspended"));
  g_assert_true (any_contains (approval, "never granted"));
  g_assert_true (any_contains (approval, "EXP-2026-000007"));
  g_assert_true (any_contains (refusal, "arms-embargo table, the national denial register"));

  /* Every legal act is held while the screening is stale; the error lists all. */
  g_assert_false (ld_case_workflow_check (RA, LD_CASE_ACTION_APPROVE, senior, NULL, &gate, NULL, NULL, &error));
  g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_GATED);
  g_assert_nonnull (strstr (error->message, "8 conditions are not met"));
  g_clear_error (&error);
  g_assert_false (ld_case_workflow_check (RA, LD_CASE_ACTION_REFUSE, senior, NULL, &gate, &reasons, NULL, &error));
  g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_GATED);
  g_clear_error (&error);

  /* Screened afresh, a confirmed UN match leaves refusal only. */
  gate.stale = 0;
  g_assert_true (ld_case_workflow_check (RA, LD_CASE_ACTION_REFUSE, senior, NULL, &gate, &reasons, NULL, NULL));
  g_assert_true (ld_case_workflow_check (U, LD_CASE_ACTION_RECOMMEND_REFUSAL, officer, NULL, &gate, &reasons, NULL,
                                         NULL));
  g_assert_false (ld_case_workflow_check (U, LD_CASE_ACTION_RECOMMEND_APPROVAL, officer, NULL, &gate, NULL, NULL,
                                          &error));
  g_assert_nonnull (strstr (error->message, "7 conditions are not met"));
}

static void
test_names_round_trip (void)
{
  for (LdCaseStatus s = 0; s < LD_CASE_N_STATUSES; s++)
    {
      LdCaseStatus back;

      g_assert_true (ld_case_status_from_string (ld_case_status_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
    }
  for (LdCaseAction a = 0; a < LD_CASE_N_ACTIONS; a++)
    {
      LdCaseAction back;

      g_assert_true (ld_case_action_from_string (ld_case_action_to_string (a), &back));
      g_assert_cmpint (back, ==, a);
    }
  {
    LdCaseAction a;
    LdCaseStatus s;

    g_assert_true (ld_case_action_from_string ("request-info", &a));
    g_assert_cmpint (a, ==, LD_CASE_ACTION_REQUEST_INFO);
    g_assert_false (ld_case_action_from_string ("frobnicate", &a));
    g_assert_false (ld_case_status_from_string ("lost", &s));
  }
}

LdCase *test_make_case (void);

LdCase *
test_make_case (void)
{
  LdCase *c = ld_case_new ();
  LdCaseParty *p;
  LdCaseItem *it;

  c->kind = g_strdup ("export");
  c->destination_country = g_strdup ("KE");
  g_ptr_array_add (c->transit, g_strdup ("DE"));
  g_ptr_array_add (c->transit, g_strdup ("EG"));
  p = ld_case_party_new ();
  p->role = g_strdup ("applicant");
  p->party_type = g_strdup ("commercial");
  p->name = g_strdup ("Nordvik Arms AB");
  p->country = g_strdup ("SE");
  g_ptr_array_add (c->parties, p);
  it = ld_case_item_new ();
  it->category = g_strdup ("assault_rifles");
  it->description = g_strdup ("Assault rifles 5.56x45 mm");
  it->quantity = 3;
  it->unit_value = g_strdup ("1250.00");
  it->currency = g_strdup ("EUR");
  g_ptr_array_add (it->serials, g_strdup ("A1"));
  g_ptr_array_add (c->items, it);
  return c;
}

static void
test_validation (void)
{
  static const struct { const char *what; int code; const char *needle; } cases[] = {
    { "negative quantity", LD_VALIDATION_ERROR_OUT_OF_RANGE, "Item line 1: quantity" },
    { "unknown currency", LD_VALIDATION_ERROR_UNKNOWN_CODE, "“EUX” is not an ISO 4217" },
    { "bad value", LD_VALIDATION_ERROR_MALFORMED, "“12,50”" },
    { "unknown destination", LD_VALIDATION_ERROR_UNKNOWN_CODE, "“XX”" },
    { "transit repeats destination", LD_VALIDATION_ERROR_CONTRADICTORY, "Transit country 2 (KE)" },
    { "transit twice", LD_VALIDATION_ERROR_DUPLICATE, "Transit country 2 (DE)" },
    { "serial twice in case", LD_VALIDATION_ERROR_DUPLICATE, "also listed on item line 1" },
    { "more serials than items", LD_VALIDATION_ERROR_CONTRADICTORY, "4 serial numbers for a quantity of 3" },
    { "broker without registration", LD_VALIDATION_ERROR_REQUIRED, "registration number is required" },
    { "unknown kind", LD_VALIDATION_ERROR_UNKNOWN_CODE, "“smuggling”" },
    { "temporary without return", LD_VALIDATION_ERROR_REQUIRED, "Return date" },
    { "unknown category", LD_VALIDATION_ERROR_UNKNOWN_CODE, "“tanks”" },
    { "no applicant", LD_VALIDATION_ERROR_REQUIRED, "no applicant" },
  };

  {
    g_autoptr(LdCase) good = test_make_case ();
    g_autoptr(GError) error = NULL;

    g_assert_true (ld_case_validate (good, TRUE, &error));
    g_assert_no_error (error);
  }
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(LdCase) c = test_make_case ();
      g_autoptr(GError) error = NULL;
      LdCaseItem *it = g_ptr_array_index (c->items, 0);

      switch (i)
        {
        case 0: it->quantity = -5; break;
        case 1: g_free (it->currency); it->currency = g_strdup ("EUX"); break;
        case 2: g_free (it->unit_value); it->unit_value = g_strdup ("12,50"); break;
        case 3: g_free (c->destination_country); c->destination_country = g_strdup ("XX"); break;
        case 4: g_free (c->transit->pdata[1]); c->transit->pdata[1] = g_strdup ("KE"); break;
        case 5: g_free (c->transit->pdata[1]); c->transit->pdata[1] = g_strdup ("DE"); break;
        case 6:
          {
            LdCaseItem *second = ld_case_item_new ();

            second->category = g_strdup ("ammunition");
            second->description = g_strdup ("Rounds");
            second->quantity = 10;
            g_ptr_array_add (second->serials, g_strdup ("A1"));
            g_ptr_array_add (c->items, second);
          }
          break;
        case 7:
          for (guint k = 2; k <= 4; k++)
            g_ptr_array_add (it->serials, g_strdup_printf ("A%u", k));
          break;
        case 8:
          {
            LdCaseParty *broker = ld_case_party_new ();

            broker->role = g_strdup ("broker");
            broker->name = g_strdup ("Sahel Freight SARL");
            broker->country = g_strdup ("SN");
            g_ptr_array_add (c->parties, broker);
          }
          break;
        case 9: g_free (c->kind); c->kind = g_strdup ("smuggling"); break;
        case 10: c->temporary = TRUE; break;
        case 11: g_free (it->category); it->category = g_strdup ("tanks"); break;
        case 12: g_free (((LdCaseParty *) c->parties->pdata[0])->role);
                 ((LdCaseParty *) c->parties->pdata[0])->role = g_strdup ("importer"); break;
        default: g_assert_not_reached ();
        }
      g_test_message ("%s", cases[i].what);
      g_assert_false (ld_case_validate (c, TRUE, &error));
      g_assert_error (error, LD_VALIDATION_ERROR, cases[i].code);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("%s: “%s” lacks “%s”", cases[i].what, error->message, cases[i].needle);
    }
}

static void
test_draft_may_be_incomplete (void)
{
  g_autoptr(LdCase) c = ld_case_new ();
  g_autoptr(GError) error = NULL;

  c->kind = g_strdup ("import");
  g_assert_true (ld_case_validate (c, FALSE, &error));
  g_assert_false (ld_case_validate (c, TRUE, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);
  /* ...but never holds a wrong value. */
  c->destination_country = g_strdup ("ZZ");
  g_assert_false (ld_case_validate (c, FALSE, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_UNKNOWN_CODE);
}

static void
test_serials_parse (void)
{
  const char *text = "serial\n"
                     "ab-001\n"
                     "AB-002, AB-003;AB-004\n"
                     "\n"
                     "AB-001\n"
                     "bad serial!\n"
                     "\"AB-005\"\t\n"
                     "ТЕСТ-1\n"
                     "0123456789012345678901234567890123456789X\n";
  g_autoptr(LdSerialReport) report = ld_serials_parse (text, -1);
  g_autofree char *summary = NULL;
  LdSerialProblem *p;

  g_assert_cmpuint (report->serials->len, ==, 5);
  g_assert_cmpstr (report->serials->pdata[0], ==, "AB-001");
  g_assert_cmpstr (report->serials->pdata[4], ==, "AB-005");
  g_assert_cmpuint (g_array_index (report->lines, guint, 4), ==, 7);
  g_assert_cmpuint (report->problems->len, ==, 4);
  p = report->problems->pdata[0];
  g_assert_cmpuint (p->line, ==, 5);
  g_assert_cmpint (p->kind, ==, LD_SERIAL_PROBLEM_DUPLICATE);
  g_assert_nonnull (strstr (p->message, "repeats line 2"));
  p = report->problems->pdata[1];
  g_assert_cmpuint (p->line, ==, 6);
  g_assert_cmpint (p->kind, ==, LD_SERIAL_PROBLEM_MALFORMED);
  g_assert_cmpuint (((LdSerialProblem *) report->problems->pdata[2])->line, ==, 8);
  g_assert_cmpuint (((LdSerialProblem *) report->problems->pdata[3])->line, ==, 9);
  summary = ld_serial_report_format (report, 2);
  g_assert_nonnull (strstr (summary, "5 serial numbers read, 4 refused."));
  g_assert_nonnull (strstr (summary, "Line 6:"));
  g_assert_nonnull (strstr (summary, "2 more"));
}

static void
test_serials_many (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(LdSerialReport) report = NULL;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (text, "NV-%06u\r\n", i);
  report = ld_serials_parse (text->str, text->len);
  g_assert_cmpuint (report->serials->len, ==, 5000);
  g_assert_cmpuint (report->problems->len, ==, 0);
}

static void
test_diff (void)
{
  g_autoptr(LdCase) a = test_make_case ();
  g_autoptr(LdCase) b = test_make_case ();
  g_autoptr(GPtrArray) changes = NULL;
  LdCaseChange *c;

  changes = ld_case_diff (a, b);
  g_assert_cmpuint (changes->len, ==, 0);
  g_clear_pointer (&changes, g_ptr_array_unref);

  ((LdCaseItem *) b->items->pdata[0])->quantity = 7;
  g_ptr_array_add (((LdCaseItem *) b->items->pdata[0])->serials, g_strdup ("A2"));
  g_ptr_array_remove_index (b->transit, 1);
  b->end_use = g_strdup ("Police patrol use");
  changes = ld_case_diff (a, b);
  g_assert_cmpuint (changes->len, ==, 4);
  c = changes->pdata[0];
  g_assert_cmpstr (c->field, ==, "transit[2].country");
  g_assert_cmpstr (c->before, ==, "EG");
  g_assert_null (c->after);
  c = changes->pdata[1];
  g_assert_cmpstr (c->field, ==, "items[1].quantity");
  g_assert_cmpstr (c->before, ==, "3");
  g_assert_cmpstr (c->after, ==, "7");
  c = changes->pdata[2];
  g_assert_cmpstr (c->field, ==, "items[1].serials");
  g_assert_true (g_str_has_prefix (c->before, "1 ("));
  g_assert_true (g_str_has_prefix (c->after, "2 ("));
  c = changes->pdata[3];
  g_assert_cmpstr (c->field, ==, "end_use");
  g_assert_null (c->before);
}

/* A year of manufacture or import marking: four digits, 1800 to next year. */
static void
test_years (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *next = g_strdup_printf ("%d", g_date_time_get_year (now) + 1);
  g_autofree char *after = g_strdup_printf ("%d", g_date_time_get_year (now) + 2);
  const char *bad[] = { "20244", "abc", "1799", "99", "2O24", after };
  int year = -1;

  g_assert_true (ld_case_parse_year ("Item line 1: year of manufacture", " 2024 ", &year, NULL));
  g_assert_cmpint (year, ==, 2024);
  g_assert_true (ld_case_parse_year ("Item line 1: year of manufacture", next, &year, NULL));
  g_assert_true (ld_case_parse_year ("Item line 1: year of manufacture", "", &year, NULL));
  g_assert_cmpint (year, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (ld_case_parse_year ("Item line 2: import marking year", bad[i], &year, &error));
      g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED);
      g_assert_true (g_str_has_prefix (error->message, "Item line 2: import marking year “"));
    }
}

/* A re-export consent request goes through the same gate, in sentences that
 * name the request, and a confirmed embargo refuses it: it has no exemption. */
static void
test_gate_for_consent_request (void)
{
  g_auto(LdCaseGate) gate = { FALSE };
  g_autoptr(GPtrArray) unscreened = NULL;
  g_autoptr(GPtrArray) approval = NULL;

  gate.consent_request = TRUE;
  unscreened = ld_case_gate_list_unmet (&gate, FALSE);
  g_assert_cmpuint (unscreened->len, ==, 1);
  g_assert_true (any_contains (unscreened, "The request has not been screened"));
  gate.screened = TRUE;
  gate.n_open_screening_hits = 2;
  gate.stale = LD_CASE_GATE_STALE_LIST;
  gate.confirmed_sanctions = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (gate.confirmed_sanctions, g_strdup ("Tarek Haddad|QDi.999"));
  gate.embargoes_unexempted = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (gate.embargoes_unexempted, g_strdup ("South Sudan"));
  approval = ld_case_gate_list_unmet (&gate, TRUE);
  g_assert_cmpuint (approval->len, ==, 4);
  g_assert_true (any_contains (approval, "The request was screened before the latest change to the UN sanctions list"));
  g_assert_true (any_contains (approval, "The request has 2 open screening hits"));
  g_assert_true (any_contains (approval, "QDi.999: the request can only be refused"));
  g_assert_true (any_contains (approval, "“South Sudan” is confirmed: the request can only be refused"));
  g_assert_false (any_contains (approval, "case"));
}

/* The comparison names fields as an officer reads them; a key this version
 * does not know (from a newer desk) still shows, as it is. */
static void
test_field_titles (void)
{
  static const char *titles[][2] = {
    { "end_use", "End use" },
    { "items[2].quantity", "Item 2: quantity" },
    { "parties[1].broker_registration", "Party 1: broker registration" },
    { "transit[3].country", "Transit country 3" },
    { "items[1].serials", "Item 1: serial numbers" },
    { "some_new_field", "some_new_field" },
    { "parties[4].some_new_field", "Party 4: some_new_field" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      g_autofree char *title = ld_case_field_get_title (titles[i][0]);

      g_assert_cmpstr (title, ==, titles[i][1]);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/case/years", test_years);
  g_test_add_func ("/case/workflow/every-transition", test_every_transition);
  g_test_add_func ("/case/workflow/permissions", test_permissions);
  g_test_add_func ("/case/workflow/four-eyes", test_four_eyes);
  g_test_add_func ("/case/workflow/gate-conditions", test_gate_conditions);
  g_test_add_func ("/case/workflow/gate-and-reasons", test_gate_and_refusal_reasons);
  g_test_add_func ("/case/workflow/gate-consent-request", test_gate_for_consent_request);
  g_test_add_func ("/case/workflow/names", test_names_round_trip);
  g_test_add_func ("/case/validate/bad-input", test_validation);
  g_test_add_func ("/case/validate/draft", test_draft_may_be_incomplete);
  g_test_add_func ("/case/serials/parse", test_serials_parse);
  g_test_add_func ("/case/serials/many", test_serials_many);
  g_test_add_func ("/case/diff", test_diff);
  g_test_add_func ("/case/field-titles", test_field_titles);

  return g_test_run ();
}
