/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The application repository on a real SQLite store. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ld-audit-log.h"
#include "ld-case-json.h"
#include "ld-case-repo.h"
#include "ld-case-screening.h"
#include "ld-checklist-indicators.h"
#include "ld-test-assess.h"
#include "ld-demo.h"
#include "ld-section.h"
#include "ld-serials.h"
#include "ld-test-util.h"
#include "ld-user-repo.h"
#include "ld-validate.h"

/* The real Consolidated List, read once: every submitted case is screened
 * against it, as the window and licence-desk-admin do. */
static LdNameMatcher *matcher;
static LdEmbargoTable *embargoes;

typedef struct
{
  char    *dir;
  LdStore *store;
  LdActor *admin;
  LdActor *officer;
  LdActor *officer2;
  LdActor *senior;
  LdActor *senior2;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ld-test-case-repo-XXXXXX", NULL);
  path = g_build_filename (f->dir, "store.sqlite", NULL);
  f->store = ld_store_open (path, &error);
  g_assert_no_error (error);
  f->admin = ld_user_repo_add (f->store, NULL, "admin", "Amina Diallo", LD_ROLE_ADMINISTRATOR, &error);
  f->officer = ld_user_repo_add (f->store, f->admin, "maria", "María Fernández", LD_ROLE_LICENSING_OFFICER, &error);
  f->officer2 = ld_user_repo_add (f->store, f->admin, "kwame", "Kwame Mensah", LD_ROLE_LICENSING_OFFICER, &error);
  f->senior = ld_user_repo_add (f->store, f->admin, "olena", "Olena Kovalenko", LD_ROLE_SENIOR_OFFICER, &error);
  f->senior2 = ld_user_repo_add (f->store, f->admin, "liwei", "Li Wei", LD_ROLE_SENIOR_OFFICER, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  ld_actor_free (f->admin);
  ld_actor_free (f->officer);
  ld_actor_free (f->officer2);
  ld_actor_free (f->senior);
  ld_actor_free (f->senior2);
  ld_test_remove_tree (f->dir);
  g_free (f->dir);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  sqlite3_stmt *stmt = ld_store_prepare (f->store, sql, NULL);
  gint64 n = -1;

  g_assert_nonnull (stmt);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* A fingerprint of everything an application write touches. */
static char *
snapshot (Fixture *f)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
                          "/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                          count (f, "SELECT count(*) FROM application"),
                          count (f, "SELECT total(row_version) FROM application"),
                          count (f, "SELECT count(*) FROM application_serial"),
                          count (f, "SELECT count(*) FROM application_version"),
                          count (f, "SELECT count(*) FROM audit_log"),
                          count (f, "SELECT count(*) FROM outbox"));
}

static LdCase *
export_case (const char *serial_prefix,
             guint       n_serials)
{
  g_autoptr(GString) json = g_string_new (
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"transit\":[\"DE\",\"EG\"],"
    "\"destination\":\"KE\"},\"contract_reference\":\"C-2026-17\",\"end_use\":\"Police service weapons\","
    "\"euc_reference\":\"EUC/KE/2026/0042\","
    "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"},"
    "{\"role\":\"consignee\",\"type\":\"government\",\"name\":\"Министерство внутренних дел\",\"country\":\"KE\"},"
    "{\"role\":\"end_user\",\"type\":\"police\",\"name\":\"National Police Service\",\"country\":\"KE\"}],"
    "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles 7.62x51 mm\",\"quantity\":6000,"
    "\"unit_value\":\"1450.00\",\"currency\":\"EUR\",\"control_entry\":\"ML1\",\"hs_code\":\"930320\",\"serials\":[");
  g_autoptr(GError) error = NULL;
  LdCase *c;

  for (guint i = 0; i < n_serials; i++)
    g_string_append_printf (json, "%s\"%s-%06u\"", i ? "," : "", serial_prefix, i);
  g_string_append (json, "]},{\"category\":\"ammunition\",\"description\":\"Cartridges 7.62x51 mm\","
                         "\"quantity\":\"200000\",\"unit_value\":\"0.45\",\"currency\":\"EUR\"}]}");
  c = ld_case_from_json (json->str, &error);
  g_assert_no_error (error);
  return c;
}

static void
screen (Fixture        *f,
        const LdActor  *actor,
        const char     *id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_case_screening_run (f->store, actor, matcher, embargoes, id, NULL, &error));
  g_assert_no_error (error);
}

/* What the officer and the senior officer say of a clean case. */
static const LdCaseDecision why = { NULL, "The record and the assessment show no risk of diversion." };

static LdCaseRecord *
step (Fixture        *f,
      const LdActor  *actor,
      const char     *id,
      LdCaseAction    action)
{
  g_autoptr(GError) error = NULL;
  LdCaseRecord *r;

  if (action == LD_CASE_ACTION_RECOMMEND_APPROVAL || action == LD_CASE_ACTION_RECOMMEND_REFUSAL)
    ld_test_assess_in_process (f->store, actor, id);
  r = ld_case_repo_transition (f->store, actor, id, action, &why, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (r);
  if (action == LD_CASE_ACTION_SUBMIT)
    screen (f, actor, r->id);
  return r;
}

static void
test_record_submit_approve (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(LdCase) c = export_case ("NV", 5000);
  g_autoptr(LdCaseRecord) r = NULL;
  g_autoptr(LdCaseRecord) loaded = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(LdAuditReport) audit = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *ref = NULL;

  r = ld_case_repo_create (f->store, f->officer, c, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (r->reference, "EXP-"));
  g_assert_cmpint (r->status, ==, LD_CASE_STATUS_DRAFT);
  g_assert_cmpint (ld_case_count_serials (r->data), ==, 5000);
  g_assert_cmpint (count (f, "SELECT count(*) FROM application_serial WHERE open = 1"), ==, 5000);
  g_assert_cmpint (count (f, "SELECT count(*) FROM application_route"), ==, 5);
  g_assert_cmpint (count (f, "SELECT count(*) FROM application_party"), ==, 3);

  ref = g_strdup (r->reference);
  g_clear_pointer (&r, ld_case_record_free);
  r = step (f, f->officer, ref, LD_CASE_ACTION_SUBMIT);
  g_clear_pointer (&r, ld_case_record_free);
  r = step (f, f->officer, ref, LD_CASE_ACTION_ASSESS);
  g_clear_pointer (&r, ld_case_record_free);
  /* A recommendation that does not say why is refused, and changes nothing. */
  ld_test_assess_in_process (f->store, f->officer, ref);
  before = snapshot (f);
  g_assert_null (ld_case_repo_transition (f->store, f->officer, ref, LD_CASE_ACTION_RECOMMEND_APPROVAL,
                                          NULL, "a note is no rationale", &error));
  g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_NO_RATIONALE);
  g_clear_error (&error);
  {
    g_autofree char *after = snapshot (f);

    g_assert_cmpstr (before, ==, after);
  }
  g_clear_pointer (&before, g_free);
  r = step (f, f->officer, ref, LD_CASE_ACTION_RECOMMEND_APPROVAL);
  g_clear_pointer (&r, ld_case_record_free);

  /* The assessing officer cannot decide (role), nor can a senior who took part. */
  before = snapshot (f);
  g_assert_null (ld_case_repo_transition (f->store, f->officer, ref, LD_CASE_ACTION_APPROVE,
                                          NULL, NULL, &error));
  g_assert_error (error, LD_PERMISSION_ERROR, LD_PERMISSION_ERROR_DENIED);
  g_clear_error (&error);
  {
    g_autofree char *after = snapshot (f);

    g_assert_cmpstr (before, ==, after);
  }

  r = step (f, f->senior, ref, LD_CASE_ACTION_APPROVE);
  g_assert_cmpint (r->status, ==, LD_CASE_STATUS_APPROVED);
  g_assert_cmpstr (r->decided_by, ==, f->senior->user_id);
  g_assert_cmpint (count (f, "SELECT count(*) FROM application_serial WHERE open = 1"), ==, 0);

  loaded = ld_case_repo_load (f->store, r->id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (loaded->data->transit->len, ==, 2);
  g_assert_cmpstr (loaded->data->transit->pdata[1], ==, "EG");
  g_assert_cmpuint (((LdCaseItem *) loaded->data->items->pdata[0])->serials->len, ==, 5000);
  g_assert_cmpstr (((LdCaseItem *) loaded->data->items->pdata[0])->serials->pdata[4999], ==, "NV-004999");
  g_assert_cmpstr (((LdCaseItem *) loaded->data->items->pdata[1])->unit_value, ==, "0.45");

  history = ld_case_repo_history (f->store, r->id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (history->len, ==, 5);
  g_assert_cmpstr (((LdCaseEvent *) history->pdata[4])->action, ==, "approve");
  g_assert_cmpstr (((LdCaseEvent *) history->pdata[4])->actor_login, ==, "olena");
  /* The history keeps each rationale, for an auditor years later. */
  g_assert_cmpstr (((LdCaseEvent *) history->pdata[3])->note, ==, why.rationale);
  g_assert_cmpstr (((LdCaseEvent *) history->pdata[4])->note, ==, why.rationale);

  audit = ld_audit_log_verify (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (audit->intact);
  /* Creation, four steps and the screening run after submission, each audited. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE entity = 'application'"), ==, 6);
}

static void
test_four_eyes_in_store (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(LdCase) c = export_case ("FE", 10);
  g_autoptr(LdCaseRecord) r = ld_case_repo_create (f->store, f->senior, c, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  static const char * const criteria[] = { "ATT-11", NULL };
  const LdCaseDecision decision = { criteria, "Diversion risk." };

  g_assert_nonnull (r);
  ld_case_record_free (step (f, f->senior, r->id, LD_CASE_ACTION_SUBMIT));
  ld_case_record_free (step (f, f->officer, r->id, LD_CASE_ACTION_ASSESS));
  ld_case_record_free (step (f, f->officer, r->id, LD_CASE_ACTION_RECOMMEND_REFUSAL));
  before = snapshot (f);
  /* Olena submitted the case herself. */
  g_assert_null (ld_case_repo_transition (f->store, f->senior, r->id, LD_CASE_ACTION_REFUSE, &decision, NULL, &error));
  g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_FOUR_EYES);
  g_clear_error (&error);
  /* Approving a case recommended for refusal is out of order. */
  g_assert_null (ld_case_repo_transition (f->store, f->senior2, r->id, LD_CASE_ACTION_APPROVE, NULL, NULL, &error));
  g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_NOT_ALLOWED);
  g_clear_error (&error);
  /* A refusal without reasons is incomplete. */
  g_assert_null (ld_case_repo_transition (f->store, f->senior2, r->id, LD_CASE_ACTION_REFUSE, NULL, NULL, &error));
  g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_INCOMPLETE);
  g_clear_error (&error);
  after = snapshot (f);
  g_assert_cmpstr (before, ==, after);

  {
    g_autofree char *ref = g_strdup (r->reference);

    g_clear_pointer (&r, ld_case_record_free);
    r = ld_case_repo_transition (f->store, f->senior2, ref, LD_CASE_ACTION_REFUSE, &decision, NULL, &error);
  }
  g_assert_no_error (error);
  g_assert_cmpint (r->status, ==, LD_CASE_STATUS_REFUSED);
  g_assert_cmpstr (r->refusal_rationale, ==, "Diversion risk.");
  g_assert_cmpint (count (f, "SELECT count(*) FROM application_refusal_criterion WHERE code = 'ATT-11'"), ==, 1);
}

/* Four-eyes compares people: a person whose officer profile was replaced by a
 * senior one (the old profile voided) still may not decide a case they
 * assessed; while the old profile is active, no second one is made for them. */
static void
test_four_eyes_by_person (Fixture       *f,
                          gconstpointer  data)
{
  const LdNewProfile as_officer = { "p.officer", "Petra Novak", LD_ROLE_LICENSING_OFFICER, "id-777",
                                    "officer-credential" };
  const LdNewProfile as_senior = { "p.senior", "Petra Novak", LD_ROLE_SENIOR_OFFICER, "ID 777",
                                   "senior-credential" };
  g_autoptr(LdActor) officer = ld_user_repo_create (f->store, f->admin, &as_officer, NULL);
  g_autoptr(LdActor) senior = NULL;
  g_autoptr(LdCase) c = export_case ("FP", 10);
  g_autoptr(LdCaseRecord) r = ld_case_repo_create (f->store, officer, c, NULL);
  g_autoptr(LdCaseRecord) decided = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (officer);
  g_assert_cmpstr (officer->person_id, ==, "ID777");
  ld_case_record_free (step (f, officer, r->id, LD_CASE_ACTION_SUBMIT));
  ld_case_record_free (step (f, officer, r->id, LD_CASE_ACTION_ASSESS));
  ld_case_record_free (step (f, officer, r->id, LD_CASE_ACTION_RECOMMEND_APPROVAL));

  g_assert_null (ld_user_repo_create (f->store, f->admin, &as_senior, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "p.officer"));
  g_clear_error (&error);

  {
    sqlite3_stmt *void_profile = ld_store_prepare (f->store, "UPDATE user_profile"
                                                   " SET voided_at = '2026-12-01T00:00:00Z' WHERE id = ?1", NULL);

    ld_store_bind_text (void_profile, 1, officer->user_id);
    g_assert_true (ld_store_step_done (f->store, void_profile, NULL));
  }
  senior = ld_user_repo_create (f->store, f->admin, &as_senior, &error);
  g_assert_no_error (error);
  g_assert_null (ld_case_repo_transition (f->store, senior, r->id, LD_CASE_ACTION_APPROVE, &why, NULL, &error));
  g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_FOUR_EYES);
  g_clear_error (&error);
  /* Someone else countersigns. */
  decided = ld_case_repo_transition (f->store, f->senior, r->id, LD_CASE_ACTION_APPROVE, &why, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (decided->status, ==, LD_CASE_STATUS_APPROVED);
}

static void
test_bad_input_changes_nothing (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(LdCase) first = export_case ("DUP", 100);
  g_autoptr(LdCaseRecord) r = ld_case_repo_create (f->store, f->officer, first, NULL);
  g_autofree char *before = snapshot (f);
  static const struct { const char *json; const char *needle; } cases[] = {
    { "{\"kind\":\"export\",\"items\":[{\"category\":\"ammunition\",\"quantity\":-5}]}", "“-5” is not a whole number" },
    { "{\"kind\":\"export\",\"items\":[{\"category\":\"ammunition\",\"quantity\":\"many\"}]}", "“many”" },
    { "{\"kind\":\"export\",\"items\":[{\"category\":\"ammunition\",\"quantity\":5,\"unit_value\":\"3\","
      "\"currency\":\"XYZ\"}]}", "“XYZ” is not an ISO 4217" },
    { "{\"kind\":\"export\",\"route\":{\"destination\":\"QQ\"}}", "“QQ”" },
    { "{\"kind\":\"export\",\"route\":{\"transit\":[\"DE\",\"KE\"],\"destination\":\"KE\"}}", "Transit country 2 (KE)" },
    { "{\"kind\":\"export\",\"items\":[{\"category\":\"ammunition\",\"quantity\":5,\"serials\":[\"A\",\"B\",\"a\"]}]}",
      "repeats line 1" },
    { "{\"kind\":\"export\",\"items\":[{\"category\":\"ammunition\",\"quantity\":5,\"serials\":[\"DUP-000042\"]}]}",
      "already in open case EXP-" },
    { "{\"kind\":\"brokering\",\"parties\":[{\"role\":\"broker\",\"name\":\"Ghost Brokers\",\"country\":\"AE\","
      "\"broker_registration\":\"BR-0000-404\"}]}", "not in the broker register" },
  };

  g_assert_nonnull (r);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LdCase) c = ld_case_from_json (cases[i].json, &error);
      g_autoptr(LdCaseRecord) bad = NULL;
      g_autofree char *after = NULL;

      if (c)
        bad = ld_case_repo_create (f->store, f->officer, c, &error);
      g_assert_null (bad);
      g_assert_error (error, LD_VALIDATION_ERROR, error->code);
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("case %u: “%s” lacks “%s”", i, error->message, cases[i].needle);
      after = snapshot (f);
      g_assert_cmpstr (before, ==, after);
    }
}

static void
test_serials_free_when_closed (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(LdCase) c = export_case ("WD", 50);
  g_autoptr(LdCaseRecord) r = ld_case_repo_create (f->store, f->officer, c, NULL);
  g_autoptr(LdCaseRecord) again = NULL;
  g_autoptr(GError) error = NULL;

  ld_case_record_free (step (f, f->officer, r->id, LD_CASE_ACTION_WITHDRAW));
  again = ld_case_repo_create (f->store, f->officer2, c, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM application_serial WHERE serial = 'WD-000007'"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM application_serial WHERE serial = 'WD-000007' AND open"), ==, 1);
  /* A withdrawn case is closed to changes. */
  g_assert_null (ld_case_repo_save (f->store, f->officer, r->id, 0, c, NULL, &error));
  g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_NOT_ALLOWED);
}

static gint64
count_answers (Fixture    *f,
               const char *id,
               int         version,
               gboolean    from_record)
{
  sqlite3_stmt *stmt = ld_store_prepare (f->store, "SELECT count(*) FROM checklist_answer n"
                                         " JOIN checklist_assessment a ON a.id = n.assessment_id"
                                         " WHERE a.application_id = ?1 AND a.case_version = ?2"
                                         " AND n.from_record = ?3", NULL);
  gint64 n = -1;

  g_assert_nonnull (stmt);
  ld_store_bind_text (stmt, 1, id);
  sqlite3_bind_int (stmt, 2, version);
  sqlite3_bind_int (stmt, 3, from_record);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

/* Amended, the case's version 2 starts from version 1's assessment: the
 * officer's answers and notes are there, with their author; what the record
 * answered is read again for version 2; the carry-over is audited. */
static void
assert_assessment_carried_over (Fixture       *f,
                                const char    *id,
                                const LdActor *answerer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdChecklistAssessment) v1 = ld_checklist_repo_get (f->store, id, 1, &error);
  g_autoptr(LdChecklistAssessment) v2 = ld_checklist_repo_get (f->store, id, 2, &error);
  g_autoptr(LdChecklistAssessment) refreshed = NULL;
  g_autoptr(GPtrArray) assessors = NULL;
  gint64 officer_answers = count_answers (f, id, 1, FALSE), record_answers = count_answers (f, id, 1, TRUE);
  GHashTableIter iter;
  gpointer value;

  g_assert_no_error (error);
  g_assert_nonnull (v1);
  g_assert_nonnull (v2);
  g_assert_cmpint (v2->case_version, ==, 2);
  g_assert_true (v2->current);
  g_assert_cmpint (officer_answers, >, 0);
  g_assert_cmpint (record_answers, >, 0);
  g_assert_cmpint (count_answers (f, id, 2, FALSE), ==, officer_answers);
  g_assert_cmpint (count_answers (f, id, 2, TRUE), ==, 0);
  g_hash_table_iter_init (&iter, v2->responses);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const LdChecklistResponse *carried = value;
      const LdChecklistResponse *was = g_hash_table_lookup (v1->responses, carried->question_id);

      g_assert_nonnull (was);
      g_assert_cmpint (carried->answer, ==, was->answer);
      g_assert_cmpstr (carried->notes, ==, was->notes);
      g_assert_cmpstr (carried->answered_by_login, ==, answerer->login);
    }
  /* Whoever answered version 1 took part in version 2's assessment too. */
  assessors = ld_checklist_repo_assessors (f->store, id, 2, &error);
  g_assert_no_error (error);
  g_assert_true (g_ptr_array_find_with_equal_func (assessors, ld_actor_get_person (answerer), g_str_equal, NULL));
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'carry-over-assessment'"), ==, 1);

  /* The record's answers are read again for version 2. */
  g_assert_true (ld_checklist_refresh_indicators (f->store, answerer, id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_answers (f, id, 2, TRUE), ==, record_answers);
  refreshed = ld_checklist_repo_get (f->store, id, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (refreshed->gaps->len, ==, v1->gaps->len);
}

static void
test_amendment_versions (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(LdCase) c = export_case ("AM", 20);
  g_autoptr(LdCaseRecord) r = ld_case_repo_create (f->store, f->officer, c, NULL);
  g_autoptr(LdCaseRecord) saved = NULL;
  g_autoptr(LdCaseRecord) v1 = NULL;
  g_autoptr(LdCaseRecord) v2 = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  LdCaseItem *it;

  /* A draft changes in place. */
  g_free (c->end_use);
  c->end_use = g_strdup ("Border police");
  saved = ld_case_repo_save (f->store, f->officer, r->id, r->row_version, c, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved->current_version, ==, 1);
  g_clear_pointer (&saved, ld_case_record_free);

  ld_case_record_free (step (f, f->officer, r->id, LD_CASE_ACTION_SUBMIT));
  ld_case_record_free (step (f, f->officer2, r->id, LD_CASE_ACTION_ASSESS));
  ld_case_record_free (step (f, f->officer2, r->id, LD_CASE_ACTION_RECOMMEND_APPROVAL));
  ld_case_record_free (step (f, f->senior, r->id, LD_CASE_ACTION_APPROVE));

  /* A stale editor is refused... */
  g_assert_null (ld_case_repo_save (f->store, f->officer, r->id, r->row_version, c, "x", &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* ...and a decided case amended gets version 2 and goes back for a decision. */
  it = c->items->pdata[0];
  it->quantity = 5500;
  g_ptr_array_add (it->serials, g_strdup ("AM-999999"));
  /* ...an amendment without its reason is refused... */
  g_assert_null (ld_case_repo_save (f->store, f->officer, r->id, 0, c, NULL, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_null (ld_case_repo_save (f->store, f->officer, r->id, 0, c, "  ", &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);

  saved = ld_case_repo_save (f->store, f->officer, r->id, 0, c, "Quantity raised by contract addendum 2", &error);
  g_assert_no_error (error);
  g_assert_cmpint (saved->current_version, ==, 2);
  g_assert_cmpint (saved->status, ==, LD_CASE_STATUS_SUBMITTED);
  g_assert_null (saved->decided_by);

  v1 = ld_case_repo_load (f->store, r->id, 1, &error);
  v2 = ld_case_repo_load (f->store, r->reference, 2, &error);
  g_assert_no_error (error);
  g_assert_nonnull (v1->superseded_at);
  g_assert_null (v2->superseded_at);
  g_assert_cmpstr (v2->amendment_reason, ==, "Quantity raised by contract addendum 2");
  g_assert_cmpuint (((LdCaseItem *) v1->data->items->pdata[0])->serials->len, ==, 20);
  g_assert_cmpuint (((LdCaseItem *) v2->data->items->pdata[0])->serials->len, ==, 21);
  changes = ld_case_diff (v1->data, v2->data);
  g_assert_cmpuint (changes->len, ==, 2);
  g_assert_cmpstr (((LdCaseChange *) changes->pdata[0])->field, ==, "items[1].quantity");
  g_assert_cmpstr (((LdCaseChange *) changes->pdata[0])->before, ==, "6000");
  g_assert_cmpint (count (f, "SELECT count(*) FROM application_serial WHERE open = 1"), ==, 21);
  g_assert_null (ld_case_repo_load (f->store, r->id, 3, &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  assert_assessment_carried_over (f, r->id, f->officer2);
}

#define BROKER_JSON "{\"kind\":\"brokering\",\"route\":{\"destination\":\"GH\"}," \
    "\"parties\":[{\"role\":\"applicant\",\"name\":\"Sahel Freight SARL\",\"country\":\"SN\"}," \
    "{\"role\":\"broker\",\"name\":\"Sahel Freight SARL\",\"country\":\"SN\",\"broker_registration\":\"%s\"," \
    "\"broker_authorisation\":\"BA-2026-1\"}]," \
    "\"items\":[{\"category\":\"sub_machine_guns\",\"description\":\"SMG 9 mm\",\"quantity\":40}]}"

static void
test_broker_party (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCase) c = NULL;
  g_autoptr(LdCaseRecord) r = NULL;
  g_autofree char *suspended = g_strdup_printf (BROKER_JSON, "BR-2020-0000002");
  g_autofree char *good = g_strdup_printf (BROKER_JSON, "BR-2020-0000001");

  g_assert_true (ld_store_exec (f->store,
    "INSERT INTO broker (id, registration_number, legal_name, country, status, created_at, updated_at) VALUES"
    " ('b1', 'BR-2020-0000001', 'Sahel Freight SARL', 'SN', 'registered', 'x', 'x'),"
    " ('b2', 'BR-2020-0000002', 'Old Brokers', 'SN', 'suspended', 'x', 'x')", NULL));
  c = ld_case_from_json (suspended, &error);
  g_assert_null (ld_case_repo_create (f->store, f->officer, c, &error));
  g_assert_nonnull (strstr (error->message, "not in force"));
  g_clear_error (&error);
  g_clear_pointer (&c, ld_case_free);
  c = ld_case_from_json (good, &error);
  r = ld_case_repo_create (f->store, f->officer, c, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (r->reference, "BRK-"));
  ld_case_record_free (step (f, f->officer, r->id, LD_CASE_ACTION_SUBMIT));
}

static void
test_search_and_known_parties (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(LdCase) c = export_case ("SR", 3);
  g_autoptr(LdCaseRecord) r = ld_case_repo_create (f->store, f->officer, c, NULL);
  g_autoptr(LdSectionQuery) q = ld_section_query_new (ld_section_lookup ("applications"), "Министерство", 0, FALSE);
  g_autoptr(GPtrArray) known = NULL;
  g_autoptr(GError) error = NULL;
  gint64 n = 0;
  sqlite3 *db = ld_store_open_reader (f->store, &error);

  g_assert_nonnull (r);
  g_assert_true (ld_section_query_count (q, db, &n, &error));
  g_assert_cmpint (n, ==, 1);
  sqlite3_close (db);
  known = ld_case_repo_known_parties (f->store, "Nord", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (known->len, ==, 1);
  g_assert_cmpstr (((LdKnownParty *) known->pdata[0])->country, ==, "SE");
}

static void
test_demo_covers_workflow (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) admin = ld_demo_ensure_profiles (f->store, &error);
  g_autoptr(GPtrArray) rows = NULL;
  gint64 total = 0;

  /* The fixture's own profiles are there already: use a fresh store. */
  g_clear_error (&error);
  {
    g_autofree char *path = g_build_filename (f->dir, "demo.sqlite", NULL);

    g_clear_object (&f->store);
    f->store = ld_store_open (path, &error);
    g_assert_no_error (error);
    g_clear_pointer (&admin, ld_actor_free);
    admin = ld_demo_ensure_profiles (f->store, &error);
    g_assert_no_error (error);
  }
  g_assert_true (ld_demo_generate (f->store, admin, 1000, 11, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  for (LdCaseStatus s = 0; s < LD_CASE_N_STATUSES; s++)
    {
      LdCaseFilter filter = { NULL, ld_case_status_to_string (s), NULL, NULL };

      rows = ld_case_repo_list (f->store, &filter, 0, 1, &total, &error);
      g_assert_no_error (error);
      if (total == 0)
        g_error ("no demo application is %s", ld_case_status_to_string (s));
      g_clear_pointer (&rows, g_ptr_array_unref);
    }
  g_assert_cmpint (count (f, "SELECT count(DISTINCT kind) FROM application"), ==, 5);
  g_assert_cmpint (count (f, "SELECT count(*) FROM application a WHERE NOT EXISTS"
                             " (SELECT 1 FROM application_version v WHERE v.application_id = a.id)"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(DISTINCT application_id) FROM application_serial"), ==, 4);
  g_assert_cmpint (count (f, "SELECT max(n) FROM (SELECT count(*) n FROM application_serial GROUP BY application_id)"),
                   ==, 5000);
}

/* Everything a case holds, ITI marking included, comes back as stored. */
static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(LdCase) c = export_case ("RT", 5);
  g_autoptr(LdCaseRecord) r = NULL;
  g_autoptr(LdCaseRecord) loaded = NULL;
  g_autoptr(GPtrArray) changes = NULL;
  g_autoptr(GError) error = NULL;
  LdCaseItem *it = c->items->pdata[0];
  LdCaseParty *p = c->parties->pdata[0];

  c->temporary = TRUE;
  c->return_on = g_strdup ("2027-03-31");
  c->contract_date = g_strdup ("2026-01-15");
  c->delivery_schedule = g_strdup ("Two lots, Q2 and Q3");
  c->valid_until = g_strdup ("2027-12-31");
  c->applicant_reference = g_strdup ("NV/2026/88");
  p->other_names = g_strdup ("Нордвик Армс");
  p->address = g_strdup ("Industrigatan 4, Eskilstuna");
  p->identifiers = g_strdup ("SE556000-0000");
  it->manufacturer = g_strdup ("Nordvik");
  it->model = g_strdup ("NV-7");
  it->calibre = g_strdup ("7.62x51 mm");
  it->manufacturer_marking = g_strdup ("NORDVIK SWEDEN");
  it->manufacture_country = g_strdup ("SE");
  it->manufacture_year = 2025;
  it->import_marking_country = g_strdup ("KE");
  it->import_marking_year = 2026;
  it->control_component = g_strdup ("lower receiver");
  it->marking_method = g_strdup ("metal insert");
  it->additive = TRUE;
  it->deactivated = TRUE;

  r = ld_case_repo_create (f->store, f->officer, c, &error);
  g_assert_no_error (error);
  loaded = ld_case_repo_load (f->store, r->id, 0, &error);
  g_assert_no_error (error);
  changes = ld_case_diff (c, loaded->data);
  for (guint i = 0; i < changes->len; i++)
    g_test_message ("%s: %s -> %s", ((LdCaseChange *) changes->pdata[i])->field,
                    ((LdCaseChange *) changes->pdata[i])->before, ((LdCaseChange *) changes->pdata[i])->after);
  g_assert_cmpuint (changes->len, ==, 0);
  {
    g_autoptr(GPtrArray) fields = ld_case_flatten (loaded->data);

    g_assert_cmpuint (fields->len, >, 40);
  }
  g_assert_cmpint (count (f, "SELECT count(*) FROM application_item WHERE additive = 1 AND deactivated = 1"
                             " AND manufacture_year = 2025 AND control_component = 'lower receiver'"), ==, 1);
}

/* A case reaches a recommendation only once the version an officer is
 * looking at has been screened: not when its submission could not be
 * screened, and not after an amendment made a new version. */
static void
test_unscreened_not_recommended (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(LdCase) c = export_case ("US", 10);
  g_autoptr(LdCaseRecord) r = ld_case_repo_create (f->store, f->officer, c, NULL);
  g_autoptr(LdCaseRecord) amended = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_nonnull (r);
  /* Submitted while no list could be read: the submission stands unscreened. */
  ld_case_record_free (ld_case_repo_transition (f->store, f->officer, r->id, LD_CASE_ACTION_SUBMIT, NULL, NULL, &error));
  g_assert_no_error (error);
  ld_case_record_free (step (f, f->officer2, r->id, LD_CASE_ACTION_ASSESS));
  before = snapshot (f);
  for (LdCaseAction a = LD_CASE_ACTION_RECOMMEND_APPROVAL; a <= LD_CASE_ACTION_RECOMMEND_REFUSAL; a++)
    {
      g_assert_null (ld_case_repo_transition (f->store, f->officer2, r->id, a, NULL, NULL, &error));
      g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_GATED);
      g_assert_nonnull (strstr (error->message, "not been screened"));
      g_clear_error (&error);
    }
  after = snapshot (f);
  g_assert_cmpstr (before, ==, after);

  /* An amendment while information is requested is a new version, screened anew. */
  screen (f, f->officer2, r->id);
  ld_case_record_free (step (f, f->officer2, r->id, LD_CASE_ACTION_REQUEST_INFO));
  g_free (c->end_use);
  c->end_use = g_strdup ("Border police, amended");
  amended = ld_case_repo_save (f->store, f->officer, r->id, 0, c, "End use clarified", &error);
  g_assert_no_error (error);
  g_assert_cmpint (amended->current_version, ==, 2);
  ld_case_record_free (step (f, f->officer, r->id, LD_CASE_ACTION_ANSWER_INFO));
  g_assert_null (ld_case_repo_transition (f->store, f->officer2, r->id, LD_CASE_ACTION_RECOMMEND_APPROVAL,
                                          NULL, NULL, &error));
  g_assert_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_GATED);
  g_clear_error (&error);
  screen (f, f->officer2, r->id);
  ld_case_record_free (step (f, f->officer2, r->id, LD_CASE_ACTION_RECOMMEND_APPROVAL));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *list_path = ld_test_un_list_path ();
  g_autoptr(LdSanctionsList) list = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  list = ld_sanctions_list_new_from_file (list_path, NULL);
  g_assert_nonnull (list);
  matcher = ld_name_matcher_new (list);
  embargoes = ld_embargo_table_new_default (NULL);
  g_assert_nonnull (embargoes);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/case-repo/record-submit-approve", test_record_submit_approve);
  ADD ("/case-repo/four-eyes", test_four_eyes_in_store);
  ADD ("/case-repo/four-eyes-by-person", test_four_eyes_by_person);
  ADD ("/case-repo/bad-input", test_bad_input_changes_nothing);
  ADD ("/case-repo/serials-free-when-closed", test_serials_free_when_closed);
  ADD ("/case-repo/amendment-versions", test_amendment_versions);
  ADD ("/case-repo/broker-party", test_broker_party);
  ADD ("/case-repo/search-known-parties", test_search_and_known_parties);
  ADD ("/case-repo/demo-covers-workflow", test_demo_covers_workflow);
  ADD ("/case-repo/round-trip", test_round_trip);
  ADD ("/case-repo/unscreened-not-recommended", test_unscreened_not_recommended);
#undef ADD

  status = g_test_run ();
  g_clear_object (&matcher);
  g_clear_object (&embargoes);
  return status;
}
