/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The national denial register, through licence-desk-admin on real SQLite
 * stores with the real UN list installed: a denial a senior officer records
 * is raised on a case whose party bears the name, in another script or
 * order too, and blocks the recommendation until an officer judges it; a
 * voided denial is no longer raised; only senior officers and administrators
 * may record one; bad input writes nothing; the audit chain stays intact. */
#include "config.h"

#include "ld-test-admin.h"
#include "ld-test-checklist.h"

#include <stdlib.h>
#include <string.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>

#include "ld-test-list.h"
#include "ld-test-util.h"

static char *dir;

static char *
new_store (const char *name)
{
  static const char *people[][3] = {
    { "admin", "Amina Diallo", "admin" }, { "maria", "María Fernández", "officer" },
    { "olena", "Olena Kovalenko", "senior" }, { "kofi", "Kofi Mensah", "clerk" },
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
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (store, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

/* Rows in every table recording writes: equal before and after means nothing was written. */
static char *
written_counts (const char *store)
{
  return query_text (store, "SELECT (SELECT count(*) FROM denial) || '/' || (SELECT count(*) FROM audit_log) || '/' ||"
                            " (SELECT count(*) FROM outbox)");
}

static void
assert_audit_intact (const char *store)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "audit", "verify", "--store", store, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "intact"));
}

static void
add_denial (const char *store,
            const char *reference)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "denial", "add", "--store", store, "--as", "olena",
                                      "--reference", reference, "--name", "Viktor Petrenko",
                                      "--other-names", "Petrenko Defence Trading; V. Petrenko", "--type", "individual",
                                      "--country", "ua", "--denied-on", "2026-03-14",
                                      "--reason", "Sniper rifles; risk of diversion to an embargoed destination",
                                      "--source", "This office", NULL), ==, 0);
  g_assert_nonnull (strstr (out, reference));
}

static char *
write_case (const char *name,
            const char *end_user,
            const char *country)
{
  const LdTestCase c = { "DE", country, end_user, "individual", country };

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

/* The case's denial hits with @status, as JSON objects. */
static GPtrArray *
denial_hits (const char *store,
             const char *ref,
             const char *status)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  GPtrArray *found = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  JsonArray *hits;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "case-screen", "show", ref, "--store", store, NULL), ==, 0);
  g_assert_true (json_parser_load_from_data (parser, out, -1, NULL));
  hits = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (hits); i++)
    {
      JsonObject *hit = json_array_get_object_element (hits, i);

      if (g_str_equal (json_object_get_string_member (hit, "kind"), "denial") &&
          g_str_equal (json_object_get_string_member (hit, "status"), status))
        g_ptr_array_add (found, json_object_ref (hit));
    }
  return found;
}

/* The same party written in Cyrillic, surname first, is the denied one; the
 * hit names the denial and blocks the recommendation until judged. */
static void
test_denial_blocks_until_judged (void)
{
  g_autofree char *store = new_store ("blocks.sqlite");
  g_autofree char *file = write_case ("cyrillic.json", "Петренко Виктор", "UA");
  g_autofree char *ref = NULL, *err = NULL, *logged = NULL, *recorder = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) after = NULL;
  JsonObject *hit;

  add_denial (store, "DN-2026-0042");
  ref = submit_case (store, file);
  hits = denial_hits (store, ref, "open");
  g_assert_cmpuint (hits->len, ==, 1);
  hit = g_ptr_array_index (hits, 0);
  g_test_message ("%s", json_object_get_string_member (hit, "reason"));
  g_assert_cmpstr (json_object_get_string_member (hit, "entry_ref"), ==, "DN-2026-0042");
  g_assert_cmpstr (json_object_get_string_member (hit, "party_role"), ==, "end_user");
  g_assert_cmpstr (json_object_get_string_member (hit, "band"), ==, "probable");
  g_assert_nonnull (strstr (json_object_get_string_member (hit, "reason"), "country agrees"));
  g_assert_nonnull (strstr (json_object_get_string_member (hit, "reason"), "different order"));

  /* The audit log says what the run screened against, and who recorded the denial. */
  logged = query_text (store, "SELECT after_json FROM audit_log WHERE action = 'screen' ORDER BY seq DESC LIMIT 1");
  g_assert_nonnull (strstr (logged, "\"denials_in_force\":1"));
  recorder = query_text (store, "SELECT actor_login FROM audit_log WHERE action = 'denial_add'");
  g_assert_cmpstr (recorder, ==, "olena");

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "assess", ref, "--store", store, "--as", "maria",
                                      NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "application", "recommend", ref, "--decision", "refusal",
                                      "--rationale", "The assessment holds.", "--store", store, "--as", "maria", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "open screening hit"));

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "case-screen", "review",
                                      json_object_get_string_member (hit, "id"), "--verdict", "true", "--reason",
                                      "Same person as the denial notice", "--store", store, "--as", "maria",
                                      NULL), ==, 0);
  after = denial_hits (store, ref, "true_match");
  g_assert_cmpuint (after->len, ==, 1);
  g_free (ld_test_checklist_complete (store, ref, "maria"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "recommend", ref, "--decision", "refusal",
                                      "--rationale", "The assessment holds.", "--store", store, "--as", "maria", NULL), ==, 0);
  assert_audit_intact (store);
}

/* Another name of the denied party, written in another order, is hit too;
 * a party of another name and country is not. */
static void
test_other_names_and_unrelated_party (void)
{
  g_autofree char *store = new_store ("other-names.sqlite");
  g_autofree char *alias_file = write_case ("alias.json", "Defence Trading Petrenko", "PL");
  g_autofree char *clean_file = write_case ("clean.json", "Kenya Police Service", "KE");
  g_autofree char *alias = NULL, *clean = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GPtrArray) none = NULL;

  add_denial (store, "DN-2026-0043");
  alias = submit_case (store, alias_file);
  hits = denial_hits (store, alias, "open");
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (json_object_get_string_member (g_ptr_array_index (hits, 0), "matched_name"), ==,
                   "Petrenko Defence Trading");
  /* The countries differ, and the reason says so. */
  g_assert_nonnull (strstr (json_object_get_string_member (g_ptr_array_index (hits, 0), "reason"), "recorded in UA"));

  /* Cleared as a false match, the same party is not raised again for this denial. */
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "case-screen", "review",
                                      json_object_get_string_member (g_ptr_array_index (hits, 0), "id"), "--verdict",
                                      "false", "--reason", "A Polish firm, not the denied Ukrainian trader", "--store",
                                      store, "--as", "maria", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "case-screen", "run", alias, "--store", store, "--as", "maria",
                                      NULL), ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = denial_hits (store, alias, "open");
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = denial_hits (store, alias, "false_match");
  g_assert_cmpuint (hits->len, >=, 1);

  clean = submit_case (store, clean_file);
  none = denial_hits (store, clean, "open");
  g_assert_cmpuint (none->len, ==, 0);
  assert_audit_intact (store);
}

/* A voided denial stays in the register, is no longer raised, and the store
 * itself refuses to delete or rewrite it. */
static void
test_voided_denial_not_hit (void)
{
  g_autofree char *store = new_store ("voided.sqlite");
  g_autofree char *file = write_case ("voided.json", "Viktor Petrenko", "UA");
  g_autofree char *ref = NULL, *out = NULL, *err = NULL, *reason = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  sqlite3 *db = NULL;

  add_denial (store, "DN-2026-0044");
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "denial", "void", "DN-2026-0044", "--store", store, "--as", "olena",
                                      NULL), ==, 1);
  g_assert_nonnull (strstr (err, "--reason"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "denial", "void", "DN-2026-0044", "--reason",
                                      "Overturned on appeal", "--store", store, "--as", "olena", NULL), ==, 0);
  ref = submit_case (store, file);
  hits = denial_hits (store, ref, "open");
  g_assert_cmpuint (hits->len, ==, 0);

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "denial", "list", "--store", store, "--as", "olena", NULL), ==, 0);
  g_assert_null (strstr (out, "DN-2026-0044"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (ld_test_run_admin (&out, NULL, "denial", "list", "--all", "--json", "--store", store, "--as", "olena", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Overturned on appeal"));
  reason = query_text (store, "SELECT voided_by_login FROM denial");
  g_assert_cmpstr (reason, ==, "olena");

  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "denial", "void", "DN-2026-0044", "--reason", "again", "--store",
                                      store, "--as", "olena", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already voided"));

  g_assert_cmpint (sqlite3_open_v2 (store, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM denial", NULL, NULL, NULL), !=, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE denial SET party_name = 'x'", NULL, NULL, NULL), !=, SQLITE_OK);
  sqlite3_close (db);
  assert_audit_intact (store);
}

/* Recording and voiding are a senior officer's or the administrator's only. */
static void
test_other_roles_refused (void)
{
  g_autofree char *store = new_store ("refused.sqlite");
  static const char *logins[] = { "maria", "kofi" };

  add_denial (store, "DN-2026-0045");
  for (guint i = 0; i < G_N_ELEMENTS (logins); i++)
    {
      g_autofree char *err = NULL, *void_err = NULL, *counts = written_counts (store), *after = NULL;

      g_assert_cmpint (ld_test_run_admin (NULL, &err, "denial", "add", "--store", store, "--as", logins[i],
                                          "--reference", "DN-X", "--name", "Somebody Else", "--type", "commercial",
                                          "--country", "FR", "--denied-on", "2026-01-02", "--reason", "r",
                                          "--source", "s", NULL), ==, 1);
      g_assert_nonnull (strstr (err, "may not record and void denials"));
      g_assert_cmpint (ld_test_run_admin (NULL, &void_err, "denial", "void", "DN-2026-0045", "--reason", "no",
                                          "--store", store, "--as", logins[i], NULL), ==, 1);
      g_assert_nonnull (strstr (void_err, "may not record and void denials"));
      after = written_counts (store);
      g_assert_cmpstr (after, ==, counts);
    }
  /* Anyone who reads cases reads the register. */
  {
    g_autofree char *out = NULL;

    g_assert_cmpint (ld_test_run_admin (&out, NULL, "denial", "show", "DN-2026-0045", "--store", store, "--as", "kofi",
                                        NULL), ==, 0);
    g_assert_nonnull (strstr (out, "Viktor Petrenko"));
  }
}

/* Each bad field is refused with a message naming it, and nothing is written. */
static void
test_bad_input_writes_nothing (void)
{
  g_autofree char *store = new_store ("bad.sqlite");
  const struct { const char *option; const char *value; const char *says; } cases[] = {
    { "--country", "QQ", "(--country) “QQ”" },
    { "--country", "Ukraine", "(--country) “UKRAINE”" },
    { "--denied-on", "2026-02-30", "(--denied-on) “2026-02-30”" },
    { "--denied-on", "14/03/2026", "(--denied-on) “14/03/2026”" },
    { "--name", "", "(--name) is required" },
    { "--name", "   ", "(--name) is required" },
    { "--type", "company", "(--type) “company”" },
    { "--reference", "DN-2026-0046", "already has a denial “DN-2026-0046”" },
  };
  g_autofree char *counts = NULL;

  add_denial (store, "DN-2026-0046");
  counts = written_counts (store);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *err = NULL, *after = NULL;

      /* The bad option comes last, so it overrides the good value before it. */
      g_assert_cmpint (ld_test_run_admin (NULL, &err, "denial", "add", "--store", store, "--as", "olena",
                                          "--reference", "DN-NEW", "--name", "Good Name", "--type", "commercial",
                                          "--country", "FR", "--denied-on", "2026-01-02", "--reason", "r",
                                          "--source", "s", cases[i].option, cases[i].value, NULL), ==, 1);
      g_test_message ("%s", err);
      g_assert_nonnull (strstr (err, cases[i].says));
      after = written_counts (store);
      g_assert_cmpstr (after, ==, counts);
    }
  /* A missing name, not only an empty one. */
  {
    g_autofree char *err = NULL, *after = NULL;

    g_assert_cmpint (ld_test_run_admin (NULL, &err, "denial", "add", "--store", store, "--as", "olena", "--reference",
                                        "DN-NEW", "--type", "commercial", "--country", "FR", "--denied-on",
                                        "2026-01-02", "--reason", "r", "--source", "s", NULL), ==, 1);
    g_assert_nonnull (strstr (err, "(--name) is required"));
    after = written_counts (store);
    g_assert_cmpstr (after, ==, counts);
  }
  assert_audit_intact (store);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *data_home = NULL;
  int status;

  /* Before anything asks GLib for the user's folders: the spawned tool inherits it. */
  dir = g_dir_make_tmp ("ld-test-denial-XXXXXX", NULL);
  data_home = g_build_filename (dir, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_test_init (&argc, &argv, NULL);
  g_assert_nonnull (g_getenv ("LD_ADMIN"));
  ld_test_install_list (dir);

  g_test_add_func ("/denial/blocks-until-judged", test_denial_blocks_until_judged);
  g_test_add_func ("/denial/other-names", test_other_names_and_unrelated_party);
  g_test_add_func ("/denial/voided-not-hit", test_voided_denial_not_hit);
  g_test_add_func ("/denial/other-roles-refused", test_other_roles_refused);
  g_test_add_func ("/denial/bad-input-writes-nothing", test_bad_input_writes_nothing);
  status = g_test_run ();
  ld_test_remove_tree (dir);
  return status;
}
