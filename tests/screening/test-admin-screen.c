/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-admin-screen"

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ld-admin-screen.h"
#include "ld-denial-repo.h"
#include "ld-screening-test-util.h"
#include "ld-user-repo.h"

/*
 * Runs `licence-desk-admin screen` through its entry point in a subprocess and reads
 * what it prints, as an administrator's script would.
 */

static int
run_screen (const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) "screen");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);
  return ld_admin_screen_main (argv->len - 1, (char **) argv->pdata);
}

static void
child_name_json (void)
{
  g_autofree char *list = ld_test_real_list_path ();
  const char *args[] = { "--list", list, "--name", "Saddam Hussein al-Tikriti", "--country", "IQ",
                         "--birth-year", "1937", "--json", NULL };

  /* GLib 2.74 has no g_test_trap_get_stdout(): the parent reads this file instead. */
  g_assert_nonnull (freopen (g_getenv ("LD_TEST_JSON_OUT"), "w", stdout));
  exit (run_screen (args));
}

static void
test_name_json (void)
{
  g_autofree char *list = ld_test_real_list_path ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *result, *hit;
  JsonArray *embargoes;
  g_autofree char *out = NULL;
  int fd;

  out = g_build_filename (g_get_tmp_dir (), "ld-test-admin-screen-XXXXXX.json", NULL);
  fd = g_mkstemp (out);
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_setenv ("LD_TEST_JSON_OUT", out, TRUE);
  g_test_trap_subprocess ("/screening/admin/name-json/subprocess", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  json_parser_load_from_file (parser, out, &error);
  g_unlink (out);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "list_date_generated"), ==, "2026-02-27T00:00:09.554Z");
  g_assert_cmpuint (strlen (json_object_get_string_member (root, "list_sha256")), ==, 64);
  result = json_array_get_object_element (json_object_get_array_member (root, "results"), 0);
  hit = json_array_get_object_element (json_object_get_array_member (result, "hits"), 0);
  g_assert_cmpstr (json_object_get_string_member (hit, "reference_number"), ==, "IQi.001");
  g_assert_cmpstr (json_object_get_string_member (hit, "band"), ==, "probable");
  g_assert_nonnull (json_object_get_string_member (hit, "reason"));
  /* Iraq as the party's country: the non-governmental embargo is reported too. */
  embargoes = json_object_get_array_member (result, "embargoes");
  g_assert_cmpuint (json_array_get_length (embargoes), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (embargoes, 0), "embargo"), ==, "iraq");
}

static void
child_csv (void)
{
  g_autofree char *list = ld_test_real_list_path ();
  g_autofree char *csv = ld_test_fixture_path ("names.csv");
  const char *args[] = { "--list", list, "--csv", csv, NULL };

  exit (run_screen (args));
}

static void
test_csv (void)
{
  g_autofree char *list = ld_test_real_list_path ();

  g_test_trap_subprocess ("/screening/admin/csv/subprocess", 0, G_TEST_SUBPROCESS_DEFAULT);
  /* The row with a control character fails alone; every other row is screened. */
  g_test_trap_assert_failed ();
  g_test_trap_assert_stdout ("*Eric Badege:*CDi.001*");
  g_test_trap_assert_stdout ("*Умаров Доку Хаматович:*QDi.290*");
  g_test_trap_assert_stdout ("*Jane Example Trading Ltd: no match*");
  g_test_trap_assert_stdout ("*embargo: party KP*");
  g_test_trap_assert_stderr ("*line 6:*control character*");
}

static void
child_route (void)
{
  const char *args[] = { "--route", "BE,ae,SO,KE", NULL };

  exit (run_screen (args));
}

static void
test_route (void)
{
  g_test_trap_subprocess ("/screening/admin/route/subprocess", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*Embargo table 2026-02-27*transit SO*2713 (2023)*");
}

static void
child_info (void)
{
  g_autofree char *list = ld_test_real_list_path ();
  const char *args[] = { "--list", list, "--info", NULL };

  exit (run_screen (args));
}

static void
test_info (void)
{
  g_autofree char *list = ld_test_real_list_path ();

  g_test_trap_subprocess ("/screening/admin/info/subprocess", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*generated 2026-02-27T00:00:09.554Z: 730 individuals, 273 entities*table 2026-02-27*14 measures*");
}

static void
child_usage (void)
{
  const char *args[] = { NULL };

  exit (run_screen (args));
}

static void
test_usage (void)
{
  g_test_trap_subprocess ("/screening/admin/usage/subprocess", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*give either --name NAME or --csv FILE*");
}

/* A store with one officer and one denial, for the register checks. */
#define CREDENTIAL "screen-test-credential"

/* A descriptor to give with --password-fd, holding @credential as a script's
 * pipe would. */
static char *
credential_fd (const char *credential)
{
  int fds[2];

  g_assert_no_errno (pipe (fds));
  g_assert_cmpint (write (fds[1], credential, strlen (credential)), ==, (gssize) strlen (credential));
  close (fds[1]);
  return g_strdup_printf ("%d", fds[0]);
}

static char *
store_with_denial (void)
{
  char *path = g_build_filename (g_get_user_data_dir (), "denials.sqlite", NULL);
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdActor) admin = NULL, senior = NULL, officer = NULL;
  g_autoptr(LdDenial) denial = NULL;
  g_autoptr(GError) error = NULL;
  const LdDenialChange change = { "DN-2026-014", "Baltic Arms Brokerage OÜ", NULL, "commercial", "EE", "2026-03-02",
                                  "Pistols to an unauthorised end user", "Estonian Strategic Goods Commission" };
  const LdNewProfile first = { "admin", "Amina Diallo", LD_ROLE_ADMINISTRATOR, "ST-1", CREDENTIAL };
  const LdNewProfile olena = { "olena", "Olena Kovalenko", LD_ROLE_SENIOR_OFFICER, "ST-2", CREDENTIAL };
  const LdNewProfile maria = { "maria", "María Fernández", LD_ROLE_LICENSING_OFFICER, "ST-3", CREDENTIAL };

  g_mkdir_with_parents (g_get_user_data_dir (), 0700);
  store = ld_store_open (path, &error);
  g_assert_no_error (error);
  admin = ld_user_repo_create (store, NULL, &first, &error);
  g_assert_no_error (error);
  senior = ld_user_repo_create (store, admin, &olena, &error);
  g_assert_no_error (error);
  officer = ld_user_repo_create (store, admin, &maria, &error);
  g_assert_no_error (error);
  denial = ld_denial_repo_add (store, senior, &change, &error);
  g_assert_no_error (error);
  return path;
}

static void
child_name_denial (void)
{
  g_autofree char *list = ld_test_real_list_path ();
  g_autofree char *store = store_with_denial ();
  g_autofree char *fd = credential_fd (CREDENTIAL "\n");
  const char *args[] = { "--list", list, "--name", "Baltik Arms Brokeraage", "--store", store, "--as", "maria",
                         "--password-fd", fd, NULL };

  exit (run_screen (args));
}

static void
child_name_denial_unreadable (void)
{
  g_autofree char *list = ld_test_real_list_path ();
  g_autofree char *store = store_with_denial ();
  const char *args[] = { "--list", list, "--name", "Baltik Arms Brokeraage", "--store", store, "--as", "nobody",
                         NULL };

  exit (run_screen (args));
}

/* A name checked here is checked against the denial register too, as case
 * screening checks it; a register that cannot be read is said, loudly. */
static void
test_name_denial (void)
{
  g_autofree char *list = ld_test_real_list_path ();

  g_test_trap_subprocess ("/screening/admin/name-denial/subprocess", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*no match on the UN list*DN-2026-014*Baltic Arms Brokerage OÜ*national denial*");
  g_test_trap_subprocess ("/screening/admin/name-denial-unreadable/subprocess", 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_stderr ("*denial register was NOT checked*");
  g_test_trap_assert_stdout_unmatched ("*DN-2026-014*");
}

int
main (int    argc,
      char **argv)
{
  /* licence-desk-admin's main sets the locale; g_print needs it for non-ASCII names. */
  setlocale (LC_ALL, "C.UTF-8");
  /* Own data folders, so a desk store on the machine never decides the embargo table here. */
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  g_test_add_func ("/screening/admin/name-json", test_name_json);
  g_test_add_func ("/screening/admin/name-json/subprocess", child_name_json);
  g_test_add_func ("/screening/admin/csv", test_csv);
  g_test_add_func ("/screening/admin/csv/subprocess", child_csv);
  g_test_add_func ("/screening/admin/route", test_route);
  g_test_add_func ("/screening/admin/route/subprocess", child_route);
  g_test_add_func ("/screening/admin/info", test_info);
  g_test_add_func ("/screening/admin/info/subprocess", child_info);
  g_test_add_func ("/screening/admin/name-denial", test_name_denial);
  g_test_add_func ("/screening/admin/name-denial/subprocess", child_name_denial);
  g_test_add_func ("/screening/admin/name-denial-unreadable/subprocess", child_name_denial_unreadable);
  g_test_add_func ("/screening/admin/usage", test_usage);
  g_test_add_func ("/screening/admin/usage/subprocess", child_usage);
  return g_test_run ();
}
