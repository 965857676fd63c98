/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `licence-desk-admin broker`, run as an administrator would run it. */
#include "config.h"

#include "ld-test-admin.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

static char *dir;

static const char header[] =
  "legal_name,other_names,legal_form,company_number,tax_number,country,registered_address,business_sites,"
  "records_address,activities,declares_convictions,declares_indictments,declares_denials,declaration_details\n";


static char *
new_store (const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", path, "--login", "admin", "--name", "Admin",
                              "--role", "admin", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", path, "--login", "clerk", "--name", "Jonas Berg",
                              "--role", "clerk", "--as", "admin", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", path, "--login", "senior", "--name", "Li Wei",
                              "--role", "senior", "--as", "admin", NULL), ==, 0);
  return path;
}

static char *
write_file (const char *name,
            const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static gint64
count_brokers (const char *store)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "broker", "list", "--store", store, "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  return json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "total");
}

static JsonObject *
show_json (JsonParser *parser,
           const char *store,
           const char *number)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "broker", "show", number, "--store", store, "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  return json_node_get_object (json_parser_get_root (parser));
}

/* The id printed for the draft saved from data row @row. */
static char *
draft_id (const char *import_out,
          guint       row)
{
  g_autofree char *prefix = g_strdup_printf ("Row %u ", row);
  const char *line = strstr (import_out, prefix);
  const char *id;

  g_assert_nonnull (line);
  id = strstr (line, "draft ");
  g_assert_nonnull (id);
  return g_strndup (id + 6, 36);
}

static void
test_import_bad_rows (void)
{
  g_autofree char *store = new_store ("import.sqlite");
  g_autofree char *csv = NULL;
  g_autofree char *wrong = write_file ("wrong.csv", "name,country\nAtlas,GB\n");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GString) text = g_string_new (header);

  g_string_append (text, "\"Atlas Freight, Ltd\",,Ltd,0123,GB1,GB,\"1 Dock Rd\nLondon\",,1 Dock Rd,transport,no,no,no,\n");
  g_string_append (text, "Bad Country,,,,X2,XX,a,,a,transport,no,no,no,\n");
  g_string_append (text, "Short,row\n");
  g_string_append (text, "\"Unclosed,quote,,,,GB\n");
  g_string_append (text, "\xff\xfe" "Latin1 Name,,,,Z9,DE,a,,a,transport,no,no,no,\n");
  g_string_append (text, "Contradiction,,,,C1,FR,a,,a,transport,no,no,no,Refused by DE in 2019\n");
  g_string_append (text, "Новый «Арсенал»,,,,UA9,UA,Kyiv,,Kyiv,negotiating,no,no,yes,Refused by DE in 2019\n");
  g_string_append (text, "Arsenal Novyj LLC,,,,UA10,UA,Kyiv,,Kyiv,negotiating,no,no,no,\n");
  csv = write_file ("brokers.csv", text->str);

  g_assert_cmpint (ld_test_run_admin (&out, &err, "broker", "import", "--store", store, "--as", "clerk", "--csv", csv, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Row 2 (line 4) rejected: Country of incorporation or nationality “XX”"));
  g_assert_nonnull (strstr (err, "Row 3 (line 5) rejected: it has 2 columns"));
  g_assert_nonnull (strstr (err, "Row 4 (line 6) rejected: a quote opened on line 6"));
  g_assert_nonnull (strstr (err, "Row 5 (line 7) rejected: column legal_name is not UTF-8"));
  g_assert_nonnull (strstr (err, "Row 6 (line 8) rejected: Declaration details are given"));
  g_assert_nonnull (strstr (err, "Row 8 (line 10) rejected: This broker may already be registered as “Новый «Арсенал»”"));
  g_assert_nonnull (strstr (out, "Imported 2 brokers as drafts; rejected 6 rows."));
  g_assert_cmpint (count_brokers (store), ==, 2);

  /* A file with the wrong header imports nothing; a second import of the
   * same rows finds them all as duplicates. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "broker", "import", "--store", store, "--as", "clerk", "--csv", wrong, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "The first line must name the columns"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "import", "--store", store, "--as", "clerk", "--csv", csv, NULL), ==, 1);
  g_assert_cmpint (count_brokers (store), ==, 2);
  /* Nobody acts without --as; the administrator may not prepare broker files. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "broker", "import", "--store", store, "--csv", csv, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Say who acts"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "broker", "import", "--store", store, "--as", "admin", "--csv", csv,
                                      NULL), ==, 1);
  g_assert_nonnull (strstr (err, "may not"));
  g_assert_cmpint (count_brokers (store), ==, 2);
}

static void
test_lifecycle (void)
{
  g_autofree char *store = new_store ("lifecycle.sqlite");
  g_autofree char *csv = write_file ("one.csv", "name-ignored");
  g_autofree char *doc = write_file ("certificate.pdf", "%PDF-1.4 certificate of incorporation");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *id = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) text = g_string_new (header);
  JsonObject *o;

  g_string_append (text, "Kestrel Defence Systems,Kestrel DS,Ltd,KE-0042,P051234567X,KE,\"Moi Avenue 1, Nairobi\",,"
                         "Moi Avenue 1,\"negotiating,transport\",no,no,no,\n");
  g_free (csv);
  csv = write_file ("one.csv", text->str);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "broker", "import", "--store", store, "--as", "clerk", "--csv", csv, NULL), ==, 0);
  id = draft_id (out, 1);

  /* Not complete without the empowered official. */
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "broker", "submit", id, "--store", store, "--as", "clerk", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "empowered official"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "add-person", id, "--store", store, "--as", "clerk",
                              "--role", "official", "--name", "Wanjiru Kamau", "--nationality", "KE",
                              "--doc-type", "passport", "--doc-number", "AK123456", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "attach", id, "--store", store, "--as", "clerk",
                              "--file", doc, "--description", "Certificate", "--expires", "2030-01-01", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "broker", "attach", id, "--store", store, "--as", "clerk",
                              "--file", "/nonexistent/scan.pdf", NULL), ==, 1);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "submit", id, "--store", store, "--as", "clerk", NULL), ==, 0);

  /* A clerk may not grant; a senior officer does, and the number appears. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "broker", "register", id, "--store", store, "--as", "clerk",
                              "--date", "2026-03-01", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "may not decide broker registrations"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "broker", "register", id, "--store", store, "--as", "senior",
                              "--date", "2026-03-01", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "BR-2026-00001"));
  o = show_json (parser, store, "BR-2026-00001");
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "registered");
  g_assert_cmpstr (json_object_get_string_member (o, "valid_until"), ==, "2031-02-28");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "people")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "documents")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "history")), ==, 2);

  /* Authorised while registered; suspended, it is refused and the case is flagged. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "broker", "authorise", "BR-2026-00001", "--store", store, "--as", "senior",
                              "--activity", "negotiating", "--description", "Rifles to KE", "--application", "EXP-7",
                              "--from", "2026-03-02", "--until", "2026-09-01", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "BA-2026-00001"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "suspend", "BR-2026-00001", "--store", store, "--as", "senior",
                              NULL), ==, 1);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "suspend", "BR-2026-00001", "--store", store, "--as", "senior",
                              "--reason", "Under investigation", NULL), ==, 0);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "broker", "authorise", "BR-2026-00001", "--store", store, "--as", "senior",
                              "--activity", "transport", "--description", "Freight", "--from", "2026-03-02",
                              "--until", "2026-09-01", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Suspended, so it cannot be authorised"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "broker", "flagged", "--store", store, NULL), ==, 0);
  g_assert_cmpstr (out, ==, "EXP-7\tBR-2026-00001\tsuspended\n");
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "reinstate", "BR-2026-00001", "--store", store, "--as", "senior",
                              "--reason", "Cleared", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "revoke", "BR-2026-00001", "--store", store, "--as", "senior",
                              "--reason", "Conviction", NULL), ==, 0);
  o = show_json (parser, store, "BR-2026-00001");
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "revoked");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "history")), ==, 5);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "audit", "verify", "--store", store, NULL), ==, 0);
}

static void
test_export_round_trip (void)
{
  g_autofree char *store = new_store ("export.sqlite");
  g_autofree char *copy = new_store ("copy.sqlite");
  g_autofree char *csv = NULL;
  g_autofree char *exported = NULL;
  g_autofree char *exported_again = NULL;
  g_autofree char *again_path = NULL;
  g_autoptr(GString) text = g_string_new (header);

  g_string_append (text, "\"Quote \"\"Q\"\" Trading\",,,,Q1,FR,\"Line 1\nLine 2\",,a,transport,no,no,no,\n");
  g_string_append (text, "华北贸易有限公司,Huabei Maoyi,,,CN1,CN,北京,,北京,financing,yes,no,no,2018 indictment\n");
  g_string_append (text, "شركة النور للتجارة,,,,AE1,AE,Dubai,,Dubai,insurance,no,no,no,\n");
  csv = write_file ("export-in.csv", text->str);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "import", "--store", store, "--as", "clerk", "--csv", csv, NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (&exported, NULL, "broker", "export", "--store", store, NULL), ==, 0);
  g_assert_nonnull (strstr (exported, "\"Quote \"\"Q\"\" Trading\""));
  g_assert_nonnull (strstr (exported, "\"Line 1\nLine 2\""));

  again_path = write_file ("export-out.csv", exported);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "import", "--store", copy, "--as", "clerk", "--csv", again_path,
                              NULL), ==, 0);
  g_assert_cmpint (count_brokers (copy), ==, 3);
  g_assert_cmpint (ld_test_run_admin (&exported_again, NULL, "broker", "export", "--store", copy, NULL), ==, 0);
  g_assert_cmpstr (exported_again, ==, exported);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cmd = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("ld-test-admin-broker-XXXXXX", NULL);
  g_test_add_func ("/admin/broker/import-bad-rows", test_import_bad_rows);
  g_test_add_func ("/admin/broker/lifecycle", test_lifecycle);
  g_test_add_func ("/admin/broker/export-round-trip", test_export_round_trip);
  status = g_test_run ();
  cmd = g_strdup_printf ("rm -rf '%s'", dir);
  if (system (cmd) != 0)
    g_warning ("could not remove %s", dir);
  g_free (dir);
  return status;
}
