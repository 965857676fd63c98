/* SPDX-License-Identifier: GPL-3.0-or-later */
/* licence-desk-admin print, signing-key and verify-qr, as an administrator
 * and the issuance desk use them: a registered broker's certificate, the
 * refusal notice of a case refused through the workflow, a licence from its
 * document, and a customs officer's check of the QR payload. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "ld-documents.h"
#include "ld-test-admin.h"
#include "ld-test-checklist.h"
#include "ld-test-list.h"

static char *dir;

static char *
path_in (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

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

static char *
new_store (const char *name)
{
  static const char *people[][3] = {
    { "admin", "Amina Diallo", "admin" }, { "clerk", "Jonas Berg", "clerk" }, { "maria", "María Fernández", "officer" },
    { "liwei", "Li Wei", "senior" }, { "desk", "Ana Costa", "issuance" },
  };
  char *store = path_in (name);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--create", "--store", store, "--login", people[i][0], "--name",
                                        people[i][1], "--role", people[i][2], i ? "--as" : NULL, "admin", NULL), ==, 0);
  return store;
}

static void
test_signing_key_and_licence (void)
{
  g_autofree char *key_file = path_in ("office/signing-key");
  g_autofree char *public_file = path_in ("office.pub");
  g_autofree char *pdf = path_in ("licence.pdf");
  g_autofree char *json = g_test_build_filename (G_TEST_DIST, "unit", "fixtures", "licence.json", NULL);
  g_autofree char *out = NULL, *err = NULL, *text = NULL;
  g_autoptr(LdSigningKey) key = NULL;
  g_autofree char *payload = NULL, *altered = NULL;
  g_autofree char *truncated = NULL;
  LdQrData data = { "EXP-L-2026-000123", "export", "2026-03-01", "2027-02-28", "I23dmVZIi9e2TVRd75298g", NULL };

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "signing-key", "generate", "--key-file", key_file, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "readable by you alone"));
  /* Made once: a second key would orphan the licences already printed. */
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "signing-key", "generate", "--key-file", key_file, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already exists"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "signing-key", "export", "--key-file", key_file, "--output", public_file,
                                      NULL), ==, 0);

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "print", "licence", "--json", json, "--key-file", key_file,
                                      "--output", pdf, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Wrote"));
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "EXP-L-2026-000123"));
  g_assert_nonnull (strstr (text, "北京军械进出口有限公司"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "print", "licence", "--key-file", key_file, "--output", pdf, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--json"));

  /* A customs officer's check with the exported public key. */
  key = ld_signing_key_load (key_file, NULL);
  g_assert_nonnull (key);
  payload = ld_qr_payload_sign (&data, key, NULL);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "verify-qr", payload, "--key", public_file, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Genuine"));
  g_assert_nonnull (strstr (out, "2027-02-28"));
  altered = g_strdup (payload);
  memcpy (strstr (altered, "2027-02-28"), "2029", 4);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "verify-qr", altered, "--key", public_file, "--json", NULL), ==, 1);
  g_assert_nonnull (strstr (out, "\"verdict\" : \"altered\""));
  g_assert_nonnull (strstr (out, "2029-02-28"));
  truncated = g_strndup (payload, strlen (payload) - 10);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "verify-qr", truncated, "--key", public_file, NULL), ==, 1);
  g_assert_nonnull (strstr (out, "Damaged"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "verify-qr", payload, "--key", "/nonexistent.pub", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "public key could not be read"));
}

static char *
register_broker (const char *store)
{
  g_autofree char *csv = path_in ("broker.csv");
  g_autofree char *out = NULL;
  const char *id;

  g_assert_true (g_file_set_contents (csv,
    "legal_name,other_names,legal_form,company_number,tax_number,country,registered_address,business_sites,"
    "records_address,activities,declares_convictions,declares_indictments,declares_denials,declaration_details\n"
    "Ἑρμῆς Brokerage Α.Ε.,Хермес Брокеридж,SA,GR-0042,EL094512345,GR,\"Odos Athinas 1, Athens\",,"
    "Odos Athinas 1,\"negotiating,transport\",no,no,no,\n", -1, NULL));
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "broker", "import", "--store", store, "--as", "clerk", "--csv", csv,
                                      NULL), ==, 0);
  id = strstr (strstr (out, "Row 1 "), "draft ") + 6;
  {
    g_autofree char *broker = g_strndup (id, 36);

    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "add-person", broker, "--store", store, "--as", "clerk",
                                        "--role", "official", "--name", "王芳", "--nationality", "CN",
                                        "--doc-type", "passport", "--doc-number", "E12345678", NULL), ==, 0);
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "submit", broker, "--store", store, "--as", "clerk", NULL),
                     ==, 0);
    return g_steal_pointer (&broker);
  }
}

static void
test_certificate (void)
{
  g_autofree char *store = new_store ("brokers.sqlite");
  g_autofree char *broker = register_broker (store);
  g_autofree char *pdf = path_in ("certificate.pdf");
  g_autofree char *err = NULL, *text = NULL;

  /* Not registered yet: no certificate. */
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "print", "certificate", broker, "--store", store, "--as", "desk",
                                      "--output", pdf, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not registered"));
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "register", broker, "--store", store, "--as", "liwei",
                                      "--date", "2026-03-01", "--reason", "Registered on paper in March, recorded late", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "print", "certificate", "BR-2026-00001", "--store", store, "--as", "desk",
                                      "--output", pdf, "--paper", "letter", NULL), ==, 0);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Broker registration certificate"));
  g_assert_nonnull (strstr (text, "BR-2026-00001"));
  g_assert_nonnull (strstr (text, "Ἑρμῆς Brokerage Α.Ε."));
  g_assert_nonnull (strstr (text, "Хермес Брокеридж"));
  g_assert_nonnull (strstr (text, "王芳"));
  g_assert_nonnull (strstr (text, "2031-02-28"));
  g_assert_null (strstr (text, "COPY"));
  /* A reprint says so; an unwritable path and a bad paper size are refused. */
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "print", "certificate", "BR-2026-00001", "--store", store, "--as", "desk",
                                      "--output", pdf, "--copy", NULL), ==, 0);
  g_free (text);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "COPY"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "print", "certificate", "BR-2026-00001", "--store", store, "--as", "desk",
                                      "--output", "/nonexistent-folder/c.pdf", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "could not be written"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "print", "certificate", "BR-2026-00001", "--store", store, "--as", "desk",
                                      "--output", pdf, "--paper", "a3", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "a4 or letter"));
}

static void
test_refusal_notice (void)
{
  g_autofree char *store = new_store ("cases.sqlite");
  const LdTestCase c = { "DE", "AO", "Polícia Nacional de Angola", "police", "AO" };
  g_autofree char *file = ld_test_write_case (dir, "case.json", &c);
  /* A small list from the repository: this end user is on no list. */
  g_autofree char *list = g_test_build_filename (G_TEST_DIST, "screening", "fixtures", "quirks.xml", NULL);
  g_autofree char *ref = ld_test_submit_case (store, file, NULL);
  g_autofree char *pdf = path_in ("refusal.pdf");
  g_autofree char *err = NULL, *text = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, &err, "print", "refusal", ref, "--store", store, "--as", "desk", "--output", pdf,
                                      NULL), ==, 1);
  g_assert_nonnull (strstr (err, "not refused"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "assess", ref, "--store", store, "--as", "maria", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "case-screen", "run", ref, "--list", list, "--store", store, "--as", "maria",
                                      NULL), ==, 0);
  g_free (ld_test_checklist_complete (store, ref, "maria"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "recommend", ref, "--rationale", "The assessment holds.", "--decision", "refusal", "--store", store,
                                      "--as", "maria", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "refuse", ref, "--criteria", "ATT-11,EU-7", "--rationale",
                                      "Diversion risk: the quantities exceed the end user's stated needs", "--store", store,
                                      "--as", "liwei", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "print", "refusal", ref, "--store", store, "--as", "desk", "--output", pdf,
                                      NULL), ==, 0);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Notice of refusal"));
  g_assert_nonnull (strstr (text, ref));
  g_assert_nonnull (strstr (text, "ATT-11"));
  g_assert_nonnull (strstr (text, "EU-7"));
  g_assert_nonnull (strstr (text, "Diversion risk: the quantities exceed"));
  g_assert_nonnull (strstr (text, "Nordvik Arms AB"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "print", "refusal", "EXP-1999-0000001", "--store", store, "--as", "desk",
                                      "--output", pdf, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "EXP-1999-0000001"));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *command = NULL;
  g_autofree char *data_home = NULL;
  int status;

  dir = g_dir_make_tmp ("ld-test-admin-print-XXXXXX", NULL);
  data_home = g_build_filename (dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("LD_ADMIN"));
  g_test_add_func ("/admin/print/signing-key-and-licence", test_signing_key_and_licence);
  g_test_add_func ("/admin/print/certificate", test_certificate);
  g_test_add_func ("/admin/print/refusal-notice", test_refusal_notice);
  status = g_test_run ();
  command = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (command), ==, 0);
  return status;
}
