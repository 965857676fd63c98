/* SPDX-License-Identifier: GPL-3.0-or-later */
/* End-use certificates after shipment, through licence-desk-admin on real
 * SQLite stores: re-export consent requests recorded and decided under
 * four-eyes, the delivery verification certificate of a licence, the
 * register listed page by page with its findings. Every refusal is checked
 * to change nothing stored; the audit chain stays intact. */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "ld-test-admin.h"
#include "ld-test-checklist.h"
#include "ld-test-list.h"
#include "ld-test-store.h"
#include "ld-test-util.h"

static char *dir;

static char *
new_store (const char *name)
{
  static const char *people[][3] = {
    { "admin", "Amina Diallo", "admin" }, { "maria", "María Fernández", "officer" },
    { "olena", "Olena Kovalenko", "senior" }, { "sam", "Samuel Okafor", "senior" },
    { "samir", "Samir Haddad", "issuance" },
  };
  char *store = g_build_filename (dir, name, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", store, "--login", people[i][0],
                                        "--name", people[i][1], "--role", people[i][2], i ? "--as" : "--create",
                                        i ? "admin" : NULL, NULL), ==, 0);
  return store;
}

static int
add_euc (const char *store,
         const char *number,
         const char *issued_on)
{
  return ld_test_run_admin (NULL, NULL, "euc", "add", "--store", store, "--as", "maria",
                            "--certificate-number", number, "--issuing-country", "KE", "--issued-on", issued_on,
                            "--destination-country", "KE", "--end-user-name", "Kenya Police Service",
                            "--quantity", "10", "--undertakes-no-reexport", NULL);
}

/* Runs a verb that must be refused with exit 1, and checks the store is
 * byte for byte what it was; returns what it said. */
static char *
refused (const char *store,
         const char *first,
         ...)
{
  g_autofree char *before = ld_test_store_digest (store);
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  char *err = NULL;
  va_list ap;

  g_ptr_array_add (args, (char *) first);
  va_start (ap, first);
  for (const char *a = va_arg (ap, const char *); a; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, (char *) "--store");
  g_ptr_array_add (args, (char *) store);
  g_ptr_array_add (args, NULL);
  g_assert_cmpint (ld_test_run_admin_v (NULL, &err, NULL, NULL, (const char * const *) args->pdata),
                   ==, 1);
  after = ld_test_store_digest (store);
  g_assert_cmpstr (before, ==, after);
  return err;
}

static void
assert_audit_intact (const char *store)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "audit", "verify", "--store", store, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "intact"));
}

static JsonObject *
show_json (JsonParser *parser,
           const char *store,
           const char *number)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "show", number, "--json", "--store", store, "--as", "maria",
                                      NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

static gboolean
has_finding (JsonObject *euc,
             const char *code)
{
  JsonArray *findings = json_object_get_array_member (euc, "findings");

  for (guint i = 0; i < json_array_get_length (findings); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (findings, i), "code"), code))
      return TRUE;
  return FALSE;
}

/* A request to re-export is recorded by one officer and decided once by a
 * senior officer who is another person, with a reason. */
static void
test_consent (void)
{
  g_autofree char *store = new_store ("consent.sqlite");
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *euc, *request;

  g_assert_cmpint (add_euc (store, "EUC/KE/2026/0100", "2026-01-10"), ==, 0);

  /* Bad input: a sentence, nothing stored changes. */
  err = refused (store, "euc", "consent-request", "EUC/KE/2026/0100", "--as", "olena", "--received-on", "2026-02-01",
                 "--requested-by", "Kenya Ministry of Interior", "--new-end-user", "Uganda Police Force",
                 "--new-destination", "UG", NULL);
  g_assert_nonnull (strstr (err, "Purpose of the re-export"));
  g_clear_pointer (&err, g_free);
  err = refused (store, "euc", "consent-request", "EUC/KE/2026/0100", "--as", "olena", "--received-on", "2100-01-01",
                 "--requested-by", "Kenya Ministry of Interior", "--new-end-user", "Uganda Police Force",
                 "--new-destination", "UG", "--purpose", "Regional training", NULL);
  g_assert_nonnull (strstr (err, "is in the future"));
  g_clear_pointer (&err, g_free);
  err = refused (store, "euc", "consent-request", "EUC/KE/2026/0100", "--as", "olena", "--received-on", "2026-02-01",
                 "--requested-by", "Kenya Ministry of Interior", "--new-end-user", "Uganda Police Force",
                 "--new-destination", "QQ", "--purpose", "Regional training", NULL);
  g_assert_nonnull (strstr (err, "QQ"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "consent-request", "EUC/KE/2026/0100", "--store", store,
                                      "--as", "olena", "--received-on", "2026-02-01", "--requested-by",
                                      "Kenya Ministry of Interior", "--new-end-user", "Uganda Police Force",
                                      "--new-destination", "ug", "--quantity", "4", "--items", "Rifles",
                                      "--purpose", "Regional training", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Recorded re-export consent request 1 against certificate EUC/KE/2026/0100"));
  /* Screened at once, as a submitted case is. */
  g_assert_nonnull (strstr (out, "Screened the request's 2 parties and route: 0 open hits"));
  g_clear_pointer (&out, g_free);
  euc = show_json (parser, store, "EUC/KE/2026/0100");
  g_assert_true (has_finding (euc, "consent_pending"));
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "consents", "--store", store, "--as", "maria", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "awaiting a decision: 1"));
  g_assert_nonnull (strstr (out, "Uganda Police Force"));
  g_clear_pointer (&out, g_free);

  /* Four-eyes: the person who recorded it may not decide; an officer may not either. */
  err = refused (store, "euc", "consent-decide", "EUC/KE/2026/0100", "--as", "olena", "--request", "1", "--grant",
                 "--reason", "Same ministry", NULL);
  g_assert_nonnull (strstr (err, "recorded this request and so may not decide it"));
  g_clear_pointer (&err, g_free);
  err = refused (store, "euc", "consent-decide", "EUC/KE/2026/0100", "--as", "maria", "--request", "1", "--grant",
                 "--reason", "Fine", NULL);
  g_assert_nonnull (strstr (err, "may not"));
  g_clear_pointer (&err, g_free);
  err = refused (store, "euc", "consent-decide", "EUC/KE/2026/0100", "--as", "sam", "--request", "1", "--grant",
                 NULL);
  g_assert_nonnull (strstr (err, "Reason for the decision"));
  g_clear_pointer (&err, g_free);
  err = refused (store, "euc", "consent-decide", "EUC/KE/2026/0100", "--as", "sam", "--request", "2", "--refuse",
                 "--reason", "No", NULL);
  g_assert_nonnull (strstr (err, "has no re-export consent request 2"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "consent-decide", "EUC/KE/2026/0100", "--store", store,
                                      "--as", "sam", "--request", "1", "--refuse", "--reason",
                                      "Uganda is not a party to the original licence", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "request 1 refused"));
  g_clear_pointer (&out, g_free);
  err = refused (store, "euc", "consent-decide", "EUC/KE/2026/0100", "--as", "sam", "--request", "1", "--grant",
                 "--reason", "Changed my mind", NULL);
  g_assert_nonnull (strstr (err, "already decided"));
  g_clear_pointer (&err, g_free);

  euc = show_json (parser, store, "EUC/KE/2026/0100");
  g_assert_false (has_finding (euc, "consent_pending"));
  request = json_array_get_object_element (json_object_get_array_member (euc, "consent_requests"), 0);
  g_assert_cmpstr (json_object_get_string_member (request, "status"), ==, "refused");
  g_assert_cmpstr (json_object_get_string_member (request, "new_destination"), ==, "UG");
  g_assert_cmpstr (json_object_get_string_member (request, "recorded_by"), ==, "olena");
  g_assert_cmpstr (json_object_get_string_member (request, "decided_by"), ==, "sam");
  g_assert_cmpint (json_object_get_int_member (request, "quantity"), ==, 4);
  /* Both acts are in the audit log, and an edit of the request by hand is found. */
  assert_audit_intact (store);
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open (store, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT group_concat (action, ' ') FROM audit_log WHERE entity = 'euc'",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==,
                     "euc_register euc_consent_request screen-consent euc_consent_refuse");
    sqlite3_finalize (stmt);
    g_assert_cmpint (sqlite3_exec (db, "UPDATE euc_consent_request SET status = 'granted'", NULL, NULL, NULL), ==,
                     SQLITE_OK);
    sqlite3_close (db);
    g_assert_cmpint (ld_test_run_admin (&out, NULL, "audit", "verify", "--store", store, NULL), !=, 0);
    g_assert_nonnull (strstr (out, "EUC/KE/2026/0100"));
  }
}

static JsonObject *
first_request (JsonParser *parser,
               const char *store,
               const char *number)
{
  JsonObject *euc = show_json (parser, store, number);

  return json_array_get_object_element (json_object_get_array_member (euc, "consent_requests"), 0);
}

/* The first open hit of the request of @kind, or NULL. */
static const char *
open_hit (JsonObject *request,
          const char *kind)
{
  JsonArray *hits = json_object_get_array_member (request, "screening_hits");

  for (guint i = 0; i < json_array_get_length (hits); i++)
    {
      JsonObject *hit = json_array_get_object_element (hits, i);

      if (g_str_equal (json_object_get_string_member (hit, "kind"), kind) &&
          g_str_equal (json_object_get_string_member (hit, "status"), "open"))
        return json_object_get_string_member (hit, "id");
    }
  return NULL;
}

static char *
request_consent (const char *store,
                 const char *number,
                 const char *new_end_user,
                 const char *new_destination)
{
  char *out = NULL;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "consent-request", number, "--store", store, "--as", "olena",
                                      "--received-on", "2026-02-01", "--requested-by", "Kenya Ministry of Interior",
                                      "--new-end-user", new_end_user, "--new-destination", new_destination,
                                      "--purpose", "Onward sale", NULL), ==, 0);
  return out;
}

/* A re-export consent request goes through the screening and the decision
 * gate of a case: a listed new end user and an embargoed new destination are
 * raised as hits, an open hit holds every decision back, a confirmed match
 * or embargo leaves refusal only, and every verdict is audited. */
static void
test_consent_screening (void)
{
  g_autofree char *store = new_store ("consent-screening.sqlite");
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *sanctions_hit = NULL, *embargo_hit = NULL;
  JsonObject *request;

  g_assert_cmpint (add_euc (store, "EUC/KE/2026/0300", "2026-01-10"), ==, 0);
  out = request_consent (store, "EUC/KE/2026/0300", "Shariff Omar Mohammed", "KP");
  g_assert_nonnull (strstr (out, "Screened the request's 2 parties and route"));
  g_assert_null (strstr (out, " 0 open hits"));
  g_clear_pointer (&out, g_free);

  request = first_request (parser, store, "EUC/KE/2026/0300");
  g_assert_nonnull (json_object_get_string_member (request, "screened"));
  sanctions_hit = g_strdup (open_hit (request, "sanctions"));
  embargo_hit = g_strdup (open_hit (request, "embargo"));
  g_assert_nonnull (sanctions_hit);
  g_assert_nonnull (embargo_hit);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (request, "unmet_for_refusal")), ==, 1);

  /* Open hits hold back a refusal as much as a grant. */
  err = refused (store, "euc", "consent-decide", "EUC/KE/2026/0300", "--as", "sam", "--request", "1", "--refuse",
                 "--reason", "Listed end user", NULL);
  g_assert_nonnull (strstr (err, "open screening hits"));
  g_clear_pointer (&err, g_free);

  /* A verdict needs a reason; a hit judged once is not judged again. */
  err = refused (store, "euc", "consent-review", sanctions_hit, "--as", "maria", "--verdict", "true", NULL);
  g_assert_nonnull (strstr (err, "reason for the verdict"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "euc", "consent-review", sanctions_hit, "--store", store, "--as",
                                      "maria", "--verdict", "true", "--reason", "Same name, date of birth agrees",
                                      NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "euc", "consent-review", embargo_hit, "--store", store, "--as",
                                      "maria", "--verdict", "true", "--reason", "The new destination is KP", NULL),
                   ==, 0);
  err = refused (store, "euc", "consent-review", sanctions_hit, "--as", "maria", "--verdict", "false", "--reason",
                 "Again", NULL);
  g_assert_nonnull (strstr (err, "no open screening hit"));
  g_clear_pointer (&err, g_free);
  /* Other entries the name came near, and the embargo raised again for the
   * new end user's country, are judged too. */
  for (const char *hit; (hit = open_hit (first_request (parser, store, "EUC/KE/2026/0300"), "sanctions")) ||
                        (hit = open_hit (first_request (parser, store, "EUC/KE/2026/0300"), "denial")); )
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "euc", "consent-review", hit, "--store", store, "--as", "maria",
                                        "--verdict", "false", "--reason", "Another person", NULL), ==, 0);
  for (const char *hit; (hit = open_hit (first_request (parser, store, "EUC/KE/2026/0300"), "embargo")); )
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "euc", "consent-review", hit, "--store", store, "--as", "maria",
                                        "--verdict", "true", "--reason", "KP", NULL), ==, 0);

  /* A confirmed UN match and a confirmed embargo leave refusal only. */
  err = refused (store, "euc", "consent-decide", "EUC/KE/2026/0300", "--as", "sam", "--request", "1", "--grant",
                 "--reason", "Fine", NULL);
  g_assert_nonnull (strstr (err, "true match with UN sanctions list entry"));
  g_assert_nonnull (strstr (err, "arms embargo"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "consent-decide", "EUC/KE/2026/0300", "--store", store,
                                      "--as", "sam", "--request", "1", "--refuse", "--reason", "Listed end user",
                                      NULL), ==, 0);
  g_assert_nonnull (strstr (out, "request 1 refused"));
  g_clear_pointer (&out, g_free);
  /* Decided: not screened again. */
  err = refused (store, "euc", "consent-screen", "EUC/KE/2026/0300", "--as", "maria", "--request", "1", NULL);
  g_assert_nonnull (strstr (err, "already decided"));
  g_clear_pointer (&err, g_free);
  /* The officer reads the verdicts with the request; no case holds its hits. */
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "show", "EUC/KE/2026/0300", "--store", store, "--as",
                                      "maria", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "[sanctions, true_match] new_end_user “Shariff Omar Mohammed”"));
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open (store, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM screening_hit),"
                                         " (SELECT count(*) FROM audit_log WHERE action = 'review-consent-hit')",
                                         -1, &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 0);
    g_assert_cmpint (sqlite3_column_int (stmt, 1), >=, 2);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  assert_audit_intact (store);
}

/* Without a list installed, a request is recorded but not screened, and
 * the gate holds every decision back until it is. */
static void
test_consent_unscreened (void)
{
  g_autofree char *store = new_store ("consent-unscreened.sqlite");
  g_autofree char *empty = g_build_filename (dir, "no-list", NULL);
  g_autofree char *saved = g_strdup (g_getenv ("XDG_DATA_HOME"));
  g_autofree char *out = NULL, *err = NULL;

  g_assert_cmpint (add_euc (store, "EUC/KE/2026/0400", "2026-01-10"), ==, 0);
  g_setenv ("XDG_DATA_HOME", empty, TRUE);
  g_assert_cmpint (ld_test_run_admin (&out, &err, "euc", "consent-request", "EUC/KE/2026/0400", "--store", store,
                                      "--as", "olena", "--received-on", "2026-02-01", "--requested-by",
                                      "Kenya Ministry of Interior", "--new-end-user", "Uganda Police Force",
                                      "--new-destination", "UG", "--purpose", "Training", NULL), ==, 0);
  g_assert_nonnull (strstr (err, "recorded but NOT screened"));
  g_clear_pointer (&err, g_free);
  err = refused (store, "euc", "consent-decide", "EUC/KE/2026/0400", "--as", "sam", "--request", "1", "--refuse",
                 "--reason", "No", NULL);
  g_assert_nonnull (strstr (err, "has not been screened"));
  g_clear_pointer (&err, g_free);
  g_setenv ("XDG_DATA_HOME", saved, TRUE);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "consent-screen", "EUC/KE/2026/0400", "--store", store,
                                      "--as", "maria", "--request", "1", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "0 open hits"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "euc", "consent-decide", "EUC/KE/2026/0400", "--store", store,
                                      "--as", "sam", "--request", "1", "--grant", "--reason", "Police to police",
                                      NULL), ==, 0);
  assert_audit_intact (store);
}

/* `euc list` pages like the other lists, and `list eucs` shows the findings. */
static void
test_list_pages (void)
{
  g_autofree char *store = new_store ("pages.sqlite");
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_cmpint (add_euc (store, "EUC/A", "2026-01-03"), ==, 0);
  g_assert_cmpint (add_euc (store, "EUC/B", "2026-01-02"), ==, 0);
  g_assert_cmpint (add_euc (store, "EUC/C", "2026-01-01"), ==, 0);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "list", "--limit", "2", "--store", store, "--as", "maria",
                                      NULL), ==, 0);
  g_assert_nonnull (strstr (out, "register: 3 certificates"));
  g_assert_nonnull (strstr (out, "EUC/A"));
  g_assert_nonnull (strstr (out, "EUC/B"));
  g_assert_null (strstr (out, "EUC/C"));
  g_assert_nonnull (strstr (out, "see the next with --offset 2"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "list", "--limit", "2", "--offset", "2", "--json",
                                      "--store", store, "--as", "maria", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 1);
  g_assert_nonnull (strstr (out, "EUC/C"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "euc", "list", "--limit", "-1", "--store", store, "--as", "maria",
                                      NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--limit and --offset"));
  g_clear_pointer (&err, g_free);

  /* The findings column: an unverified certificate linked to nothing. */
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "list", "eucs", "--json", "--store", store, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"findings\" : \"2: unverified, not linked\""));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "list", "eucs", "--sort", "findings", "--store", store, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "unsortable"));
}

/* An export of 10 rifles to the Kenya Police. */
static char *
write_case (void)
{
  g_autofree char *path = g_build_filename (dir, "case.json", NULL);

  g_assert_true (g_file_set_contents (path,
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"destination\":\"KE\"},"
    "\"end_use\":\"Police service weapons\",\"euc_reference\":\"EUC/KE/2026/0200\","
    "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"},"
    "{\"role\":\"end_user\",\"type\":\"police\",\"name\":\"Kenya Police Service\",\"country\":\"KE\"}],"
    "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles\",\"quantity\":10,"
    "\"unit_value\":\"900.00\",\"currency\":\"EUR\"}]}", -1, NULL));
  return g_steal_pointer (&path);
}

static void
step (const char *store,
      const char *login,
      const char *verb,
      const char *ref)
{
  /* The officer completes the diversion-risk assessment before recommending. */
  if (g_str_equal (verb, "recommend"))
    g_free (ld_test_checklist_complete (store, ref, login));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", verb, ref, "--store", store, "--as", login,
                                      "--rationale", "The assessment shows no risk of diversion.",
                                      g_str_equal (verb, "recommend") ? "--decision" : NULL, "approval", NULL), ==, 0);
}

static char *
list_column (const char *store,
             const char *list,
             const char *column)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *rows;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "list", list, "--json", "--store", store, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  rows = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  return g_strdup (json_object_get_string_member_with_default (json_array_get_object_element (rows, 0), column,
                                                               "(null)"));
}

/* A licence's DVC is that of the certificate covering its application: it
 * is recorded through the licence, and the licence list warns when it is late. */
static void
test_licence_dvc (void)
{
  g_autofree char *store = new_store ("licence-dvc.sqlite");
  g_autofree char *file = write_case ();
  g_autofree char *ref = ld_test_submit_case (store, file, NULL);
  g_autofree char *out = NULL, *err = NULL, *number = NULL, *column = NULL;
  g_autofree char *scan = g_build_filename (dir, "dvc.pdf", NULL);

  g_assert_true (g_file_set_contents (scan, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n%%EOF\n", -1, NULL));
  step (store, "maria", "assess", ref);
  step (store, "maria", "recommend", ref);
  step (store, "olena", "approve", ref);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "licence", "issue", ref, "--store", store, "--as", "samir", NULL),
                   ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "licence", "list", "--json", "--store", store, "--as", "maria",
                                      NULL), ==, 0);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonNode *root;

    g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
    root = json_parser_get_root (parser);
    number = g_strdup (json_object_get_string_member (
      json_array_get_object_element (JSON_NODE_HOLDS_ARRAY (root) ? json_node_get_array (root)
                                     : json_object_get_array_member (json_node_get_object (root), "licences"), 0),
      "number"));
  }
  g_clear_pointer (&out, g_free);

  /* No certificate covers the application yet: said, nothing written. */
  err = refused (store, "euc", "dvc", "--licence", number, "--as", "maria", "--expected-by", "2026-03-01", NULL);
  g_assert_nonnull (strstr (err, "covers an application no registered end-use certificate is linked to"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "euc", "dvc", "EUC/X", "--licence", number, "--as", "maria",
                                      "--expected-by", "2026-03-01", "--store", store, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "not both"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (add_euc (store, "EUC/KE/2026/0200", "2026-01-10"), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "euc", "link", "EUC/KE/2026/0200", "--application", ref,
                                      "--store", store, "--as", "maria", NULL), ==, 0);
  column = list_column (store, "licences", "dvc");
  g_assert_cmpstr (column, ==, "(null)");
  g_clear_pointer (&column, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "euc", "dvc", "--licence", number, "--expected-by", "2026-03-01",
                                      "--store", store, "--as", "maria", NULL), ==, 0);
  column = list_column (store, "licences", "dvc");
  g_assert_cmpstr (column, ==, "⚠ Overdue since 2026-03-01");
  g_clear_pointer (&column, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "euc", "dvc", "--licence", number, "--received-on", "2026-03-04",
                                      "--scan", scan, "--store", store, "--as", "maria", NULL), ==, 0);
  column = list_column (store, "licences", "dvc");
  g_assert_cmpstr (column, ==, "Received on 2026-03-04");
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "show", "EUC/KE/2026/0200", "--store", store, "--as",
                                      "maria", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "scan dvc.pdf (application/pdf)"));
  assert_audit_intact (store);
}

/* The demonstration store shows what comes after shipment: re-export
 * consent requests screened (one granted through the gate, one ready to
 * decide, one with an embargo hit to judge) and delivery verification
 * certificates expected, overdue and received. */
static void
test_demo (void)
{
  g_autofree char *store = g_build_filename (dir, "demo.sqlite", NULL);
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *certificate = NULL;
  JsonArray *pending, *requests;
  JsonObject *euc;
  guint n_open_embargo = 0;

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "demo", "--create", "--store", store, "--scale", "1000", "--quiet",
                                      NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "consents", "--json", "--store", store, "--as",
                                      "demo.officer", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  pending = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (pending), ==, 2);
  certificate = g_strdup (json_object_get_string_member (json_array_get_object_element (pending, 0), "certificate"));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "show", certificate, "--json", "--store", store, "--as",
                                      "demo.officer", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  euc = json_node_get_object (json_parser_get_root (parser));
  g_assert_nonnull (json_object_get_string_member (euc, "dvc_expected_by"));
  requests = json_object_get_array_member (euc, "consent_requests");
  g_assert_cmpuint (json_array_get_length (requests), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonObject *request = json_array_get_object_element (requests, i);
      const char *destination = json_object_get_string_member (request, "new_destination");

      /* Every one screened when recorded. */
      g_assert_nonnull (json_object_get_string_member (request, "screened"));
      if (g_str_equal (destination, "TG"))
        g_assert_cmpstr (json_object_get_string_member (request, "status"), ==, "granted");
      else
        g_assert_cmpstr (json_object_get_string_member (request, "status"), ==, "pending");
      if (g_str_equal (destination, "SS"))
        n_open_embargo += open_hit (request, "embargo") != NULL;
    }
  g_assert_cmpuint (n_open_embargo, ==, 1);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "list", "eucs", "--json", "--store", store, "--limit", "5000",
                                      NULL), ==, 0);
  g_assert_nonnull (strstr (out, "DVC overdue"));
  g_clear_pointer (&out, g_free);
  /* The showcase licence's shipment: its DVC is due. */
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "list", "licences", "--json", "--store", store, "--limit", "5000",
                                      NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"dvc\" : \"Expected by "));
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open (store, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM euc WHERE dvc_received_on IS NOT NULL", -1, &stmt,
                                         NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  assert_audit_intact (store);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  int status;

  dir = g_dir_make_tmp ("ld-test-admin-euc-after-XXXXXX", NULL);
  data_home = g_build_filename (dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  ld_test_install_list (dir);
  g_test_add_func ("/admin-euc-after/consent", test_consent);
  g_test_add_func ("/admin-euc-after/consent-screening", test_consent_screening);
  g_test_add_func ("/admin-euc-after/consent-unscreened", test_consent_unscreened);
  g_test_add_func ("/admin-euc-after/list-pages", test_list_pages);
  g_test_add_func ("/admin-euc-after/licence-dvc", test_licence_dvc);
  g_test_add_func ("/admin-euc-after/demo", test_demo);
  status = g_test_run ();
  ld_test_remove_tree (dir);
  g_free (dir);
  return status;
}
