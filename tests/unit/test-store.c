/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ld-attachments.h"
#include "ld-audit-log.h"
#include "ld-demo.h"
#include "ld-store.h"
#include "ld-test-util.h"
#include "ld-user-repo.h"
#include "ld-validate.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = g_dir_make_tmp ("ld-test-store-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  f->path = g_build_filename (f->dir, "store.sqlite", NULL);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static char *
file_checksum (const char *path)
{
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static gint64
query_int (const char *path,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static LdActor *
make_admin (LdStore *store)
{
  g_autoptr(GError) error = NULL;
  LdActor *admin = ld_user_repo_add (store, NULL, "admin", "Amina Diallo", LD_ROLE_ADMINISTRATOR, &error);

  g_assert_no_error (error);
  g_assert_nonnull (admin);
  return admin;
}

static void
test_open_creates_schema (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = ld_store_open (f->path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);
  g_assert_cmpint (ld_store_get_schema_version (store), ==, ld_store_get_supported_version ());
  g_assert_cmpint (ld_store_get_supported_version (), >=, 1);
  g_assert_cmpint (query_int (f->path, "PRAGMA user_version"), ==, ld_store_get_supported_version ());
  g_assert_cmpint (query_int (f->path, "PRAGMA application_id"), ==, LD_STORE_APPLICATION_ID);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM sqlite_schema WHERE name = 'audit_log'"), ==, 1);
  g_clear_object (&store);

  /* Opening again keeps the version and the data. */
  store = ld_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (ld_store_get_schema_version (store), ==, ld_store_get_supported_version ());
}

static void
test_connection_settings (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(LdStore) store = ld_store_open (f->path, NULL);
  sqlite3_stmt *stmt;

  g_assert_nonnull (store);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = 'wal'"), ==, 1);
  g_assert_true (ld_store_begin_read (store, NULL));
  stmt = ld_store_prepare (store, "PRAGMA synchronous", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 2); /* FULL */
  sqlite3_reset (stmt);
  stmt = ld_store_prepare (store, "PRAGMA foreign_keys", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
  sqlite3_reset (stmt);
  ld_store_rollback (store);
}

static void
test_refuses_non_database (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  LdStore *store;

  g_assert_true (g_file_set_contents (f->path, "licence,number\nLIC-1,2\n", -1, NULL));
  before = file_checksum (f->path);
  store = ld_store_open (f->path, &error);
  g_assert_null (store);
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_A_DATABASE);
  g_assert_nonnull (strstr (error->message, f->path));
  after = file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_refuses_foreign_database (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);

  exec_sql (f->path, "CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount REAL); INSERT INTO invoices VALUES (1, 2.5)");
  before = file_checksum (f->path);
  g_assert_null (ld_store_open (f->path, &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_A_STORE);
  after = file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpint (query_int (f->path, "PRAGMA user_version"), ==, 0);
}

static void
test_refuses_newer_store (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *sql = NULL;
  LdStore *created = ld_store_open (f->path, NULL);

  g_assert_nonnull (created);
  g_object_unref (created);
  sql = g_strdup_printf ("PRAGMA user_version = %d", ld_store_get_supported_version () + 5);
  exec_sql (f->path, "PRAGMA journal_mode = DELETE");
  exec_sql (f->path, sql);
  before = file_checksum (f->path);
  g_assert_null (ld_store_open (f->path, &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "newer release"));
  after = file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_refuses_missing_folder (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "no-such-folder", "store.sqlite", NULL);

  g_assert_null (ld_store_open (path, &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CANNOT_OPEN);
  g_assert_nonnull (strstr (error->message, "no-such-folder"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_refuses_folder_as_store (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (ld_store_open (f->dir, &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CANNOT_OPEN);
}

static void
test_refuses_unwritable_folder (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *locked = g_build_filename (f->dir, "locked", NULL);
  g_autofree char *path = g_build_filename (locked, "store.sqlite", NULL);

  /* Root writes anywhere: the check runs in a subprocess that obeys permissions. */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }
  ld_test_drop_file_override ();
  g_assert_cmpint (g_mkdir (locked, 0500), ==, 0);
  g_assert_cmpint (g_access (locked, W_OK), !=, 0);
  g_assert_null (ld_store_open (path, &error));
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_READ_ONLY);
  g_assert_nonnull (strstr (error->message, "locked"));
  g_chmod (locked, 0700);
}

static void
test_disk_full (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = ld_store_open (f->path, &error);
  g_autoptr(LdActor) admin = make_admin (store);
  gint64 audit_before;
  gboolean ok;

  g_assert_true (ld_demo_generate (store, admin, 50, 1, NULL, NULL, NULL, &error));
  audit_before = ld_audit_log_count (store, NULL);
  /* SQLite reports a full disk through the same path when the file may not grow. */
  ld_store_set_max_pages (store, query_int (f->path, "PRAGMA page_count"));
  ok = ld_demo_generate (store, admin, 20000, 2, NULL, NULL, NULL, &error);
  g_assert_false (ok);
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_DISK_FULL);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "nothing was saved"));
  g_assert_cmpint (ld_audit_log_count (store, NULL), ==, audit_before);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM broker") + query_int (f->path, "SELECT count(*) FROM application") +
                   query_int (f->path, "SELECT count(*) FROM euc") + query_int (f->path, "SELECT count(*) FROM licence"), ==, 50);
}

static void
test_change_writes_audit_and_outbox (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = ld_store_open (f->path, &error);
  g_autoptr(LdActor) admin = make_admin (store);
  gint64 audit, outbox;

  audit = ld_audit_log_count (store, NULL);
  outbox = query_int (f->path, "SELECT count(*) FROM outbox");
  g_assert_cmpint (audit, ==, 1);
  g_assert_cmpint (outbox, ==, 1);

  /* A rolled-back change leaves neither an audit entry nor an outbox row. */
  g_assert_true (ld_store_begin (store, &error));
  g_assert_true (ld_store_record_change (store, admin, "update", "broker", "x", 1, "{}", "{\"a\":1}", &error));
  ld_store_rollback (store);
  g_assert_cmpint (ld_audit_log_count (store, NULL), ==, 1);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM outbox"), ==, 1);

  g_assert_true (ld_store_begin (store, &error));
  g_assert_true (ld_store_record_change (store, admin, "update", "broker", "x", 1, "{}", "{\"a\":1}", &error));
  g_assert_true (ld_store_record_change (store, admin, "update", "broker", "y", 3, "{}", "{\"b\":2}", &error));
  g_assert_true (ld_store_commit (store, &error));
  g_assert_cmpint (ld_audit_log_count (store, NULL), ==, 3);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM outbox"), ==, 3);
  /* Both mutations of one transaction share its id; ids are unique. */
  g_assert_cmpint (query_int (f->path, "SELECT count(DISTINCT tx_id) FROM outbox"), ==, 2);
  g_assert_cmpint (query_int (f->path, "SELECT count(DISTINCT mutation_id) FROM outbox"), ==, 3);
  g_assert_cmpint (query_int (f->path, "SELECT base_version FROM outbox WHERE record_id = 'y'"), ==, 3);
}

static void
test_users_and_permissions (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = ld_store_open (f->path, &error);
  g_autoptr(LdActor) officer = ld_user_repo_add (store, NULL, "maria", "María Fernández", LD_ROLE_LICENSING_OFFICER, &error);
  g_autoptr(LdActor) admin = NULL;
  g_autoptr(LdActor) refused = NULL;
  g_autoptr(LdActor) clerk = NULL;
  g_autoptr(GPtrArray) users = NULL;

  g_assert_no_error (error);
  /* Before there is an administrator, a standalone desk sets itself up. */
  admin = ld_user_repo_add (store, officer, "amina", "Amina Diallo", LD_ROLE_ADMINISTRATOR, &error);
  g_assert_no_error (error);
  /* After that only an administrator adds profiles. */
  refused = ld_user_repo_add (store, officer, "kwame", "Kwame Mensah", LD_ROLE_SENIOR_OFFICER, &error);
  g_assert_null (refused);
  g_assert_error (error, LD_PERMISSION_ERROR, LD_PERMISSION_ERROR_DENIED);
  g_clear_error (&error);
  clerk = ld_user_repo_add (store, admin, "jonas", "Jonas Berg", LD_ROLE_CLERK, &error);
  g_assert_no_error (error);
  g_assert_null (ld_user_repo_add (store, admin, "jonas", "Another Jonas", LD_ROLE_CLERK, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_null (ld_user_repo_add (store, admin, "bad login!", "X", LD_ROLE_CLERK, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED);
  g_clear_error (&error);

  users = ld_user_repo_list (store, &error);
  g_assert_cmpuint (users->len, ==, 3);
  g_assert_cmpstr (((LdActor *) g_ptr_array_index (users, 0))->login, ==, "amina");
  g_assert_cmpint (ld_audit_log_count (store, NULL), ==, 3);

  /* Only an administrator generates demonstration data. */
  g_assert_false (ld_demo_generate (store, clerk, 10, 1, NULL, NULL, NULL, &error));
  g_assert_error (error, LD_PERMISSION_ERROR, LD_PERMISSION_ERROR_DENIED);
}

static void
test_attachments (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = ld_store_open (f->path, &error);
  g_autoptr(LdActor) admin = make_admin (store);
  g_autofree char *scan = g_build_filename (f->dir, "euc-scan.pdf", NULL);
  g_autofree char *copy = g_build_filename (f->dir, "euc-scan-copy.pdf", NULL);
  g_autoptr(GFile) scan_file = g_file_new_for_path (scan);
  g_autoptr(GFile) copy_file = g_file_new_for_path (copy);
  g_autoptr(GFile) missing = g_file_new_for_path ("/nonexistent/scan.pdf");
  g_autoptr(GFile) folder = g_file_new_for_path (f->dir);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *sha = NULL;
  g_autoptr(GBytes) back = NULL;
  const char *content = "%PDF-1.4 end-use certificate scan";

  g_assert_true (g_file_set_contents (scan, content, -1, NULL));
  g_assert_true (g_file_set_contents (copy, content, -1, NULL));
  first = ld_attachments_add (store, admin, "euc", "r1", scan_file, "EUC scan", "2027-01-31", &error);
  g_assert_no_error (error);
  second = ld_attachments_add (store, admin, "euc", "r2", copy_file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, !=, second);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM attachment"), ==, 2);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM attachment_blob"), ==, 1);

  back = ld_attachments_read (store, first, &sha, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (back, NULL), g_bytes_get_size (back), content, strlen (content));
  g_assert_cmpuint (strlen (sha), ==, 64);

  g_assert_null (ld_attachments_add (store, admin, "euc", "r1", missing, NULL, NULL, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_null (ld_attachments_add (store, admin, "euc", "r1", folder, NULL, NULL, &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_null (ld_attachments_add (store, admin, "euc", "r1", scan_file, NULL, "31/01/2027", &error));
  g_assert_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED);
  g_clear_error (&error);
  g_assert_cmpint (query_int (f->path, "SELECT count(*) FROM attachment"), ==, 2);

  /* A damaged blob is refused, not handed out. */
  exec_sql (f->path, "UPDATE attachment_blob SET content = x'00'");
  g_clear_pointer (&back, g_bytes_unref);
  back = ld_attachments_read (store, first, NULL, &error);
  g_assert_null (back);
  g_assert_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CORRUPT);
}

/* Ordered ids are UUIDs of version 7 and sort in the order they were made,
 * also many within one millisecond, as the id indexes of screening rows and
 * the outbox rely on to grow at their end. */
static void
test_ordered_ids (void)
{
  g_autofree char *previous = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint n_out_of_order = 0;

  for (guint i = 0; i < 20000; i++)
    {
      char *id = ld_store_new_ordered_id ();

      g_assert_true (g_uuid_string_is_valid (id));
      g_assert_cmpint (id[14], ==, '7');
      g_assert_true (strchr ("89ab", id[19]) != NULL);
      g_assert_true (g_hash_table_add (seen, g_strdup (id)));
      /* Within one microsecond the random part decides; across them, time. */
      if (previous != NULL && strcmp (previous, id) > 0 && strncmp (previous, id, 18) != 0)
        n_out_of_order++;
      g_free (previous);
      previous = id;
    }
  g_assert_cmpuint (n_out_of_order, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/store/open/creates-schema", test_open_creates_schema);
  g_test_add_func ("/store/ordered-ids", test_ordered_ids);
  ADD ("/store/open/connection-settings", test_connection_settings);
  ADD ("/store/open/refuses-non-database", test_refuses_non_database);
  ADD ("/store/open/refuses-foreign-database", test_refuses_foreign_database);
  ADD ("/store/open/refuses-newer-store", test_refuses_newer_store);
  ADD ("/store/open/refuses-missing-folder", test_refuses_missing_folder);
  ADD ("/store/open/refuses-folder", test_refuses_folder_as_store);
  ADD ("/store/open/refuses-unwritable-folder", test_refuses_unwritable_folder);
  ADD ("/store/write/disk-full", test_disk_full);
  ADD ("/store/write/audit-and-outbox", test_change_writes_audit_and_outbox);
  ADD ("/store/users/permissions", test_users_and_permissions);
  ADD ("/store/attachments", test_attachments);
#undef ADD

  return g_test_run ();
}
