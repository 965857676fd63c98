/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-audit-log"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-audit-chain.h"
#include "ld-audit-log.h"

void
ld_audit_report_free (LdAuditReport *report)
{
  if (report == NULL)
    return;
  g_free (report->first_bad_entry_id);
  g_free (report->reason);
  g_free (report);
}

static LdAuditEntry *
read_entry (sqlite3_stmt *stmt)
{
  LdAuditEntry *entry = ld_audit_entry_new ();

  entry->seq = sqlite3_column_int64 (stmt, 0);
  entry->entry_id = ld_store_column_dup (stmt, 1);
  entry->at = ld_store_column_dup (stmt, 2);
  entry->actor_id = ld_store_column_dup (stmt, 3);
  entry->actor_login = ld_store_column_dup (stmt, 4);
  entry->role = ld_store_column_dup (stmt, 5);
  entry->action = ld_store_column_dup (stmt, 6);
  entry->entity = ld_store_column_dup (stmt, 7);
  entry->record_id = ld_store_column_dup (stmt, 8);
  entry->before_json = ld_store_column_dup (stmt, 9);
  entry->after_json = ld_store_column_dup (stmt, 10);
  entry->prev_hash = ld_store_column_dup (stmt, 11);
  entry->hash = ld_store_column_dup (stmt, 12);
  return entry;
}

static void
mark_bad (LdAuditReport      *report,
          const LdAuditEntry *entry,
          char               *reason)
{
  report->intact = FALSE;
  report->first_bad_seq = entry->seq;
  report->first_bad_entry_id = g_strdup (entry->entry_id);
  report->reason = reason;
}

/* An entry whose own hash does not cover its fields was edited in place. */
static gboolean
check_own_hash (LdAuditReport      *report,
                const LdAuditEntry *entry)
{
  g_autofree char *expected = ld_audit_entry_compute_hash (entry);

  if (g_strcmp0 (expected, entry->hash) == 0)
    return TRUE;
  mark_bad (report, entry, g_strdup_printf (_("entry %lld (%s) does not match its hash: "
                                              "it was changed after it was written"),
                                            (long long) entry->seq, entry->entry_id ? entry->entry_id : "?"));
  return FALSE;
}

/* Consistent entries that do not link up mean entries were removed, inserted
 * or rewritten together with their hashes. */
static gboolean
check_link (LdAuditReport      *report,
            const LdAuditEntry *entry,
            gint64              prev_seq,
            const char         *prev_hash)
{
  if (entry->seq != prev_seq + 1)
    {
      mark_bad (report, entry, g_strdup_printf (_("entry %lld follows entry %lld: the entries between are missing"),
                                                (long long) entry->seq, (long long) prev_seq));
      return FALSE;
    }
  if (g_strcmp0 (entry->prev_hash, prev_hash) != 0)
    {
      mark_bad (report, entry, g_strdup_printf (_("entry %lld is not chained to the entry "
                                                  "before it: the history was rewritten"), (long long) entry->seq));
      return FALSE;
    }
  return TRUE;
}

static gboolean
scan_entries (sqlite3        *db,
              LdAuditReport  *report,
              gboolean        check_links,
              GCancellable   *cancellable,
              GError        **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *prev_hash = g_strdup (LD_AUDIT_GENESIS_HASH);
  gint64 prev_seq = 0;
  int rc;

  rc = sqlite3_prepare_v2 (db, "SELECT seq, entry_id, at, actor_id, actor_login, role, action, entity,"
                               " record_id, before_json, after_json, prev_hash, hash"
                               " FROM audit_log ORDER BY seq", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_FAILED,
                   _("Reading the audit log failed: %s."), sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return FALSE;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(LdAuditEntry) entry = read_entry (stmt);

      if (check_links ? !check_link (report, entry, prev_seq, prev_hash) : !check_own_hash (report, entry))
        break;
      report->n_entries++;
      prev_seq = entry->seq;
      g_free (prev_hash);
      prev_hash = g_steal_pointer (&entry->hash);
      if ((report->n_entries & 0xffff) == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          sqlite3_finalize (stmt);
          return FALSE;
        }
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_FAILED,
                   _("Reading the audit log failed: %s."), sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_audit_log_verify:
 *
 * Checks every entry in two passes: first that each entry matches its own
 * hash, so an entry edited in place is named itself; then that the entries
 * link up in order, which finds removed or re-hashed entries.
 *
 * Returns: (transfer full) (nullable): the report, or %NULL if the log could
 *   not be read at all.
 */
LdAuditReport *
ld_audit_log_verify (LdStore       *store,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(LdAuditReport) report = g_new0 (LdAuditReport, 1);
  sqlite3 *db = ld_store_open_reader (store, error);
  gboolean ok;

  if (db == NULL)
    return NULL;

  report->intact = TRUE;
  /* One read transaction, so both passes see the same snapshot. */
  sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
  ok = scan_entries (db, report, FALSE, cancellable, error);
  if (ok && report->intact)
    {
      report->n_entries = 0;
      ok = scan_entries (db, report, TRUE, cancellable, error);
    }
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
  sqlite3_close_v2 (db);
  return ok ? g_steal_pointer (&report) : NULL;
}

gint64
ld_audit_log_count (LdStore  *store,
                    GError  **error)
{
  gint64 n;

  return ld_store_query_int64 (store, "SELECT count(*) FROM audit_log", &n, error) ? n : -1;
}
