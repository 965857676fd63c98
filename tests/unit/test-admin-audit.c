/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The tamper suite: a real store file is edited with the SQLite C API as an
 * attacker with the file would, and the real `licence-desk-admin audit verify`
 * must name each edit (exit 3 and the reason). The desk's key lives in the
 * real Secret Service that build-aux/with-display.sh starts. */
#include "config.h"

#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gstdio.h>

#include "ld-audit-chain.h"
#include "ld-audit-key.h"
#include "ld-audit-rows.h"
#include "ld-credential.h"
#include "ld-demo.h"
#include "ld-store.h"
#include "ld-test-admin.h"

#define N_RECORDS 120

typedef struct
{
  char    *dir;
  char    *path;
  sqlite3 *db;     /* the attacker's own connection */
  gint64   n_entries;
} Fixture;

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static char *
query_text (sqlite3    *db,
            const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static void
attack (Fixture    *f,
        const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (f->db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

/* @sql prepared with ?1 bound to @value (text) or, with @value NULL, to @number. */
static sqlite3_stmt *
prepare_bound (sqlite3    *db,
               const char *sql,
               const char *value,
               gint64      number)
{
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (value != NULL)
    sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_int64 (stmt, 1, number);
  return stmt;
}

/* An attacker's edit with one value: @sql with ?1 bound to @value. */
static void
attack_with (Fixture    *f,
             const char *sql,
             const char *value)
{
  sqlite3_stmt *stmt = prepare_bound (f->db, sql, value, 0);

  if (sqlite3_step (stmt) != SQLITE_DONE)
    g_error ("%s: %s", sql, sqlite3_errmsg (f->db));
  sqlite3_finalize (stmt);
}

/* The hash of audit entry @seq. */
static char *
entry_hash (Fixture *f,
            gint64   seq)
{
  sqlite3_stmt *stmt = prepare_bound (f->db, "SELECT hash FROM audit_log WHERE seq = ?1", NULL, seq);
  char *value;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) admin = NULL;
  g_autoptr(LdStore) store = NULL;

  f->dir = g_dir_make_tmp ("ld-test-admin-audit-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "store.sqlite", NULL);
  store = ld_store_open (f->path, &error);
  g_assert_no_error (error);
  admin = ld_demo_ensure_profiles (store, &error);
  g_assert_no_error (error);
  g_assert_true (ld_demo_generate (store, admin, N_RECORDS, 7, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open (f->path, &f->db), ==, SQLITE_OK);
  f->n_entries = query_int (f->db, "SELECT count(*) FROM audit_log");
  g_assert_cmpint (f->n_entries, >, 100);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  sqlite3_close (f->db);
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

/* Runs `audit verify` and checks its exit code and that it says @expected. */
static char *
verify_says (Fixture    *f,
             int         expected_status,
             const char *expected,
             const char *first_extra,
             ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  char *out = NULL;
  int status;
  va_list extra;

  va_start (extra, first_extra);
  for (const char *arg = first_extra; arg; arg = va_arg (extra, const char *))
    g_ptr_array_add (args, (char *) arg);
  va_end (extra);
  while (args->len < 2)
    g_ptr_array_add (args, NULL);
  status = ld_test_run_admin (&out, NULL, "audit", "verify", "--store", f->path,
                              args->pdata[0], args->pdata[1], NULL);
  if (status != expected_status || (expected && strstr (out, expected) == NULL))
    g_error ("audit verify exited %d (expected %d) and said:\n%s\n(expected it to say “%s”)",
             status, expected_status, out, expected ? expected : "");
  return out;
}

static void
assert_intact (Fixture *f)
{
  g_autofree char *out = verify_says (f, 0, "is intact", NULL);
}

static void
test_untouched (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *out = verify_says (f, 0, "is intact", NULL);
  g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT " authenticated by the desk's key", f->n_entries);

  g_assert_nonnull (strstr (out, count));
}

static void
test_last_entry_removed (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *out = NULL;

  attack (f, "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)");
  out = verify_says (f, 3, "the last 1 entries were removed", NULL);
}

static void
test_last_100_entries_removed (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *out = NULL;

  attack (f, "DELETE FROM audit_log WHERE seq > (SELECT max(seq) - 100 FROM audit_log)");
  out = verify_says (f, 3, "the last 100 entries were removed", NULL);
}

static void
test_all_entries_removed (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *out = NULL;

  attack (f, "DELETE FROM audit_log");
  out = verify_says (f, 3, "entries were removed", NULL);
  g_assert_nonnull (strstr (out, "has no audit entry"));
}

/* Reads entry @seq back as the verifier does. */
static LdAuditEntry *
read_entry (Fixture *f,
            gint64   seq)
{
  static const char *columns[] = { "entry_id", "at", "actor_id", "actor_login", "role", "action", "entity",
                                   "record_id", "before_json", "after_json", "prev_hash", "key_id",
                                   "(SELECT shape FROM audit_row_shape WHERE id = row_shape)", "row_digest" };
  g_autoptr(LdAuditEntry) entry = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT format, %s FROM audit_log WHERE seq = ?",
                                          "entry_id, at, actor_id, actor_login, role, action, entity, record_id,"
                                          " before_json, after_json, prev_hash, key_id,"
                                          " (SELECT shape FROM audit_row_shape WHERE id = row_shape), row_digest");

  g_assert_cmpint (G_N_ELEMENTS (columns), ==, LD_AUDIT_N_FIELDS);
  g_assert_cmpint (sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, seq);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  entry = ld_audit_entry_new (sqlite3_column_int (stmt, 0));
  entry->seq = seq;
  for (guint i = 0; i < LD_AUDIT_N_FIELDS; i++)
    if (sqlite3_column_type (stmt, 1 + i) != SQLITE_NULL)
      ld_audit_entry_set (entry, i, (const char *) sqlite3_column_text (stmt, 1 + i), -1);
  sqlite3_finalize (stmt);
  return g_steal_pointer (&entry);
}

static void
write_hash (Fixture    *f,
            gint64      seq,
            const char *column,
            const char *value)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE audit_log SET %s = ? WHERE seq = ?", column);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, seq);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
}

/* What an attacker who knows the (public) hash rules does after editing
 * entry @from: recompute its hash and every later one, so the chain links. */
static void
rechain_from (Fixture *f,
              gint64   from)
{
  g_autofree char *prev = from > 1 ? entry_hash (f, from - 1) : g_strdup (LD_AUDIT_GENESIS_HASH);

  for (gint64 seq = from; seq <= f->n_entries; seq++)
    {
      g_autoptr(LdAuditEntry) entry = read_entry (f, seq);

      ld_audit_entry_set (entry, LD_AUDIT_FIELD_PREV_HASH, prev, -1);
      g_free (prev);
      prev = ld_audit_entry_compute_hash (entry);
      write_hash (f, seq, "prev_hash", ld_audit_entry_get (entry, LD_AUDIT_FIELD_PREV_HASH));
      write_hash (f, seq, "hash", prev);
    }
}

static void
test_entry_rewritten_and_rechained (Fixture       *f,
                                    gconstpointer  data)
{
  g_autofree char *out = NULL;

  attack (f, "UPDATE audit_log SET actor_login = 'someone.else' WHERE seq = 40");
  rechain_from (f, 40);
  out = verify_says (f, 3, "entry 40 (", NULL);
  g_assert_nonnull (strstr (out, "is not authenticated by the desk's key"));
  /* The anchor beside the store still holds the old head. */
  g_assert_nonnull (strstr (out, "the log was rewritten up to there"));
}

static void
test_text_hidden_behind_nul (Fixture       *f,
                             gconstpointer  data)
{
  static const char hidden[] = "\0{\"status\":\"approved\"}";
  g_autofree char *after = query_text (f->db, "SELECT after_json FROM audit_log WHERE seq = 30");
  g_autofree char *out = NULL;
  GString *value = g_string_new (after);
  sqlite3_stmt *stmt = NULL;

  g_string_append_len (value, hidden, sizeof hidden - 1);
  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "UPDATE audit_log SET after_json = ? WHERE seq = 30", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, value->str, value->len, SQLITE_TRANSIENT);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_string_free (value, TRUE);
  out = verify_says (f, 3, "entry 30 (", NULL);
  g_assert_nonnull (strstr (out, "holds a NUL byte in after_json"));
}

static void
test_broker_renamed (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *out = NULL;

  attack (f, "UPDATE broker SET legal_name = 'Quiet Rename Ltd' WHERE rowid = (SELECT min(rowid) FROM broker)");
  out = verify_says (f, 3, "broker “Quiet Rename Ltd”", NULL);
  g_assert_nonnull (strstr (out, "was changed without an audit entry"));
}

static void
test_application_approved (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *reference = query_text (f->db, "SELECT reference FROM application WHERE status != 'approved'"
                                                  " ORDER BY rowid LIMIT 1");
  g_autofree char *expected = g_strdup_printf ("application “%s”", reference);
  g_autofree char *out = NULL;

  attack_with (f, "UPDATE application SET status = 'approved' WHERE reference = ?1", reference);
  out = verify_says (f, 3, expected, NULL);
  g_assert_nonnull (strstr (out, "differs from its state in audit entry"));
}

static void
test_administrator_inserted (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *out = NULL;

  attack (f, "INSERT INTO user_profile (id, login, display_name, role, created_at)"
             " VALUES ('0b9e6d7e-0000-4000-8000-000000000001', 'intruder', 'In Truder', 6,"
             " '2026-01-01T00:00:00.000000Z')");
  out = verify_says (f, 3, "user_profile “intruder”", NULL);
  g_assert_nonnull (strstr (out, "has no audit entry"));
}

static void
test_clerk_made_administrator (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *out = NULL;

  attack (f, "UPDATE user_profile SET role = 6 WHERE login = 'demo.clerk'");
  out = verify_says (f, 3, "user_profile “demo.clerk”", NULL);
  g_assert_nonnull (strstr (out, "differs from its state"));
}

/* A profile put in by hand that then works through the real application: its
 * entries are properly made, so the profile itself gives it away. */
static void
test_inserted_profile_acts (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *out = NULL;
  sqlite3_stmt *credential = NULL;
  LdCredentialHash hash;
  int status;

  attack (f, "INSERT INTO user_profile (id, login, display_name, role, created_at)"
             " VALUES ('0b9e6d7e-0000-4000-8000-000000000002', 'intruder', 'In Truder', 6,"
             " '2026-01-01T00:00:00.000000Z')");
  /* With a credential the intruder knows, so that the profile can sign in. */
  g_assert_true (ld_credential_hash (LD_TEST_CREDENTIAL, &hash, NULL));
  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "INSERT INTO user_credential (user_id, algorithm, kdf_version,"
                                       " memory_kib, iterations, parallelism, salt, hash, set_at, set_by)"
                                       " VALUES ('0b9e6d7e-0000-4000-8000-000000000002', 'argon2id', ?1, ?2, ?3, ?4,"
                                       " ?5, ?6, '2026-01-01T00:00:00.000000Z',"
                                       " '0b9e6d7e-0000-4000-8000-000000000002')", -1, &credential, NULL),
                   ==, SQLITE_OK);
  sqlite3_bind_int64 (credential, 1, hash.kdf_version);
  sqlite3_bind_int64 (credential, 2, hash.memory_kib);
  sqlite3_bind_int64 (credential, 3, hash.iterations);
  sqlite3_bind_int64 (credential, 4, hash.parallelism);
  sqlite3_bind_blob (credential, 5, hash.salt, sizeof hash.salt, SQLITE_STATIC);
  sqlite3_bind_blob (credential, 6, hash.hash, sizeof hash.hash, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (credential), ==, SQLITE_DONE);
  sqlite3_finalize (credential);
  status = ld_test_run_admin (NULL, NULL, "user", "add", "--store", f->path, "--as", "intruder",
                              "--login", "sidekick", "--name", "Side Kick", "--role", "admin", NULL);
  g_assert_cmpint (status, ==, 0);
  out = verify_says (f, 3, "made by the profile “intruder”, which no audit entry created", NULL);
  g_assert_nonnull (strstr (out, "user_profile “intruder”"));
}

/* A case's details are its own child rows: replacing the end user of a
 * recorded case in application_party names the case. */
static void
test_end_user_replaced (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *file = g_build_filename (f->dir, "case.json", NULL);
  g_autofree char *reference = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *out = NULL;
  static const char *json =
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"transit\":[],\"destination\":\"KE\"},"
    "\"end_use\":\"Police service weapons\",\"euc_reference\":\"EUC/KE/2026/0042\","
    "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"},"
    "{\"role\":\"end_user\",\"type\":\"police\",\"name\":\"National Police Service\",\"country\":\"KE\"}],"
    "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles\",\"quantity\":2,"
    "\"unit_value\":\"900.00\",\"currency\":\"EUR\",\"serials\":[\"R-1\",\"R-2\"]}]}";

  g_assert_true (g_file_set_contents (file, json, -1, NULL));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "import", "--json", file, "--store", f->path,
                                      "--as", "demo.officer", NULL), ==, 0);
  assert_intact (f);
  reference = query_text (f->db, "SELECT a.reference FROM application a JOIN application_version v"
                                 " ON v.application_id = a.id JOIN application_party p ON p.version_id = v.id"
                                 " WHERE p.name = 'National Police Service'");
  attack (f, "UPDATE application_party SET name = 'Shell Company FZE', country = 'AE'"
             " WHERE name = 'National Police Service'");
  expected = g_strdup_printf ("application “%s”", reference);
  out = verify_says (f, 3, expected, NULL);
  g_assert_nonnull (strstr (out, "differs from its state in audit entry"));
}

static void
test_row_deleted (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *out = NULL;

  attack (f, "DELETE FROM broker_person WHERE rowid = (SELECT min(rowid) FROM broker_person)");
  out = verify_says (f, 3, "was deleted, although records are only ever voided", NULL);
}

/* Entries rewritten as if from before the upgrade, to escape the key. */
static void
test_downgraded_entries (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *out = NULL;

  attack (f, "UPDATE audit_log SET format = 1, key_id = NULL, mac = NULL, row_shape = NULL, row_digest = NULL"
             " WHERE seq >= 50");
  rechain_from (f, 50);
  out = verify_says (f, 3, "entry 50 claims to be from before the keyed audit log", NULL);
}

static void
write_anchor (Fixture *f,
              gint64   count,
              const char *head)
{
  g_autofree char *anchor_path = g_strconcat (f->path, ".anchor", NULL);
  g_autofree char *store_id = query_text (f->db, "SELECT store_id FROM audit_desk");
  g_autofree char *text = g_strdup_printf ("licence-desk-audit-anchor 1\nstore %s\ncount %" G_GINT64_FORMAT
                                           "\nhead %s\n", store_id, count, head);

  g_assert_true (g_file_set_contents (anchor_path, text, -1, NULL));
}

/* A crash between a commit and the anchor's update leaves it behind: fine as
 * long as the entry it names is unchanged. */
static void
test_anchor_behind (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *hash = query_text (f->db, "SELECT hash FROM audit_log WHERE seq = 90");
  g_autofree char *out = NULL;

  write_anchor (f, 90, hash);
  assert_intact (f);
  write_anchor (f, 90, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
  out = verify_says (f, 3, "records entry 90 with the hash 0123456789abcdef", NULL);
  g_clear_pointer (&out, g_free);
  write_anchor (f, f->n_entries + 3, hash);
  out = verify_says (f, 3, "the last 3 entries were removed", NULL);
}

static void
test_anchor_removed (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *anchor_path = g_strconcat (f->path, ".anchor", NULL);
  g_autofree char *out = NULL;

  g_assert_cmpint (g_unlink (anchor_path), ==, 0);
  out = verify_says (f, 3, "there is no audit anchor beside the store", NULL);
}

/* The anchor `audit anchor` prints for the paper register. */
static void
test_printed_anchor (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *out = NULL;
  g_autofree char *printed = NULL;
  g_autofree char *short_form = NULL;
  g_autofree char *anchor_path = g_strconcat (f->path, ".anchor", NULL);
  g_auto(GStrv) lines = NULL;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "audit", "anchor", "--store", f->path, NULL), ==, 0);
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  printed = g_strdup (lines[g_strv_length (lines) - 1]);
  g_assert_true (g_str_has_suffix (printed, short_form = g_strdup_printf (":%" G_GINT64_FORMAT, f->n_entries)));
  g_clear_pointer (&short_form, g_free);
  g_clear_pointer (&out, g_free);
  out = verify_says (f, 0, "is intact", "--anchor", printed, NULL);
  g_clear_pointer (&out, g_free);

  /* The attacker removes the last entries and the anchor file with them. */
  attack (f, "DELETE FROM audit_log WHERE seq > (SELECT max(seq) - 2 FROM audit_log)");
  g_unlink (anchor_path);
  short_form = g_strdup_printf ("%.16s:%" G_GINT64_FORMAT, printed, f->n_entries);
  out = verify_says (f, 3, "The anchor given records", "--anchor", short_form, NULL);
  g_clear_pointer (&out, g_free);
  out = verify_says (f, 2, NULL, "--anchor", "not-an-anchor", NULL);
}

static void
test_backup (Fixture       *f,
             gconstpointer  data)
{
  g_autofree char *copy = g_build_filename (f->dir, "copy.sqlite", NULL);
  g_autofree char *copy_anchor = g_strconcat (copy, ".anchor", NULL);
  g_autofree char *out = NULL;
  sqlite3 *db = NULL;
  char *path = f->path;

  g_assert_cmpint (ld_test_run_admin (&out, NULL, "backup", "--store", f->path, "--to", copy, NULL), ==, 0);
  g_assert_true (g_file_test (copy_anchor, G_FILE_TEST_EXISTS));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "backup", "--store", f->path, "--to", copy, NULL), ==, 1);
  f->path = copy;
  g_clear_pointer (&out, g_free);
  out = verify_says (f, 0, "is intact", NULL);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (sqlite3_open (copy, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  out = verify_says (f, 3, "the last 1 entries were removed", NULL);
  f->path = path;
}

/* With the session bus pointed at nothing there is no keyring. */
static void
without_keyring (gboolean on)
{
  static char *saved;

  if (on)
    {
      saved = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus", TRUE);
    }
  else
    {
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", saved, TRUE);
      g_clear_pointer (&saved, g_free);
    }
}

static void
test_verify_without_keyring (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *out = NULL;

  without_keyring (TRUE);
  out = verify_says (f, 4, "there is no keyring here", NULL);
  g_assert_nonnull (strstr (out, "NOT fully authenticated"));
  g_clear_pointer (&out, g_free);
  /* The rest is still checked. */
  attack (f, "UPDATE broker SET legal_name = 'Quiet Rename Ltd' WHERE rowid = (SELECT min(rowid) FROM broker)");
  out = verify_says (f, 3, "broker “Quiet Rename Ltd”", NULL);
  without_keyring (FALSE);
}

static void
test_written_without_keyring (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *out = NULL;

  without_keyring (TRUE);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", f->path, "--as", "demo.admin",
                                      "--login", "keyless", "--name", "Key Less", "--role", "clerk", NULL), ==, 0);
  without_keyring (FALSE);
  out = verify_says (f, 4, "1 entries were written without the desk's key", NULL);
}

static void
test_key_not_on_this_machine (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *store_id = query_text (f->db, "SELECT store_id FROM audit_desk");
  g_autofree char *out = NULL;

  g_assert_true (ld_audit_key_delete_for_store (store_id, &error));
  g_assert_no_error (error);
  out = verify_says (f, 4, "this keyring does not hold the desk's key", NULL);
}

static void
spawn_writer (Fixture *f,
              guint    scale,
              GPid    *out_pid)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *scale_text = g_strdup_printf ("%u", scale);
  const char *argv[] = { g_getenv ("LD_ADMIN"), "demo", "--store", f->path, "--scale", scale_text, "--quiet", NULL };

  g_assert_true (g_spawn_async (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL,
                                NULL, NULL, out_pid, &error));
  g_assert_no_error (error);
}

/* How long one writer lives on this machine now, so the kills land anywhere
 * in its life however loaded the machine is. */
static gint64
writer_lifetime_us (Fixture *f)
{
  gint64 started = g_get_monotonic_time ();
  GPid pid;
  int status;

  spawn_writer (f, 10, &pid);
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  g_spawn_close_pid (pid);
  return g_get_monotonic_time () - started;
}

/* Writers killed at random moments: whatever survives must verify silently. */
static void
test_forced_kills (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (10);
  g_autofree char *out = NULL;
  gint64 lifetime = writer_lifetime_us (f);
  gint64 before = query_int (f->db, "SELECT count(*) FROM audit_log");
  gint64 after;

  for (guint i = 0; i < 100; i++)
    {
      GPid pid;
      int status;

      spawn_writer (f, g_rand_int_range (rand, 1, 20), &pid);
      /* From before the store is open to after the anchor is written. */
      g_usleep (g_rand_double_range (rand, 0.05, 1.3) * lifetime);
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_spawn_close_pid (pid);
    }
  after = query_int (f->db, "SELECT count(*) FROM audit_log");
  g_test_message ("%" G_GINT64_FORMAT " entries written between the kills (a writer lives %.0f ms)",
                  after - before, lifetime / 1e3);
  g_assert_cmpint (after, >, before);
  out = verify_says (f, 0, "is intact", NULL);
}

/* ---- derived columns ------------------------------------------------------ */

/* A migration's SQL, found by the end of its file name: the lead renumbers
 * migrations when branches merge. */
static char *
migration_sql (const char *suffix)
{
  g_auto(GStrv) names = g_resources_enumerate_children ("/org/licencedesk/LicenceDesk/store/migrations", 0, NULL);

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_str_has_suffix (names[i], suffix))
      {
        g_autofree char *path = g_strconcat ("/org/licencedesk/LicenceDesk/store/migrations/", names[i], NULL);
        g_autoptr(GBytes) bytes = g_resources_lookup_data (path, 0, NULL);

        g_assert_nonnull (bytes);
        return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      }
  g_assert_not_reached ();
}

/* What a new name module brings: the re-key migration, run by the desk's own
 * store (which gives SQL the name module). The attacker's connection is closed
 * meanwhile: two connections of one process to one file share its POSIX locks,
 * and closing the store's would leave the other writing to a removed log. */
static void
run_migration_as_the_desk_does (Fixture    *f,
                                const char *suffix)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = NULL;
  g_autofree char *rekey = migration_sql (suffix);

  sqlite3_close (f->db);
  store = ld_store_open_full (f->path, LD_STORE_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (ld_store_exec (store, rekey, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open (f->path, &f->db), ==, SQLITE_OK);
}

static void
rekey_as_the_desk_does (Fixture *f)
{
  run_migration_as_the_desk_does (f, "-broker-name-rekey.sql");
}

/* Every column of a SELECT *, in order: what digests covered before derived
 * columns left them. */
static void
feed_all_columns (GChecksum    *checksum,
                  GString      *shape,
                  sqlite3_stmt *stmt)
{
  int n = sqlite3_column_count (stmt);
  g_autofree int *columns = g_new (int, n);

  for (int i = 0; i < n; i++)
    columns[i] = i;
  if (shape != NULL)
    for (int i = 0; i < n; i++)
      g_string_append_printf (shape, "\n%s", sqlite3_column_name (stmt, i));
  if (checksum != NULL)
    ld_audit_rows_feed_row (checksum, stmt, columns, n);
}

/* The shape and digest the desk recorded for a broker before its keys left the
 * digest: every column of its row, then its child rows. */
static char *
digest_as_before (Fixture    *f,
                  const char *broker_id,
                  char      **out_shape)
{
  const LdAuditTable *table = ld_audit_rows_lookup ("broker");
  g_autoptr(GChecksum) checksum = ld_audit_rows_checksum_new ();
  GString *shape = g_string_new ("broker");
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, table->select_one, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, broker_id, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  feed_all_columns (checksum, shape, stmt);
  sqlite3_finalize (stmt);
  for (const LdAuditChild *child = table->children; child->table; child++)
    {
      g_assert_cmpint (sqlite3_prepare_v2 (f->db, child->select, -1, &stmt, NULL), ==, SQLITE_OK);
      g_string_append_printf (shape, "\n@%s", child->table);
      feed_all_columns (NULL, shape, stmt);
      ld_audit_rows_feed_marker (checksum, child->table);
      sqlite3_bind_text (stmt, 1, broker_id, -1, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          ld_audit_rows_feed_marker (checksum, "row");
          feed_all_columns (checksum, NULL, stmt);
        }
      sqlite3_finalize (stmt);
    }
  *out_shape = g_string_free (shape, FALSE);
  return g_strdup (g_checksum_get_string (checksum));
}

/* Hashes and MACs from @from on as the desk computes them, and the anchor. */
static void
reseal_from (Fixture *f,
             gint64   from)
{
  g_autofree char *store_id = query_text (f->db, "SELECT store_id FROM audit_desk");
  g_autoptr(LdAuditKey) key = ld_audit_key_find_for_store (store_id, NULL);
  g_autofree char *prev = entry_hash (f, from - 1);

  g_assert_nonnull (key);
  for (gint64 seq = from; seq <= f->n_entries; seq++)
    {
      g_autoptr(LdAuditEntry) entry = read_entry (f, seq);
      g_autofree char *mac = NULL;

      ld_audit_entry_set (entry, LD_AUDIT_FIELD_PREV_HASH, prev, -1);
      g_free (prev);
      prev = ld_audit_entry_compute_hash (entry);
      mac = ld_audit_entry_compute_mac (entry, key->bytes, sizeof key->bytes);
      write_hash (f, seq, "prev_hash", ld_audit_entry_get (entry, LD_AUDIT_FIELD_PREV_HASH));
      write_hash (f, seq, "hash", prev);
      write_hash (f, seq, "mac", mac);
    }
  write_anchor (f, f->n_entries, prev);
}

/* Rewrites a broker's last entry as the desk wrote it before this change: its
 * digest over the keys the broker has now. */
static void
write_entry_as_before (Fixture    *f,
                       const char *broker_id)
{
  g_autofree char *shape = NULL;
  g_autofree char *digest = digest_as_before (f, broker_id, &shape);
  sqlite3_stmt *stmt = prepare_bound (f->db, "SELECT max(seq) FROM audit_log WHERE entity = 'broker'"
                                      " AND record_id = ?1", broker_id, 0);
  gint64 seq;

  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  seq = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  stmt = NULL;

  g_assert_cmpint (seq, >, 0);
  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "INSERT OR IGNORE INTO audit_row_shape (shape) VALUES (?)", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, shape, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "UPDATE audit_log SET row_digest = ?, row_shape ="
                                       " (SELECT id FROM audit_row_shape WHERE shape = ?) WHERE seq = ?", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, shape, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, seq);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  reseal_from (f, seq);
}

/* The entries written now leave the name keys out: a re-key edits nothing,
 * a real column edited behind the desk is still named, and so are keys set by
 * hand (checked against the name instead). */
static void
test_derived_rekey (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM audit_row_shape WHERE shape LIKE 'broker%'"
                                     " AND (shape LIKE '%name_fold_sorted%' OR shape LIKE '%tax_number_key%')"), ==, 0);
  /* Keys as an older name module made them (the trigger's priors of this
   * step are not what a real store would have). */
  attack (f, "UPDATE broker SET name_fold_sorted = 'older ' || name_fold_sorted,"
             " name_fold_compact = 'older' || name_fold_compact; DELETE FROM broker_key_prior");
  out = verify_says (f, 3, "has keys that are not what its name and numbers give", NULL);
  g_clear_pointer (&out, g_free);
  rekey_as_the_desk_does (f);
  assert_intact (f);

  attack (f, "UPDATE broker SET name_fold_compact = 'hiddenfromduplicates' WHERE rowid = (SELECT min(rowid) FROM broker)");
  out = verify_says (f, 3, "has keys that are not what its name and numbers give", NULL);
  g_clear_pointer (&out, g_free);
  rekey_as_the_desk_does (f);
  assert_intact (f);

  attack (f, "UPDATE broker SET tax_number = 'TX999', tax_number_key = 'TX999' WHERE rowid = (SELECT min(rowid) FROM broker)");
  out = verify_says (f, 3, "differs from its state in audit entry", NULL);
  g_assert_null (strstr (out, "has keys that are not"));
}

/* Imports one broker, @row of the register's CSV, as the clerk does. */
static void
import_broker_row (Fixture    *f,
                   const char *row)
{
  g_autofree char *csv = g_build_filename (f->dir, "broker.csv", NULL);
  g_autofree char *text = g_strconcat (
    "legal_name,other_names,legal_form,company_number,tax_number,country,registered_address,business_sites,"
    "records_address,activities,declares_convictions,declares_indictments,declares_denials,declaration_details\n",
    row, "\n", NULL);

  g_assert_true (g_file_set_contents (csv, text, -1, NULL));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "import", "--store", f->path, "--as", "demo.clerk",
                                      "--csv", csv, NULL), ==, 0);
}

/* A Thai broker's second-spelling keys, which find it when its name is typed
 * as its bearer writes it in Latin letters: removed by hand, verify names it. */
static void
test_second_keys_removed (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *out = NULL;

  import_broker_row (f, "ชินวัตร Trading,,Co Ltd,TH-0105,,TH,\"1 Silom Road, Bangkok\",,1 Silom Road,negotiating,"
                        "no,no,no,");
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM broker_name_second"), ==, 1);
  assert_intact (f);
  attack (f, "DELETE FROM broker_name_second");
  out = verify_says (f, 3, "has keys that are not what its name and numbers give", NULL);
  g_assert_nonnull (strstr (out, "ชินวัตร Trading"));
}

/* A Thai broker's keys as an older name module made them (its second keys and its
 * folded keys): verify names it until the newest re-key migration (stop 24's)
 * computes them again, as a desk upgrading runs it; after it the log is intact. */
static void
test_second_keys_rekeyed (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *out = NULL;

  import_broker_row (f, "จึงรุ่งเรืองกิจ Trading,,Co Ltd,TH-0107,,TH,\"1 Silom Road, Bangkok\",,1 Silom Road,negotiating,"
                        "no,no,no,");
  assert_intact (f);
  attack (f, "UPDATE broker_name_second SET sorted = 'older ' || sorted, compact = 'older' || compact;"
             " UPDATE broker SET name_fold_sorted = 'older ' || name_fold_sorted,"
             " name_fold_compact = 'older' || name_fold_compact; DELETE FROM broker_key_prior");
  out = verify_says (f, 3, "has keys that are not what its name and numbers give", NULL);
  g_assert_nonnull (strstr (out, "จึงรุ่งเรืองกิจ Trading"));
  run_migration_as_the_desk_does (f, "-broker-keys-stop-24.sql");
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM broker_name_second WHERE sorted LIKE 'older%'"), ==, 0);
  assert_intact (f);
}

/* A Hebrew broker's readings (migration 0040), which find it when its name is typed
 * in Latin letters: removed or changed by hand, verify names the broker; the
 * migration, run as a desk upgrading runs it, makes them again and the log is
 * intact. */
static void
test_readings_rekeyed (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *out = NULL;

  import_broker_row (f, "נפתלי בנט Trading,,Ltd,IL-0108,,IL,\"1 Rothschild Boulevard, Tel Aviv\",,"
                        "1 Rothschild Boulevard,negotiating,no,no,no,");
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM broker_name_reading WHERE reading LIKE 'hebrew:H %'"),
                   >, 0);
  assert_intact (f);
  attack (f, "DELETE FROM broker_name_reading WHERE reading LIKE 'hebrew:H %'");
  out = verify_says (f, 3, "has keys that are not what its name and numbers give", NULL);
  g_assert_nonnull (strstr (out, "נפתלי בנט Trading"));
  run_migration_as_the_desk_does (f, "-broker-name-readings.sql");
  assert_intact (f);
  g_clear_pointer (&out, g_free);
  attack (f, "UPDATE broker_name_reading SET reading = reading || ' older' WHERE reading LIKE 'hebrew:H %'");
  out = verify_says (f, 3, "has keys that are not what its name and numbers give", NULL);
  g_assert_nonnull (strstr (out, "נפתלי בנט Trading"));
  run_migration_as_the_desk_does (f, "-broker-name-readings.sql");
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM broker_name_reading WHERE reading LIKE '% older'"), ==, 0);
  assert_intact (f);
}

/* A store written before the keys left the digest: its entries covered the
 * keys of then. A re-key keeps them aside, so the entry still verifies, and
 * an edit of a real column is still named. */
static void
test_derived_rekey_old_entries (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *broker_id = query_text (f->db, "SELECT id FROM broker ORDER BY rowid LIMIT 1");
  g_autofree char *out = NULL;

  attack (f, "UPDATE broker SET name_fold_sorted = 'older ' || name_fold_sorted,"
             " name_fold_compact = 'older' || name_fold_compact; DELETE FROM broker_key_prior");
  write_entry_as_before (f, broker_id);
  rekey_as_the_desk_does (f);
  g_assert_cmpint (query_int (f->db, "SELECT count(*) FROM audit_row_shape WHERE shape LIKE '%name_fold_sorted%'"), ==, 1);
  assert_intact (f);

  attack (f, "UPDATE broker SET legal_name = 'Quiet Rename Ltd' WHERE rowid = (SELECT min(rowid) FROM broker)");
  out = verify_says (f, 3, "broker “Quiet Rename Ltd”", NULL);
  g_assert_nonnull (strstr (out, "differs from its state in audit entry"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/admin/audit/untouched", test_untouched);
  ADD ("/admin/audit/tamper/last-entry-removed", test_last_entry_removed);
  ADD ("/admin/audit/tamper/last-100-removed", test_last_100_entries_removed);
  ADD ("/admin/audit/tamper/all-removed", test_all_entries_removed);
  ADD ("/admin/audit/tamper/rewritten-and-rechained", test_entry_rewritten_and_rechained);
  ADD ("/admin/audit/tamper/text-behind-nul", test_text_hidden_behind_nul);
  ADD ("/admin/audit/tamper/broker-renamed", test_broker_renamed);
  ADD ("/admin/audit/tamper/application-approved", test_application_approved);
  ADD ("/admin/audit/tamper/administrator-inserted", test_administrator_inserted);
  ADD ("/admin/audit/tamper/clerk-made-administrator", test_clerk_made_administrator);
  ADD ("/admin/audit/tamper/inserted-profile-acts", test_inserted_profile_acts);
  ADD ("/admin/audit/tamper/end-user-replaced", test_end_user_replaced);
  ADD ("/admin/audit/tamper/row-deleted", test_row_deleted);
  ADD ("/admin/audit/tamper/downgraded", test_downgraded_entries);
  ADD ("/admin/audit/derived/rekey", test_derived_rekey);
  ADD ("/admin/audit/derived/rekey-old-entries", test_derived_rekey_old_entries);
  ADD ("/admin/audit/derived/second-keys-removed", test_second_keys_removed);
  ADD ("/admin/audit/derived/second-keys-rekeyed", test_second_keys_rekeyed);
  ADD ("/admin/audit/derived/readings-rekeyed", test_readings_rekeyed);
  ADD ("/admin/audit/anchor/behind-ahead-different", test_anchor_behind);
  ADD ("/admin/audit/anchor/removed", test_anchor_removed);
  ADD ("/admin/audit/anchor/printed", test_printed_anchor);
  ADD ("/admin/audit/backup", test_backup);
  ADD ("/admin/audit/keyring/none-at-verify", test_verify_without_keyring);
  ADD ("/admin/audit/keyring/none-at-write", test_written_without_keyring);
  ADD ("/admin/audit/keyring/key-elsewhere", test_key_not_on_this_machine);
  ADD ("/admin/audit/forced-kills", test_forced_kills);
#undef ADD

  return g_test_run ();
}
