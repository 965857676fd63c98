/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The end-use certificate register through licence-desk-admin on real SQLite
 * stores: an officer registers a certificate, links it to an application and
 * records its verification; a second application is refused and the attempt
 * kept; a senior officer may allow it with a reason; bad input is refused
 * with a sentence and writes nothing; the audit chain stays intact. */
#include "config.h"

#include "ld-test-admin.h"

#include <string.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "ld-test-util.h"

static char *dir;

static char *
new_store (const char *name)
{
  static const char *people[][3] = {
    { "admin", "Amina Diallo", "admin" }, { "maria", "María Fernández", "officer" },
    { "olena", "Olena Kovalenko", "senior" }, { "kofi", "Kofi Mensah", "clerk" },
  };
  char *store = g_build_filename (dir, name, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--create", "--store", store, "--login", people[i][0],
                                        "--name", people[i][1], "--role", people[i][2], i ? "--as" : NULL, "admin",
                                        NULL), ==, 0);
  return store;
}

static char *
query_text (const char *store,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (store, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* Equal before and after means nothing was written. */
static char *
written_counts (const char *store)
{
  return query_text (store, "SELECT (SELECT count(*) FROM euc) || '/' || (SELECT total(row_version) FROM euc) || '/' ||"
                            " (SELECT count(*) FROM euc_verification_event) || '/' || (SELECT count(*) FROM euc_link)"
                            " || '/' || (SELECT count(*) FROM euc_reuse_attempt) || '/' ||"
                            " (SELECT count(*) FROM attachment) || '/' || (SELECT count(*) FROM audit_log) || '/' ||"
                            " (SELECT count(*) FROM outbox)");
}

static void
assert_audit_intact (const char *store)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "audit", "verify", "--store", store, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "intact"));
}

/* Imports a draft application and returns its reference. */
static char *
add_application (const char *store,
                 guint       n)
{
  g_autofree char *file = g_strdup_printf ("%s/case-%u.json", dir, n);

  g_assert_true (g_file_set_contents (file,
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"destination\":\"KE\"},"
    "\"euc_reference\":\"EUC/KE/2026/0042\",\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\","
    "\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"}],"
    "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles\",\"quantity\":600}]}", -1, NULL));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "import", "--json", file, "--store", store, "--as",
                                      "maria", NULL), ==, 0);
  /* the one just imported: the newest */
  return query_text (store, "SELECT reference FROM application ORDER BY rowid DESC LIMIT 1");
}

static int
add_euc (const char  *store,
         const char  *as,
         const char  *issued_on,
         const char  *expires_on,
         const char  *country,
         char       **err)
{
  return ld_test_run_admin (NULL, err, "euc", "add", "--store", store, "--as", as,
                            "--certificate-number", "EUC/KE/2026/0042", "--issuing-country", "KE",
                            "--issuing-authority", "Ministry of Interior", "--signatory", "P. Otieno",
                            "--issued-on", issued_on, "--expires-on", expires_on, "--destination-country", country,
                            "--end-user-name", "National Police Service", "--quantity", "600",
                            "--undertakes-no-reexport", "--original-seen", NULL);
}

static void
test_story (void)
{
  g_autofree char *store = new_store ("story.sqlite");
  g_autofree char *first = add_application (store, 0);
  g_autofree char *second = add_application (store, 1);
  g_autofree char *out = NULL, *err = NULL, *before = NULL, *after = NULL;
  g_autofree char *unknown = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;

  /* Before the certificate is registered, both references are listed for a clerk. */
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "unresolved", "--store", store, "--as", "kofi", NULL), ==, 0);
  unknown = g_strdup_printf ("%-18s %-24s End-use certificate EUC/KE/2026/0042 is not in the register", first,
                             "EUC/KE/2026/0042");
  g_assert_nonnull (strstr (out, unknown));
  g_assert_nonnull (strstr (out, ": 2\n"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (add_euc (store, "maria", "2026-01-10", "2027-01-10", "KE", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "link", "EUC/KE/2026/0042", "--application", first,
                                      "--store", store, "--as", "maria", NULL), ==, 0);
  g_assert_nonnull (strstr (out, first));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "verify", "EUC/KE/2026/0042", "--status", "confirmed",
                                      "--how", "Letter to the embassy", "--on", "2026-02-01",
                                      "--store", store, "--as", "maria", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Confirmed with the issuing authority"));
  g_clear_pointer (&out, g_free);

  /* A second application: refused, and the attempt is kept. */
  before = written_counts (store);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "euc", "link", "EUC/KE/2026/0042", "--application", second,
                                      "--store", store, "--as", "maria", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already covers application"));
  g_assert_nonnull (strstr (err, "The attempt has been recorded"));
  after = written_counts (store);
  g_assert_cmpstr (after, !=, before);

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "show", "EUC/KE/2026/0042", "--json", "--store", store,
                                      "--as", "maria", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  o = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (o, "verification_status"), ==, "confirmed");
  g_assert_cmpstr (json_object_get_string_member (o, "linked_application"), ==, first);
  g_assert_cmpstr (json_object_get_string_member (o, "issuing_authority"), ==, "Ministry of Interior");
  g_assert_cmpint (json_object_get_int_member (o, "quantity"), ==, 600);
  g_assert_true (json_object_get_boolean_member (o, "reused"));
  g_assert_true (json_object_get_boolean_member (o, "original_seen"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "reuse_attempts")), ==, 1);
  {
    /* The history's records carry their members under their documented names. */
    JsonObject *attempt = json_array_get_object_element (json_object_get_array_member (o, "reuse_attempts"), 0);
    JsonObject *check = json_array_get_object_element (json_object_get_array_member (o, "verifications"), 0);
    JsonObject *link = json_array_get_object_element (json_object_get_array_member (o, "links"), 0);

    g_assert_cmpstr (json_object_get_string_member (attempt, "application"), ==, second);
    g_assert_cmpstr (json_object_get_string_member (attempt, "outcome"), ==, "refused");
    g_assert_cmpstr (json_object_get_string_member (attempt, "attempted_by"), ==, "maria");
    g_assert_cmpstr (json_object_get_string_member (check, "method"), ==, "Letter to the embassy");
    g_assert_cmpstr (json_object_get_string_member (check, "verified_on"), ==, "2026-02-01");
    g_assert_cmpstr (json_object_get_string_member (link, "application"), ==, first);
    g_assert_cmpstr (json_object_get_string_member (link, "linked_by"), ==, "maria");
    g_assert_true (json_object_get_null_member (link, "voided_at"));
  }
  {
    /* The application has 600 rifles and no end user; the certificate was reused. */
    JsonArray *findings = json_object_get_array_member (o, "findings");
    static const char *codes[] = { "reused", "end_user" };

    g_assert_cmpuint (json_array_get_length (findings), ==, G_N_ELEMENTS (codes));
    for (guint i = 0; i < G_N_ELEMENTS (codes); i++)
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (findings, i), "code"), ==,
                       codes[i]);
  }
  g_clear_pointer (&out, g_free);

  /* A senior officer with a reason may link it; the text form shows both. */
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "euc", "link", "EUC/KE/2026/0042", "--application", second,
                                      "--reason", "Corrected re-submission", "--store", store, "--as", "olena",
                                      NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "show", "EUC/KE/2026/0042", "--store", store,
                                      "--as", "maria", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "REUSE refused"));
  g_assert_nonnull (strstr (out, "REUSE allowed"));
  g_assert_nonnull (strstr (out, "Corrected re-submission"));
  g_assert_nonnull (strstr (out, "FINDING end_user: The application names no end user"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "list", "--store", store, "--as", "maria", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "1 certificates"));
  g_clear_pointer (&out, g_free);
  /* Both applications are linked now: nothing is left to resolve. */
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "unresolved", "--store", store, "--as", "kofi", NULL), ==, 0);
  g_assert_nonnull (strstr (out, ": 0\n"));
  g_clear_pointer (&out, g_free);

  /* Voided, it stays in the register, listed with --all, and takes no more acts. */
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "void", "EUC/KE/2026/0042", "--reason", "Registered twice",
                                      "--store", store, "--as", "maria", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "list", "--store", store, "--as", "maria", NULL), ==, 0);
  g_assert_nonnull (strstr (out, ": 0 certificates"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "list", "--all", "--store", store, "--as", "maria", NULL), ==,
                   0);
  g_assert_nonnull (strstr (out, "(voided)"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "euc", "verify", "EUC/KE/2026/0042", "--status", "confirmed",
                                      "--how", "x", "--store", store, "--as", "maria", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "was voided on"));
  assert_audit_intact (store);
}

/* Each bad input: its sentence, and nothing written. */
static void
test_bad_input (void)
{
  g_autofree char *store = new_store ("bad.sqlite");
  g_autofree char *application = add_application (store, 0);
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *before = NULL;
  static const struct { const char *verb; const char *message; } expected[] = {
    { "issued-after-expiry", "Expiry date is not after the date of issue" },
    { "future", "Date of issue is in the future" },
    { "country", "Final destination “QQ” is not an ISO 3166 country code" },
    { "clerk", "who may not record transfer applications" },
    { "duplicate", "is already registered" },
    { "status", "--status must be unverified, confirmed, doubtful, forged or withdrawn" },
    { "how", "How it was verified is required" },
    { "unknown", "No end-use certificate “EUC/XX/1” is registered" },
    { "application", "No application “EXP-404” is recorded" },
    { "void", "Why the certificate is voided (--reason) is required" },
    { "scan", "notes.txt is not an image or a PDF" },
  };

  g_assert_true (g_file_set_contents (text, "hello\n", -1, NULL));
  g_assert_cmpint (add_euc (store, "maria", "2026-01-10", "2027-01-10", "KE", NULL), ==, 0);
  before = written_counts (store);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const char *verb = expected[i].verb;
      g_autofree char *err = NULL, *after = NULL;
      int status;

      if (g_str_equal (verb, "issued-after-expiry"))
        status = add_euc (store, "maria", "2026-01-10", "2026-01-09", "KE", &err);
      else if (g_str_equal (verb, "future"))
        status = add_euc (store, "maria", "2100-01-10", "2101-01-09", "KE", &err);
      else if (g_str_equal (verb, "country"))
        status = add_euc (store, "maria", "2026-01-10", "2027-01-09", "QQ", &err);
      else if (g_str_equal (verb, "clerk"))
        status = add_euc (store, "kofi", "2026-01-10", "2027-01-09", "KE", &err);
      else if (g_str_equal (verb, "duplicate"))
        status = add_euc (store, "maria", "2026-01-10", "2027-01-10", "KE", &err);
      else if (g_str_equal (verb, "status"))
        status = ld_test_run_admin (NULL, &err, "euc", "verify", "EUC/KE/2026/0042", "--status", "genuine", "--how",
                                    "x", "--store", store, "--as", "maria", NULL);
      else if (g_str_equal (verb, "how"))
        status = ld_test_run_admin (NULL, &err, "euc", "verify", "EUC/KE/2026/0042", "--status", "confirmed",
                                    "--store", store, "--as", "maria", NULL);
      else if (g_str_equal (verb, "unknown"))
        status = ld_test_run_admin (NULL, &err, "euc", "link", "EUC/XX/1", "--application", application,
                                    "--store", store, "--as", "maria", NULL);
      else if (g_str_equal (verb, "application"))
        status = ld_test_run_admin (NULL, &err, "euc", "link", "EUC/KE/2026/0042", "--application", "EXP-404",
                                    "--store", store, "--as", "maria", NULL);
      else if (g_str_equal (verb, "void"))
        status = ld_test_run_admin (NULL, &err, "euc", "void", "EUC/KE/2026/0042", "--store", store, "--as", "maria",
                                    NULL);
      else
        status = ld_test_run_admin (NULL, &err, "euc", "add", "--store", store, "--as", "maria",
                                    "--certificate-number", "EUC/KE/2026/0099", "--issuing-country", "KE",
                                    "--issued-on", "2026-01-10", "--destination-country", "KE",
                                    "--end-user-name", "Police", "--scan", text, NULL);
      g_assert_cmpint (status, !=, 0);
      if (strstr (err, expected[i].message) == NULL)
        g_error ("%s: %s", verb, err);
      after = written_counts (store);
      g_assert_cmpstr (after, ==, before);
    }
  assert_audit_intact (store);
}

/* After shipment: a DVC expected and not come by its day is a finding; once
 * received (with its scan) it is not; bad dates write nothing. */
static void
test_dvc (void)
{
  g_autofree char *store = new_store ("dvc.sqlite");
  g_autofree char *out = NULL, *err = NULL, *before = NULL, *after = NULL;
  g_autofree char *pdf = g_build_filename (dir, "dvc.pdf", NULL);

  g_assert_true (g_file_set_contents (pdf, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n%%EOF\n", -1, NULL));
  g_assert_cmpint (add_euc (store, "maria", "2026-01-10", "2027-01-10", "KE", NULL), ==, 0);
  before = written_counts (store);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "euc", "dvc", "EUC/KE/2026/0042", "--store", store, "--as", "maria",
                                      NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Give the day the delivery verification certificate is expected by"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "euc", "dvc", "EUC/KE/2026/0042", "--received-on", "2100-01-01",
                                      "--store", store, "--as", "maria", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "DVC received on is in the future"));
  after = written_counts (store);
  g_assert_cmpstr (after, ==, before);

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "euc", "dvc", "EUC/KE/2026/0042", "--expected-by", "2026-03-01",
                                      "--store", store, "--as", "maria", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "show", "EUC/KE/2026/0042", "--store", store, "--as", "maria",
                                      NULL), ==, 0);
  g_assert_nonnull (strstr (out, "FINDING dvc_overdue: The delivery verification certificate expected by 2026-03-01 "
                                 "has not been received."));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "euc", "dvc", "EUC/KE/2026/0042", "--received-on", "2026-03-05",
                                      "--scan", pdf, "--store", store, "--as", "maria", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "show", "EUC/KE/2026/0042", "--store", store, "--as", "maria",
                                      NULL), ==, 0);
  g_assert_null (strstr (out, "dvc_overdue"));
  g_assert_nonnull (strstr (out, "dvc_received_on            2026-03-05"));
  g_assert_nonnull (strstr (out, "scan dvc.pdf (application/pdf)"));
  assert_audit_intact (store);
}

/* Issuing authorities: where the office lists a state's authorities, another
 * is refused; a signatory not in office on the date of issue is a finding. */
static void
test_authorities (void)
{
  g_autofree char *store = new_store ("authorities.sqlite");
  g_autofree char *out = NULL, *err = NULL, *before = NULL, *after = NULL;

  g_autofree char *letter = g_build_filename (dir, "specimen.txt", NULL);
  g_autofree char *pdf = g_build_filename (dir, "specimen.pdf", NULL);

  g_assert_true (g_file_set_contents (letter, "a letter\n", -1, NULL));
  g_assert_true (g_file_set_contents (pdf, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n", -1,
                                      NULL));
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "euc", "authority-add", "--country", "KE", "--name",
                                      "Ministry of Interior", "--specimen", letter, "--store", store, "--as", "admin",
                                      NULL), ==, 1);
  g_assert_nonnull (strstr (err, "specimen.txt is not an image or a PDF"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "euc", "authority-add", "--country", "KE", "--name",
                                      "Ministry of Interior", "--specimen", pdf, "--store", store, "--as", "admin",
                                      NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "euc", "signatory-add", "--country", "KE", "--authority",
                                      "ministry of interior", "--name", "P. Otieno", "--from", "2024-01-01",
                                      "--until", "2025-06-30", "--store", store, "--as", "admin", NULL), ==, 0);
  before = written_counts (store);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "euc", "authority-add", "--country", "KE", "--name", "Other",
                                      "--store", store, "--as", "maria", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "may not manage reference data"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "euc", "signatory-add", "--country", "KE", "--authority",
                                      "Ministry of Interior", "--name", "J. Doe", "--from", "2025-01-01",
                                      "--until", "2024-01-01", "--store", store, "--as", "admin", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "In office until is before In office from"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "euc", "add", "--store", store, "--as", "maria",
                                      "--certificate-number", "EUC/KE/1", "--issuing-country", "KE",
                                      "--issuing-authority", "Ministry of Defence", "--issued-on", "2026-01-10",
                                      "--destination-country", "KE", "--end-user-name", "Police", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "“Ministry of Defence” is not a known issuing authority of KE"));
  after = written_counts (store);
  g_assert_cmpstr (after, ==, before);

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "euc", "add", "--store", store, "--as", "maria",
                                      "--certificate-number", "EUC/KE/1", "--issuing-country", "KE",
                                      "--issuing-authority", "Ministry of Interior", "--signatory", "P. Otieno",
                                      "--issued-on", "2026-01-10", "--destination-country", "KE",
                                      "--end-user-name", "Police", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "show", "EUC/KE/1", "--store", store, "--as", "maria",
                                      NULL), ==, 0);
  g_assert_nonnull (strstr (out, "FINDING signatory_not_in_office: P. Otieno was not in office on the date of issue "
                                 "2026-01-10 (in office 2024-01-01 to 2025-06-30)."));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "euc", "authorities", "--json", "--store", store, "--as", "maria",
                                      NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"P. Otieno\""));
  g_assert_nonnull (strstr (out, "\"specimens\" : 1"));
  assert_audit_intact (store);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("ld-test-admin-euc-XXXXXX", NULL);
  g_test_add_func ("/admin-euc/story", test_story);
  g_test_add_func ("/admin-euc/bad-input", test_bad_input);
  g_test_add_func ("/admin-euc/authorities", test_authorities);
  g_test_add_func ("/admin-euc/dvc", test_dvc);
  status = g_test_run ();
  ld_test_remove_tree (dir);
  g_free (dir);
  return status;
}
