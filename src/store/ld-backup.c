/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-backup"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "ld-backup.h"

static gboolean
copy_pages (sqlite3     *source,
            sqlite3     *copy,
            const char  *destination,
            GError     **error)
{
  sqlite3_backup *backup = sqlite3_backup_init (copy, "main", source, "main");
  int rc;

  if (backup == NULL)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_FAILED,
                   _("The backup to %s could not start: %s."), destination, sqlite3_errmsg (copy));
      return FALSE;
    }
  /* All pages in one step: the copy is one consistent snapshot, taken while
   * the desk may go on writing. */
  do
    {
      rc = sqlite3_backup_step (backup, -1);
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
        sqlite3_sleep (50);
    }
  while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  sqlite3_backup_finish (backup);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_FAILED,
                   _("The backup to %s failed: %s. The partial copy was removed."), destination, sqlite3_errstr (rc));
      return FALSE;
    }
  return TRUE;
}

/**
 * ld_backup_store:
 * @destination: a file that does not exist yet
 *
 * Copies the store with SQLite's online backup and writes the copy's audit
 * anchor beside it (DESTINATION.anchor), so a later check of the copy finds
 * entries removed from it.
 *
 * Returns: (transfer full) (nullable): the anchor of the copy
 */
LdAuditAnchor *
ld_backup_store (LdStore     *store,
                 const char  *destination,
                 GError     **error)
{
  g_autoptr(LdAuditAnchor) anchor = NULL;
  g_autofree char *anchor_path = ld_audit_anchor_path (destination);
  sqlite3 *source = NULL;
  sqlite3 *copy = NULL;
  gboolean ok;

  if (g_file_test (destination, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CANNOT_OPEN,
                   _("%s exists already; a backup never overwrites a file. Choose a new file name."), destination);
      return NULL;
    }
  source = ld_store_open_reader (store, error);
  if (source == NULL)
    return NULL;
  if (sqlite3_open_v2 (destination, &copy, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)
      != SQLITE_OK)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CANNOT_OPEN,
                   _("The backup file %s cannot be created: %s."), destination, sqlite3_errmsg (copy));
      sqlite3_close_v2 (copy);
      sqlite3_close_v2 (source);
      return NULL;
    }
  ok = copy_pages (source, copy, destination, error);
  if (ok)
    anchor = ld_audit_anchor_of_log (copy, error);
  sqlite3_close_v2 (copy);
  sqlite3_close_v2 (source);
  if (anchor == NULL || !ld_audit_anchor_write (anchor_path, anchor, error))
    {
      g_unlink (destination);
      return NULL;
    }
  return g_steal_pointer (&anchor);
}
