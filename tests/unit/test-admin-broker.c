/* SPDX-License-Identifier: GPL-3.0-or-later */
/* `licence-desk-admin broker`, run as an administrator would run it. */
#include "config.h"

#include "ld-test-admin.h"
#include "ld-test-util.h"

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

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--create", "--store", path, "--login", "admin", "--name", "Admin",
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

/* 500 generated companies whose names differ only by their numbers, the way
 * a holding names its subsidiaries ("Alpha Freight 1", "Alpha Freight 11",
 * "Alpha Freight Numeral II"), import as 500 brokers; the real duplicates added
 * after them (another spelling, word order or legal form; the same tax number; a
 * Roman numeral written in digits) are still refused. */
static void
test_import_numbered_names (void)
{
  static const char *words[] = { "Alpha Freight", "Nordvik Arms", "Severnyy Arsenal", "Atlas Cargo", "Delta Depot",
                                 "Kestrel Logistics", "Orion Trading", "Sahara Supply", "Huabei Maoyi", "Baltic Defence" };
  static const char *roman[] = { "I", "II", "III", "XX", "XXX" };
  static const char *depots[] = { "1 12", "11 2", "1 1 2", "112", "11 12" };
  g_autofree char *store = new_store ("numbered.sqlite");
  g_autofree char *csv = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GString) text = g_string_new (header);
  guint row = 0;

  for (guint i = 0; i < 500; i++, row++)
    {
      const char *word = words[i % G_N_ELEMENTS (words)];
      guint n = i / G_N_ELEMENTS (words) + 1;

      /* The last 100 rows carry Roman numerals, and numbers that run
       * together differently ("1 12", "11 2", "112"). */
      if (i >= 400 && i < 450)
        g_string_append_printf (text, "%s Numeral %s Ltd,,Ltd,HRB %u,DE%09u,DE,1 Quay,,1 Quay,transport,no,no,no,\n",
                                word, roman[(i - 400) / 10], 7000 + i, 7000 + i);
      else if (i >= 450)
        g_string_append_printf (text, "%s Depot %s Ltd,,Ltd,HRB %u,DE%09u,DE,1 Quay,,1 Quay,transport,no,no,no,\n",
                                word, depots[(i - 450) / 10], 7000 + i, 7000 + i);
      else
        g_string_append_printf (text, "%s %u Ltd,,Ltd,HRB %u,DE%09u,DE,1 Quay,,1 Quay,transport,no,no,no,\n",
                                word, n, 1000 + i, 1000 + i);
    }
  g_string_append (text, "ALPHA FREIGHT 11 LIMITED,,,,,DE,1 Quay,,1 Quay,transport,no,no,no,\n");
  g_string_append (text, "Freight Alpha 22 GmbH,,GmbH,,,DE,1 Quay,,1 Quay,transport,no,no,no,\n");
  g_string_append (text, "Северный Арсенал 3,,,,,RU,Moscow,,Moscow,transport,no,no,no,\n");
  g_string_append (text, "Another Name,,,,DE 000 001 000,DE,1 Quay,,1 Quay,transport,no,no,no,\n");
  g_string_append (text, "Nordvik Arms Numeral 2 Limited,,,,,DE,1 Quay,,1 Quay,transport,no,no,no,\n");
  csv = write_file ("numbered.csv", text->str);

  g_assert_cmpint (ld_test_run_admin (&out, &err, "broker", "import", "--store", store, "--as", "clerk", "--csv", csv,
                                      NULL), ==, 1);
  g_assert_nonnull (strstr (out, "Imported 500 brokers as drafts; rejected 5 rows."));
  g_assert_nonnull (strstr (err, "Row 501 (line 502) rejected: This broker may already be registered as "
                                 "“Alpha Freight 11 Ltd”"));
  g_assert_nonnull (strstr (err, "Row 502 (line 503) rejected: This broker may already be registered as "
                                 "“Alpha Freight 22 Ltd”"));
  g_assert_nonnull (strstr (err, "Row 503 (line 504) rejected: This broker may already be registered as "
                                 "“Severnyy Arsenal 3 Ltd”"));
  g_assert_nonnull (strstr (err, "Row 504 (line 505) rejected: This broker may already be registered as "
                                 "“Alpha Freight 1 Ltd”"));
  /* A Roman numeral is the number it writes. */
  g_assert_nonnull (strstr (err, "Row 505 (line 506) rejected: This broker may already be registered as "
                                 "“Nordvik Arms Numeral II Ltd”"));
  g_assert_cmpint (count_brokers (store), ==, 500);
}

/* Today (UTC) moved by @days, as YYYY-MM-DD. */
static char *
from_today (int years,
            int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_full (now, years, 0, days, 0, 0, 0);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* A broker imported, given its official and submitted: ready for a decision. */
static char *
submitted_broker (const char *store,
                  const char *name,
                  const char *tax)
{
  g_autofree char *csv_name = g_strdup_printf ("%s.csv", tax);
  g_autofree char *row = g_strdup_printf ("%s%s,,,,%s,DE,1 Quay,,1 Quay,transport,no,no,no,\n", header, name, tax);
  g_autofree char *csv = write_file (csv_name, row);
  g_autofree char *out = NULL;
  char *id;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "broker", "import", "--store", store, "--as", "clerk", "--csv", csv,
                                      NULL), ==, 0);
  id = draft_id (out, 1);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "add-person", id, "--store", store, "--as", "clerk",
                                      "--role", "official", "--name", "Anna Vogel", "--nationality", "DE",
                                      "--doc-type", "passport", "--doc-number", "C01X00T47", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "submit", id, "--store", store, "--as", "clerk", NULL),
                   ==, 0);
  return id;
}

/* Issue 9: a registration back-dated to 2019 was accepted (and born
 * expired); now it needs a reason and a senior officer, and a refused act
 * changes nothing. An early renewal keeps the current period, so a deal inside
 * it is still authorised. */
static void
test_act_dates (void)
{
  g_autofree char *store = new_store ("dates.sqlite");
  g_autofree char *old = submitted_broker (store, "Orion Trading", "DE111");
  g_autofree char *fresh = submitted_broker (store, "Sahara Supply", "DE222");
  g_autofree char *today = from_today (0, 0);
  g_autofree char *in_a_month = from_today (0, 30);
  g_autofree char *next_week = from_today (0, 7);
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *expected_until = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *o;
  JsonArray *history;

  g_assert_cmpint (ld_test_run_admin (NULL, &err, "broker", "register", old, "--store", store, "--as", "senior",
                                      "--date", "2019-03-01", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "The date of the act, 2019-03-01, is "));
  g_assert_nonnull (strstr (err, "needs a written reason (why it is recorded late) and a senior licensing officer"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "broker", "register", old, "--store", store, "--as", "senior",
                                      "--date", next_week, "--reason", "Typed ahead", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "is after today"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "broker", "review", old, "--store", store, "--as", "clerk",
                                      "--date", "2019-02-01", "--reason", "Paper file", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "only a senior licensing officer may record an act dated more than 7 days back"));
  o = show_json (parser, store, old);
  g_assert_cmpstr (json_object_get_string_member (o, "status"), ==, "submitted");
  g_assert_true (json_object_get_null_member (o, "registration_number"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "periods")), ==, 0);

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "broker", "register", old, "--store", store, "--as", "senior",
                                      "--date", "2019-03-01", "--reason", "Granted on paper in 2019; recorded late",
                                      NULL), ==, 0);
  g_assert_nonnull (strstr (out, "BR-2019-00001"));
  o = show_json (parser, store, "BR-2019-00001");
  history = json_object_get_array_member (o, "history");
  o = json_array_get_object_element (history, json_array_get_length (history) - 1);
  g_assert_cmpstr (json_object_get_string_member (o, "effective_on"), ==, "2019-03-01");
  g_assert_cmpstr (json_object_get_string_member (o, "reason"), ==, "Granted on paper in 2019; recorded late");

  /* Granted today, renewed early: still valid from today, until ten years on. */
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "register", fresh, "--store", store, "--as", "senior",
                                      NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "renew", fresh, "--store", store, "--as", "senior",
                                      NULL), ==, 0);
  o = show_json (parser, store, fresh);
  expected_until = from_today (10, -1);
  g_assert_cmpstr (json_object_get_string_member (o, "valid_from"), ==, today);
  g_assert_cmpstr (json_object_get_string_member (o, "valid_until"), ==, expected_until);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (o, "periods")), ==, 2);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "broker", "authorise", fresh, "--store", store, "--as", "senior",
                                      "--activity", "negotiating", "--description", "Rifles to KE",
                                      "--application", "EXP-2026-000001", "--from", today, "--until", in_a_month,
                                      NULL), ==, 0);
  g_assert_nonnull (strstr (out, "granted"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "audit", "verify", "--store", store, NULL), ==, 0);
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
                              "--date", "2026-03-01", "--reason", "Granted on paper; recorded late", NULL), ==, 0);
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
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("ld-test-admin-broker-XXXXXX", NULL);
  g_test_add_func ("/admin/broker/import-bad-rows", test_import_bad_rows);
  g_test_add_func ("/admin/broker/import-numbered-names", test_import_numbered_names);
  g_test_add_func ("/admin/broker/lifecycle", test_lifecycle);
  g_test_add_func ("/admin/broker/act-dates", test_act_dates);
  g_test_add_func ("/admin/broker/export-round-trip", test_export_round_trip);
  status = g_test_run ();
  ld_test_remove_tree (dir);
  g_free (dir);
  return status;
}
