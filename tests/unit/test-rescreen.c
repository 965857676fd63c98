/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Re-screening at scale on a real store: after a list update every undecided
 * case and every broker on the register is screened again in batches on
 * worker threads; a party newly listed is found, decided cases are left as
 * they were, and an interrupted job goes on without doing a batch twice. */
#include "config.h"

#include <string.h>

#include "ld-audit-log.h"
#include "ld-broker-repo.h"
#include "ld-broker-screening.h"
#include "ld-carried.h"
#include "ld-case-json.h"
#include "ld-case-repo.h"
#include "ld-checklist-indicators.h"
#include "ld-test-assess.h"
#include "ld-case-screening.h"
#include "ld-embargo-table.h"
#include "ld-euc-consent-repo.h"
#include "ld-euc-consent-screening.h"
#include "ld-euc-repo.h"
#include "ld-rescreen.h"
#include "ld-screening-work.h"
#include "ld-test-util.h"
#include "ld-user-repo.h"

/* The real list (newer) and the same list without two of its entries
 * (older): what the newer one adds is what a re-screening must find. */
static LdNameMatcher *new_matcher;
static LdNameMatcher *old_matcher;
static LdEmbargoTable *embargoes;

#define NEWLY_LISTED_ENTITY "CONGOMET TRADING HOUSE"
#define NEWLY_LISTED_ALIAS "Mohammed, Shariff Omar"

typedef struct
{
  char    *dir;
  LdStore *store;
  LdActor *admin;
  LdActor *clerk;
  LdActor *officer;
  LdActor *senior;
  LdActor *senior2;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("ld-test-rescreen-XXXXXX", NULL);
  path = g_build_filename (f->dir, "store.sqlite", NULL);
  f->store = ld_store_open (path, &error);
  g_assert_no_error (error);
  f->admin = ld_user_repo_add (f->store, NULL, "admin", "Amina Diallo", LD_ROLE_ADMINISTRATOR, &error);
  f->clerk = ld_user_repo_add (f->store, f->admin, "tomas", "Tomás Ruiz", LD_ROLE_CLERK, &error);
  f->officer = ld_user_repo_add (f->store, f->admin, "maria", "María Fernández", LD_ROLE_LICENSING_OFFICER, &error);
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
  ld_actor_free (f->clerk);
  ld_actor_free (f->officer);
  ld_actor_free (f->senior);
  ld_actor_free (f->senior2);
  ld_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* @sql's count, with ?1 and ?2 bound to @first and @second where they are given. */
static gint64
count_with (Fixture    *f,
            const char *sql,
            const char *first,
            const char *second)
{
  sqlite3_stmt *stmt = ld_store_prepare (f->store, sql, NULL);
  gint64 n = -1;

  g_assert_nonnull (stmt);
  if (first)
    ld_store_bind_text (stmt, 1, first);
  if (second)
    ld_store_bind_text (stmt, 2, second);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static gint64
count (Fixture    *f,
       const char *sql,
       const char *parameter)
{
  return count_with (f, sql, parameter, NULL);
}

/* A case from Nordvik Arms AB of Sweden to @end_user in the Democratic
 * Republic of the Congo (in Kenya), submitted and screened against the older list. */
static char *
submitted_case_in (Fixture    *f,
                   const char *end_user,
                   const char *country)
{
  g_autofree char *json = g_strdup_printf (
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"destination\":\"KE\"},"
    "\"end_use\":\"Police service weapons\",\"euc_reference\":\"EUC/KE/2026/0042\","
    "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"},"
    "{\"role\":\"end_user\",\"type\":\"commercial\",\"name\":\"%s\",\"country\":\"%s\"}],"
    "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles 7.62x51 mm\",\"quantity\":60,"
    "\"unit_value\":\"1450.00\",\"currency\":\"EUR\",\"control_entry\":\"ML1\",\"hs_code\":\"930320\"}]}",
    end_user, country);
  g_autoptr(LdCase) c = NULL;
  g_autoptr(LdCaseRecord) r = NULL;
  g_autoptr(LdCaseRecord) submitted = NULL;
  g_autoptr(GError) error = NULL;

  c = ld_case_from_json (json, &error);
  g_assert_no_error (error);
  r = ld_case_repo_create (f->store, f->senior, c, &error);
  g_assert_no_error (error);
  submitted = ld_case_repo_transition (f->store, f->senior, r->id, LD_CASE_ACTION_SUBMIT, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ld_case_screening_run (f->store, f->officer, old_matcher, embargoes, r->id, NULL, &error));
  g_assert_no_error (error);
  return g_strdup (r->id);
}

static char *
submitted_case (Fixture    *f,
                const char *end_user)
{
  return submitted_case_in (f, end_user, "KE");
}

static void
step (Fixture        *f,
      const LdActor  *actor,
      const char     *id,
      LdCaseAction    action)
{
  static const char * const criteria[] = { "ATT-11", NULL };
  const LdCaseDecision decision = { criteria, "Diversion risk." };
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCaseRecord) r = NULL;

  if (action == LD_CASE_ACTION_RECOMMEND_APPROVAL || action == LD_CASE_ACTION_RECOMMEND_REFUSAL)
    ld_test_assess_in_process (f->store, actor, id);
  r = ld_case_repo_transition (f->store, actor, id, action, &decision, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
}

static char *
registered_broker (Fixture    *f,
                   const char *name,
                   const char *other_names,
                   const char *tax)
{
  g_autoptr(LdBrokerDraft) d = ld_broker_draft_new ();
  g_autoptr(GError) error = NULL;
  LdBrokerPerson official = { LD_BROKER_PERSON_OFFICIAL, "Jean Mukendi", "CD", "passport", "OP123456" };
  g_autofree char *person = NULL;
  char *id;

  d->legal_name = g_strdup (name);
  d->other_names = g_strdup (other_names);
  d->country = g_strdup ("cd");
  d->tax_number = g_strdup (tax);
  d->registered_address = g_strdup ("4 Boulevard du 30 Juin, Kinshasa");
  d->records_address = g_strdup ("4 Boulevard du 30 Juin, Kinshasa");
  d->activities = g_strdup ("negotiating,transport");
  id = ld_broker_repo_create (f->store, f->clerk, d, FALSE, &error);
  g_assert_no_error (error);
  person = ld_broker_repo_add_person (f->store, f->clerk, id, &official, &error);
  g_assert_no_error (error);
  g_assert_true (ld_broker_repo_act (f->store, f->clerk, id, LD_BROKER_ACTION_SUBMIT, NULL, NULL, &error));
  g_assert_true (ld_broker_repo_act (f->store, f->senior, id, LD_BROKER_ACTION_REGISTER, NULL, NULL, &error));
  g_assert_no_error (error);
  return id;
}

static gint64
open_hits_naming (Fixture    *f,
                  const char *table,
                  const char *owner_column,
                  const char *owner,
                  const char *matched)
{
  /* One constant statement per hit table; the owner and the name are parameters. */
  static const char *const by_table[][3] = {
    { "screening_hit", "application_id", "SELECT count(*) FROM screening_hit WHERE application_id = ?1"
                                         " AND status = 'open' AND matched_name LIKE '%' || ?2 || '%'" },
    { "broker_screening_hit", "broker_id", "SELECT count(*) FROM broker_screening_hit WHERE broker_id = ?1"
                                           " AND status = 'open' AND matched_name LIKE '%' || ?2 || '%'" },
    { "consent_screening_hit", "consent_id", "SELECT count(*) FROM consent_screening_hit WHERE consent_id = ?1"
                                             " AND status = 'open' AND matched_name LIKE '%' || ?2 || '%'" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (by_table); i++)
    if (g_str_equal (by_table[i][0], table) && g_str_equal (by_table[i][1], owner_column))
      return count_with (f, by_table[i][2], owner, matched);
  g_assert_not_reached ();
}

/* The assessment's answer to the question the sanctions indicator fills in. */
static void
assert_sanctions_answer (Fixture           *f,
                         const char        *id,
                         LdChecklistAnswer  answer,
                         gboolean           from_record,
                         const char        *evidence)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdChecklistAssessment) a = ld_checklist_repo_get (f->store, id, 0, &error);
  const LdChecklistResponse *r;

  g_assert_no_error (error);
  g_assert_nonnull (a);
  r = g_hash_table_lookup (a->responses, "att11-screening");
  g_assert_nonnull (r);
  g_assert_cmpint (r->answer, ==, answer);
  g_assert_cmpint (r->from_record, ==, from_record);
  if (evidence)
    g_assert_nonnull (strstr (r->evidence, evidence));
}

static void
rescreen_ok (Fixture            *f,
             LdRescreenKind      kind,
             guint               batch_size,
             LdRescreenProgress *progress)
{
  LdRescreenOptions options = { batch_size, 2 };
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_rescreen_run (f->store, f->officer, new_matcher, embargoes, kind, &options, NULL, NULL, NULL,
                                  progress, &error));
  g_assert_no_error (error);
}

/* Every run queued for the central database (each built by its writer from
 * what it wrote) carries the image read back from its rows, hits included,
 * as long as no later run or verdict changed its hits. */
static guint
assert_run_images_as_stored (Fixture *f)
{
  sqlite3_stmt *stmt = ld_store_prepare (f->store,
    "SELECT o.entity, o.record_id, o.payload FROM outbox AS o"
    " WHERE o.entity IN ('screening_run', 'consent_screening_run')"
    " AND NOT EXISTS (SELECT 1 FROM screening_hit AS h WHERE h.run_id = o.record_id AND h.row_version > 1)"
    " AND NOT EXISTS (SELECT 1 FROM consent_screening_hit AS h WHERE h.run_id = o.record_id AND h.row_version > 1)"
    " ORDER BY o.seq", NULL);
  guint n_runs = 0, n_with_hits = 0;

  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *payload = (const char *) sqlite3_column_text (stmt, 2);
      g_autoptr(GError) error = NULL;
      g_autofree char *stored = ld_carried_image (f->store, (const char *) sqlite3_column_text (stmt, 0),
                                                  (const char *) sqlite3_column_text (stmt, 1), &error);

      g_assert_no_error (error);
      g_assert_cmpstr (payload, ==, stored);
      n_runs++;
      n_with_hits += strstr (payload, "\"hits\":[]") == NULL;
    }
  sqlite3_reset (stmt);
  /* Runs with hits were compared; how many without, the caller says. */
  g_assert_cmpuint (n_with_hits, >, 0);
  return n_runs - n_with_hits;
}

/* The newly listed company is found as the end user of an open case and as
 * a broker on the register; the refused case with the same party is not
 * touched. */
static void
test_finds_newly_listed (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *open_case = submitted_case (f, "Congomet Trading House");
  g_autofree char *decided = submitted_case (f, "Congomet Trading House");
  g_autofree char *broker = registered_broker (f, "Great Lakes Metals SARL", "Congomet Trading House", "CD-1001");
  g_autofree char *other_broker = registered_broker (f, "Kivu Logistics SARL", NULL, "CD-2002");
  g_autofree char *broker_json = NULL;
  g_auto(LdRescreenProgress) cases = { 0 };
  g_auto(LdRescreenProgress) brokers = { 0 };
  g_autoptr(LdAuditReport) audit = NULL;
  g_autoptr(GError) error = NULL;
  gint64 decided_runs, decided_hits, decided_version;

  /* Against the older list nothing names the company, and the officer's
   * completed assessment says so. */
  g_assert_cmpint (open_hits_naming (f, "screening_hit", "application_id", open_case, "CONGOMET"), ==, 0);
  step (f, f->officer, open_case, LD_CASE_ACTION_ASSESS);
  ld_test_assess_in_process (f->store, f->officer, open_case);
  assert_sanctions_answer (f, open_case, LD_CHECKLIST_ANSWER_NO, FALSE, NULL);
  step (f, f->officer, decided, LD_CASE_ACTION_ASSESS);
  step (f, f->officer, decided, LD_CASE_ACTION_RECOMMEND_REFUSAL);
  step (f, f->senior2, decided, LD_CASE_ACTION_REFUSE);
  decided_runs = count (f, "SELECT count(*) FROM screening_run WHERE application_id = ?", decided);
  decided_hits = count (f, "SELECT count(*) FROM screening_hit WHERE application_id = ?", decided);
  decided_version = count (f, "SELECT row_version FROM application WHERE id = ?", decided);

  rescreen_ok (f, LD_RESCREEN_CASES, 0, &cases);
  g_assert_cmpint (cases.n_total, ==, 1);
  g_assert_cmpint (cases.n_done, ==, 1);
  g_assert_cmpint (cases.n_names, ==, 2);
  g_assert_cmpint (cases.n_with_hits, ==, 1);
  g_assert_cmpint (open_hits_naming (f, "screening_hit", "application_id", open_case, "CONGOMET"), ==, 1);
  /* The batch refreshed the assessment as a case screened alone does: the
   * record now answers the sanctions question with the new hit, and the
   * assessment is no longer complete until an officer judges it. */
  assert_sanctions_answer (f, open_case, LD_CHECKLIST_ANSWER_YES, TRUE, "Congomet Trading House");
  /* The case is now screened against the newer list, as the decision gate asks. */
  g_assert_cmpint (count (f, "SELECT count(DISTINCT list_sha256) FROM screening_run WHERE application_id = ?",
                          open_case), ==, 2);
  /* The refused case is as it was: no run, no hit, no change. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM screening_run WHERE application_id = ?", decided), ==, decided_runs);
  g_assert_cmpint (count (f, "SELECT count(*) FROM screening_hit WHERE application_id = ?", decided), ==, decided_hits);
  g_assert_cmpint (count (f, "SELECT row_version FROM application WHERE id = ?", decided), ==, decided_version);

  rescreen_ok (f, LD_RESCREEN_BROKERS, 0, &brokers);
  g_assert_cmpint (brokers.n_total, ==, 2);
  g_assert_cmpint (brokers.n_done, ==, 2);
  g_assert_cmpint (brokers.n_names, ==, 3);
  g_assert_cmpint (brokers.n_with_hits, ==, 1);
  /* Found by its other name, the one it trades under. */
  g_assert_cmpint (open_hits_naming (f, "broker_screening_hit", "broker_id", broker, "CONGOMET"), ==, 1);
  g_assert_cmpint (open_hits_naming (f, "broker_screening_hit", "broker_id", other_broker, ""), ==, 0);
  broker_json = ld_broker_screening_to_json (f->store, broker, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (broker_json, NEWLY_LISTED_ENTITY));

  /* Each batch has one audit entry naming every case or broker it screened
   * with its run (none of their own), and the log holds. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE entity = 'broker' AND action = 'screen'", NULL),
                   ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'rescreen-batch'"
                             " AND after_json LIKE '%\"kind\":\"brokers\"%'", NULL), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'rescreen-batch'"
                             " AND instr (after_json, ?1) > 0", broker), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'rescreen-batch'"
                             " AND instr (after_json, ?1) > 0", open_case), ==, 1);
  audit = ld_audit_log_verify (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (audit->intact);
  g_assert_cmpuint (assert_run_images_as_stored (f), >, 0);
}

/* A certificate to Kenya whose end user asks to pass 40 rifles on to
 * @new_end_user in Uganda, screened against the older list when recorded. */
static LdEucRecord *
consent_requested (Fixture    *f,
                   const char *number,
                   const char *new_end_user)
{
  g_autoptr(LdEuc) e = ld_euc_new ();
  LdEucConsentRequest request = { "2026-02-01", "Kenya Ministry of Interior", (char *) new_end_user, "UG", "Rifles",
                                  40, "Regional training" };
  g_autoptr(LdEucRecord) r = NULL;
  g_autoptr(GError) error = NULL;

  e->certificate_number = g_strdup (number);
  e->issuing_country = g_strdup ("KE");
  e->issuing_authority = g_strdup ("Ministry of Interior and National Administration");
  e->signatory = g_strdup ("P. Otieno, Principal Secretary");
  e->certified_on = g_strdup ("2026-01-12");
  e->issued_on = g_strdup ("2026-01-10");
  e->item_description = g_strdup ("Rifles 7.62x51 mm, semi-automatic");
  e->quantity = 600;
  e->destination_country = g_strdup ("KE");
  e->end_use = g_strdup ("Police service weapons");
  e->exporter_name = g_strdup ("Nordvik Arms AB");
  e->end_user_name = g_strdup ("National Police Service");
  e->end_user_position = g_strdup ("Inspector General");
  e->end_user_address = g_strdup ("Vigilance House, Harambee Avenue, Nairobi");
  e->undertakes_no_reexport = TRUE;
  e->undertakes_no_wmd = TRUE;
  e->original_seen = TRUE;
  r = ld_euc_repo_register (f->store, f->officer, e, NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&r, ld_euc_record_free);
  r = ld_euc_repo_request_consent (f->store, f->officer, number, &request, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ld_euc_consent_screening_run (f->store, f->officer, old_matcher, embargoes, number, 1, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&r);
}

/* A pending re-export consent request is screened again with the cases: the
 * newly listed company asking to be the new end user is found, and the
 * request's screening counts against the newer list. A decided request stays
 * as it was decided. */
static void
test_rescreens_pending_consents (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(LdEucRecord) pending = consent_requested (f, "EUC/KE/2026/0301", "Congomet Trading House");
  g_autoptr(LdEucRecord) decided = consent_requested (f, "EUC/KE/2026/0302", "Congomet Trading House");
  g_autoptr(LdEucRecord) refused = NULL;
  const char *pending_id = ((LdEucConsent *) g_ptr_array_index (pending->consents, 0))->id;
  const char *decided_id = ((LdEucConsent *) g_ptr_array_index (decided->consents, 0))->id;
  const char *new_sha = ld_sanctions_list_get_sha256 (ld_name_matcher_get_list (new_matcher));
  g_auto(LdRescreenProgress) cases = { 0 };
  g_autoptr(LdAuditReport) audit = NULL;
  g_autoptr(GError) error = NULL;
  gint64 decided_runs;

  refused = ld_euc_repo_decide_consent (f->store, f->senior, "EUC/KE/2026/0302", 1, LD_EUC_CONSENT_REFUSED,
                                        "The new end user is not known to the office.",
                                        ld_sanctions_list_get_sha256 (ld_name_matcher_get_list (old_matcher)), &error);
  g_assert_no_error (error);
  decided_runs = count (f, "SELECT count(*) FROM consent_screening_run WHERE consent_id = ?", decided_id);
  g_assert_cmpint (open_hits_naming (f, "consent_screening_hit", "consent_id", pending_id, "CONGOMET"), ==, 0);

  rescreen_ok (f, LD_RESCREEN_CASES, 0, &cases);
  g_assert_cmpint (cases.n_consents, ==, 1);
  g_assert_cmpint (open_hits_naming (f, "consent_screening_hit", "consent_id", pending_id, "CONGOMET"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM consent_screening_run WHERE consent_id = ?1 AND list_sha256 ="
                             " (SELECT list_sha256 FROM rescreen_job)", pending_id), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM consent_screening_run WHERE consent_id = ?", decided_id),
                   ==, decided_runs);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'rescreen-batch'"
                             " AND after_json LIKE '%\"kind\":\"consents\"%' AND instr (after_json, ?1) > 0",
                          pending->id), ==, 1);

  /* Run again against the same list: the job is finished, a new one screens
   * the request once more, and only once. */
  g_clear_pointer (&cases.job_id, g_free);
  rescreen_ok (f, LD_RESCREEN_CASES, 0, &cases);
  g_assert_cmpint (cases.n_consents, ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM consent_screening_run WHERE consent_id = ?", pending_id), ==, 3);
  g_assert_cmpint (count (f, "SELECT count(DISTINCT list_sha256) FROM rescreen_job WHERE list_sha256 = ?", new_sha),
                   ==, 1);
  audit = ld_audit_log_verify (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (audit->intact);
  g_assert_cmpuint (assert_run_images_as_stored (f), >, 0);
}

/* The images of runs with an embargo hit (a score of exactly 1) and with a
 * party whose name has quotes and a backslash are the rows read back too. */
static void
test_run_images (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *embargoed = submitted_case_in (f, "Korea Ryonbong General Corporation", "KP");
  g_autofree char *quoted = submitted_case_in (f, "\\\"Congomet\\\" Trading House \\\\ Kinshasa", "CD");
  g_auto(LdRescreenProgress) cases = { 0 };

  rescreen_ok (f, LD_RESCREEN_CASES, 0, &cases);
  g_assert_cmpint (cases.n_done, ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM screening_hit WHERE application_id = ? AND kind = 'embargo'"
                             " AND score = 1.0", embargoed), >, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM screening_hit WHERE application_id = ?"
                             " AND instr (party_name, '\"') > 0 AND instr (party_name, '\\') > 0", quoted), >, 0);
  assert_run_images_as_stored (f);
}

typedef struct
{
  GCancellable *cancellable;
  gint64        stop_after_batches;
} Stopper;

static void
stop_after (const LdRescreenProgress *progress,
            gpointer                  user_data)
{
  Stopper *stopper = user_data;

  if (progress->n_batches >= stopper->stop_after_batches)
    g_cancellable_cancel (stopper->cancellable);
}

/* Stopped after two batches of three, the job goes on from the seventh case
 * the next time; no case is screened twice by it. */
static void
test_interrupted_job_resumes (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  Stopper stopper = { cancellable, 2 };
  LdRescreenOptions options = { 3, 2 };
  g_auto(LdRescreenProgress) stopped = { 0 };
  g_auto(LdRescreenProgress) unfinished = { 0 };
  g_auto(LdRescreenProgress) resumed = { 0 };
  g_autoptr(GError) error = NULL;
  const char *new_sha = ld_sanctions_list_get_sha256 (ld_name_matcher_get_list (new_matcher));
  gboolean found;

  for (guint i = 0; i < 14; i++)
    {
      g_autofree char *name = g_strdup_printf ("Kinshasa Hardware %u SARL", i);
      g_autofree char *id = submitted_case (f, i == 11 ? "Congomet Trading House" : name);
    }

  g_assert_false (ld_rescreen_run (f->store, f->officer, new_matcher, embargoes, LD_RESCREEN_CASES, &options,
                                   stop_after, &stopper, cancellable, &stopped, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_cmpint (stopped.n_batches, ==, 2);
  g_assert_cmpint (stopped.n_done, ==, 6);
  g_assert_cmpint (count (f, "SELECT count(*) FROM screening_run WHERE list_sha256 = ?", new_sha), ==, 6);

  g_assert_true (ld_rescreen_find_unfinished (f->store, LD_RESCREEN_CASES, &unfinished, &found, &error));
  g_assert_true (found);
  g_assert_cmpstr (unfinished.job_id, ==, stopped.job_id);
  g_assert_cmpint (unfinished.n_done, ==, 6);

  g_assert_true (ld_rescreen_run (f->store, f->officer, new_matcher, embargoes, LD_RESCREEN_CASES, &options,
                                  NULL, NULL, NULL, &resumed, &error));
  g_assert_no_error (error);
  g_assert_true (resumed.resumed);
  g_assert_cmpstr (resumed.job_id, ==, stopped.job_id);
  g_assert_cmpint (resumed.n_done_before, ==, 6);
  g_assert_cmpint (resumed.n_done, ==, 14);
  g_assert_cmpint (resumed.n_batches, ==, 5);
  g_assert_cmpint (resumed.n_with_hits, ==, 1);
  /* Nordvik Arms AB, the applicant of every case, went through the matcher once. */
  g_assert_cmpint (resumed.n_names_matched, ==, 9);
  /* Every case once against the newer list: the first six were not done again. */
  g_assert_cmpint (count (f, "SELECT count(*) FROM screening_run WHERE list_sha256 = ?", new_sha), ==, 14);
  g_assert_cmpint (count (f, "SELECT count(*) FROM (SELECT application_id FROM screening_run WHERE list_sha256 = ?"
                             " GROUP BY application_id HAVING count(*) > 1)", new_sha), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM rescreen_job WHERE status = 'running'", NULL), ==, 0);
  g_assert_true (ld_rescreen_find_unfinished (f->store, LD_RESCREEN_CASES, &unfinished, &found, &error));
  g_assert_false (found);
}

static void
screen_one (gpointer work,
            gpointer matcher)
{
  ld_screening_work_run (work, matcher, NULL);
}

/* The same names screened on four threads at once and one at a time give
 * the same hits: the matcher is shared read-only. */
static void
test_matcher_shared_across_threads (void)
{
  static const char *names[] = { "Congomet Trading House", "Shariff Omar Mohammed", "Nordvik Arms AB",
                                 "Korea Mining Development Trading Corporation", "Абу Бакр", "Al-Noor Trading",
                                 "北京华安贸易有限公司", "Kestrel Defence Systems" };
  g_autoptr(GPtrArray) alone = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_screening_work_free);
  g_autoptr(GPtrArray) together = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_screening_work_free);
  GThreadPool *pool;

  for (guint round = 0; round < 25; round++)
    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      {
        g_ptr_array_add (alone, ld_screening_work_new (names[i], NULL, NULL));
        g_ptr_array_add (together, ld_screening_work_new (names[i], NULL, NULL));
      }
  for (guint i = 0; i < alone->len; i++)
    ld_screening_work_run (g_ptr_array_index (alone, i), new_matcher, NULL);
  pool = g_thread_pool_new (screen_one, new_matcher, 4, TRUE, NULL);
  for (guint i = 0; i < together->len; i++)
    g_thread_pool_push (pool, g_ptr_array_index (together, i), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);

  for (guint i = 0; i < alone->len; i++)
    {
      LdScreeningWork *a = g_ptr_array_index (alone, i), *b = g_ptr_array_index (together, i);

      g_assert_no_error (b->error);
      g_assert_cmpuint (a->list_hits->len, ==, b->list_hits->len);
      for (guint h = 0; h < a->list_hits->len; h++)
        {
          LdScreeningHit *x = g_ptr_array_index (a->list_hits, h), *y = g_ptr_array_index (b->list_hits, h);

          g_assert_true (x->entry == y->entry);
          g_assert_cmpfloat (x->score, ==, y->score);
        }
    }
}

/* The real list without the entries that name the two parties. */
static LdNameMatcher *
older_list_matcher (const char *path)
{
  static const char *removed[] = { NEWLY_LISTED_ENTITY, NEWLY_LISTED_ALIAS };
  g_autofree char *xml = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(LdSanctionsList) list = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_get_contents (path, &xml, NULL, &error));
  text = g_string_new (xml);
  for (guint i = 0; i < G_N_ELEMENTS (removed); i++)
    {
      const char *at = strstr (text->str, removed[i]);
      const char *open_tag = strstr (removed[i], "TRADING") ? "<ENTITY>" : "<INDIVIDUAL>";
      const char *close_tag = strstr (removed[i], "TRADING") ? "</ENTITY>" : "</INDIVIDUAL>";
      const char *start, *end;

      g_assert_nonnull (at);
      start = g_strrstr_len (text->str, at - text->str, open_tag);
      end = strstr (at, close_tag);
      g_assert_true (start != NULL && end != NULL);
      g_string_erase (text, start - text->str, end + strlen (close_tag) - start);
    }
  {
    g_autoptr(GBytes) bytes = g_bytes_new (text->str, text->len);

    list = ld_sanctions_list_new_from_bytes (bytes, &error);
  }
  g_assert_no_error (error);
  return ld_name_matcher_new (list);
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
  new_matcher = ld_name_matcher_new (list);
  old_matcher = older_list_matcher (list_path);
  embargoes = ld_embargo_table_new_default (NULL);
  g_assert_nonnull (embargoes);

  g_test_add ("/rescreen/finds-newly-listed", Fixture, NULL, fixture_setup, test_finds_newly_listed,
              fixture_teardown);
  g_test_add ("/rescreen/pending-consents", Fixture, NULL, fixture_setup, test_rescreens_pending_consents,
              fixture_teardown);
  g_test_add ("/rescreen/run-images", Fixture, NULL, fixture_setup, test_run_images, fixture_teardown);
  g_test_add ("/rescreen/interrupted-job-resumes", Fixture, NULL, fixture_setup, test_interrupted_job_resumes,
              fixture_teardown);
  g_test_add_func ("/rescreen/matcher-shared-across-threads", test_matcher_shared_across_threads);
  status = g_test_run ();
  g_clear_object (&new_matcher);
  g_clear_object (&old_matcher);
  g_clear_object (&embargoes);
  return status;
}
