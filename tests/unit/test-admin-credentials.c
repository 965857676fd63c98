/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Who acts in licence-desk-admin: --as LOGIN and that profile's credential,
 * given as a script gives it (--password-fd), never assumed. */
#include "config.h"

#include <string.h>
#include <sqlite3.h>
#include <glib/gstdio.h>

#include "ld-test-admin.h"

static char *dir;

/* A store with an administrator and an officer, both with LD_TEST_CREDENTIAL. */
static char *
new_store (const char *name)
{
  char *store = g_build_filename (dir, name, NULL);

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--create", "--store", store, "--login", "admin", "--name",
                                      "Amina Diallo", "--role", "admin", "--person", "P-100", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", store, "--login", "maria", "--name",
                                      "María Fernández", "--role", "officer", "--person", "P-200", "--as", "admin",
                                      NULL), ==, 0);
  return store;
}

static char *
query_text (const char *store,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *text = NULL;

  g_assert_cmpint (sqlite3_open_v2 (store, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0))
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return text ? text : g_strdup ("");
}

static void
exec_sql (const char *store,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (store, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* What a refused command must leave alone: the profiles and the audit log. */
static char *
written_counts (const char *store)
{
  return query_text (store, "SELECT (SELECT count(*) FROM user_profile) || '/' || (SELECT count(*) FROM audit_log)"
                            " || '/' || (SELECT group_concat(hash) FROM user_credential)");
}

/* Adds a clerk as @login, giving @credential for --as admin. */
static int
add_clerk (const char  *store,
           const char  *login,
           const char  *credential,
           char       **err)
{
  const char *args[] = { "user", "add", "--store", store, "--login", login, "--name", "Jonas Berg", "--role",
                         "clerk", "--as", "admin", NULL };

  return ld_test_run_admin_v (NULL, err, credential, NULL, args);
}

/* Nobody is assumed: without --as, nothing is done, even with one
 * administrator in the store. */
static void
test_no_actor_refused (void)
{
  g_autofree char *store = new_store ("no-actor.sqlite");
  g_autofree char *before = written_counts (store), *after = NULL;
  g_autofree char *err = NULL, *err2 = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, &err, "user", "add", "--store", store, "--login", "x", "--name", "X",
                                      "--role", "clerk", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Say who acts: give --as LOGIN"));
  g_assert_cmpint (ld_test_run_admin (NULL, &err2, "denial", "list", "--store", store, NULL), ==, 1);
  g_assert_nonnull (strstr (err2, "never acts as anyone by default"));
  after = written_counts (store);
  g_assert_cmpstr (after, ==, before);
}

/* A wrong or empty credential, or none at all when there is no terminal:
 * a sentence that says so, and nothing changes. */
static void
test_wrong_credential_refused (void)
{
  g_autofree char *store = new_store ("wrong.sqlite");
  g_autofree char *before = written_counts (store), *after = NULL;
  g_autofree char *wrong = NULL, *empty = NULL, *missing = NULL, *unopened = NULL;
  const char *no_fd[] = { "user", "add", "--store", store, "--login", "x", "--name", "X", "--role", "clerk",
                          "--as", "admin", "--password-fd", "-1", NULL };
  const char *bad_fd[] = { "user", "add", "--store", store, "--login", "x", "--name", "X", "--role", "clerk",
                           "--as", "admin", "--password-fd", "9", NULL };

  g_assert_cmpint (add_clerk (store, "x", "not-the-credential\n", &wrong), ==, 1);
  g_assert_nonnull (strstr (wrong, "That is not the credential of “admin”"));
  g_assert_cmpint (add_clerk (store, "x", "", &empty), ==, 1);
  g_assert_nonnull (strstr (empty, "Type the credential of “admin”"));
  g_assert_cmpint (ld_test_run_admin_v (NULL, &missing, NULL, NULL, no_fd), ==, 1);
  g_assert_nonnull (strstr (missing, "no terminal to ask for the credential"));
  g_assert_cmpint (ld_test_run_admin_v (NULL, &unopened, NULL, NULL, bad_fd), ==, 1);
  g_assert_nonnull (strstr (unopened, "--password-fd 9: that file descriptor is not open"));
  after = written_counts (store);
  g_assert_cmpstr (after, ==, before);
  /* An empty credential is not counted towards a lock. */
  g_free (after);
  after = query_text (store, "SELECT failed_attempts FROM user_credential c JOIN user_profile p ON p.id = c.user_id"
                             " WHERE p.login = 'admin'");
  g_assert_cmpstr (after, ==, "1");
}

/* One trailing newline (as `echo` and most files add) is dropped; only one. */
static void
test_trailing_newline (void)
{
  g_autofree char *store = new_store ("newline.sqlite");
  g_autofree char *err = NULL;

  g_assert_cmpint (add_clerk (store, "bare", LD_TEST_CREDENTIAL, NULL), ==, 0);
  g_assert_cmpint (add_clerk (store, "crlf", LD_TEST_CREDENTIAL "\r\n", NULL), ==, 0);
  g_assert_cmpint (add_clerk (store, "two", LD_TEST_CREDENTIAL "\n\n", &err), ==, 1);
  g_assert_nonnull (strstr (err, "not the credential"));
  /* A new credential with a newline left inside is refused with a reason. */
  {
    const char *args[] = { "user", "add", "--store", store, "--login", "nl", "--name", "N L", "--role", "clerk",
                           "--as", "admin", NULL };
    g_autofree char *nl_err = NULL;

    g_assert_cmpint (ld_test_run_admin_v (NULL, &nl_err, NULL, "new-credential\n\n", args), ==, 1);
    g_assert_nonnull (strstr (nl_err, "line break"));
  }
}

/* Five wrong credentials lock the profile, across processes, until the
 * time said; an administrator's reset lifts the lock. */
static void
test_lockout_and_reset (void)
{
  g_autofree char *store = new_store ("lockout.sqlite");
  g_autofree char *err = NULL, *out = NULL, *audit = NULL, *locked_until = NULL;
  const char *as_maria[] = { "denial", "list", "--store", store, "--as", "maria", NULL };
  const char *reset[] = { "user", "reset-credential", "maria", "--store", store, "--as", "admin", NULL };
  const char *reset_by_maria[] = { "user", "reset-credential", "admin", "--store", store, "--as", "maria", NULL };

  for (guint i = 0; i < 4; i++)
    {
      g_clear_pointer (&err, g_free);
      g_assert_cmpint (ld_test_run_admin_v (NULL, &err, "guess\n", NULL, as_maria), ==, 1);
      g_assert_nonnull (strstr (err, "That is not the credential"));
    }
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin_v (NULL, &err, "guess\n", NULL, as_maria), ==, 1);
  g_assert_nonnull (strstr (err, "is locked after 5 wrong credentials in a row, until "));
  /* The right credential, in a new process, does not open it. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "denial", "list", "--store", store, "--as", "maria", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "is locked"));
  g_assert_nonnull (strstr (err, "ask an administrator to reset"));
  locked_until = query_text (store, "SELECT locked_until FROM user_credential WHERE locked_until IS NOT NULL");
  g_assert_cmpstr (locked_until, >, "2026");

  /* Only an administrator resets; maria may not, not even her own. */
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin_v (NULL, &err, NULL, "maria-new-credential\n", reset_by_maria), ==, 1);
  g_assert_nonnull (strstr (err, "is locked"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin_v (&out, &err, NULL, "maria-new-credential\n", reset), ==, 0);
  g_assert_nonnull (strstr (out, "any lock is lifted"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "denial", "list", "--store", store, "--as", "maria", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "That is not the credential"));
  g_assert_cmpint (ld_test_run_admin_v (NULL, NULL, "maria-new-credential\n", NULL, as_maria), ==, 0);

  /* Audited, without the credential or its hash. */
  audit = query_text (store, "SELECT group_concat(action || ' ' || coalesce(after_json, ''), ' | ') FROM audit_log"
                             " WHERE action IN ('lock', 'reset-credential')");
  g_assert_nonnull (strstr (audit, "lock "));
  g_assert_nonnull (strstr (audit, "reset-credential {\"login\":\"maria\",\"set_by\":\"admin\"}"));
  g_assert_null (strstr (audit, "maria-new-credential"));
  g_clear_pointer (&audit, g_free);
  audit = query_text (store, "SELECT count(*) FROM audit_log, user_credential"
                             " WHERE instr(audit_log.after_json, hex(user_credential.hash)) > 0"
                             " OR instr(upper(audit_log.after_json), hex(user_credential.salt)) > 0");
  g_assert_cmpstr (audit, ==, "0");
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "audit", "verify", "--store", store, NULL), ==, 0);
}

/* A lock ends by itself when its time has passed. */
static void
test_lock_expires (void)
{
  g_autofree char *store = new_store ("expires.sqlite");
  g_autofree char *err = NULL;
  const char *as_maria[] = { "denial", "list", "--store", store, "--as", "maria", NULL };

  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (ld_test_run_admin_v (NULL, NULL, "guess\n", NULL, as_maria), ==, 1);
  g_assert_cmpint (ld_test_run_admin (NULL, &err, "denial", "list", "--store", store, "--as", "maria", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "is locked"));
  exec_sql (store, "UPDATE user_credential SET locked_until = '2020-01-01T00:00:00.000000Z'");
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "denial", "list", "--store", store, "--as", "maria", NULL), ==, 0);
}

/* One person, one active profile: a second profile for P-200 (however the
 * number is written) is refused, so it cannot countersign maria's work. */
static void
test_person_unique (void)
{
  g_autofree char *store = new_store ("person.sqlite");
  g_autofree char *before = written_counts (store), *after = NULL;
  g_autofree char *err = NULL, *missing = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, &err, "user", "add", "--store", store, "--login", "maria.senior", "--name",
                                      "María Fernández", "--role", "senior", "--person", "p 200", "--as", "admin",
                                      NULL), ==, 1);
  g_assert_nonnull (strstr (err, "already has the profile “maria”"));
  g_assert_cmpint (ld_test_run_admin (NULL, &missing, "user", "add", "--store", store, "--login", "y", "--name", "Y",
                                      "--role", "senior", "--person", "-", "--as", "admin", NULL), ==, 1);
  g_assert_nonnull (strstr (missing, "identity document or staff number"));
  after = written_counts (store);
  g_assert_cmpstr (after, ==, before);
}

/* A new store's first profile is its administrator's. */
static void
test_first_profile_is_administrator (void)
{
  g_autofree char *store = g_build_filename (dir, "first.sqlite", NULL);
  g_autofree char *err = NULL, *n = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, &err, "user", "add", "--create", "--store", store, "--login", "maria", "--name",
                                      "María Fernández", "--role", "officer", NULL), ==, 1);
  g_assert_nonnull (strstr (err, "first profile is its administrator"));
  n = query_text (store, "SELECT count(*) FROM user_profile");
  g_assert_cmpstr (n, ==, "0");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *cleanup = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  dir = g_dir_make_tmp ("ld-test-credentials-XXXXXX", NULL);
  g_assert_nonnull (dir);

  g_test_add_func ("/admin/credentials/no-actor-refused", test_no_actor_refused);
  g_test_add_func ("/admin/credentials/wrong-refused", test_wrong_credential_refused);
  g_test_add_func ("/admin/credentials/trailing-newline", test_trailing_newline);
  g_test_add_func ("/admin/credentials/lockout-and-reset", test_lockout_and_reset);
  g_test_add_func ("/admin/credentials/lock-expires", test_lock_expires);
  g_test_add_func ("/admin/credentials/person-unique", test_person_unique);
  g_test_add_func ("/admin/credentials/first-profile-administrator", test_first_profile_is_administrator);
  status = g_test_run ();

  cleanup = g_strdup_printf ("rm -rf '%s'", dir);
  if (system (cleanup) != 0)
    g_printerr ("could not remove %s\n", dir);
  g_free (dir);
  return status;
}
