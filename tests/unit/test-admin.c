/* SPDX-License-Identifier: GPL-3.0-or-later */
/* licence-desk-admin, run as an administrator would run it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

static char *dir;

static int
run_admin (char       **out,
           char       **err,
           const char  *first,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  int status;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("LD_ADMIN"));
  va_start (args, first);
  for (const char *arg = first; arg; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &stdout_text, &stderr_text, &status, &error));
  g_assert_no_error (error);
  if (out)
    *out = g_steal_pointer (&stdout_text);
  if (err)
    *err = g_steal_pointer (&stderr_text);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static char *
store_path (const char *name)
{
  return g_build_filename (dir, name, NULL);
}

static void
test_help (void)
{
  static const char *commands[] = { "audit", "demo", "list", "user" };
  g_autofree char *out = NULL;

  g_assert_cmpint (run_admin (&out, NULL, "--help", NULL), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      g_autofree char *help = NULL;

      g_assert_nonnull (strstr (out, commands[i]));
      g_assert_cmpint (run_admin (&help, NULL, commands[i], "--help", NULL), ==, 0);
      g_assert_nonnull (strstr (help, "--store"));
    }
  g_assert_cmpint (run_admin (NULL, NULL, "frobnicate", NULL), ==, 2);
  g_assert_cmpint (run_admin (NULL, NULL, NULL), ==, 2);
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

  g_assert_cmpint (run_admin (NULL, NULL, "demo", "--store", path, "--scale", "500", "--quiet", NULL), ==, 0);
  g_assert_cmpint (run_admin (&out, NULL, "audit", "verify", "--store", path, "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  result = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_get_boolean_member (result, "intact"));
  g_assert_cmpint (json_object_get_int_member (result, "entries_verified"), ==, 508);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_admin (&out, NULL, "list", "brokers", "--store", path, "--json", "--limit", "5", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  result = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpint (json_object_get_int_member (result, "total"), ==, 20);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "rows")), ==, 5);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_admin (&out, &err, "list", "ships", "--store", path, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "brokers, applications, eucs or licences"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run_admin (&out, NULL, "user", "list", "--store", path, "--json", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, &error));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (json_parser_get_root (parser))), ==, 8);
}

static void
test_tampered_audit_named (void)
{
  g_autofree char *path = store_path ("tamper.sqlite");
  g_autofree char *out = NULL;
  sqlite3 *db = NULL;

  g_assert_cmpint (run_admin (NULL, NULL, "demo", "--store", path, "--scale", "30", "--quiet", NULL), ==, 0);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE audit_log SET after_json = replace(after_json, '\"', '''')"
                                     " WHERE seq = 17", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (run_admin (&out, NULL, "audit", "verify", "--store", path, NULL), ==, 3);
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
  g_assert_cmpint (run_admin (NULL, &err, "audit", "verify", "--store", text_file, NULL), ==, 1);
  g_assert_nonnull (strstr (err, text_file));
  g_assert_nonnull (strstr (err, "not an SQLite database"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_admin (NULL, &err, "demo", "--store", missing, "--scale", "1", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "does not exist"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_admin (NULL, &err, "demo", "--scale", "-4", "--store", text_file, NULL), ==, 2);
}

static void
test_user_add (void)
{
  g_autofree char *path = store_path ("users.sqlite");
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run_admin (&out, NULL, "user", "add", "--store", path, "--login", "amina", "--name", "Amina Diallo",
                              "--role", "admin", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Administrator"));
  g_assert_cmpint (run_admin (NULL, NULL, "user", "add", "--store", path, "--login", "kwame", "--name", "Kwame Mensah",
                              "--role", "senior", NULL), ==, 0);
  g_assert_cmpint (run_admin (NULL, &err, "user", "add", "--store", path, "--as", "kwame", "--login", "x",
                              "--name", "X", "--role", "clerk", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "may not manage user profiles"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_admin (NULL, &err, "user", "add", "--store", path, "--login", "y", "--name", "Y",
                              "--role", "emperor", NULL), ==, 2);
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

  status = g_test_run ();
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", dir);

    (void) system (command);
  }
  return status;
}
