/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-audit-anchor"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ld-audit-anchor.h"
#include "ld-audit-chain.h"
#include "ld-store.h"

#define ANCHOR_MAGIC "licence-desk-audit-anchor 1"
/* A printed anchor may be shortened for the paper register, but not so much
 * that a rewritten chain could be made to match it by trying. */
#define MIN_PRINTED_HEAD 16

void
ld_audit_anchor_free (LdAuditAnchor *anchor)
{
  if (anchor == NULL)
    return;
  g_free (anchor->store_id);
  g_free (anchor->head);
  g_free (anchor);
}

/* The anchor of STORE is STORE.anchor, beside it. */
char *
ld_audit_anchor_path (const char *store_path)
{
  return g_strconcat (store_path, ".anchor", NULL);
}

static gboolean
is_hex (const char *text,
        gsize       min_len)
{
  gsize len = text ? strlen (text) : 0;

  if (len < min_len || len > 64)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isxdigit (text[i]) || g_ascii_isupper (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
parse_count (const char *text,
             gint64     *out_count)
{
  guint64 value;

  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &value, NULL))
    return FALSE;
  *out_count = value;
  return TRUE;
}

static LdAuditAnchor *
parse_file (const char  *path,
            const char  *text,
            GError     **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(LdAuditAnchor) anchor = g_new0 (LdAuditAnchor, 1);
  gboolean has_count = FALSE;

  if (lines[0] == NULL || !g_str_equal (lines[0], ANCHOR_MAGIC))
    goto bad;
  for (guint i = 1; lines[i]; i++)
    {
      if (g_str_has_prefix (lines[i], "store "))
        {
          g_free (anchor->store_id);
          anchor->store_id = g_strdup (lines[i] + 6);
        }
      else if (g_str_has_prefix (lines[i], "count "))
        has_count = parse_count (lines[i] + 6, &anchor->count);
      else if (g_str_has_prefix (lines[i], "head ") && is_hex (lines[i] + 5, 64))
        {
          g_free (anchor->head);
          anchor->head = g_strdup (lines[i] + 5);
        }
    }
  if (has_count && anchor->head != NULL && anchor->store_id != NULL)
    return g_steal_pointer (&anchor);
bad:
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
               _("The audit anchor %s is not one Licence Desk wrote: it was damaged or replaced."), path);
  return NULL;
}

/**
 * ld_audit_anchor_read:
 *
 * Returns: (transfer full) (nullable): the anchor; %NULL with
 *   %G_FILE_ERROR_NOENT when there is none
 */
LdAuditAnchor *
ld_audit_anchor_read (const char  *path,
                      GError     **error)
{
  g_autofree char *text = NULL;
  gsize len;

  if (!g_file_get_contents (path, &text, &len, error))
    return NULL;
  if (len > 4096 || memchr (text, '\0', len) != NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   _("The audit anchor %s is not one Licence Desk wrote: it was damaged or replaced."), path);
      return NULL;
    }
  return parse_file (path, text, error);
}

/**
 * ld_audit_anchor_write:
 *
 * Replaces the file in one step (a new file renamed over the old), so a crash
 * leaves the old anchor or the new one, never half of one.
 */
gboolean
ld_audit_anchor_write (const char           *path,
                       const LdAuditAnchor  *anchor,
                       GError              **error)
{
  g_autofree char *text = g_strdup_printf (ANCHOR_MAGIC "\nstore %s\ncount %" G_GINT64_FORMAT "\nhead %s\n",
                                           anchor->store_id, anchor->count, anchor->head);

  return g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0644, error);
}

/**
 * ld_audit_anchor_parse_printed:
 * @text: "HEAD:COUNT" as `audit anchor` prints it
 */
LdAuditAnchor *
ld_audit_anchor_parse_printed (const char  *text,
                               GError     **error)
{
  g_autoptr(LdAuditAnchor) anchor = g_new0 (LdAuditAnchor, 1);
  const char *colon = text ? strrchr (text, ':') : NULL;
  g_autofree char *head = colon ? g_ascii_strdown (text, colon - text) : NULL;

  if (colon == NULL || !is_hex (head, MIN_PRINTED_HEAD) || !parse_count (colon + 1, &anchor->count))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("“%s” is not an audit anchor. Give it as `audit anchor` printed it: the head hash "
                     "(at least %d hexadecimal digits), a colon and the number of entries."),
                   text ? text : "", MIN_PRINTED_HEAD);
      return NULL;
    }
  anchor->head = g_steal_pointer (&head);
  return g_steal_pointer (&anchor);
}

char *
ld_audit_anchor_to_printed (const LdAuditAnchor *anchor)
{
  return g_strdup_printf ("%s:%" G_GINT64_FORMAT, anchor->head, anchor->count);
}

/* The hash of entry @seq (the genesis hash for 0), or NULL when there is none. */
char *
ld_audit_anchor_hash_at (sqlite3 *db,
                         gint64   seq)
{
  sqlite3_stmt *stmt = NULL;
  char *hash = NULL;

  if (seq == 0)
    return g_strdup (LD_AUDIT_GENESIS_HASH);
  if (sqlite3_prepare_v2 (db, "SELECT hash FROM audit_log WHERE seq = ?", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, seq);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    hash = ld_store_column_dup (stmt, 0);
  sqlite3_finalize (stmt);
  return hash;
}

/* Whether @hash is the anchor's head (a printed head may be a prefix). */
gboolean
ld_audit_anchor_matches (const LdAuditAnchor *anchor,
                         const char          *hash)
{
  return hash != NULL && anchor->head != NULL && strlen (anchor->head) <= strlen (hash) &&
         strncmp (anchor->head, hash, strlen (anchor->head)) == 0;
}

/**
 * ld_audit_anchor_of_log:
 *
 * Returns: (transfer full) (nullable): where the log in @db stands now: its
 *   store identity, last sequence number and last hash
 */
LdAuditAnchor *
ld_audit_anchor_of_log (sqlite3  *db,
                        GError  **error)
{
  g_autoptr(LdAuditAnchor) anchor = g_new0 (LdAuditAnchor, 1);
  sqlite3_stmt *stmt = NULL;
  int rc;

  /* A store not upgraded yet has no identity: its anchor names none. */
  rc = sqlite3_prepare_v2 (db, "SELECT (SELECT store_id FROM audit_desk LIMIT 1),"
                               " (SELECT max(seq) FROM audit_log)", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      rc = sqlite3_prepare_v2 (db, "SELECT NULL, (SELECT max(seq) FROM audit_log)", -1, &stmt, NULL);
    }
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      anchor->store_id = ld_store_column_dup (stmt, 0);
      anchor->count = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_FAILED,
                   _("Reading the head of the audit log failed: %s."), sqlite3_errmsg (db));
      return NULL;
    }
  anchor->head = ld_audit_anchor_hash_at (db, anchor->count);
  if (anchor->head == NULL)
    anchor->head = g_strdup (LD_AUDIT_GENESIS_HASH);
  return g_steal_pointer (&anchor);
}
