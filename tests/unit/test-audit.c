/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "ld-audit-chain.h"
#include "ld-audit-log.h"
#include "ld-demo.h"
#include "ld-store.h"
#include "ld-user-repo.h"

static const char *columns[] = {
  "entry_id", "at", "actor_id", "actor_login", "role", "action", "entity", "record_id",
  "before_json", "after_json", "prev_hash", "key_id", "row_digest", "hash",
};

typedef struct
{
  char    *dir;
  char    *path;
  LdStore *store;
  sqlite3 *db;     /* the tamperer's own connection */
  gint64   n_entries;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) admin = NULL;

  f->dir = g_dir_make_tmp ("ld-test-audit-XXXXXX", NULL);
  f->path = g_build_filename (f->dir, "store.sqlite", NULL);
  f->store = ld_store_open (f->path, &error);
  g_assert_no_error (error);
  admin = ld_demo_ensure_profiles (f->store, &error);
  g_assert_no_error (error);
  g_assert_true (ld_demo_generate (f->store, admin, 25, 7, NULL, NULL, NULL, &error));
  g_assert_cmpint (sqlite3_open (f->path, &f->db), ==, SQLITE_OK);
  f->n_entries = ld_audit_log_count (f->store, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (f->path, "-shm", NULL);
  g_autofree char *anchor = g_strconcat (f->path, ".anchor", NULL);

  sqlite3_close (f->db);
  g_clear_object (&f->store);
  g_unlink (f->path);
  g_unlink (wal);
  g_unlink (shm);
  g_unlink (anchor);
  g_rmdir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
assert_intact (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdAuditReport) report = ld_audit_log_verify (f->store, NULL, &error);

  g_assert_no_error (error);
  g_assert_true (report->intact);
  g_assert_true (ld_audit_report_is_authenticated (report));
  g_assert_cmpint (report->n_entries, ==, f->n_entries);
  g_assert_cmpint (report->n_authenticated, ==, f->n_entries);
}

static LdAuditReport *
verify (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  LdAuditReport *report = ld_audit_log_verify (f->store, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

/* Reads a column's stored bytes, or NULL. */
static char *
read_value (sqlite3    *db,
            gint64      seq,
            const char *column)
{
  g_autofree char *sql = g_strdup_printf ("SELECT %s FROM audit_log WHERE seq = ?", column);
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, seq);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  if (sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strndup ((const char *) sqlite3_column_text (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static void
write_value (sqlite3    *db,
             gint64      seq,
             const char *column,
             const char *value)
{
  g_autofree char *sql = g_strdup_printf ("UPDATE audit_log SET %s = ? WHERE seq = ?", column);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (value)
    sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_int64 (stmt, 2, seq);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_finalize (stmt);
}

/* Every text column of every entry, one byte changed at a time: the verifier
 * must fail and name exactly that entry. */
static void
test_every_byte_of_every_row (Fixture       *f,
                              gconstpointer  data)
{
  assert_intact (f);
  for (gint64 seq = 1; seq <= f->n_entries; seq++)
    for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
      {
        g_autofree char *original = read_value (f->db, seq, columns[c]);
        g_autofree char *tampered = NULL;
        g_autoptr(LdAuditReport) report = NULL;

        if (original == NULL || original[0] == '\0')
          tampered = g_strdup (original ? "x" : "");
        else
          {
            /* A byte in the middle, flipped so the text stays valid. */
            gsize at = strlen (original) / 2;

            tampered = g_strdup (original);
            tampered[at] = tampered[at] ^ 0x01;
          }
        write_value (f->db, seq, columns[c], tampered);
        report = verify (f);
        if (report->intact || report->first_bad_seq != seq)
          g_error ("changing %s of entry %" G_GINT64_FORMAT " was %s", columns[c], seq,
                   report->intact ? "not detected" : "blamed on another entry");
        g_assert_nonnull (strstr (report->reason, "does not match its hash"));
        g_assert_cmpint (((LdAuditFinding *) g_ptr_array_index (report->findings, 0))->kind, ==,
                         LD_AUDIT_FINDING_ENTRY_CHANGED);
        write_value (f->db, seq, columns[c], original);
      }
  assert_intact (f);
}

static void
test_sequence_number_changed (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(LdAuditReport) report = NULL;

  g_assert_cmpint (sqlite3_exec (f->db, "UPDATE audit_log SET seq = 1000012 WHERE seq = 12", NULL, NULL, NULL), ==, SQLITE_OK);
  report = verify (f);
  g_assert_false (report->intact);
  /* The gap is found where it starts, and the moved entry is named itself. */
  g_assert_cmpint (report->first_bad_seq, ==, 13);
  for (guint i = 0; i < report->findings->len; i++)
    {
      const LdAuditFinding *finding = g_ptr_array_index (report->findings, i);

      if (finding->seq == 1000012 && finding->kind == LD_AUDIT_FINDING_ENTRY_CHANGED)
        return;
    }
  g_error ("the moved entry 1000012 was not named");
}

static void
test_removed_entry (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(LdAuditReport) report = NULL;

  g_assert_cmpint (sqlite3_exec (f->db, "DELETE FROM audit_log WHERE seq = 20", NULL, NULL, NULL), ==, SQLITE_OK);
  report = verify (f);
  g_assert_false (report->intact);
  g_assert_cmpint (report->first_bad_seq, ==, 21);
  g_assert_nonnull (strstr (report->reason, "missing"));
}

/* Someone who rewrites an entry and recomputes its hash cannot make its MAC:
 * the entry itself is named. */
static void
test_rehashed_entry (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(LdAuditReport) report = NULL;
  g_autoptr(LdAuditEntry) entry = ld_audit_entry_new (LD_AUDIT_FORMAT_KEYED);
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (f->db, "SELECT entry_id, at, actor_id, actor_login, role, action, entity,"
                                              " record_id, before_json, after_json, prev_hash, key_id,"
                                              " (SELECT shape FROM audit_row_shape WHERE id = row_shape), row_digest"
                                              " FROM audit_log WHERE seq = 15", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  entry->seq = 15;
  for (guint i = 0; i < LD_AUDIT_N_FIELDS; i++)
    ld_audit_entry_set (entry, i, (const char *) sqlite3_column_text (stmt, i), -1);
  sqlite3_finalize (stmt);
  ld_audit_entry_set (entry, LD_AUDIT_FIELD_ACTOR_LOGIN, "someone.else", -1);
  entry->hash = ld_audit_entry_compute_hash (entry);
  write_value (f->db, 15, "actor_login", "someone.else");
  write_value (f->db, 15, "hash", entry->hash);

  report = verify (f);
  g_assert_false (report->intact);
  g_assert_cmpint (report->first_bad_seq, ==, 15);
  g_assert_nonnull (strstr (report->reason, "not authenticated by the desk's key"));
}

/* Unpacks the store an earlier release wrote into @dir. */
static char *
unpack_old_store (const char *dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "store-before-keyed-audit.sqlite.gz", NULL);
  g_autofree char *path = g_build_filename (dir, "old.sqlite", NULL);
  g_autoptr(GFile) in_file = g_file_new_for_path (source);
  g_autoptr(GFile) out_file = g_file_new_for_path (path);
  g_autoptr(GInputStream) raw = G_INPUT_STREAM (g_file_read (in_file, NULL, &error));
  g_autoptr(GZlibDecompressor) gunzip = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = NULL;

  g_assert_no_error (error);
  gunzip = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  in = g_converter_input_stream_new (raw, G_CONVERTER (gunzip));
  out = G_OUTPUT_STREAM (g_file_create (out_file, G_FILE_CREATE_NONE, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                           G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error), >, 0);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* A store from before the keyed log: its entries verify by the old rules and
 * are counted as such, never as authenticated; new entries chain onto them. */
static void
test_upgraded_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ld-test-audit-upgrade-XXXXXX", NULL);
  g_autofree char *path = unpack_old_store (dir);
  g_autofree char *anchor = g_strconcat (path, ".anchor", NULL);
  g_autoptr(LdStore) store = ld_store_open (path, &error);
  g_autoptr(LdAuditReport) before = NULL;
  g_autoptr(LdAuditReport) after = NULL;
  g_autoptr(LdActor) ada = NULL;
  g_autoptr(LdActor) added = NULL;

  g_assert_no_error (error);
  g_assert_true (g_file_test (anchor, G_FILE_TEST_EXISTS));
  before = ld_audit_log_verify (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (before->intact);
  g_assert_cmpint (before->n_entries, ==, 3);
  g_assert_cmpint (before->n_chained_only, ==, 3);
  g_assert_cmpint (before->n_authenticated, ==, 0);
  g_assert_cmpint (before->n_rows_unrecorded, ==, 3);

  ada = ld_user_repo_find (store, "ada", &error);
  g_assert_no_error (error);
  added = ld_user_repo_add (store, ada, "dora", "Dora Officer", LD_ROLE_LICENSING_OFFICER, &error);
  g_assert_no_error (error);
  after = ld_audit_log_verify (store, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (after->intact);
  g_assert_true (ld_audit_report_is_authenticated (after));
  g_assert_cmpint (after->n_entries, ==, 4);
  g_assert_cmpint (after->n_chained_only, ==, 3);
  g_assert_cmpint (after->n_authenticated, ==, 1);
  g_assert_cmpint (after->n_rows_checked, ==, 4);

  g_clear_object (&store);
  g_unlink (anchor);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/audit/tamper/every-byte", test_every_byte_of_every_row);
  ADD ("/audit/tamper/sequence-number", test_sequence_number_changed);
  ADD ("/audit/tamper/removed-entry", test_removed_entry);
  ADD ("/audit/tamper/rehashed-entry", test_rehashed_entry);
#undef ADD
  g_test_add_func ("/audit/upgrade/old-entries", test_upgraded_store);

  return g_test_run ();
}
