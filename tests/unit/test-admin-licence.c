/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Licences after the decision (issue 11), through licence-desk-admin as the
 * issuance desk and senior officers use it: issuance with the gate read again,
 * gapless numbers under two processes at once, shipments until the licence is
 * exhausted, and suspension, reinstatement and revocation. Every refused act
 * leaves the store exactly as it was. */
#define _GNU_SOURCE   /* memmem */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "ld-test-admin.h"
#include "ld-test-checklist.h"
#include "ld-test-store.h"
#include "ld-test-list.h"
#include "ld-test-util.h"

static char *dir;

static char *
new_store (const char *name)
{
  static const char *people[][3] = {
    { "admin", "Amina Diallo", "admin" }, { "maria", "María Fernández", "officer" },
    { "olena", "Olena Kovalenko", "senior" }, { "samir", "Samir Haddad", "issuance" },
  };
  char *path = g_build_filename (dir, name, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", path, "--login", people[i][0], "--name",
                                        people[i][1], "--role", people[i][2], i ? "--as" : "--create",
                                        i ? "admin" : NULL, NULL), ==, 0);
  return path;
}

/* An export of 10 rifles with three serial numbers, to the Kenya Police. */
static char *
write_case (const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  const char *json =
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"transit\":[\"DE\"],\"destination\":\"KE\"},"
    "\"end_use\":\"Police service weapons\",\"euc_reference\":\"EUC/7\","
    "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"},"
    "{\"role\":\"end_user\",\"type\":\"police\",\"name\":\"Kenya Police Service\",\"country\":\"KE\"}],"
    "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles\",\"quantity\":10,"
    "\"unit_value\":\"900.00\",\"currency\":\"EUR\",\"serials\":[\"NV-0001\",\"NV-0002\",\"NV-0003\"]}]}";

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
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

/* A case submitted (and screened), assessed, recommended; approved if asked. */
static char *
case_up_to (const char *store,
            gboolean    approve)
{
  g_autofree char *file = write_case ("case.json");
  char *ref = ld_test_submit_case (store, file, NULL);

  step (store, "maria", "assess", ref);
  step (store, "maria", "recommend", ref);
  if (approve)
    step (store, "olena", "approve", ref);
  return ref;
}

/* Runs a licence verb that must be refused with exit 1; returns what it
 * said. Nothing in the store changes. */
static char *
refused (const char *store,
         const char *first,
         ...)
{
  g_autofree char *before = ld_test_store_digest (store);
  g_autofree char *after = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  va_list ap;
  char *err = NULL;
  char *argv[24] = { NULL };

  va_start (ap, first);
  for (const char *a = first; a; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_assert_cmpuint (args->len, <=, 18);
  for (guint i = 0; i < args->len; i++)
    argv[i] = args->pdata[i];
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "licence", argv[0], argv[1], "--store", store, argv[2], argv[3],
                                      argv[4], argv[5], argv[6], argv[7], argv[8], argv[9], argv[10], argv[11],
                                      argv[12], argv[13], NULL), ==, 1);
  after = ld_test_store_digest (store);
  g_assert_cmpstr (before, ==, after);
  return err;
}

static JsonObject *
show (JsonParser *parser,
      const char *store,
      const char *number)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "licence", "show", number, "--store", store, "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

static gint64
remaining_on_line_1 (JsonObject *licence)
{
  JsonArray *lines = json_object_get_array_member (licence, "lines");

  return json_object_get_int_member (json_array_get_object_element (lines, 0), "remaining");
}

static char *
today_plus (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

static char *
expected_number (int n)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_strdup_printf ("LIC/EX/%04d/%06d", g_date_time_get_year (now), n);
}

static void
issue (const char *store,
       const char *ref)
{
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "licence", "issue", ref, "--store", store, "--as", "samir",
                                      "--condition", "no-reexport", "--write-condition", "Deliver to Nairobi only",
                                      NULL), ==, 0);
}

/* Only an approved case, only by the issuance desk or a senior officer,
 * only once; validity within policy; the licence links to its case. */
static void
test_issue (void)
{
  g_autofree char *store = new_store ("issue.sqlite");
  g_autofree char *ref = case_up_to (store, FALSE);
  g_autofree char *number = expected_number (1);
  g_autofree char *err = NULL;
  g_autofree char *too_long = today_plus (3 * 366 + 2);
  g_autofree char *default_until = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *licence;

  err = refused (store, "issue", ref, "--as", "samir", NULL);
  g_assert_nonnull (strstr (err, "only an approved case is issued as a licence"));
  g_clear_pointer (&err, g_free);
  step (store, "olena", "approve", ref);
  err = refused (store, "issue", ref, "--as", "maria", NULL);
  g_assert_nonnull (strstr (err, "may not issue licences"));
  g_clear_pointer (&err, g_free);
  err = refused (store, "issue", ref, "--as", "samir", "--valid-until", too_long, NULL);
  g_assert_nonnull (strstr (err, "at most 36 months"));
  g_clear_pointer (&err, g_free);
  err = refused (store, "issue", ref, "--as", "samir", "--condition", "no-such-condition", NULL);
  g_assert_nonnull (strstr (err, "not one of the office's licence conditions"));
  g_clear_pointer (&err, g_free);

  issue (store, ref);
  licence = show (parser, store, number);
  g_assert_cmpstr (json_object_get_string_member (licence, "application"), ==, ref);
  g_assert_cmpstr (json_object_get_string_member (licence, "status"), ==, "issued");
  g_assert_cmpstr (json_object_get_string_member (licence, "issued_by"), ==, "samir");
  g_assert_cmpint (remaining_on_line_1 (licence), ==, 10);
  g_assert_cmpint (json_object_get_int_member (licence, "serials"), ==, 3);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (licence, "conditions")), ==, 2);
  /* An export licence runs 24 months by default: its last day is the day before. */
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
    g_autoptr(GDateTime) later = g_date_time_add_months (now, 24);
    g_autoptr(GDateTime) last = g_date_time_add_days (later, -1);

    default_until = g_date_time_format (last, "%Y-%m-%d");
  }
  g_assert_cmpstr (json_object_get_string_member (licence, "valid_until"), ==, default_until);

  err = refused (store, "issue", ref, "--as", "olena", NULL);
  g_assert_nonnull (strstr (err, "was already issued as licence"));
  g_clear_pointer (&err, g_free);

  /* The holder hands it back: recorded by the issuance desk, with a reason. */
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "licence", "surrender", number, "--store", store, "--as", "samir",
                                      "--reason", "Contract cancelled by the end user", NULL), ==, 0);
  {
    g_autoptr(JsonParser) after = json_parser_new ();

    g_assert_cmpstr (json_object_get_string_member (show (after, store, number), "status"), ==, "surrendered");
  }
  err = refused (store, "ship", number, "--as", "maria", "--date", default_until, "--customs-reference", "CD-9",
                 "--line", "1:1", NULL);
  g_assert_nonnull (strstr (err, "surrendered"));
}

/* A party denied after the approval: the gate, read again, stops issuance. */
static void
test_gate_at_issuance (void)
{
  g_autofree char *store = new_store ("gate.sqlite");
  g_autofree char *ref = case_up_to (store, TRUE);
  g_autofree char *err = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "denial", "add", "--reference", "DEN-2026-0099", "--name",
                                      "Kenya Police Service", "--type", "police", "--country", "KE", "--denied-on",
                                      "2026-02-01", "--reason", "Diversion of rifles", "--source", "this office",
                                      "--store", store, "--as", "olena", NULL), ==, 0);
  err = refused (store, "issue", ref, "--as", "samir", NULL);
  g_assert_nonnull (strstr (err, "cannot be issued as a licence now"));
  g_assert_nonnull (strstr (err, "denial register"));
}

static int
ship (const char *store,
      const char *number,
      const char *reference,
      const char *line,
      const char *serials,
      char      **err)
{
  g_autofree char *day = today_plus (0);

  return ld_test_run_admin (NULL, err, "licence", "ship", number, "--store", store, "--as", "maria", "--date", day,
                            "--customs-reference", reference, "--line", line, serials ? "--serial" : NULL, serials,
                            NULL);
}

/* Tracing a marking written another way gives the whole chain: the case,
 * its parties and route, the licence and the shipment it left in. */
static void
assert_trace (const char *store,
              const char *serial,
              const char *ref,
              const char *number,
              const char *customs)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *chains;
  JsonObject *chain, *licence;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "trace", "--serial", serial, "--store", store, "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  chains = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "chains");
  g_assert_cmpuint (json_array_get_length (chains), ==, 1);
  chain = json_array_get_object_element (chains, 0);
  g_assert_cmpstr (json_object_get_string_member (chain, "application"), ==, ref);
  g_assert_cmpstr (json_object_get_string_member (chain, "euc_reference"), ==, "EUC/7");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (chain, "parties")), ==, 2);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (chain, "route")), ==, 4);
  licence = json_object_get_object_member (chain, "licence");
  g_assert_cmpstr (json_object_get_string_member (licence, "number"), ==, number);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (licence, "shipment"),
                                                  "customs_reference"), ==, customs);
}

/* Two shipments use the licence up; what would go wrong is refused. */
static void
test_ship_until_exhausted (void)
{
  g_autofree char *store = new_store ("ship.sqlite");
  g_autofree char *ref = case_up_to (store, TRUE);
  g_autofree char *number = expected_number (1);
  g_autofree char *today = today_plus (0);
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  JsonObject *licence;

  issue (store, ref);
  err = refused (store, "ship", number, "--as", "maria", "--date", "2020-01-01", "--customs-reference", "CD-0",
                 "--line", "1:1", NULL);
  g_assert_nonnull (strstr (err, "before licence"));
  g_clear_pointer (&err, g_free);
  err = refused (store, "ship", number, "--as", "maria", "--date", "2026-13-01", "--customs-reference", "CD-0",
                 "--line", "1:1", NULL);
  g_assert_nonnull (strstr (err, "YYYY-MM-DD"));
  g_clear_pointer (&err, g_free);
  err = refused (store, "ship", number, "--as", "maria", "--date", today, "--customs-reference", "CD-0", "--line",
                 "1:11", NULL);
  g_assert_nonnull (strstr (err, "has 10 left of 10"));
  g_clear_pointer (&err, g_free);
  err = refused (store, "ship", number, "--as", "maria", "--date", today, "--customs-reference", "CD-0", "--line",
                 "1:1", "--serial", "ZZ-404", NULL);
  g_assert_nonnull (strstr (err, "is not on licence"));
  g_clear_pointer (&err, g_free);

  /* Serial numbers as customs writes them: other case, other separators. */
  g_assert_cmpint (ship (store, number, "CD-1", "1:4", "nv0001,Nv/0002", NULL), ==, 0);
  licence = show (parser, store, number);
  g_assert_cmpstr (json_object_get_string_member (licence, "status"), ==, "partly_used");
  g_assert_cmpint (remaining_on_line_1 (licence), ==, 6);

  err = refused (store, "ship", number, "--as", "maria", "--date", today, "--customs-reference", "CD-1", "--line",
                 "1:1", NULL);
  g_assert_nonnull (strstr (err, "already recorded"));
  g_clear_pointer (&err, g_free);
  err = refused (store, "ship", number, "--as", "maria", "--date", today, "--customs-reference", "CD-2", "--line",
                 "1:6", "--serial", "NV-0001", NULL);
  g_assert_nonnull (strstr (err, "already shipped"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ship (store, number, "CD-2", "1:6", "NV-0003", NULL), ==, 0);
  licence = show (parser2, store, number);
  g_assert_cmpstr (json_object_get_string_member (licence, "status"), ==, "exhausted");
  g_assert_cmpint (remaining_on_line_1 (licence), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (licence, "shipments")), ==, 2);

  err = refused (store, "ship", number, "--as", "maria", "--date", today, "--customs-reference", "CD-3", "--line",
                 "1:1", NULL);
  g_assert_nonnull (strstr (err, "exhausted"));
  assert_trace (store, "nv/0002", ref, number, "CD-1");
  assert_trace (store, "NV 0003", ref, number, "CD-2");
}

static const char *
last_action (JsonObject *licence)
{
  JsonArray *history = json_object_get_array_member (licence, "history");

  return json_object_get_string_member (json_array_get_object_element (history, json_array_get_length (history) - 1),
                                        "action");
}

static void
test_suspend_reinstate_revoke (void)
{
  g_autofree char *store = new_store ("lifecycle.sqlite");
  g_autofree char *ref = case_up_to (store, TRUE);
  g_autofree char *number = expected_number (1);
  g_autofree char *today = today_plus (0);
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) p1 = json_parser_new ();
  g_autoptr(JsonParser) p2 = json_parser_new ();
  g_autoptr(JsonParser) p3 = json_parser_new ();
  JsonObject *licence;

  issue (store, ref);
  g_assert_cmpint (ship (store, number, "CD-1", "1:2", NULL, NULL), ==, 0);
  err = refused (store, "suspend", number, "--as", "olena", NULL);
  g_assert_nonnull (strstr (err, "Say why"));
  g_clear_pointer (&err, g_free);
  err = refused (store, "suspend", number, "--as", "samir", "--reason", "Risk", NULL);
  g_assert_nonnull (strstr (err, "may not suspend"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "licence", "suspend", number, "--store", store, "--as", "olena",
                                      "--reason", "End user under investigation", NULL), ==, 0);
  /* The shipments already made are shown for follow-up. */
  g_assert_nonnull (strstr (out, "CD-1"));
  licence = show (p1, store, number);
  g_assert_cmpstr (json_object_get_string_member (licence, "status"), ==, "suspended");
  err = refused (store, "ship", number, "--as", "maria", "--date", today, "--customs-reference", "CD-2", "--line",
                 "1:1", NULL);
  g_assert_nonnull (strstr (err, "suspended"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "licence", "reinstate", number, "--store", store, "--as", "olena",
                                      "--reason", "Investigation closed", NULL), ==, 0);
  licence = show (p2, store, number);
  g_assert_cmpstr (json_object_get_string_member (licence, "status"), ==, "partly_used");
  g_assert_cmpstr (last_action (licence), ==, "reinstate");
  g_assert_cmpint (ship (store, number, "CD-2", "1:1", NULL, NULL), ==, 0);

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "licence", "revoke", number, "--store", store, "--as", "olena",
                                      "--reason", "Diversion found", NULL), ==, 0);
  licence = show (p3, store, number);
  g_assert_cmpstr (json_object_get_string_member (licence, "status"), ==, "revoked");
  g_assert_cmpstr (last_action (licence), ==, "revoke");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (
                     json_object_get_array_member (licence, "history"), 5), "reason"), ==, "Diversion found");
  err = refused (store, "ship", number, "--as", "maria", "--date", today, "--customs-reference", "CD-3", "--line",
                 "1:1", NULL);
  g_assert_nonnull (strstr (err, "revoked"));
  g_clear_pointer (&err, g_free);
  err = refused (store, "reinstate", number, "--as", "olena", "--reason", "Try", NULL);
  g_assert_nonnull (strstr (err, "cannot be given"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "audit", "verify", "--store", store, NULL), ==, 0);
}

/* ---- two processes issuing at once ---- */

typedef struct
{
  const char  *store;
  GPtrArray   *refs;
  guint        first;
} Issuer;

static gpointer
issue_every_other (gpointer data)
{
  Issuer *issuer = data;

  for (guint i = issuer->first; i < issuer->refs->len; i += 2)
    if (ld_test_run_admin (NULL, NULL, "licence", "issue", issuer->refs->pdata[i], "--store", issuer->store, "--as",
                           issuer->first ? "samir" : "olena", NULL) != 0)
      return GINT_TO_POINTER (1);
  return NULL;
}

static void
test_concurrent_numbers (void)
{
  g_autofree char *store = new_store ("concurrent.sqlite");
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  Issuer a, b;
  GThread *ta, *tb;
  JsonArray *list;

  for (guint i = 0; i < 4; i++)
    g_ptr_array_add (refs, case_up_to (store, TRUE));
  a = (Issuer) { store, refs, 0 };
  b = (Issuer) { store, refs, 1 };
  /* Each thread runs its own licence-desk-admin processes: two at a time. */
  ta = g_thread_new ("issuer-a", issue_every_other, &a);
  tb = g_thread_new ("issuer-b", issue_every_other, &b);
  g_assert_null (g_thread_join (ta));
  g_assert_null (g_thread_join (tb));

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "licence", "list", "--store", store, "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  list = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (list), ==, 4);
  for (guint i = 0; i < 4; i++)
    g_hash_table_add (numbers, g_strdup (json_object_get_string_member (json_array_get_object_element (list, i),
                                                                        "number")));
  /* Unique, and exactly 1 to 4: no gap. */
  for (int n = 1; n <= 4; n++)
    {
      g_autofree char *expected = expected_number (n);

      g_assert_true (g_hash_table_contains (numbers, expected));
    }
}

/* What a PDF says, as pdftotext extracts it. */
static char *
pdf_text (const char *pdf)
{
  g_autofree char *out = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

/* The one PDF stored with a licence, written to @out_path; checks that it is
 * stored under the SHA-256 of its content. */
static void
stored_licence_pdf (const char *store,
                    const char *out_path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sum = NULL;

  g_assert_cmpint (sqlite3_open_v2 (store, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT b.sha256, b.content, a.media_type FROM attachment a"
                                           " JOIN attachment_blob b ON b.sha256 = a.sha256"
                                           " JOIN licence l ON l.id = a.record_id WHERE a.entity = 'licence'",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
  g_assert_cmpstr (sum, ==, (const char *) sqlite3_column_text (stmt, 0));
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 2), ==, "application/pdf");
  g_assert_true (g_file_set_contents (out_path, sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1), NULL));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);   /* one, the original */
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
xmp_element (GMarkupParseContext  *context,
             const char           *element,
             const char          **names,
             const char          **values,
             gpointer              user_data,
             GError              **error)
{
  *(guint *) user_data += 1;
}

/* What of PDF/A-2b can be checked with tools in Debian (there is no PDF/A
 * validator there, veraPDF is not packaged): the header, the document id,
 * no encryption, a well-formed XMP packet that claims PDF/A-2b, an sRGB
 * output intent with its profile, every font embedded, and qpdf's check of
 * the file's structure. */
static void
assert_pdfa_checks (const char *pdf)
{
  g_autofree char *raw = NULL;
  g_autofree char *trailer = NULL;
  g_autofree char *info = NULL;
  g_autofree char *fonts = NULL;
  g_autofree char *packet = NULL;
  gsize length = 0;
  const char *begin, *end;
  guint n_elements = 0;
  GMarkupParser parser = { xmp_element, NULL, NULL, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  const char *check[] = { "qpdf", "--check", pdf, NULL };
  const char *show[] = { "qpdf", "--show-object=trailer", pdf, NULL };
  const char *pdfinfo[] = { "pdfinfo", pdf, NULL };
  const char *pdffonts[] = { "pdffonts", pdf, NULL };
  int status = 0;

  g_assert_true (g_file_get_contents (pdf, &raw, &length, NULL));
  /* "%PDF-1.n" (n at most 7), then a comment of four bytes above 127. */
  g_assert_true (length > 16 && memcmp (raw, "%PDF-1.", 7) == 0 && raw[7] >= '0' && raw[7] <= '7' && raw[8] == '\n');
  g_assert_true (raw[9] == '%' && (guchar) raw[10] > 127 && (guchar) raw[11] > 127 && (guchar) raw[12] > 127 &&
                 (guchar) raw[13] > 127);
  g_assert_true (g_spawn_sync (NULL, (char **) check, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                               NULL, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_true (g_spawn_sync (NULL, (char **) show, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &trailer, NULL, &status,
                               NULL));
  g_assert_nonnull (strstr (trailer, "/ID ["));
  g_assert_true (g_spawn_sync (NULL, (char **) pdfinfo, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &info, NULL, &status,
                               NULL));
  g_assert_nonnull (strstr (info, "Encrypted:       no"));
  g_assert_nonnull (strstr (info, "Metadata Stream: yes"));
  g_assert_true (g_spawn_sync (NULL, (char **) pdffonts, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &fonts, NULL, &status,
                               NULL));
  {
    g_auto(GStrv) lines = g_strsplit (fonts, "\n", -1);
    guint n_fonts = 0;

    for (guint i = 2; lines[i] && *lines[i]; i++, n_fonts++)
      g_assert_nonnull (strstr (lines[i], " yes yes yes "));   /* embedded, subset, with a Unicode map */
    g_assert_cmpuint (n_fonts, >=, 1);
  }
  /* The XMP packet is stored uncompressed: it must be well-formed XML. */
  /* memmem: the file holds NUL bytes, where the str functions stop. */
  begin = memmem (raw, length, "<?xpacket begin", 15);
  g_assert_nonnull (begin);
  end = memmem (begin, length - (begin - raw), "<?xpacket end", 13);
  g_assert_nonnull (end);
  packet = g_strndup (begin, end - begin);
  g_assert_nonnull (strstr (packet, "<pdfaid:part>2</pdfaid:part>"));
  g_assert_nonnull (strstr (packet, "<pdfaid:conformance>B</pdfaid:conformance>"));
  context = g_markup_parse_context_new (&parser, 0, &n_elements, NULL);
  g_assert_true (g_markup_parse_context_parse (context, strchr (packet, '>') + 1, -1, NULL));
  g_assert_true (g_markup_parse_context_end_parse (context, NULL));
  g_assert_cmpuint (n_elements, >, 5);
  g_assert_nonnull (memmem (raw, length, "/GTS_PDFA1", 10));
  g_assert_nonnull (memmem (raw, length, "/DestOutputProfile", 18));
  g_assert_nonnull (memmem (raw, length, "sRGB", 4));
}

/* Issuance makes the licence's PDF and stores it with the licence; printing it
 * again from the store says COPY, and a revoked licence says so on paper. */
static void
test_issued_pdf (void)
{
  g_autofree char *store = new_store ("pdf.sqlite");
  g_autofree char *ref = case_up_to (store, TRUE);
  g_autofree char *number = expected_number (1);
  g_autofree char *key = g_build_filename (dir, "office-key", NULL);
  g_autofree char *original = g_build_filename (dir, "original.pdf", NULL);
  g_autofree char *reprint = g_build_filename (dir, "reprint.pdf", NULL);
  g_autofree char *revoked = g_build_filename (dir, "revoked.pdf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "signing-key", "generate", "--key-file", key, NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "licence", "issue", ref, "--store", store, "--as", "samir",
                                      "--write-condition", "Deliver to Nairobi only", "--key-file", key, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Stored its PDF as attachment"));
  stored_licence_pdf (store, original);
  text = pdf_text (original);
  g_assert_nonnull (strstr (text, number));
  g_assert_nonnull (strstr (text, "Nordvik Arms AB"));
  g_assert_nonnull (strstr (text, "Kenya Police Service"));
  g_assert_nonnull (strstr (text, "NV-0002"));
  g_assert_nonnull (strstr (text, "Deliver to Nairobi only"));
  /* Signed by the issuer's full name and role from their profile, not a login. */
  g_assert_nonnull (strstr (text, "Samir Haddad, Issuance desk"));
  g_assert_null (strstr (text, "COPY"));
  g_clear_pointer (&text, g_free);
  assert_pdfa_checks (original);

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "print", "licence", number, "--store", store, "--key-file", key,
                                      "--output", reprint, NULL), ==, 0);
  text = pdf_text (reprint);
  g_assert_nonnull (strstr (text, number));
  g_assert_nonnull (strstr (text, "Nordvik Arms AB"));
  g_assert_nonnull (strstr (text, "COPY"));
  g_assert_null (strstr (text, "REVOKED"));
  g_clear_pointer (&text, g_free);

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "licence", "revoke", number, "--store", store, "--as", "olena",
                                      "--reason", "Diverted shipment", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "print", "licence", number, "--store", store, "--key-file", key,
                                      "--output", revoked, NULL), ==, 0);
  text = pdf_text (revoked);
  g_assert_nonnull (strstr (text, "REVOKED"));
  g_assert_nonnull (strstr (text, "COPY"));
}

/* Without the office's signing key the licence is still issued, and the
 * issuer is told its PDF is missing. */
static void
test_issued_without_key (void)
{
  g_autofree char *store = new_store ("nokey.sqlite");
  g_autofree char *ref = case_up_to (store, TRUE);
  g_autofree char *key = g_build_filename (dir, "no-such-key", NULL);
  g_autofree char *err = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, &err, "licence", "issue", ref, "--store", store, "--as", "samir",
                                      "--key-file", key, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "is issued, but its PDF could not be stored with it"));
}

/* A shipment recorded by mistake is voided by a senior officer with a
 * reason: it stays on record, its quantities and serial numbers come back, its
 * customs reference may be recorded again; nobody else may void it. */
static void
test_void_shipment (void)
{
  g_autofree char *store = new_store ("void.sqlite");
  g_autofree char *ref = case_up_to (store, TRUE);
  g_autofree char *number = expected_number (1);
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonParser) parser2 = json_parser_new ();
  JsonObject *licence, *voided;
  JsonArray *history;

  issue (store, ref);
  g_assert_cmpint (ship (store, number, "CD-1", "1:10", "NV-0001", NULL), ==, 0);
  err = refused (store, "void-shipment", number, "--as", "maria", "--customs-reference", "CD-1", "--reason",
                 "Typed the wrong licence", NULL);
  g_assert_nonnull (strstr (err, "who may not"));
  g_clear_pointer (&err, g_free);
  err = refused (store, "void-shipment", number, "--as", "olena", "--customs-reference", "CD-1", "--reason", "  ",
                 NULL);
  g_assert_nonnull (strstr (err, "Say why the shipment was recorded by mistake"));
  g_clear_pointer (&err, g_free);
  err = refused (store, "void-shipment", number, "--as", "olena", "--customs-reference", "CD-404", "--reason",
                 "Wrong", NULL);
  g_assert_nonnull (strstr (err, "no shipment in force with customs reference “CD-404”"));
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "licence", "void-shipment", number, "--store", store, "--as", "olena",
                                      "--customs-reference", "CD-1", "--reason", "Recorded under the wrong licence",
                                      NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Voided shipment CD-1"));
  licence = show (parser, store, number);
  g_assert_cmpstr (json_object_get_string_member (licence, "status"), ==, "issued");
  g_assert_cmpint (remaining_on_line_1 (licence), ==, 10);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (licence, "shipments")), ==, 0);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (licence, "voided_shipments")), ==, 1);
  voided = json_array_get_object_element (json_object_get_array_member (licence, "voided_shipments"), 0);
  g_assert_cmpstr (json_object_get_string_member (voided, "customs_reference"), ==, "CD-1");
  g_assert_cmpstr (json_object_get_string_member (voided, "void_reason"), ==, "Recorded under the wrong licence");
  g_assert_cmpstr (json_object_get_string_member (voided, "voided_by"), ==, "olena");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (voided, "serials"), 0), ==, "NV-0001");
  history = json_object_get_array_member (licence, "history");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history,
                     json_array_get_length (history) - 1), "action"), ==, "void_shipment");
  /* Voiding twice finds nothing in force. */
  g_clear_pointer (&err, g_free);
  err = refused (store, "void-shipment", number, "--as", "olena", "--customs-reference", "CD-1", "--reason", "Again",
                 NULL);
  g_assert_nonnull (strstr (err, "no shipment in force"));

  /* The corrected declaration, same reference and serial, is recorded again. */
  g_assert_cmpint (ship (store, number, "CD-1", "1:3", "nv0001", NULL), ==, 0);
  licence = show (parser2, store, number);
  g_assert_cmpstr (json_object_get_string_member (licence, "status"), ==, "partly_used");
  g_assert_cmpint (remaining_on_line_1 (licence), ==, 7);
  assert_trace (store, "NV-0001", ref, number, "CD-1");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "audit", "verify", "--store", store, NULL), ==, 0);
}

/* A licence issued while the desk had no signing key gets its original PDF
 * later, once; the second attempt is refused. */
static void
test_archive_missing (void)
{
  g_autofree char *store = new_store ("archive.sqlite");
  g_autofree char *ref = case_up_to (store, TRUE);
  g_autofree char *number = expected_number (1);
  g_autofree char *missing = g_build_filename (dir, "no-key-yet", NULL);
  g_autofree char *key = g_build_filename (dir, "archive-key", NULL);
  g_autofree char *pdf = g_build_filename (dir, "archived.pdf", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "licence", "issue", ref, "--store", store, "--as", "samir",
                                      "--key-file", missing, NULL), ==, 0);
  err = refused (store, "archive", number, "--as", "samir", "--key-file", missing, NULL);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "signing-key", "generate", "--key-file", key, NULL), ==, 0);
  err = refused (store, "archive", number, "--as", "maria", "--key-file", key, NULL);
  g_assert_nonnull (strstr (err, "who may not"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "licence", "archive", number, "--store", store, "--as", "samir",
                                      "--key-file", key, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "original PDF as attachment"));
  stored_licence_pdf (store, pdf);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, number));
  g_assert_null (strstr (text, "COPY"));
  err = refused (store, "archive", number, "--as", "samir", "--key-file", key, NULL);
  g_assert_nonnull (strstr (err, "already stored"));
}

/* A tracing request may give the manufacturer's or the import marking rather
 * than the serial; the reply goes to the requesting state as CSV or PDF. */
static void
test_trace_by_marking (void)
{
  g_autofree char *store = new_store ("marking.sqlite");
  g_autofree char *file = g_build_filename (dir, "marked.json", NULL);
  g_autofree char *csv_path = g_build_filename (dir, "trace.csv", NULL);
  g_autofree char *pdf_path = g_build_filename (dir, "trace.pdf", NULL);
  g_autofree char *ref = NULL;
  g_autofree char *number = expected_number (1);
  g_autofree char *out = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *text = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root, *chain;
  const char *json =
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"destination\":\"KE\"},"
    "\"end_use\":\"=1+1 police use\",\"euc_reference\":\"EUC/8\","
    "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"},"
    "{\"role\":\"end_user\",\"type\":\"police\",\"name\":\"Kenya Police Service\",\"country\":\"KE\"}],"
    "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles\",\"quantity\":2,"
    "\"manufacturer_marking\":\"NORDVIK AB, Eskilstuna (SE)\",\"import_marking_country\":\"KE\","
    "\"import_marking_year\":2026,\"unit_value\":\"900.00\",\"currency\":\"EUR\","
    "\"serials\":[\"MK-0001\",\"MK-0002\"]}]}";

  g_assert_true (g_file_set_contents (file, json, -1, NULL));
  ref = ld_test_submit_case (store, file, NULL);
  step (store, "maria", "assess", ref);
  step (store, "maria", "recommend", ref);
  step (store, "olena", "approve", ref);
  issue (store, ref);
  g_assert_cmpint (ship (store, number, "CD-M1", "1:2", "MK-0001,MK-0002", NULL), ==, 0);

  /* The manufacturer's marking, written with other case and separators. */
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "trace", "--marking", "nordvik ab eskilstuna se", "--store", store,
                                      "--json", "--csv", csv_path, "--pdf", pdf_path, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (root, "chains")), ==, 1);
  chain = json_array_get_object_element (json_object_get_array_member (root, "chains"), 0);
  g_assert_cmpstr (json_object_get_string_member (chain, "matched_by"), ==, "manufacturer_marking");
  g_assert_cmpstr (json_object_get_string_member (chain, "application"), ==, ref);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (chain, "licence"), "number"), ==,
                   number);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  g_assert_true (g_str_has_prefix (csv, "serial,matched_by,application,"));
  g_assert_nonnull (strstr (csv, number));
  g_assert_nonnull (strstr (csv, "CD-M1"));
  g_assert_nonnull (strstr (csv, "NORDVIK AB, Eskilstuna (SE)"));
  /* Text that looks like a formula is never run as one by a spreadsheet. */
  g_assert_nonnull (strstr (csv, ",'=1+1 police use,"));
  g_assert_null (strstr (csv, ",=1+1"));
  text = pdf_text (pdf_path);
  g_assert_nonnull (strstr (text, "Reply to a tracing request"));
  g_assert_nonnull (strstr (text, number));
  g_assert_nonnull (strstr (text, "Nordvik Arms AB"));
  g_assert_nonnull (strstr (text, "CD-M1"));

  /* The import marking, country and year. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "trace", "--marking", "ke-2026", "--store", store, "--json", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "\"matched_by\" : \"import_marking\""));
  g_assert_nonnull (strstr (out, number));
  /* A serial through --marking too; --serial alone finds no line marking. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "trace", "--marking", "mk 0002", "--store", store, "--json", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "\"matched_by\" : \"serial\""));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "trace", "--serial", "ke2026", "--store", store, "--json", NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "\"chains\" : []"));
  /* An unwritable output says so. */
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "trace", "--marking", "ke2026", "--store", store, "--csv",
                                      "/nonexistent-dir/trace.csv", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "could not be written"));
}

/* The demo gives its generated licences serial numbers (millions at a large
 * scale), on the case and the licence, with markings; tracing finds them and
 * the audit log still holds. */
static void
test_demo_serials (void)
{
  g_autofree char *store = g_build_filename (dir, "demo-serials.sqlite", NULL);
  g_autofree char *out = NULL;
  g_autofree char *trace = NULL;
  g_autofree char *serial = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "demo", "--create", "--store", store, "--scale", "600", "--serials",
                                      "4000", "--quiet", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Gave the generated licences 4000 serial numbers"));
  g_assert_cmpint (sqlite3_open_v2 (store, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM licence_serial),"
                                           " (SELECT count(*) FROM application_serial WHERE serial LIKE 'DM%'),"
                                           " (SELECT serial FROM licence_serial ORDER BY id DESC LIMIT 1)",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 4000);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, 4000);
  serial = g_ascii_strdown ((const char *) sqlite3_column_text (stmt, 2), -1);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_strdelimit (serial, "-", '/');
  g_assert_cmpint (ld_test_run_admin (&trace, NULL, "trace", "--serial", serial, "--store", store, "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (trace, "\"number\" : \"LIC/"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "audit", "verify", "--store", store, NULL), ==, 0);
}

/* The issuance desk prints a day's licences at once: one PDF each, copies of
 * the stored originals; a day without licences or written wrong says so. */
static void
test_print_day (void)
{
  g_autofree char *store = new_store ("day.sqlite");
  g_autofree char *first = case_up_to (store, TRUE);
  g_autofree char *file = write_case ("case.json");
  g_autofree char *json = NULL;
  g_autofree char *second = NULL;
  g_autofree char *key = g_build_filename (dir, "day-key", NULL);
  g_autofree char *out_dir = g_build_filename (dir, "day-prints", NULL);
  g_autofree char *today = today_plus (0);
  g_autofree char *number1 = expected_number (1);
  g_autofree char *number2 = expected_number (2);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *text1 = NULL;
  g_autofree char *text2 = NULL;
  g_autofree char *pdf1 = NULL;
  g_autofree char *pdf2 = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "signing-key", "generate", "--key-file", key, NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "licence", "issue", first, "--store", store, "--as", "samir",
                                      "--key-file", key, NULL), ==, 0);
  /* A second case, other weapons, issued the same day. */
  g_assert_true (g_file_get_contents (file, &json, NULL, NULL));
  {
    g_auto(GStrv) parts = g_strsplit (json, "NV-", -1);
    g_autofree char *other = g_strjoinv ("NW-", parts);

    g_assert_true (g_file_set_contents (file, other, -1, NULL));
  }
  second = ld_test_submit_case (store, file, NULL);
  step (store, "maria", "assess", second);
  step (store, "maria", "recommend", second);
  step (store, "olena", "approve", second);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "licence", "issue", second, "--store", store, "--as", "samir",
                                      "--key-file", key, NULL), ==, 0);

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "print", "day", today, "--store", store, "--key-file", key,
                                      "--output-dir", out_dir, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Printed 2 licences"));
  pdf1 = g_strdup_printf ("%s/01-%s.pdf", out_dir, number1);
  pdf2 = g_strdup_printf ("%s/02-%s.pdf", out_dir, number2);
  g_strdelimit (pdf1 + strlen (out_dir) + 1, "/", '-');
  g_strdelimit (pdf2 + strlen (out_dir) + 1, "/", '-');
  text1 = pdf_text (pdf1);
  text2 = pdf_text (pdf2);
  g_assert_nonnull (strstr (text1, number1));
  g_assert_nonnull (strstr (text1, "NV-0001"));
  g_assert_nonnull (strstr (text1, "COPY"));
  g_assert_nonnull (strstr (text2, number2));
  g_assert_nonnull (strstr (text2, "NW-0001"));

  g_assert_cmpint (ld_test_run_admin (NULL, &err, "print", "day", "2001-01-01", "--store", store, "--key-file", key,
                                      "--output-dir", out_dir, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "No licence was issued through the desk on 2001-01-01"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "print", "day", "03/12/2026", "--store", store, "--key-file", key,
                                      "--output-dir", out_dir, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "YYYY-MM-DD"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "print", "day", today, "--store", store, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--output-dir"));
}

/* A licence ending within 30 days is flagged in the list, the page and JSON. */
static void
test_expiry_warning (void)
{
  g_autofree char *store = new_store ("expiring.sqlite");
  g_autofree char *ref = case_up_to (store, TRUE);
  g_autofree char *number = expected_number (1);
  g_autofree char *until = today_plus (10);
  g_autofree char *out = NULL;
  g_autofree char *list = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "licence", "issue", ref, "--store", store, "--as", "samir",
                                      "--valid-until", until, NULL), ==, 0);
  g_assert_cmpstr (json_object_get_string_member (show (parser, store, number), "warning"), ==, "expiring_soon");
  g_assert_cmpint (ld_test_run_admin (&list, NULL, "licence", "list", "--store", store, NULL), ==, 0);
  g_assert_nonnull (strstr (list, "Expires within 30 days"));
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "list", "licences", "--store", store, "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "expiring_soon"));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = NULL;
  int status;

  dir = g_dir_make_tmp ("ld-test-licence-XXXXXX", NULL);
  data_home = g_build_filename (dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("LD_ADMIN"));
  ld_test_install_list (dir);

  g_test_add_func ("/licence/issue", test_issue);
  g_test_add_func ("/licence/issued-pdf", test_issued_pdf);
  g_test_add_func ("/licence/issued-without-key", test_issued_without_key);
  g_test_add_func ("/licence/gate-at-issuance", test_gate_at_issuance);
  g_test_add_func ("/licence/ship-until-exhausted", test_ship_until_exhausted);
  g_test_add_func ("/licence/suspend-reinstate-revoke", test_suspend_reinstate_revoke);
  g_test_add_func ("/licence/concurrent-numbers", test_concurrent_numbers);
  g_test_add_func ("/licence-after/void-shipment", test_void_shipment);
  g_test_add_func ("/licence-after/archive-missing", test_archive_missing);
  g_test_add_func ("/licence-after/expiry-warning", test_expiry_warning);
  g_test_add_func ("/licence-after/trace-by-marking", test_trace_by_marking);
  g_test_add_func ("/licence-after/demo-serials", test_demo_serials);
  g_test_add_func ("/licence-after/print-day", test_print_day);
  status = g_test_run ();
  ld_test_remove_tree (dir);
  return status;
}
