/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Screening of whole cases, through licence-desk-admin as an officer uses it:
 * a submitted case is screened at once against the installed UN list and the
 * arms embargoes, open hits block a recommendation until an officer judges
 * them, and a party cleared as a false match is not raised again. */
#include "config.h"

#include "ld-test-admin.h"
#include "ld-test-checklist.h"

#include <stdlib.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "ld-test-list.h"
#include "ld-test-util.h"

static char *dir;


static char *
write_case (const char *name,
            const char *end_user,
            const char *destination)
{
  const LdTestCase c = { "DE", destination, end_user, "commercial", destination };

  return ld_test_write_case (dir, name, &c);
}

/* The ids of the case's open hits. */
static GPtrArray *
open_hits (const char *store,
           const char *ref)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  JsonArray *hits;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "case-screen", "show", ref, "--store", store, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  hits = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (hits); i++)
    {
      JsonObject *hit = json_array_get_object_element (hits, i);

      /* Every result says which list it was screened against. */
      g_assert_cmpstr (json_object_get_string_member (hit, "list_date"), ==, "2026-02-27T00:00:09.554Z");
      g_assert_cmpuint (strlen (json_object_get_string_member (hit, "list_sha256")), ==, 64);
      if (g_str_equal (json_object_get_string_member (hit, "status"), "open"))
        g_ptr_array_add (ids, g_strdup (json_object_get_string_member (hit, "id")));
    }
  return ids;
}

static void
test_listed_end_user_blocks_until_cleared (void)
{
  g_autofree char *store = g_build_filename (dir, "cases.sqlite", NULL);
  g_autofree char *file = write_case ("listed.json", "Shariff Omar Mohammed", "KE");
  g_autofree char *submitted = NULL;
  g_autofree char *err = NULL;
  g_autofree char *out = NULL;
  g_autofree char *ref = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  ref = ld_test_submit_case (store, file, &submitted);
  g_assert_nonnull (strstr (submitted, "Screened 2 parties"));
  hits = open_hits (store, ref);
  g_assert_cmpuint (hits->len, >=, 1);

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "assess", ref, "--store", store, "--as", "maria", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", "recommend", ref, "--rationale", "The assessment holds.", "--decision", "approval", "--store", store,
                              "--as", "maria", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "open screening hit"));
  g_clear_pointer (&err, g_free);

  /* A verdict needs a reason, and only an officer who assesses may give it. */
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "case-screen", "review", g_ptr_array_index (hits, 0), "--verdict", "false",
                              "--store", store, "--as", "maria", NULL), ==, 1);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "case-screen", "review", g_ptr_array_index (hits, 0), "--verdict", "false",
                              "--reason", "x", "--store", store, "--as", "admin", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "may not"));
  g_clear_pointer (&err, g_free);
  for (guint i = 0; i < hits->len; i++)
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "case-screen", "review", g_ptr_array_index (hits, i), "--verdict", "false",
                                "--reason", "Kenyan police buyer, born 1985; not the listed person", "--store", store,
                                "--as", "maria", NULL), ==, 0);

  g_free (ld_test_checklist_complete (store, ref, "maria"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "recommend", ref, "--rationale", "The assessment holds.", "--decision", "approval", "--store", store,
                              "--as", "maria", NULL), ==, 0);

  /* Screening again (a list update) does not raise the cleared party again. */
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "case-screen", "run", ref, "--store", store, "--as", "maria", NULL), ==, 0);
  g_assert_nonnull (strstr (out, " 0 open hits"));
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = open_hits (store, ref);
  g_assert_cmpuint (hits->len, ==, 0);

  /* After a list update every undecided case is screened again; the verdicts stand. */
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "case-screen", "rescreen-open", "--store", store, "--as", "maria", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Screened 1 undecided cases again: 0 open hits"));

  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "audit", "verify", "--store", store, NULL), ==, 0);
}

static void
test_embargoed_destination_is_raised (void)
{
  g_autofree char *store = g_build_filename (dir, "embargo.sqlite", NULL);
  g_autofree char *file = write_case ("embargo.json", "Korea General Trading", "KP");
  g_autofree char *submitted = NULL;
  g_autofree char *out = NULL;
  g_autofree char *ref = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  ref = ld_test_submit_case (store, file, &submitted);
  hits = open_hits (store, ref);
  g_assert_cmpuint (hits->len, >=, 1);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "case-screen", "show", ref, "--store", store, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "\"prohibited\""));
}

static void
add_people (const char *store)
{
  static const char *people[][3] = {
    { "admin", "Amina Diallo", "admin" }, { "maria", "María Fernández", "officer" },
    { "olena", "Olena Kovalenko", "senior" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--create", "--store", store, "--login", people[i][0], "--name",
                                people[i][1], "--role", people[i][2], i ? "--as" : NULL, "admin", NULL), ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = NULL;
  g_autofree char *cases = NULL, *embargo = NULL;
  int status;

  /* Before anything asks GLib for the user's folders: the spawned tool inherits it. */
  dir = g_dir_make_tmp ("ld-test-case-screening-XXXXXX", NULL);
  data_home = g_build_filename (dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("LD_ADMIN"));
  ld_test_install_list (dir);
  cases = g_build_filename (dir, "cases.sqlite", NULL);
  embargo = g_build_filename (dir, "embargo.sqlite", NULL);
  add_people (cases);
  add_people (embargo);

  g_test_add_func ("/case-screening/listed-end-user", test_listed_end_user_blocks_until_cleared);
  g_test_add_func ("/case-screening/embargoed-destination", test_embargoed_destination_is_raised);
  status = g_test_run ();
  ld_test_remove_tree (dir);
  return status;
}
