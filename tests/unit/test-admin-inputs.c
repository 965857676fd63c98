/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Hostile and careless input through `licence-desk-admin`, as an office would
 * meet it: JSON nested too deep, members of the wrong type, a 1 MB name, NUL
 * bytes and control characters, in `application import --json` and
 * `broker import --csv`. Each is refused with a sentence naming the field, and
 * nothing is stored. The length limits are the same in both. */
#include "config.h"

#include "ld-test-admin.h"

#include <string.h>
#include <json-glib/json-glib.h>

static char *dir;

static const char csv_header[] =
  "legal_name,other_names,legal_form,company_number,tax_number,country,registered_address,business_sites,"
  "records_address,activities,declares_convictions,declares_indictments,declares_denials,declaration_details\n";

static char *
new_store (const char *name)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--create", "--store", path, "--login", "admin", "--name",
                                      "Amina Diallo", "--role", "admin", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", path, "--login", "maria", "--name",
                                      "María Fernández", "--role", "officer", "--as", "admin", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", path, "--login", "clerk", "--name",
                                      "Jonas Berg", "--role", "clerk", "--as", "admin", NULL), ==, 0);
  return path;
}

static char *
write_bytes (const char *name,
             const char *bytes,
             gssize      length)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, bytes, length, NULL));
  return path;
}

static gint64
count_rows (const char *store,
            const char *what)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "list", what, "--store", store, "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  return json_object_get_int_member (json_node_get_object (json_parser_get_root (parser)), "total");
}

/* An export case whose first party is named @party_name (already JSON). */
static char *
case_json (const char *party_name_json)
{
  return g_strdup_printf ("{\"kind\":\"export\",\"route\":{\"destination\":\"KE\"},"
                          "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":%s,"
                          "\"country\":\"SE\"}],\"items\":[{\"category\":\"ammunition\",\"description\":\"Rounds\","
                          "\"quantity\":5}]}", party_name_json);
}

/* Imports @bytes as an application file; it must be refused with @expected
 * on standard error (not a crash), and the store must hold no application. */
static void
refuse_json (const char *store,
             const char *bytes,
             gssize      length,
             const char *expected)
{
  g_autofree char *file = write_bytes ("case.json", bytes, length);
  g_autofree char *err = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", "import", "--json", file, "--store", store,
                                      "--as", "maria", NULL), ==, 1);
  g_test_message ("expected “%s” in: %s", expected, err);
  g_assert_nonnull (strstr (err, expected));
  g_assert_cmpint (count_rows (store, "applications"), ==, 0);
}

static void
test_json_depth (void)
{
  g_autofree char *store = new_store ("depth.sqlite");
  g_autoptr(GString) deep = g_string_new ("{\"parties\":");

  /* 80,000 levels overflowed json-glib's stack: the import crashed. */
  for (guint i = 0; i < 80000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 80000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  refuse_json (store, deep->str, deep->len, "Line 1: lists and objects are nested more than 16 deep");

  /* Brackets inside a string are text, not nesting. */
  {
    g_autofree char *name = g_strdup_printf ("\"%s\"", "[[[[[[[[[[[[[[[[[[[[ Arms AB");
    g_autofree char *json = case_json (name);
    g_autofree char *file = write_bytes ("brackets.json", json, -1);

    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "import", "--json", file, "--store", store,
                                        "--as", "maria", NULL), ==, 0);
    g_assert_cmpint (count_rows (store, "applications"), ==, 1);
  }
}

static void
test_json_types (void)
{
  g_autofree char *store = new_store ("types.sqlite");
  g_autofree char *number_name = case_json ("42");

  /* This imported a case with no parties. */
  refuse_json (store, "{\"kind\":\"export\",\"parties\":\"Nordvik\"}", -1,
               "“parties” must be a list ([…]), not text");
  refuse_json (store, "{\"kind\":\"export\",\"parties\":[\"Nordvik\"]}", -1,
               "“parties, entry 1” must be an object ({…}), not text");
  refuse_json (store, "{\"kind\":\"export\",\"parties\":[{\"role\":\"applicant\",\"name\":[\"Nordvik\"]}]}", -1,
               "“name” of party 1 must be text, not a list ([…])");
  refuse_json (store, "{\"kind\":\"export\",\"temporary\":\"yes\"}", -1, "“temporary” must be true or false, not text");
  refuse_json (store, "{\"kind\":\"export\",\"route\":[\"KE\"]}", -1, "“route” must be an object ({…}), not a list");
  refuse_json (store, "{\"kind\":\"export\",\"route\":{\"transit\":[{\"code\":\"DE\"}]}}", -1,
               "“transit, entry 1” of “route” must be text, not an object");
  refuse_json (store, "{\"kind\":\"export\",\"items\":[{\"category\":\"ammunition\",\"quantity\":5,"
                      "\"serials\":[\"A-1\",true]}]}", -1,
               "“serials, entry 2” of item line 1 must be text, not true or false");
  refuse_json (store, "[1,2]", -1, "The application is not a JSON object");
  /* A number where text is expected is read as its digits, as before. */
  {
    g_autofree char *file = write_bytes ("number.json", number_name, -1);

    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "import", "--json", file, "--store", store,
                                        "--as", "maria", NULL), ==, 0);
  }
}

static void
test_json_text (void)
{
  g_autofree char *store = new_store ("text.sqlite");
  g_autoptr(GString) huge = g_string_new ("\"");
  g_autofree char *huge_case = NULL;
  g_autofree char *nul_case = case_json ("\"Nordvik\\u0000 Arms AB (listed)\"");
  g_autofree char *bell_case = case_json ("\"Nordvik\\u0007 Arms AB\"");
  g_autofree char *break_case = case_json ("\"Nordvik\\nArms AB\"");
  g_autofree char *raw_nul = case_json ("\"Nordvik Arms AB\"");
  gsize raw_length = strlen (raw_nul);

  /* A 1 MB party name imported, then blocked the case forever. */
  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (huge, 'A');
  g_string_append_c (huge, '"');
  huge_case = case_json (huge->str);
  refuse_json (store, huge_case, -1, "Party 1: name is 1048576 characters long; it may have at most 500");
  /* A NUL cut the name short silently: "Nordvik" was stored, "(listed)" lost. */
  refuse_json (store, nul_case, -1, "in “name”: the text holds \\u0000 (the NUL character)");
  refuse_json (store, bell_case, -1, "Party 1: name holds a control character (U+0007)");
  refuse_json (store, break_case, -1, "Party 1: name holds a line break");
  /* A raw NUL byte ended the text json-glib saw: what followed it was
   * dropped without a word. */
  {
    g_autoptr(GString) bytes = g_string_new_len (raw_nul, raw_length);

    g_string_append_len (bytes, "\0{\"kind\":\"import\"}", 18);
    refuse_json (store, bytes->str, bytes->len, "Line 1: the file holds a NUL byte");
  }
}

/* The same limit for a name in JSON and in CSV: 500 characters pass, 501 do not. */
static void
test_same_limits (void)
{
  g_autofree char *store = new_store ("limits.sqlite");
  g_autofree char *name_500 = g_strnfill (500, 'B');
  g_autofree char *name_501 = g_strnfill (501, 'B');
  g_autofree char *json_500_name = g_strdup_printf ("\"%s\"", name_500);
  g_autofree char *json_501_name = g_strdup_printf ("\"%s\"", name_501);
  g_autofree char *json_500 = case_json (json_500_name);
  g_autofree char *json_501 = case_json (json_501_name);
  g_autofree char *csv_text = g_strdup_printf ("%s%s,,,,T500,DE,1 Quay,,1 Quay,transport,no,no,no,\n"
                                               "%s,,,,T501,DE,1 Quay,,1 Quay,transport,no,no,no,\n",
                                               csv_header, name_500, name_501);
  g_autofree char *csv = write_bytes ("limits.csv", csv_text, -1);
  g_autofree char *file = write_bytes ("limit-500.json", json_500, -1);
  g_autofree char *err = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "import", "--json", file, "--store", store,
                                      "--as", "maria", NULL), ==, 0);
  g_clear_pointer (&file, g_free);
  file = write_bytes ("limit-501.json", json_501, -1);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", "import", "--json", file, "--store", store,
                                      "--as", "maria", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Party 1: name is 501 characters long; it may have at most 500."));
  g_assert_cmpint (count_rows (store, "applications"), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "broker", "import", "--store", store, "--as", "clerk", "--csv", csv,
                                      NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Row 2 (line 3) rejected: Legal name is 501 characters long; it may have at most "
                                 "500."));
  g_assert_cmpint (count_rows (store, "brokers"), ==, 1);
}

static void
test_csv_text (void)
{
  g_autofree char *store = new_store ("csv.sqlite");
  g_autoptr(GString) text = g_string_new (csv_header);
  g_autoptr(GString) huge = g_string_sized_new (1024 * 1024);
  g_autofree char *csv = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;

  for (guint i = 0; i < 1024 * 1024; i++)
    g_string_append_c (huge, 'A');
  /* A raw NUL cut "Nordvik Arms AB" to "Nordvik" and imported it. */
  g_string_append_len (text, "Nordvik\0 Arms AB,,,,N1,SE,Kungsgatan 1,,Kungsgatan 1,transport,no,no,no,\n", 73);
  g_string_append (text, "Bell\a Trading,,,,B1,SE,Kungsgatan 1,,Kungsgatan 1,transport,no,no,no,\n");
  g_string_append_printf (text, "%s,,,,H1,SE,Kungsgatan 1,,Kungsgatan 1,transport,no,no,no,\n", huge->str);
  g_string_append (text, "\"Two\nLines AB\",,,,L1,SE,Kungsgatan 1,,Kungsgatan 1,transport,no,no,no,\n");
  g_string_append (text, "Quiet Trading,,,,Q1\x1b,SE,Kungsgatan 1,,Kungsgatan 1,transport,no,no,no,\n");
  csv = write_bytes ("brokers.csv", text->str, text->len);

  g_assert_cmpint (ld_test_run_admin (&out, &err, "broker", "import", "--store", store, "--as", "clerk", "--csv", csv,
                                      NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Row 1 (line 2) rejected: column 1 on line 2 holds a NUL byte"));
  g_assert_nonnull (strstr (err, "Row 2 (line 3) rejected: Legal name holds a control character (U+0007)"));
  g_assert_nonnull (strstr (err, "Row 3 (line 4) rejected: Legal name is 1048576 characters long; it may have at "
                                 "most 500."));
  g_assert_nonnull (strstr (err, "Row 4 (line 5) rejected: Legal name holds a line break"));
  g_assert_nonnull (strstr (err, "Row 5 (line 7) rejected: Tax number holds a control character (U+001B)"));
  g_assert_nonnull (strstr (out, "Imported 0 brokers as drafts; rejected 5 rows."));
  g_assert_cmpint (count_rows (store, "brokers"), ==, 0);
}

/* The embargo table import reads JSON the same careful way. */
static void
test_embargo_depth (void)
{
  g_autofree char *store = new_store ("embargo.sqlite");
  g_autoptr(GString) deep = g_string_new ("{\"embargoes\":");
  g_autofree char *file = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *err = NULL;

  for (guint i = 0; i < 80000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 80000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  file = write_bytes ("deep-embargo.json", deep->str, deep->len);
  g_assert_cmpint (ld_test_run_admin (&before, NULL, "embargo", "list", "--json", "--store", store, NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "embargo", "import", file, "--store", store, "--as", "admin", NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "Line 1: lists and objects are nested more than 16 deep"));
  g_assert_cmpint (ld_test_run_admin (&after, NULL, "embargo", "list", "--json", "--store", store, NULL), ==, 0);
  g_assert_cmpstr (after, ==, before);
}

/* Profiles and denials take text by the same table: a name one character over
 * the limit and a control character are refused, and nothing is stored. */
static void
test_other_registers (void)
{
  g_autofree char *store = new_store ("registers.sqlite");
  g_autofree char *long_name = g_strnfill (501, 'n');
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", store, "--login", "olena", "--name",
                                      "Olena Kovalenko", "--role", "senior", "--as", "admin", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "user", "add", "--store", store, "--login", "bell", "--name",
                                      "Ring\aBell", "--role", "clerk", "--as", "admin", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "control character"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "user", "list", "--store", store, NULL), ==, 0);
  g_assert_null (strstr (out, "bell"));

  g_assert_cmpint (ld_test_run_admin (NULL, &err, "denial", "add", "--store", store, "--as", "olena",
                                      "--reference", "DN-2026-001", "--name", long_name, "--type", "individual",
                                      "--country", "UA", "--denied-on", "2026-03-14", "--reason", "Diversion risk",
                                      "--source", "This office", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "at most 500"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "denial", "add", "--store", store, "--as", "olena",
                                      "--reference", "DN-2026-001", "--name", "Viktor Petrenko", "--type", "individual",
                                      "--country", "UA", "--denied-on", "2026-03-14", "--reason", "Diversion\x01risk",
                                      "--source", "This office", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "control character"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "denial", "list", "--store", store, "--as", "olena", "--all",
                                      NULL), ==, 0);
  g_assert_null (strstr (out, "DN-2026-001"));
}

int
main (int    argc,
      char **argv)
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("LD_ADMIN"));
  dir = g_dir_make_tmp ("ld-test-admin-inputs-XXXXXX", NULL);
  g_test_add_func ("/admin/inputs/json-depth", test_json_depth);
  g_test_add_func ("/admin/inputs/json-types", test_json_types);
  g_test_add_func ("/admin/inputs/json-text", test_json_text);
  g_test_add_func ("/admin/inputs/same-limits", test_same_limits);
  g_test_add_func ("/admin/inputs/csv-text", test_csv_text);
  g_test_add_func ("/admin/inputs/embargo-depth", test_embargo_depth);
  g_test_add_func ("/admin/inputs/other-registers", test_other_registers);
  status = g_test_run ();
  {
    g_autoptr(GFile) top = g_file_new_for_path (dir);
    g_autoptr(GFileEnumerator) children = g_file_enumerate_children (top, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);
    GFileInfo *info;

    /* Only plain files are made here: remove them, then the folder. */
    while (children && g_file_enumerator_iterate (children, &info, NULL, NULL, NULL) && info)
      {
        g_autoptr(GFile) child = g_file_get_child (top, g_file_info_get_name (info));

        g_file_delete (child, NULL, NULL);
      }
    g_file_delete (top, NULL, NULL);
  }
  g_free (dir);
  return status;
}
