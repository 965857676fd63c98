/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Opening a store: created only when asked, safe when two processes open or
 * create it at the same moment, and read-only when asked or when it cannot
 * be written. The races run in two real processes: this program started
 * again as a worker. */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ld-audit-log.h"
#include "ld-store.h"
#include "ld-test-util.h"
#include "ld-user-repo.h"

#define N_OPENS_PER_WORKER 150
#define N_CREATE_ROUNDS 12

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("ld-test-store-open-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "store.sqlite", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  ld_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
make_store_with_admin (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = ld_store_open_full (path, LD_STORE_OPEN_CREATE, &error);
  g_autoptr(LdActor) admin = NULL;

  g_assert_no_error (error);
  admin = ld_user_repo_add (store, NULL, "admin", "Amina Diallo", LD_ROLE_ADMINISTRATOR, &error);
  g_assert_no_error (error);
}

/* ---- the worker process ---- */

static void
sleep_until (gint64 start_us)
{
  gint64 wait = start_us - g_get_real_time ();

  if (wait > 0)
    g_usleep (wait);
}

/* One open, then a read or an audited write, then a close. */
static gboolean
open_and_use (const char  *path,
              const char  *worker,
              int          i,
              GError     **error)
{
  g_autoptr(LdStore) store = ld_store_open_full (path, LD_STORE_OPEN_DEFAULT, error);
  g_autoptr(LdActor) admin = NULL;
  g_autoptr(LdActor) added = NULL;
  g_autofree char *login = NULL;

  if (store == NULL)
    return FALSE;
  if (i % 3 != 0)
    return ld_user_repo_count (store, error) >= 1 && ld_audit_log_count (store, error) >= 1;
  login = g_strdup_printf ("%s-%d", worker, i);
  return (admin = ld_user_repo_find (store, "admin", error)) != NULL &&
         (added = ld_user_repo_add (store, admin, login, "Worker profile", LD_ROLE_CLERK, error)) != NULL;
}

static int
run_open_worker (const char *path,
                 const char *worker,
                 gint64      start_us)
{
  int failures = 0;

  sleep_until (start_us);
  for (int i = 0; i < N_OPENS_PER_WORKER; i++)
    {
      g_autoptr(GError) error = NULL;

      if (!open_and_use (path, worker, i, &error))
        {
          g_printerr ("open %d failed: %s\n", i, error ? error->message : "?");
          failures++;
        }
    }
  return failures == 0 ? 0 : 1;
}

static int
run_create_worker (const char *dir,
                   gint64      start_us)
{
  int failures = 0;

  for (int round = 0; round < N_CREATE_ROUNDS; round++)
    {
      g_autofree char *name = g_strdup_printf ("new-%d.sqlite", round);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(LdStore) store = NULL;

      /* Both workers wake at the same moment for each round. */
      sleep_until (start_us + round * 200 * G_TIME_SPAN_MILLISECOND);
      store = ld_store_open_full (path, LD_STORE_OPEN_CREATE, &error);
      if (store == NULL || ld_user_repo_count (store, &error) < 0)
        {
          g_printerr ("creating %s failed: %s\n", path, error->message);
          failures++;
        }
    }
  return failures == 0 ? 0 : 1;
}

/* Another desk's process: one profile added, then the store closed. */
static int
run_add_worker (const char *path,
                const char *login)
{
  g_autoptr(GError) error = NULL;

  if (!open_and_use (path, login, 0, &error))
    {
      g_printerr ("adding %s failed: %s\n", login, error ? error->message : "?");
      return 1;
    }
  return 0;
}

/* ---- the tests ---- */

static GSubprocess *
spawn_worker (const char *mode,
              const char *target,
              const char *name,
              gint64      start_us)
{
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *start = g_strdup_printf ("%" G_GINT64_FORMAT, start_us);
  g_autoptr(GError) error = NULL;
  GSubprocess *worker;

  g_assert_nonnull (self_path);
  worker = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, self_path, mode, target, name, start, NULL);
  g_assert_no_error (error);
  return worker;
}

static void
assert_worker_succeeded (GSubprocess *worker)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;

  g_assert_true (g_subprocess_communicate_utf8 (worker, NULL, NULL, NULL, &err, &error));
  g_assert_no_error (error);
  if (err && *err)
    g_test_message ("worker said: %s", err);
  g_assert_cmpstr (err, ==, "");
  g_assert_true (g_subprocess_get_if_exited (worker));
  g_assert_cmpint (g_subprocess_get_exit_status (worker), ==, 0);
}

static void
test_two_processes_open_at_once (Fixture       *f,
                                 gconstpointer  data)
{
  gint64 start = g_get_real_time () + 300 * G_TIME_SPAN_MILLISECOND;
  g_autoptr(GSubprocess) a = NULL;
  g_autoptr(GSubprocess) b = NULL;
  g_autoptr(LdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  int writes_per_worker = (N_OPENS_PER_WORKER + 2) / 3;

  make_store_with_admin (f->path);
  a = spawn_worker ("--open-worker", f->path, "a", start);
  b = spawn_worker ("--open-worker", f->path, "b", start);
  assert_worker_succeeded (a);
  assert_worker_succeeded (b);

  store = ld_store_open_full (f->path, LD_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_user_repo_count (store, &error), ==, 1 + 2 * writes_per_worker);
}

/* A second store opened on the same file in this process (as a paged model
 * opens its reader) keeps the first one's locks: another desk's process that
 * writes and closes leaves the write-ahead log alone, and the first store
 * sees its write. Reading the file's header with a descriptor of its own used
 * to drop every lock the process held, and the other process then deleted the
 * log under the open store, which read stale or "malformed" pages. */
static void
test_second_open_keeps_locks (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autoptr(LdStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) found = NULL;

  make_store_with_admin (f->path);
  store = ld_store_open_full (f->path, LD_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_user_repo_count (store, &error), ==, 1);
  {
    g_autoptr(LdStore) reader = ld_store_open_full (f->path, LD_STORE_OPEN_READ_ONLY, &error);

    g_assert_no_error (error);
    g_assert_cmpint (ld_user_repo_count (reader, &error), ==, 1);
  }
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *login = g_strdup_printf ("desk-%d", i);
      g_autofree char *added = g_strdup_printf ("%s-0", login);
      g_autoptr(GSubprocess) other = spawn_worker ("--add-worker", f->path, login, 0);

      assert_worker_succeeded (other);
      g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
      found = ld_user_repo_find (store, added, &error);
      g_assert_no_error (error);
      g_assert_nonnull (found);
      g_clear_pointer (&found, ld_actor_free);
    }
  g_assert_cmpint (ld_user_repo_count (store, &error), ==, 4);
  g_assert_no_error (error);
}

static void
test_two_processes_create_at_once (Fixture       *f,
                                   gconstpointer  data)
{
  gint64 start = g_get_real_time () + 300 * G_TIME_SPAN_MILLISECOND;
  g_autoptr(GSubprocess) a = spawn_worker ("--create-worker", f->dir, "a", start);
  g_autoptr(GSubprocess) b = spawn_worker ("--create-worker", f->dir, "b", start);

  assert_worker_succeeded (a);
  assert_worker_succeeded (b);
  for (int round = 0; round < N_CREATE_ROUNDS; round++)
    {
      g_autofree char *name = g_strdup_printf ("new-%d.sqlite", round);
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(LdStore) store = ld_store_open_full (path, LD_STORE_OPEN_DEFAULT, &error);

      g_assert_no_error (error);
      g_assert_cmpint (ld_store_get_schema_version (store), ==, ld_store_get_supported_version ());
      g_assert_cmpint (ld_user_repo_count (store, &error), ==, 0);
    }
}

static void
test_missing_path_is_not_created (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (ld_store_open_full (f->path, LD_STORE_OPEN_DEFAULT, &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "--create"));
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* Read-only never creates either. */
  g_assert_null (ld_store_open_full (f->path, LD_STORE_OPEN_CREATE | LD_STORE_OPEN_READ_ONLY, &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING);
  g_assert_false (g_file_test (f->path, G_FILE_TEST_EXISTS));
}

static void
test_empty_file_is_not_made_a_store (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = NULL;
  g_autofree char *contents = NULL;
  gsize length = 1;

  g_assert_true (g_file_set_contents (f->path, "", 0, NULL));
  g_assert_null (ld_store_open_full (f->path, LD_STORE_OPEN_DEFAULT, &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING);
  g_assert_nonnull (strstr (error->message, "empty file"));
  g_assert_true (g_file_get_contents (f->path, &contents, &length, NULL));
  g_assert_cmpuint (length, ==, 0);
  g_clear_error (&error);

  /* Asked for, the empty file becomes a store. */
  store = ld_store_open_full (f->path, LD_STORE_OPEN_CREATE, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_store_get_schema_version (store), ==, ld_store_get_supported_version ());
}

static void
test_read_only_reads_and_refuses_writes (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdActor) admin = NULL;
  g_autoptr(LdAuditReport) report = NULL;

  make_store_with_admin (f->path);
  store = ld_store_open_full (f->path, LD_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_true (ld_store_is_read_only (store));
  g_assert_cmpint (ld_user_repo_count (store, &error), ==, 1);
  report = ld_audit_log_verify (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (report->intact);

  admin = ld_user_repo_find (store, "admin", &error);
  g_assert_no_error (error);
  g_assert_null (ld_user_repo_add (store, admin, "clerk", "Jonas Berg", LD_ROLE_CLERK, &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "read-only"));
  g_clear_error (&error);
  g_clear_object (&store);

  store = ld_store_open_full (f->path, LD_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_false (ld_store_is_read_only (store));
  g_assert_cmpint (ld_user_repo_count (store, &error), ==, 1);
}

/* A store whose file cannot be written (an auditor's copy) opens read-only by
 * itself. Root writes anywhere, so this runs in a subprocess that obeys
 * file permissions. */
static void
test_unwritable_file_opens_read_only (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = NULL;

  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }
  make_store_with_admin (f->path);
  g_assert_cmpint (g_chmod (f->path, 0444), ==, 0);
  ld_test_drop_file_override ();
  store = ld_store_open_full (f->path, LD_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (ld_store_is_read_only (store));
  g_assert_cmpint (ld_user_repo_count (store, &error), ==, 1);
  g_assert_no_error (error);
}

static void
test_read_only_refuses_an_old_store (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  make_store_with_admin (f->path);
  g_assert_cmpint (sqlite3_open (f->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA user_version = 1", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_assert_cmpint (ld_store_get_supported_version (), >, 1);
  g_assert_null (ld_store_open_full (f->path, LD_STORE_OPEN_READ_ONLY, &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "earlier release"));
}

int
main (int    argc,
      char **argv)
{
  if (argc == 5 && g_str_equal (argv[1], "--open-worker"))
    return run_open_worker (argv[2], argv[3], g_ascii_strtoll (argv[4], NULL, 10));
  if (argc == 5 && g_str_equal (argv[1], "--add-worker"))
    return run_add_worker (argv[2], argv[3]);
  if (argc == 5 && g_str_equal (argv[1], "--create-worker"))
    return run_create_worker (argv[2], g_ascii_strtoll (argv[4], NULL, 10));

  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/open/missing-path-not-created", test_missing_path_is_not_created);
  ADD ("/store/open/empty-file-not-a-store", test_empty_file_is_not_made_a_store);
  ADD ("/store/open/read-only", test_read_only_reads_and_refuses_writes);
  ADD ("/store/open/read-only-old-store", test_read_only_refuses_an_old_store);
  ADD ("/store/open/unwritable-file-read-only", test_unwritable_file_opens_read_only);
  ADD ("/store/open/two-processes-300-opens", test_two_processes_open_at_once);
  ADD ("/store/open/two-processes-create", test_two_processes_create_at_once);
  ADD ("/store/open/second-open-keeps-locks", test_second_open_keeps_locks);
#undef ADD

  return g_test_run ();
}
