/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The diversion-risk assessment (issue 15) through licence-desk-admin:
 * template versions, each indicator firing and staying quiet, the rating and
 * the decision gate, and bad input that changes nothing. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "ld-test-admin.h"
#include "ld-test-checklist.h"
#include "ld-test-gate.h"
#include "ld-test-list.h"
#include "ld-test-store.h"

static char *dir;

static void
step (const char *store,
      const char *login,
      const char *verb,
      const char *ref,
      const char *decision)
{
  g_autofree char *err = NULL;

  if (ld_test_run_admin (NULL, &err, "application", verb, ref, "--store", store, "--as", login,
                         "--rationale", "Assessed with the checklist",
                         decision ? "--decision" : NULL, decision, NULL) != 0)
    g_error ("%s %s: %s", verb, ref, err);
}

static char *
refused_step (const char *store,
              const char *login,
              const char *verb,
              const char *ref,
              const char *decision)
{
  g_autofree char *before = ld_test_store_digest (store);
  g_autofree char *after = NULL;
  char *err = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", verb, ref, "--store", store, "--as", login,
                                      "--rationale", "Assessed with the checklist",
                                      decision ? "--decision" : NULL, decision, NULL), ==, 1);
  after = ld_test_store_digest (store);
  g_assert_cmpstr (before, ==, after);
  return err;
}

/* A case written with @transit and @extra parties, submitted (which screens it). */
static char *
new_case (const char *store,
          const char *name,
          const char *transit,
          const char *extra)
{
  g_autofree char *file = ld_test_gate_write_case (dir, name, transit, extra);

  return ld_test_submit_case (store, file, NULL);
}

static gboolean
fired (const char *store,
       const char *ref,
       const char *code)
{
  g_autoptr(JsonNode) a = ld_test_checklist_assess (store, ref, "maria");

  return json_object_get_boolean_member (ld_test_checklist_indicator (a, code), "fired");
}

static void
refuse_case (const char *store,
             const char *ref)
{
  g_autofree char *rating = ld_test_checklist_complete (store, ref, "maria");

  step (store, "maria", "assess", ref, NULL);
  step (store, "maria", "recommend", ref, "refusal");
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "refuse", ref, "--criteria", "ATT-11", "--rationale",
                                      "Diversion risk", "--store", store, "--as", "olena", NULL), ==, 0);
}

static void
approve_case (const char *store,
              const char *ref)
{
  g_autofree char *rating = ld_test_checklist_complete (store, ref, "maria");

  step (store, "maria", "assess", ref, NULL);
  step (store, "maria", "recommend", ref, "approval");
  step (store, "olena", "approve", ref, NULL);
}

/* ---- Indicators: each fires on the record that shows it, and stays quiet on
 * the clean case. */

static void
test_indicator_embargo (void)
{
  g_autofree char *store = ld_test_gate_new_store (dir, "ind-embargo.sqlite");
  g_autofree char *clean = new_case (store, "clean.json", "DE", NULL);
  g_autofree char *embargoed = new_case (store, "kp.json", "KP", NULL);
  g_autoptr(JsonNode) a = ld_test_checklist_assess (store, embargoed, "maria");
  JsonObject *ind = ld_test_checklist_indicator (a, "embargo");
  JsonObject *q = ld_test_checklist_question (a, "att6-embargo");

  g_assert_false (fired (store, clean, "embargo"));
  g_assert_true (json_object_get_boolean_member (ind, "fired"));
  g_assert_nonnull (strstr (json_object_get_string_member (ind, "evidence"), "transit KP"));
  g_assert_cmpstr (json_object_get_string_member (ind, "link"), ==, "embargo:dprk");
  /* The record answers the Article 6 question with its evidence. */
  g_assert_cmpstr (json_object_get_string_member (q, "answer"), ==, "yes");
  g_assert_true (json_object_get_boolean_member (q, "from_record"));
}

static void
test_indicator_sanctions (void)
{
  g_autofree char *store = ld_test_gate_new_store (dir, "ind-sanctions.sqlite");
  g_autofree char *clean = new_case (store, "clean.json", "DE", NULL);
  g_autofree char *listed = new_case (store, "listed.json", "DE", LD_TEST_GATE_LISTED_CONSIGNEE);
  g_autoptr(JsonNode) a = ld_test_checklist_assess (store, listed, "maria");
  JsonObject *ind = ld_test_checklist_indicator (a, "sanctions");

  g_assert_false (fired (store, clean, "sanctions"));
  g_assert_true (json_object_get_boolean_member (ind, "fired"));
  g_assert_nonnull (strstr (json_object_get_string_member (ind, "evidence"), "Shariff Omar Mohammed"));
  g_assert_true (g_str_has_prefix (json_object_get_string_member (ind, "link"), "screening-hit:"));
}

static void
test_indicator_broker (void)
{
  g_autofree char *store = ld_test_gate_new_store (dir, "ind-broker.sqlite");
  g_autofree char *bad_file = NULL, *good_file = NULL, *bad = NULL, *good = NULL, *auth = NULL;
  g_autofree char *number = ld_test_gate_broker_number ();
  g_autofree char *err = NULL;

  ld_test_gate_register_broker (dir, store);
  bad_file = ld_test_gate_write_broker_case (dir, "bad-broker.json", "BA-2000-99999");
  bad = ld_test_submit_case (store, bad_file, NULL);
  g_assert_true (fired (store, bad, "broker"));
  /* Authorised for this very case, the broker is in good standing. */
  good_file = ld_test_gate_write_broker_case (dir, "good-broker.json", "");
  good = ld_test_submit_case (store, good_file, NULL);
  auth = ld_test_gate_authorise (store, good);
  g_assert_true (fired (store, good, "broker"));
  good_file = ld_test_gate_write_broker_case (dir, "good-broker.json", auth);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", "amend", good, "--file", good_file, "--reason",
                                      "Authorisation granted", "--store", store, "--as", "maria", NULL), ==, 0);
  g_assert_false (fired (store, good, "broker"));
}

static void
test_indicator_euc (void)
{
  g_autofree char *store = ld_test_gate_new_store (dir, "ind-euc.sqlite");
  g_autofree char *ref = new_case (store, "euc.json", "DE", NULL);
  g_autofree char *expires = ld_test_gate_today_plus (300);
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) a = NULL;

  /* EUC/7 is not in the register. */
  g_assert_true (fired (store, ref, "euc"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "euc", "add", "--store", store, "--as", "maria",
                                      "--certificate-number", "EUC/7", "--issuing-country", "KE",
                                      "--issued-on", "2026-01-10", "--expires-on", expires,
                                      "--destination-country", "KE", "--end-user-name", "Kenya Police Service",
                                      "--quantity", "10", "--undertakes-no-reexport", "--original-seen", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "euc", "link", "EUC/7", "--application", ref, "--store", store,
                                      "--as", "maria", NULL), ==, 0);
  /* Registered and linked but not verified: still an indicator. */
  g_assert_true (fired (store, ref, "euc"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "euc", "verify", "EUC/7", "--status", "confirmed", "--how",
                                      "Telephoned the Ministry of Interior", "--store", store, "--as", "maria", NULL),
                   ==, 0);
  a = ld_test_checklist_assess (store, ref, "maria");
  if (json_object_get_boolean_member (ld_test_checklist_indicator (a, "euc"), "fired"))
    g_error ("EUC indicator: %s", json_object_get_string_member (ld_test_checklist_indicator (a, "euc"), "evidence"));
}

static void
test_indicator_non_state (void)
{
  g_autofree char *store = ld_test_gate_new_store (dir, "ind-nsa.sqlite");
  g_autofree char *clean = new_case (store, "clean.json", "DE", NULL);
  g_autofree char *file = ld_test_gate_write_case (dir, "nsa.json", "DE",
                                                   "{\"role\":\"end_user\",\"type\":\"non_state_actor\",\"name\":"
                                                   "\"Northern Self-Defence Committee\",\"country\":\"KE\"},");
  g_autofree char *nsa = ld_test_submit_case (store, file, NULL);

  g_assert_false (fired (store, clean, "non-state"));
  g_assert_true (fired (store, nsa, "non-state"));
}

static void
test_indicator_refusals (void)
{
  g_autofree char *store = ld_test_gate_new_store (dir, "ind-refusals.sqlite");
  g_autofree char *first = new_case (store, "first.json", "DE", NULL);
  g_autofree char *second = NULL;
  g_autoptr(JsonNode) a = NULL;

  g_assert_false (fired (store, first, "refusals"));
  refuse_case (store, first);
  second = new_case (store, "second.json", "DE", NULL);
  a = ld_test_checklist_assess (store, second, "maria");
  g_assert_true (json_object_get_boolean_member (ld_test_checklist_indicator (a, "refusals"), "fired"));
  g_assert_nonnull (strstr (json_object_get_string_member (ld_test_checklist_indicator (a, "refusals"), "link"),
                            first));
}

static char *
case_with_quantity (const char *store,
                    const char *name,
                    int         quantity)
{
  g_autofree char *path = ld_test_gate_write_case (dir, name, "DE", NULL);
  g_autofree char *json = NULL;
  g_autofree char *quantity_text = g_strdup_printf ("\"quantity\":%d,", quantity);
  g_auto(GStrv) parts = NULL;

  g_assert_true (g_file_get_contents (path, &json, NULL, NULL));
  parts = g_strsplit (json, "\"quantity\":10,", 2);
  g_free (json);
  json = g_strjoin (quantity_text, parts[0], parts[1], NULL);
  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return ld_test_submit_case (store, path, NULL);
}

static void
test_indicator_quantity (void)
{
  g_autofree char *store = ld_test_gate_new_store (dir, "ind-quantity.sqlite");
  g_autofree char *earlier = new_case (store, "earlier.json", "DE", NULL);
  g_autofree char *modest = NULL, *huge = NULL;

  g_assert_false (fired (store, earlier, "quantity"));
  approve_case (store, earlier);
  modest = case_with_quantity (store, "modest.json", 20);
  huge = case_with_quantity (store, "huge.json", 100);
  g_assert_false (fired (store, modest, "quantity"));
  g_assert_true (fired (store, huge, "quantity"));
}

/* ---- The gate ------------------------------------------------------------------- */

static void
test_embargo_prohibited (void)
{
  g_autofree char *store = ld_test_gate_new_store (dir, "prohibited.sqlite");
  g_autofree char *ref = new_case (store, "kp.json", "KP", NULL);
  g_autofree char *err = NULL, *rating = NULL;

  step (store, "maria", "assess", ref, NULL);
  ld_test_gate_judge_open_hits (store, ref, "true", 1);
  err = refused_step (store, "maria", "recommend", ref, "refusal");
  g_assert_nonnull (strstr (err, "No diversion-risk assessment has been made"));
  g_free (err);
  rating = ld_test_checklist_complete (store, ref, "maria");
  g_assert_cmpstr (rating, ==, "prohibited");
  err = refused_step (store, "maria", "recommend", ref, "approval");
  g_assert_nonnull (strstr (err, "rated prohibited"));
  step (store, "maria", "recommend", ref, "refusal");
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "refuse", ref, "--criteria", "ATT-6.1", "--rationale",
                                      "Transit through an embargoed state", "--store", store, "--as", "olena", NULL),
                   ==, 0);
}

static void
test_clean_approved_by_second_officer (void)
{
  g_autofree char *store = ld_test_gate_new_store (dir, "clean.sqlite");
  g_autofree char *ref = new_case (store, "clean.json", "DE", NULL);
  g_autofree char *err = NULL, *rating = NULL, *out = NULL;

  step (store, "maria", "assess", ref, NULL);
  /* Half an assessment holds the recommendation back. */
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "checklist", "answer", "--application", ref, "--question",
                                      "att6-obligation", "--answer", "no", "--store", store, "--as", "maria", NULL),
                   ==, 0);
  err = refused_step (store, "maria", "recommend", ref, "approval");
  g_assert_nonnull (strstr (err, "questions unanswered or without the evidence they need"));
  /* A senior officer who answered a question may not decide the case. */
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "checklist", "answer", "--application", ref, "--question",
                                      "att7-gbv", "--answer", "no", "--notes", "UN and NGO reports checked",
                                      "--store", store, "--as", "liwei", NULL), ==, 0);
  rating = ld_test_checklist_complete (store, ref, "maria");
  g_assert_cmpstr (rating, !=, "prohibited");
  step (store, "maria", "recommend", ref, "approval");
  g_clear_pointer (&err, g_free);
  err = refused_step (store, "liwei", "approve", ref, NULL);
  g_assert_nonnull (strstr (err, "assessed the diversion risk of this case"));
  step (store, "olena", "approve", ref, NULL);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "audit", "verify", "--store", store, NULL), ==, 0);
}

/* ---- Bad input -------------------------------------------------------------------- */

static void
assert_answer_refused (const char *store,
                       const char *ref,
                       const char *question,
                       const char *answer,
                       const char *notes,
                       const char *expected)
{
  g_autofree char *before = ld_test_store_digest (store);
  g_autofree char *after = NULL, *err = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, &err, "checklist", "answer", "--application", ref, "--question", question,
                                      "--answer", answer, "--store", store, "--as", "maria",
                                      notes ? "--notes" : NULL, notes, NULL), ==, 1);
  if (strstr (err, expected) == NULL)
    g_error ("expected “%s” in: %s", expected, err);
  after = ld_test_store_digest (store);
  g_assert_cmpstr (before, ==, after);
}

static void
test_bad_answers (void)
{
  g_autofree char *store = ld_test_gate_new_store (dir, "bad-answers.sqlite");
  g_autofree char *ref = new_case (store, "kp.json", "KP", NULL);
  g_autoptr(JsonNode) a = ld_test_checklist_assess (store, ref, "maria");

  assert_answer_refused (store, ref, "att7-gbv", "yes", NULL, "needs written evidence");
  assert_answer_refused (store, ref, "att7-gbv", "maybe", NULL, "--answer must be yes, no, unknown or not_applicable");
  assert_answer_refused (store, ref, "no-such-question", "no", NULL, "has no question “no-such-question”");
  assert_answer_refused (store, ref, "att6-embargo", "no", "I think it is fine", "The record answers question");
  assert_answer_refused (store, ref, "att7-gbv", "not_applicable", NULL, "does not take the answer");
}

/* ---- Templates ---------------------------------------------------------------------- */

static char *
write_template (const char *name,
                const char *text)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return path;
}

#define V2 \
  "{\"format\":\"licence-desk-checklist\",\"version\":2,\"title\":\"National v2\",\"questions\":[" \
  "{\"id\":\"att6-embargo\",\"section\":\"att-6\",\"text\":\"Embargo?\",\"answers\":[\"yes\",\"no\"]," \
  "\"severity\":\"prohibits\",\"criterion\":\"ATT-6.1\",\"indicator\":\"embargo\"}," \
  "{\"id\":\"national-stockpile\",\"section\":\"national\",\"text\":\"Is the stockpile security of the end user " \
  "inadequate?\",\"answers\":[\"yes\",\"no\",\"unknown\"],\"severity\":\"medium\"}]}"

static void
test_template_versions (void)
{
  g_autofree char *store = ld_test_gate_new_store (dir, "templates.sqlite");
  g_autofree char *first = new_case (store, "first.json", "DE", NULL);
  g_autofree char *second = NULL, *v2 = write_template ("v2.json", V2), *out = NULL;
  g_autoptr(JsonNode) old = ld_test_checklist_assess (store, first, "maria");
  g_autoptr(JsonNode) again = NULL;
  g_autoptr(JsonNode) fresh = NULL;
  JsonObject *o;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "checklist", "import", v2, "--store", store, "--as", "admin", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "version 2"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "checklist", "list", "--store", store, "--as", "maria", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "version 1"));
  g_assert_nonnull (strstr (out, "National v2"));

  /* The assessment made under version 1 keeps version 1's questions. */
  again = ld_test_checklist_assess (store, first, "maria");
  o = json_object_get_object_member (json_node_get_object (again), "assessment");
  g_assert_cmpint (json_object_get_int_member (o, "template_version"), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "questions")), ==, 29);
  g_assert_nonnull (ld_test_checklist_question (again, "att7-gbv"));

  /* A new case is assessed with version 2. */
  second = new_case (store, "second.json", "DE", NULL);
  fresh = ld_test_checklist_assess (store, second, "maria");
  o = json_object_get_object_member (json_node_get_object (fresh), "assessment");
  g_assert_cmpint (json_object_get_int_member (o, "template_version"), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "questions")), ==, 2);
  g_assert_nonnull (ld_test_checklist_question (fresh, "national-stockpile"));
}

static void
test_bad_templates (void)
{
  static const struct { const char *text; const char *expected; } bad[] = {
    { "{\"version\":2,\"questions\":[{\"id\":\"a\",\"section\":\"att-6\",\"text\":\"?\",\"answers\":[\"yes\","
      "\"maybe\"],\"severity\":\"high\"}]}", "unknown answer kind “maybe”" },
    { "{\"version\":2,\"questions\":[{\"id\":\"a\",\"section\":\"att-6\",\"text\":\"?\",\"answers\":[\"yes\"],"
      "\"severity\":\"high\"},{\"id\":\"a\",\"section\":\"eu\",\"text\":\"?\",\"answers\":[\"yes\"],"
      "\"severity\":\"high\"}]}", "“a” is used twice" },
    { "{\"questions\":[{\"id\":\"a\",\"section\":\"att-6\",\"text\":\"?\",\"answers\":[\"yes\"],"
      "\"severity\":\"high\"}]}", "The template has no version" },
    { "{\"version\":1,\"questions\":[{\"id\":\"a\",\"section\":\"att-6\",\"text\":\"?\",\"answers\":[\"yes\"],"
      "\"severity\":\"high\"}]}", "not above version 1" },
    { "not json", "not valid JSON" },
  };
  g_autofree char *store = ld_test_gate_new_store (dir, "bad-templates.sqlite");

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *name = g_strdup_printf ("bad-%u.json", i);
      g_autofree char *path = write_template (name, bad[i].text);
      g_autofree char *before = ld_test_store_digest (store);
      g_autofree char *after = NULL, *err = NULL;

      g_assert_cmpint (ld_test_run_admin (NULL, &err, "checklist", "import", path, "--store", store, "--as", "admin",
                                          NULL), ==, 1);
      if (strstr (err, bad[i].expected) == NULL)
        g_error ("expected “%s” in: %s", bad[i].expected, err);
      after = ld_test_store_digest (store);
      g_assert_cmpstr (before, ==, after);
    }
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = NULL;
  int status;

  dir = g_dir_make_tmp ("ld-test-checklist-XXXXXX", NULL);
  data_home = g_build_filename (dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("LD_ADMIN"));
  ld_test_install_list (dir);

  g_test_add_func ("/checklist/indicator/embargo", test_indicator_embargo);
  g_test_add_func ("/checklist/indicator/sanctions", test_indicator_sanctions);
  g_test_add_func ("/checklist/indicator/broker", test_indicator_broker);
  g_test_add_func ("/checklist/indicator/euc", test_indicator_euc);
  g_test_add_func ("/checklist/indicator/non-state", test_indicator_non_state);
  g_test_add_func ("/checklist/indicator/refusals", test_indicator_refusals);
  g_test_add_func ("/checklist/indicator/quantity", test_indicator_quantity);
  g_test_add_func ("/checklist/embargo-prohibited", test_embargo_prohibited);
  g_test_add_func ("/checklist/clean-approved-by-second-officer", test_clean_approved_by_second_officer);
  g_test_add_func ("/checklist/bad-answers", test_bad_answers);
  g_test_add_func ("/checklist/template-versions", test_template_versions);
  g_test_add_func ("/checklist/bad-templates", test_bad_templates);
  status = g_test_run ();
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

    (void) system (command);
  }
  return status;
}
