/* SPDX-License-Identifier: GPL-3.0-or-later */
/* For the tests that screen: the real Consolidated List, installed where the
 * desk looks for it, and a case recorded and submitted through
 * licence-desk-admin. */
#include "config.h"

#include <json-glib/json-glib.h>

#include "ld-list-updater.h"
#include "ld-test-admin.h"
#include "ld-test-list.h"
#include "ld-test-util.h"

/**
 * ld_test_install_list:
 * @data_home: the test's own XDG_DATA_HOME, already set in the environment
 */
void
ld_test_install_list (const char *data_home)
{
  g_autoptr(LdListUpdater) updater = ld_list_updater_new (NULL);
  g_autofree char *installed = ld_list_updater_get_list_path (updater);
  g_autofree char *folder = g_path_get_dirname (installed);
  g_autofree char *source = ld_test_un_list_path ();
  g_autofree char *contents = NULL;
  gsize length;

  /* Never into a real desk's folder. */
  g_assert_true (g_str_has_prefix (installed, data_home));
  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);
  g_assert_true (g_file_set_contents (installed, contents, length, NULL));
}

/**
 * ld_test_write_case:
 *
 * Returns: (transfer full): the path of the case, written as JSON in @dir
 */
char *
ld_test_write_case (const char       *dir,
                    const char       *file_name,
                    const LdTestCase *c)
{
  g_autofree char *path = g_build_filename (dir, file_name, NULL);
  g_autofree char *json = g_strdup_printf (
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"transit\":[\"%s\"],\"destination\":\"%s\"},"
    "\"end_use\":\"Police service weapons\",\"euc_reference\":\"EUC/7\","
    "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"},"
    "{\"role\":\"end_user\",\"type\":\"%s\",\"name\":\"%s\",\"country\":\"%s\"}],"
    "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles\",\"quantity\":10,"
    "\"unit_value\":\"900.00\",\"currency\":\"EUR\",\"serials\":[]}]}",
    c->transit, c->destination, c->end_user_type, c->end_user, c->end_user_country);

  g_assert_true (g_file_set_contents (path, json, -1, NULL));
  return g_steal_pointer (&path);
}

/**
 * ld_test_submit_case:
 * @out_submitted: (out) (optional): what the submission printed
 *
 * Imports the case as the officer "maria" and submits it, which screens it.
 *
 * Returns: (transfer full): the case's reference
 */
char *
ld_test_submit_case (const char  *store,
                     const char  *file,
                     char       **out_submitted)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *rows;
  char *ref;

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "import", "--json", file, "--store", store, "--as",
                                      "maria", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "application", "list", "--store", store, "--json", "--status",
                                      "draft", NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  rows = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "rows");
  g_assert_cmpuint (json_array_get_length (rows), ==, 1);
  ref = g_strdup (json_object_get_string_member (json_array_get_object_element (rows, 0), "reference"));
  g_assert_cmpint (ld_test_run_admin (out_submitted, NULL, "application", "submit", ref, "--store", store, "--as",
                                      "maria", NULL), ==, 0);
  return ref;
}
