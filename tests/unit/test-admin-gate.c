/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The decision gate (issue 9), through licence-desk-admin as officers use it.
 * Each hole the issue found has a test that reproduced it before the gate
 * (the case was recommended and approved) and is refused now; each refused
 * act and each bad input leaves the store exactly as it was. */
#include "config.h"

#include "ld-test-admin.h"
#include "ld-test-store.h"

#include <stdlib.h>
#include <string.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "ld-test-checklist.h"
#include "ld-test-gate.h"
#include "ld-test-list.h"

static char *dir;



/* The one draft in @store, imported as "maria" and submitted (which screens). */
static char *
import_and_submit (const char *store,
                   const char *file)
{
  return ld_test_submit_case (store, file, NULL);
}

/* An officer completes the diversion-risk assessment before recommending, as
 * the gate requires; what the record shows is answered from the record. */
static char *
assess_before (const char *store,
               const char *verb,
               const char *ref)
{
  return g_str_equal (verb, "recommend") ? ld_test_checklist_complete_open (store, ref, "maria") : NULL;
}

static void
step (const char *store,
      const char *login,
      const char *verb,
      const char *ref,
      const char *decision)
{
  g_free (assess_before (store, verb, ref));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", verb, ref, "--store", store, "--as", login,
                                      "--rationale", "The assessment holds.",
                                      decision ? "--decision" : NULL, decision, NULL), ==, 0);
}

/* Runs a step that must be refused; returns what it said. Nothing changes. */
static char *
refused_step (const char *store,
              const char *login,
              const char *verb,
              const char *ref,
              const char *decision)
{
  g_autofree char *rating = assess_before (store, verb, ref);
  g_autofree char *before = ld_test_store_digest (store);
  g_autofree char *after = NULL;
  char *err = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", verb, ref, "--store", store, "--as", login,
                                      "--rationale", "The assessment holds.",
                                      decision ? "--decision" : NULL, decision, NULL), ==, 1);
  after = ld_test_store_digest (store);
  g_assert_cmpstr (before, ==, after);
  return err;
}

static JsonObject *
show_json (JsonParser *parser,
           const char *store,
           const char *ref)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "application", "show", ref, "--store", store, "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

static void
assert_status (const char *store,
               const char *ref,
               const char *status)
{
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_cmpstr (json_object_get_string_member (show_json (parser, store, ref), "status"), ==, status);
}

/* Hole 1: a consignee confirmed as a true UN match, with an embargoed transit
 * country, was recommended and approved: only open hits counted. */
static void
test_true_match_and_embargo (void)
{
  g_autofree char *store = ld_test_gate_new_store (dir, "true-match.sqlite");
  g_autofree char *file = ld_test_gate_write_case (dir, "true-match.json", "KP", LD_TEST_GATE_LISTED_CONSIGNEE);
  g_autofree char *ref = import_and_submit (store, file);
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *approval;

  step (store, "maria", "assess", ref, NULL);
  ld_test_gate_judge_open_hits (store, ref, "true", 2);

  err = refused_step (store, "maria", "recommend", ref, "approval");
  /* The embargoed transit also answers ATT Article 6 from the record. */
  g_assert_nonnull (strstr (err, "3 conditions are not met"));
  g_assert_nonnull (strstr (err, "rated prohibited"));
  g_assert_nonnull (strstr (err, "“Shariff Omar Mohammed” is confirmed as a true match with UN sanctions list entry"));
  g_assert_nonnull (strstr (err, "can only be refused"));
  g_assert_nonnull (strstr (err, "arms embargo “Democratic People's Republic of Korea” has no exemption"));

  /* show lists the same sentences, in text and JSON. */
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "application", "show", ref, "--store", store, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Before approval"));
  g_assert_nonnull (strstr (out, "can only be refused"));
  approval = json_object_get_array_member (json_object_get_object_member (show_json (parser, store, ref),
                                                                          "unmet_conditions"), "approval");
  g_assert_cmpuint (json_array_get_length (approval), ==, 3);

  /* Bad input: an exemption without a resolution is refused, nothing stored. */
  before = ld_test_store_digest (store);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", "exempt", ref, "--embargo", "dprk", "--resolution", " ",
                                      "--paragraph", "9", "--store", store, "--as", "maria", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "An exemption needs the Security Council resolution"));
  after = ld_test_store_digest (store);
  g_assert_cmpstr (before, ==, after);

  /* An exemption written by the officer counts once another senior officer
   * confirms it; the UN match still leaves refusal only. */
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "exempt", ref, "--embargo", "dprk", "--resolution",
                                      "2397 (2017)", "--paragraph", "9", "--store", store, "--as", "maria", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  err = refused_step (store, "maria", "recommend", ref, "approval");
  g_assert_nonnull (strstr (err, "waits for a second senior officer"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "confirm-exemption", ref, "--embargo", "dprk",
                                      "--store", store, "--as", "olena", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  err = refused_step (store, "maria", "recommend", ref, "approval");
  g_assert_null (strstr (err, "embargo"));
  g_assert_nonnull (strstr (err, "can only be refused"));

  /* Refusal stays open, and is the decision. */
  step (store, "maria", "recommend", ref, "refusal");
  g_clear_pointer (&err, g_free);
  err = refused_step (store, "liwei", "approve", ref, NULL);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "refuse", ref, "--criteria", "ATT-6.1",
                                      "--rationale", "Listed consignee; transit through the DPRK", "--store", store,
                                      "--as", "liwei", NULL), ==, 0);
  assert_status (store, ref, "refused");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "audit", "verify", "--store", store, NULL), ==, 0);
}

/* An exemption is confirmed by a second senior officer, never its writer. */
static void
test_exemption_four_eyes (void)
{
  g_autofree char *store = ld_test_gate_new_store (dir, "exemption.sqlite");
  g_autofree char *file = ld_test_gate_write_case (dir, "exemption.json", "KP", NULL);
  g_autofree char *ref = import_and_submit (store, file);
  g_autofree char *err = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  step (store, "maria", "assess", ref, NULL);
  ld_test_gate_judge_open_hits (store, ref, "true", 1);
  /* Only an embargo the case hit can be exempted. */
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", "exempt", ref, "--embargo", "libya", "--resolution",
                                      "2009 (2011)", "--paragraph", "13", "--store", store, "--as", "maria", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "has no hit on the arms embargo"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "exempt", ref, "--embargo", "dprk", "--resolution",
                                      "2397 (2017)", "--paragraph", "9", "--store", store, "--as", "olena", NULL), ==, 0);
  before = ld_test_store_digest (store);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", "confirm-exemption", ref, "--embargo", "dprk",
                                      "--store", store, "--as", "olena", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "may not confirm it"));
  after = ld_test_store_digest (store);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "confirm-exemption", ref, "--embargo", "dprk",
                                      "--store", store, "--as", "liwei", NULL), ==, 0);
  step (store, "maria", "recommend", ref, "approval");
  step (store, "liwei", "approve", ref, NULL);
  assert_status (store, ref, "approved");
}

/* Hole 2: amended after its recommendation (a listed party and an embargoed
 * transit country added), the case kept its status, was never screened
 * again and was approved. */
static void
test_amended_after_recommendation (void)
{
  g_autofree char *store = ld_test_gate_new_store (dir, "amended.sqlite");
  g_autofree char *file = ld_test_gate_write_case (dir, "clean.json", "DE", NULL);
  g_autofree char *amended = ld_test_gate_write_case (dir, "amended.json", "KP", LD_TEST_GATE_LISTED_CONSIGNEE);
  g_autofree char *ref = import_and_submit (store, file);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  JsonArray *history;
  JsonObject *last;

  step (store, "maria", "assess", ref, NULL);
  step (store, "maria", "recommend", ref, "approval");
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "application", "amend", ref, "--file", amended, "--reason",
                                      "Consignee and transit added by the applicant", "--store", store, "--as",
                                      "maria", NULL), ==, 0);
  /* A new version, back under assessment, screened again at once. */
  g_assert_nonnull (strstr (out, "version 2 (under_assessment)"));
  g_assert_nonnull (strstr (out, "Screened 3 parties and the route: 2 open hits"));
  o = show_json (parser, store, ref);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "under_assessment");
  history = json_object_get_array_member (o, "history");
  last = json_array_get_object_element (history, json_array_get_length (history) - 1);
  g_assert_cmpstr (json_object_get_string_member (last, "action"), ==, "amend");
  g_assert_nonnull (strstr (json_object_get_string_member (last, "note"), "the recommendation is void"));

  err = refused_step (store, "olena", "approve", ref, NULL);
  g_assert_nonnull (strstr (err, "Under assessment"));
  g_clear_pointer (&err, g_free);
  err = refused_step (store, "maria", "recommend", ref, "approval");
  g_assert_nonnull (strstr (err, "2 open screening hits"));
  ld_test_gate_judge_open_hits (store, ref, "true", 2);
  g_clear_pointer (&err, g_free);
  err = refused_step (store, "maria", "recommend", ref, "approval");
  g_assert_nonnull (strstr (err, "can only be refused"));
}

/* A case screened against a list that is no longer installed is screened
 * again before anyone decides it. */
static void
test_stale_list (void)
{
  g_autofree char *store = ld_test_gate_new_store (dir, "stale.sqlite");
  g_autofree char *file = ld_test_gate_write_case (dir, "stale.json", "DE", NULL);
  g_autofree char *ref = import_and_submit (store, file);
  g_autofree char *list = g_build_filename (dir, "data", "licence-desk", "sanctions", "consolidated.xml", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *newer = NULL;
  g_autofree char *err = NULL;
  gsize length;

  step (store, "maria", "assess", ref, NULL);
  step (store, "maria", "recommend", ref, "approval");
  /* Another list is installed (the same entries, another file). */
  g_assert_true (g_file_get_contents (list, &contents, &length, NULL));
  newer = g_strconcat (contents, "\n<!-- re-issued -->\n", NULL);
  g_assert_true (g_file_set_contents (list, newer, -1, NULL));

  err = refused_step (store, "olena", "approve", ref, NULL);
  g_assert_nonnull (strstr (err, "screened before the latest change to the UN sanctions list"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "case-screen", "run", ref, "--store", store, "--as", "maria", NULL),
                   ==, 0);
  step (store, "olena", "approve", ref, NULL);
  assert_status (store, ref, "approved");
  g_assert_true (g_file_set_contents (list, contents, length, NULL));
}

static void
amend (const char *store,
       const char *ref,
       const char *file)
{
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "amend", ref, "--file", file, "--reason",
                                      "Authorisation number corrected", "--store", store, "--as", "maria", NULL), ==, 0);
}

/* Holes 3 and 4: an invented per-deal authorisation number passed, and a
 * broker suspended after assessment did not stop the approval. */
static void
test_brokers (void)
{
  g_autofree char *store = ld_test_gate_new_store (dir, "brokers.sqlite");
  g_autofree char *invented = NULL, *other_case = NULL, *own = NULL, *ref = NULL, *err = NULL;
  g_autofree char *file = NULL;

  g_autofree char *year = ld_test_gate_today_plus (0);
  g_autofree char *invented_number = NULL, *other_ref = NULL;
  g_autofree char *broker = ld_test_gate_broker_number ();

  year[4] = '\0';   /* numbers carry the year they were granted in */
  invented_number = g_strdup_printf ("BA-%s-99999", year);
  other_ref = g_strdup_printf ("EXP-%s-999999", year);
  ld_test_gate_register_broker (dir, store);
  invented = ld_test_gate_write_broker_case (dir, "invented.json", invented_number);
  ref = import_and_submit (store, invented);
  own = ld_test_gate_authorise (store, ref);
  other_case = ld_test_gate_authorise (store, other_ref);
  step (store, "maria", "assess", ref, NULL);

  err = refused_step (store, "maria", "recommend", ref, "approval");
  g_assert_nonnull (strstr (err, invented_number));
  g_assert_nonnull (strstr (err, "of broker “Kestrel Defence Systems” was never granted"));

  /* Bad input: another case's authorisation. */
  file = ld_test_gate_write_broker_case (dir, "other-case.json", other_case);
  amend (store, ref, file);
  g_clear_pointer (&err, g_free);
  err = refused_step (store, "maria", "recommend", ref, "approval");
  g_assert_nonnull (strstr (err, "was granted for EXP-"));
  g_assert_nonnull (strstr (err, "999999, not for this case"));

  g_free (file);
  file = ld_test_gate_write_broker_case (dir, "own.json", own);
  amend (store, ref, file);
  step (store, "maria", "recommend", ref, "approval");

  /* Suspended after the recommendation: the approval is refused, and so is
   * a recommendation naming the suspended broker's authorisation. */
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "suspend", broker, "--store", store, "--as",
                                      "olena", "--reason", "Under investigation", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  err = refused_step (store, "liwei", "approve", ref, NULL);
  g_assert_nonnull (strstr (err, "Broker “Kestrel Defence Systems” (BR-"));
  g_assert_nonnull (strstr (err, "is not registered and in force"));
  g_assert_nonnull (strstr (err, "suspended"));
  /* A refusal does not wait for the broker. */
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "refuse", ref, "--criteria", "ATT-11",
                                      "--rationale", "The broker is suspended", "--store", store, "--as", "liwei",
                                      NULL), ==, 0);
  assert_status (store, ref, "refused");
}

/* A party confirmed as the party of a national denial in force leaves
 * refusal only; once the denial is voided (which screens the undecided cases
 * again with the register as it now stands) it no longer counts. */
static void
test_confirmed_denial (void)
{
  g_autofree char *store = ld_test_gate_new_store (dir, "denial.sqlite");
  g_autofree char *file = ld_test_gate_write_case (dir, "denial.json", "DE", NULL);
  g_autofree char *ref = import_and_submit (store, file);
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;

  step (store, "maria", "assess", ref, NULL);
  /* Recording the denial screens the undecided cases again at once. */
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "denial", "add", "--reference", "DEN-2026-0042", "--name",
                                      "Kenya Police Service", "--type", "police", "--country", "KE", "--denied-on",
                                      "2026-01-15", "--reason", "Diversion of rifles in 2025", "--source",
                                      "this office", "--store", store, "--as", "olena", NULL), ==, 0);
  ld_test_gate_judge_open_hits (store, ref, "true", 1);
  err = refused_step (store, "maria", "recommend", ref, "approval");
  g_assert_nonnull (strstr (err, "“Kenya Police Service” is confirmed as the party of national denial DEN-2026-0042"));

  /* Voided, the denial no longer stands. */
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "denial", "void", "DEN-2026-0042", "--reason", "Recorded in error",
                                      "--store", store, "--as", "olena", NULL), ==, 0);
  step (store, "maria", "recommend", ref, "approval");
  assert_status (store, ref, "recommended_approval");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = NULL;
  int status;

  /* Before anything asks GLib for the user's folders: the spawned tool inherits it. */
  dir = g_dir_make_tmp ("ld-test-gate-XXXXXX", NULL);
  data_home = g_build_filename (dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("LD_ADMIN"));
  ld_test_install_list (dir);

  g_test_add_func ("/gate/true-match-and-embargo", test_true_match_and_embargo);
  g_test_add_func ("/gate/exemption-four-eyes", test_exemption_four_eyes);
  g_test_add_func ("/gate/amended-after-recommendation", test_amended_after_recommendation);
  g_test_add_func ("/gate/stale-list", test_stale_list);
  g_test_add_func ("/gate/brokers", test_brokers);
  g_test_add_func ("/gate/confirmed-denial", test_confirmed_denial);
  status = g_test_run ();
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

    (void) system (command);
  }
  return status;
}
