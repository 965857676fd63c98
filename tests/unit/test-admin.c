/* SPDX-License-Identifier: GPL-3.0-or-later */
/* licence-desk-admin, run as an administrator would run it. */
#include "config.h"

#include "ld-test-admin.h"
#include "ld-test-checklist.h"
#include "ld-test-store.h"
#include "ld-test-util.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

static char *dir;


static char *
store_path (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
test_help (void)
{
  static const char *commands[] = { "application", "audit", "backup", "demo", "list", "user" };
  g_autofree char *out = NULL;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "--help", NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *help = NULL;

      g_assert_nonnull (strstr (out, commands[i]));
      g_assert_cmpint (ld_test_run_admin (&help, NULL, commands[i], "--help", NULL), ==, 0);
      g_assert_nonnull (strstr (help, "--store"));
    }
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "frobnicate", NULL), ==, 2);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, NULL), ==, 2);
}

static gint64
audit_entries_in (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count(*) FROM audit_log", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return n;
}

static void
test_demo_list_and_verify (void)
{
  g_autofree char *path = store_path ("demo.sqlite");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *result;
  gint64 entries;

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "demo", "--create", "--store", path, "--scale", "500", "--quiet", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "audit", "verify", "--store", path, "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  result = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (result, "intact"));
  /* Every entry verified and authenticated: as many as the log holds, and at
   * least one per generated record and profile (brokers' people and
   * authorisations come on top, as the random draws give them). */
  entries = audit_entries_in (path);
  g_assert_cmpint (entries, >=, 500 + 8);
  g_assert_cmpint (json_object_get_int_member (result, "entries_verified"), ==, entries);
  g_assert_cmpint (json_object_get_int_member (result, "entries_authenticated"), ==, entries);
  g_assert_true (json_object_get_boolean_member (result, "authenticated"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "list", "brokers", "--store", path, "--json", "--limit", "5", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  result = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (result, "total"), ==, 20);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "rows")), ==, 5);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (ld_test_run_admin (&out, &err, "list", "ships", "--store", path, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "brokers, applications, eucs or licences"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "user", "list", "--store", path, "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 8);
}

static void
test_tampered_audit_named (void)
{
  g_autofree char *path = store_path ("tamper.sqlite");
  g_autofree char *out = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "demo", "--create", "--store", path, "--scale", "30", "--quiet", NULL), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit_log SET after_json = replace(after_json, '\"', '''')"
                                     " WHERE seq = 17", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "audit", "verify", "--store", path, NULL), ==, 3);
  g_assert_nonnull (strstr (out, "entry 17 "));
  g_assert_nonnull (strstr (out, "NOT intact"));
}

static void
test_bad_store_paths (void)
{
  g_autofree char *text_file = store_path ("notes.txt");
  g_autofree char *missing = store_path ("nowhere/store.sqlite");
  g_autofree char *err = NULL;

  g_assert_true (g_file_set_contents (text_file, "not a database", -1, NULL));
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "audit", "verify", "--store", text_file, NULL), ==, 1);
  g_assert_nonnull (strstr (err, text_file));
  g_assert_nonnull (strstr (err, "not an SQLite database"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "demo", "--create", "--store", missing, "--scale", "1", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "does not exist"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "demo", "--scale", "-4", "--store", text_file, NULL), ==, 2);
}

static void
test_user_add (void)
{
  g_autofree char *path = store_path ("users.sqlite");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "user", "add", "--create", "--store", path, "--login", "amina", "--name", "Amina Diallo",
                              "--role", "admin", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Administrator"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", path, "--login", "kwame", "--name", "Kwame Mensah",
                              "--role", "senior", "--as", "amina", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "user", "add", "--store", path, "--as", "kwame", "--login", "x",
                              "--name", "X", "--role", "clerk", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "may not manage user profiles"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "user", "add", "--store", path, "--login", "y", "--name", "Y",
                              "--role", "emperor", "--as", "amina", NULL), ==, 2);
}

/* An export case: three parties, two transit countries, two item lines and
 * 5,000 serial numbers. */
static char *
write_export_case (const char *name,
                   const char *serial_prefix)
{
  g_autofree char *path = store_path (name);
  g_autoptr(GString) json = g_string_new (
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"transit\":[\"DE\",\"EG\"],"
    "\"destination\":\"KE\"},\"end_use\":\"Police service weapons\",\"euc_reference\":\"EUC/KE/2026/0042\","
    "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"},"
    "{\"role\":\"consignee\",\"type\":\"government\",\"name\":\"Ministry of Interior\",\"country\":\"KE\"},"
    "{\"role\":\"end_user\",\"type\":\"police\",\"name\":\"National Police Service\",\"country\":\"KE\"}],"
    "\"items\":[");

  for (guint line = 0; line < 2; line++)
    {
      g_string_append_printf (json, "%s{\"category\":\"%s\",\"description\":\"Line %u\",\"quantity\":2500,"
                              "\"unit_value\":\"900.00\",\"currency\":\"EUR\",\"serials\":[",
                              line ? "," : "", line ? "revolvers_pistols" : "rifles_carbines", line + 1);
      for (guint i = 0; i < 2500; i++)
        g_string_append_printf (json, "%s\"%s%u-%05u\"", i ? "," : "", serial_prefix, line, i);
      g_string_append (json, "]}");
    }
  g_string_append (json, "]}");
  g_assert_true (g_file_set_contents (path, json->str, json->len, NULL));
  return g_steal_pointer (&path);
}

static JsonObject *
parse_object (JsonParser *parser,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_get_object (json_parser_get_root (parser));
}

static void
add_people (const char *path)
{
  static const char *people[][3] = {
    { "admin", "Amina Diallo", "admin" }, { "maria", "María Fernández", "officer" },
    { "olena", "Olena Kovalenko", "senior" }, { "liwei", "Li Wei", "senior" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--create", "--store", path, "--login", people[i][0],
                                "--name", people[i][1], "--role", people[i][2], i ? "--as" : NULL, "admin", NULL), ==, 0);
}

/* Screens a case against the real Consolidated List; these cases have no hits. */
static void
screen_case (const char *path,
             const char *ref,
             const char *login)
{
  g_autofree char *list = ld_test_un_list_path ();
  g_autofree char *out = NULL;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "case-screen", "run", ref, "--list", list, "--store", path,
                              "--as", login, NULL), ==, 0);
  g_assert_nonnull (strstr (out, " 0 open hits"));
}

static void
test_application_export_flow (void)
{
  g_autofree char *path = store_path ("applications.sqlite");
  g_autofree char *file = write_export_case ("export-case.json", "NV");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *ref = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  JsonArray *history;

  add_people (path);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "application", "import", "--json", file, "--store", path, "--as", "maria",
                              NULL), ==, 0);
  g_assert_nonnull (strstr (out, "with 5000 serial numbers"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "application", "list", "--store", path, "--json", "--status", "draft", NULL), ==, 0);
  o = parse_object (parser, out);
  g_assert_cmpint (json_object_get_int_member (o, "total"), ==, 1);
  o = json_array_get_object_element (json_object_get_array_member (o, "rows"), 0);
  g_assert_cmpint (json_object_get_int_member (o, "serials"), ==, 5000);
  ref = g_strdup (json_object_get_string_member (o, "reference"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "submit", ref, "--store", path, "--as", "maria", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "assess", ref, "--store", path, "--as", "maria", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "request-info", ref, "--store", path, "--as", "maria",
                              "--note", "Send the signed EUC original", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "answer-info", ref, "--store", path, "--as", "maria", NULL), ==, 0);
  /* Out of order: nothing to approve yet. */
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", "approve", ref, "--rationale", "The assessment holds.", "--store", path, "--as", "olena", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "cannot be given the step"));
  g_clear_pointer (&err, g_free);
  /* No list is installed here, so the submission was not screened, and an
   * unscreened case is not recommended. Screening it against the real list
   * lets the recommendation through. */
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", "recommend", ref, "--rationale", "The assessment holds.", "--decision", "approval", "--store", path,
                              "--as", "maria", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "has not been screened"));
  g_clear_pointer (&err, g_free);
  screen_case (path, ref, "maria");
  g_free (ld_test_checklist_complete (path, ref, "maria"));
  /* A recommendation says why, as in the window: without --rationale (or with
   * blanks only) it is refused, naming the option, and nothing changes. */
  {
    g_autofree char *before = ld_test_store_digest (path);
    g_autofree char *after = NULL;

    g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", "recommend", ref, "--decision", "approval",
                                        "--store", path, "--as", "maria", NULL), ==, 2);
    g_assert_nonnull (strstr (err, "recommend needs --rationale TEXT"));
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", "recommend", ref, "--decision", "approval",
                                        "--rationale", "  ", "--store", path, "--as", "maria", NULL), ==, 2);
    g_assert_nonnull (strstr (err, "--rationale"));
    g_clear_pointer (&err, g_free);
    after = ld_test_store_digest (path);
    g_assert_cmpstr (before, ==, after);
  }
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "recommend", ref, "--rationale", "The assessment holds.", "--decision", "approval", "--store", path,
                              "--as", "maria", NULL), ==, 0);
  /* The officer who recorded and assessed it may not approve it. */
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", "approve", ref, "--rationale", "The assessment holds.", "--store", path, "--as", "maria", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "may not decide"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", "approve", ref, "--store", path, "--as", "olena", NULL), ==, 2);
  g_assert_nonnull (strstr (err, "approve needs --rationale TEXT"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "application", "approve", ref, "--rationale", "Countersigned: the record holds.", "--store", path, "--as", "olena", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "is now approved"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "application", "show", ref, "--json", "--store", path, NULL), ==, 0);
  o = parse_object (parser, out);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "approved");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "parties")), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (
                     json_object_get_object_member (o, "route"), "transit"), 1), ==, "EG");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (
                     json_object_get_array_member (o, "items"), 1), "serial_count"), ==, 2500);
  history = json_object_get_array_member (o, "history");
  g_assert_cmpuint (json_array_get_length (history), ==, 7);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 6), "by"), ==, "olena");
  /* Each rationale is in the case's history. */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 5), "note"), ==,
                   "The assessment holds.");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (history, 6), "note"), ==,
                   "Countersigned: the record holds.");
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "audit", "verify", "--store", path, "--json", NULL), ==, 0);
  o = parse_object (parser, out);
  g_assert_true (json_object_get_boolean_member (o, "intact"));
}

static void
test_application_self_approval (void)
{
  g_autofree char *path = store_path ("self.sqlite");
  g_autofree char *file = write_export_case ("self-case.json", "SA");
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *ref;

  add_people (path);
  /* A senior officer records, submits, assesses and recommends a case... */
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "import", "--json", file, "--store", path, "--as", "olena",
                              NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "application", "list", "--json", "--store", path, NULL), ==, 0);
  ref = json_object_get_string_member (json_array_get_object_element (json_object_get_array_member (
          parse_object (parser, out), "rows"), 0), "reference");
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "submit", ref, "--store", path, "--as", "olena", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "assess", ref, "--store", path, "--as", "olena", NULL), ==, 0);
  screen_case (path, ref, "olena");
  g_free (ld_test_checklist_complete (path, ref, "olena"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "recommend", ref, "--rationale", "The assessment holds.", "--decision", "refusal", "--store", path,
                              "--as", "olena", NULL), ==, 0);
  /* ...and may not decide it herself. */
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", "refuse", ref, "--criteria", "ATT-11", "--rationale", "x",
                              "--store", path, "--as", "olena", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Olena Kovalenko assessed this case"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", "refuse", ref, "--store", path, "--as", "liwei", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "refusal criterion"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "refuse", ref, "--criteria", "ATT-11,EU-7", "--rationale",
                              "Diversion risk to armed groups", "--store", path, "--as", "liwei", NULL), ==, 0);
  /* The same serial numbers are free again once the case is closed. */
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "import", "--json", file, "--store", path, "--as", "maria",
                              NULL), ==, 0);
  /* ...but not while that second case is open. */
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", "import", "--json", file, "--store", path, "--as", "maria",
                              NULL), ==, 1);
  g_assert_nonnull (strstr (err, "is already in open case"));
}

static void
test_application_bad_input (void)
{
  g_autofree char *path = store_path ("bad.sqlite");
  g_autofree char *file = store_path ("bad.json");
  g_autofree char *serials = store_path ("serials.txt");
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;

  add_people (path);
  g_assert_true (g_file_set_contents (file, "{\"kind\":\"export\",\"items\":[{\"category\":\"ammunition\","
                                            "\"quantity\":-5}]}", -1, NULL));
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", "import", "--json", file, "--store", path, "--as", "maria",
                              NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Item line 1: quantity “-5” is not a whole number"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "application", "list", "--store", path, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "");
  g_clear_pointer (&out, g_free);

  g_assert_true (g_file_set_contents (file, "{\"kind\":\"import\",\"items\":[{\"category\":\"ammunition\","
                                            "\"description\":\"Rounds\",\"quantity\":5}]}", -1, NULL));
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "application", "import", "--json", file, "--store", path, "--as", "maria",
                              NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_true (g_file_set_contents (serials, "A-1\nA-2\nA 3?\nA-1\n", -1, NULL));
  g_assert_cmpint (ld_test_run_admin (&out, &err, "application", "add-serials", "IMP-", "--line", "1", "--file", serials,
                              "--store", path, "--as", "maria", NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "application", "list", "--json", "--store", path, NULL), ==, 0);
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    JsonObject *row = json_array_get_object_element (json_object_get_array_member (parse_object (parser, out), "rows"), 0);
    const char *ref = json_object_get_string_member (row, "reference");

    g_clear_pointer (&out, g_free);
    g_assert_cmpint (ld_test_run_admin (&out, &err, "application", "add-serials", ref, "--line", "1", "--file", serials,
                                "--store", path, "--as", "maria", NULL), ==, 1);
    g_assert_nonnull (strstr (out, "Line 3:"));
    g_assert_nonnull (strstr (out, "Line 4: serial number “A-1” repeats line 1."));
    g_assert_nonnull (strstr (err, "Nothing was saved"));
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (ld_test_run_admin (&out, NULL, "application", "add-serials", ref, "--line", "1", "--file", serials,
                                "--skip-bad", "--store", path, "--as", "maria", NULL), ==, 0);
    g_assert_nonnull (strstr (out, "now lists 2 serial numbers"));
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", "approve", ref, "--rationale", "The assessment holds.", "--store", path, "--as", "olena", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "cannot be given the step"));
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("LD_ADMIN"));
  dir = g_dir_make_tmp ("ld-test-admin-XXXXXX", NULL);

  g_test_add_func ("/admin/help", test_help);
  g_test_add_func ("/admin/demo-list-verify", test_demo_list_and_verify);
  g_test_add_func ("/admin/audit-tamper", test_tampered_audit_named);
  g_test_add_func ("/admin/bad-store-paths", test_bad_store_paths);
  g_test_add_func ("/admin/user-add", test_user_add);
  g_test_add_func ("/admin/application/export-flow", test_application_export_flow);
  g_test_add_func ("/admin/application/self-approval", test_application_self_approval);
  g_test_add_func ("/admin/application/bad-input", test_application_bad_input);

  status = g_test_run ();
  ld_test_remove_tree (dir);
  return status;
}
