/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The arms-embargo table as an administrator keeps it, through licence-desk-admin
 * on a real SQLite store: an edit changes what case screening finds and is
 * recorded with the run, only the administrator may edit, bad input writes
 * nothing, history is kept, and the audit chain stays intact. */
#include "config.h"

#include "ld-test-admin.h"

#include <stdlib.h>
#include <string.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "ld-embargo-repo.h"
#include "ld-test-list.h"
#include "ld-test-util.h"

static char *dir;

static char *
new_store (const char *name)
{
  static const char *people[][3] = {
    { "admin", "Amina Diallo", "admin" }, { "maria", "María Fernández", "officer" },
    { "olena", "Olena Kovalenko", "senior" },
  };
  char *store = g_build_filename (dir, name, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--create", "--store", store, "--login", people[i][0], "--name",
                                        people[i][1], "--role", people[i][2], i ? "--as" : NULL, "admin", NULL), ==, 0);
  return store;
}

/* One value read straight from the file, as a check independent of the program. */
static char *
query_text (const char *store,
            const char *sql,
            const char *parameter)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (store, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (parameter != NULL)
    sqlite3_bind_text (stmt, 1, parameter, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* Rows in every table an edit writes: equal before and after means nothing was written. */
static char *
written_counts (const char *store)
{
  return query_text (store,
    "SELECT (SELECT count(*) FROM embargo_version) || '/' || (SELECT count(*) FROM embargo_entry) || '/' ||"
    " (SELECT count(*) FROM audit_log) || '/' || (SELECT count(*) FROM outbox)", NULL);
}

static char *
write_case (const char *name,
            const char *transit)
{
  const LdTestCase c = { transit, "KE", "Kenya Police Service", "government", "KE" };

  return ld_test_write_case (dir, name, &c);
}

/* Submitting screens both parties. */
static char *
submit_case (const char *store,
             const char *file)
{
  g_autofree char *out = NULL;
  char *ref = ld_test_submit_case (store, file, &out);

  g_assert_nonnull (strstr (out, "Screened 2 parties"));
  return ref;
}

/* The open embargo hits on the case's route, as "role|country|entry". */
static char *
embargo_hits (const char *store,
              const char *ref)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) found = g_string_new (NULL);
  JsonArray *hits;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "case-screen", "show", ref, "--store", store, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  hits = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (hits); i++)
    {
      JsonObject *hit = json_array_get_object_element (hits, i);

      if (g_str_equal (json_object_get_string_member (hit, "kind"), "embargo") &&
          g_str_equal (json_object_get_string_member (hit, "status"), "open"))
        g_string_append_printf (found, "%s%s|%s", found->len ? " " : "", json_object_get_string_member (hit, "party_role"),
                                json_object_get_string_member (hit, "entry_ref"));
    }
  return g_string_free (g_steal_pointer (&found), FALSE);
}

static char *
last_run_version (const char *store,
                  const char *ref)
{
  return query_text (store,
    "SELECT r.embargo_version FROM screening_run r JOIN application a ON a.id = r.application_id"
    " WHERE a.reference = ? ORDER BY r.run_at DESC LIMIT 1", ref);
}

static void
assert_audit_intact (const char *store)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "audit", "verify", "--store", store, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "intact"));
}

/* An embargo the administrator adds on a transit country is raised on the
 * undecided case already routed through it and on the next one, and the run
 * records the new version; once the entry is ended, screening the case again
 * no longer raises it. */
static void
test_edit_changes_case_screening (void)
{
  g_autofree char *store = new_store ("screening.sqlite");
  g_autofree char *before_file = write_case ("before.json", "NE");
  g_autofree char *after_file = write_case ("after.json", "NE");
  g_autofree char *before = NULL, *after = NULL, *hits = NULL, *version = NULL, *out = NULL;

  before = submit_case (store, before_file);
  hits = embargo_hits (store, before);
  g_assert_cmpstr (hits, ==, "");
  version = last_run_version (store, before);
  g_assert_cmpstr (version, ==, "2026-02-27");   /* the shipped table, while none is stored */
  g_clear_pointer (&hits, g_free);
  g_clear_pointer (&version, g_free);

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "embargo", "add", "niger-test", "--store", store, "--as", "admin",
                                      "--name", "Niger (test measure)", "--country", "ne", "--resolution", "9901 (2026)",
                                      "--scope", "full", "--since", "2026-11-01", "--source", "https://example.org/9901",
                                      "--version", "2026-11-test", "--updated", "2026-11-02", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "2026-11-test"));
  /* The case already in the office, submitted before the edit, is screened
   * again at once and now carries the hit. */
  g_assert_nonnull (strstr (out, "Screened 1 undecided cases again"));
  hits = embargo_hits (store, before);
  g_assert_cmpstr (hits, ==, "transit|niger-test");
  g_clear_pointer (&hits, g_free);

  after = submit_case (store, after_file);
  hits = embargo_hits (store, after);
  g_assert_cmpstr (hits, ==, "transit|niger-test");
  version = last_run_version (store, after);
  g_assert_cmpstr (version, ==, "2026-11-test");
  g_clear_pointer (&hits, g_free);
  g_clear_pointer (&version, g_free);

  /* Ended: the next run of the same case no longer raises it, and says which version it used. */
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "embargo", "end", "niger-test", "--reason", "Test measure lifted",
                                      "--store", store, "--as", "admin", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "case-screen", "run", after, "--store", store, "--as", "maria",
                                      NULL), ==, 0);
  hits = embargo_hits (store, after);
  g_assert_cmpstr (hits, ==, "");
  version = last_run_version (store, after);
  g_assert_cmpstr (version, !=, "2026-11-test");
  g_assert_nonnull (query_text (store, "SELECT id FROM embargo_version WHERE label = ?", version));

  assert_audit_intact (store);
}

static char *
write_file (const char *name,
            const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

/* Edits keep every version; an ended entry stays, with its reason, and the
 * store itself refuses to delete history. */
static void
test_history_is_kept (void)
{
  g_autofree char *store = new_store ("history.sqlite");
  g_autofree char *out = NULL, *err = NULL, *n = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *versions;
  sqlite3 *db = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "embargo", "set", "libya", "--scope", "full", "--store", store,
                                      "--as", "admin", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "embargo", "end", "iran", "--reason", "Resolution 9902 (2026)",
                                      "--store", store, "--as", "admin", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "embargo", "history", "--json", "--store", store, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  versions = json_node_get_array (json_parser_get_root (parser));
  /* The shipped table, stored before the first edit, then one version per edit. */
  g_assert_cmpuint (json_array_get_length (versions), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (versions, 2), "version"), ==,
                   "2026-02-27");
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (versions, 0), "ended"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (versions, 0), "created_by"), ==,
                   "admin");

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "embargo", "show", "iran", "--json", "--store", store, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Resolution 9902 (2026)"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "embargo", "list", "--store", store, NULL), ==, 0);
  g_assert_null (strstr (out, "iran"));
  g_assert_nonnull (strstr (out, "13 entries in force"));

  /* Libya's earlier scope is still in the version before. */
  n = query_text (store, "SELECT count(DISTINCT scope) FROM embargo_entry WHERE embargo_id = ?", "libya");
  g_assert_cmpstr (n, ==, "2");

  g_assert_cmpint (sqlite3_open_v2 (store, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM embargo_entry WHERE embargo_id = 'iran'", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE embargo_version SET label = 'x'", NULL, NULL, NULL), !=, SQLITE_OK);
  sqlite3_close (db);

  /* Ending twice is refused. */
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "embargo", "end", "iran", "--reason", "again", "--store", store,
                                      "--as", "admin", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already ended"));

  /* The shipped table, saved with list --shipped --json, imports back: Iran is in force again. */
  {
    g_autofree char *shipped = NULL, *file = NULL;

    g_assert_cmpint (ld_test_run_admin (&shipped, NULL, "embargo", "list", "--shipped", "--json", "--store", store,
                                        NULL), ==, 0);
    file = write_file ("shipped.json", shipped);
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "embargo", "import", file, "--store", store, "--as", "admin", NULL), ==, 0);
    g_clear_pointer (&out, g_free);
    g_assert_cmpint (ld_test_run_admin (&out, NULL, "embargo", "list", "--store", store, NULL), ==, 0);
    g_assert_nonnull (strstr (out, "14 entries in force"));
    g_assert_nonnull (strstr (out, "iran"));
  }
  assert_audit_intact (store);
}

/* Editing is the administrator's alone, whatever the command line is given. */
static void
test_non_administrator_refused (void)
{
  g_autofree char *store = new_store ("refused.sqlite");
  static const char *logins[] = { "maria", "olena" };

  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      g_autofree char *err = NULL, *counts = written_counts (store), *after = NULL;

      g_assert_cmpint (ld_test_run_admin (NULL, &err, "embargo", "end", "dprk", "--reason", "no", "--store", store,
                                          "--as", logins[i], NULL), ==, 1);
      g_assert_nonnull (strstr (err, "may not edit the arms-embargo table"));
      after = written_counts (store);
      g_assert_cmpstr (after, ==, counts);
    }
}

/* The shipped table with one entry's field replaced: valid JSON, one bad value deep inside. */
static char *
shipped_with (const char *from,
              const char *to)
{
  g_autofree char *path = g_build_filename (SOURCE_DIR, "data", "embargoes", "un-arms-embargoes.json", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) parts = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, from));
  parts = g_strsplit (contents, from, 2);
  return g_strconcat (parts[0], to, parts[1], NULL);
}

/* Each malformed input is refused with a message naming what is wrong, and
 * not one row is written; an edit on a store that holds no version yet does
 * not even store the shipped table. */
static void
test_malformed_input_writes_nothing (void)
{
  g_autofree char *store = new_store ("malformed.sqlite");
  g_autofree char *bad_country_table = shipped_with ("[\"LY\"]", "[\"LY\", \"XQ\"]");
  g_autofree char *bad_scope_table = shipped_with ("\"scope\": \"non-governmental\"", "\"scope\": \"partial\"");
  g_autofree char *corrupt = write_file ("corrupt.json", "{\"format\": 1, \"version\": \"x\", \"embargoes\": [");
  g_autofree char *bad_country_file = write_file ("bad-country.json", bad_country_table);
  g_autofree char *bad_scope_file = write_file ("bad-scope.json", bad_scope_table);
  const char *add[] = { "embargo", "add", "test", "--store", store, "--name", "Test", "--resolution", "1 (2026)",
                        "--source", "s" };
  const struct { const char *args[4]; const char *says; } cases[] = {
    { { "--country", "QQ", "--scope", "full" }, "“QQ”" },
    { { "--country", "Niger", "--scope", "full" }, "“NIGER”" },
    { { "--country", "NE", "--scope", "total" }, "“total”" },
    { { "--country", "NE", "--since", "2026-02-30" }, "“2026-02-30”" },
    { { "--country", "NE", "--updated", "30/11/2026" }, "“30/11/2026”" },
  };
  const struct { const char *file; const char *says; } imports[] = {
    { corrupt, "not valid JSON" },
    { bad_country_file, "“XQ”" },
    { bad_scope_file, "“partial”" },
  };
  g_autofree char *counts = written_counts (store);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL, *after = NULL;
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      const char *defaults[] = { "--scope", "full", "--since", "2026-11-01" };

      /* The failing option comes last, so it overrides the default. */
      for (guint a = 0; a < G_N_ELEMENTS (defaults); a++)
        g_ptr_array_add (argv, (char *) defaults[a]);
      for (guint a = 0; a < 4; a++)
        g_ptr_array_add (argv, (char *) cases[i].args[a]);
      g_assert_cmpint (ld_test_run_admin (NULL, &err, add[0], add[1], add[2], add[3], add[4], add[5], add[6], add[7],
                                          add[8], add[9], add[10], argv->pdata[0], argv->pdata[1], argv->pdata[2],
                                          argv->pdata[3], argv->pdata[4], argv->pdata[5], argv->pdata[6],
                                          argv->pdata[7], "--as", "admin", NULL), ==, 1);
      g_test_message ("%s", err);
      g_assert_nonnull (strstr (err, cases[i].says));
      after = written_counts (store);
      g_assert_cmpstr (after, ==, counts);
    }
  for (guint i = 0; i < G_N_ELEMENTS (imports); i++)
    {
      g_autofree char *err = NULL, *after = NULL;

      g_assert_cmpint (ld_test_run_admin (NULL, &err, "embargo", "import", imports[i].file, "--store", store, "--as", "admin", NULL), ==, 1);
      g_test_message ("%s", err);
      g_assert_nonnull (strstr (err, imports[i].says));
      after = written_counts (store);
      g_assert_cmpstr (after, ==, counts);
    }
}

/* An imported table replaces the entries in force; one it leaves out is ended, not lost. */
static void
test_import_ends_missing_entries (void)
{
  g_autofree char *store = new_store ("import.sqlite");
  g_autofree char *table = shipped_with ("\"version\": \"2026-02-27\"", "\"version\": \"2026-12-01-import\"");
  g_autofree char *without_lebanon = NULL;
  g_autofree char *file = NULL, *out = NULL, *version = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) opened = NULL;
  g_autoptr(LdEmbargoTable) in_force = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *list;
  g_autoptr(JsonNode) root = NULL;

  /* Drop Lebanon from the list (parse, remove, write back). */
  g_assert_true (json_parser_load_from_data (parser, table, -1, NULL));
  root = json_node_copy (json_parser_get_root (parser));
  list = json_object_get_array_member (json_node_get_object (root), "embargoes");
  for (guint i = 0; i < json_array_get_length (list); i++)
    if (g_str_equal (json_object_get_string_member (json_array_get_object_element (list, i), "id"), "lebanon"))
      {
        json_array_remove_element (list, i);
        break;
      }
  without_lebanon = json_to_string (root, TRUE);
  file = write_file ("import.json", without_lebanon);

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "embargo", "import", file, "--store", store, "--as", "admin", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "2026-12-01-import"));

  opened = ld_store_open (store, &error);
  g_assert_no_error (error);
  in_force = ld_embargo_table_new_from_store (opened, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ld_embargo_table_get_version (in_force), ==, "2026-12-01-import");
  g_assert_cmpuint (ld_embargo_table_get_n_embargoes (in_force), ==, 13);
  g_assert_null (ld_embargo_table_find (in_force, "lebanon"));
  version = query_text (store, "SELECT end_reason FROM embargo_entry e JOIN embargo_version v ON v.id = e.version_id"
                               " WHERE v.label = ? AND e.embargo_id = 'lebanon'", "2026-12-01-import");
  g_assert_nonnull (version);
  assert_audit_intact (store);
}

/* A store without a version of its own screens against the shipped table. */
static void
test_new_store_uses_shipped_table (void)
{
  g_autofree char *path = g_build_filename (dir, "empty.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = ld_store_open (path, &error);
  g_autoptr(LdEmbargoTable) shipped = NULL, in_force = NULL;
  g_autoptr(GPtrArray) versions = NULL;

  g_assert_no_error (error);
  shipped = ld_embargo_table_new_default (&error);
  in_force = ld_embargo_table_new_from_store (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (ld_embargo_table_get_version (in_force), ==, ld_embargo_table_get_version (shipped));
  g_assert_cmpuint (ld_embargo_table_get_n_embargoes (in_force), ==, ld_embargo_table_get_n_embargoes (shipped));
  versions = ld_embargo_repo_list_versions (store, &error);
  g_assert_cmpuint (versions->len, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = NULL;
  int status;

  /* Before anything asks GLib for the user's folders: the spawned tool inherits it. */
  dir = g_dir_make_tmp ("ld-test-admin-embargo-XXXXXX", NULL);
  data_home = g_build_filename (dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("LD_ADMIN"));
  ld_test_install_list (dir);

  g_test_add_func ("/embargo/new-store-uses-shipped-table", test_new_store_uses_shipped_table);
  g_test_add_func ("/embargo/edit-changes-case-screening", test_edit_changes_case_screening);
  g_test_add_func ("/embargo/history-is-kept", test_history_is_kept);
  g_test_add_func ("/embargo/non-administrator-refused", test_non_administrator_refused);
  g_test_add_func ("/embargo/malformed-input-writes-nothing", test_malformed_input_writes_nothing);
  g_test_add_func ("/embargo/import-ends-missing-entries", test_import_ends_missing_entries);
  status = g_test_run ();
  ld_test_remove_tree (dir);
  return status;
}
