/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-audit-chain"

#include "config.h"

#include <string.h>

#include "ld-audit-chain.h"

static const char *field_names[LD_AUDIT_N_FIELDS] = {
  "entry_id", "at", "actor_id", "actor_login", "role", "action", "entity", "record_id",
  "before_json", "after_json", "prev_hash", "key_id", "row_shape", "row_digest",
};

/* Receives the serialised entry, once for the hash and once for the MAC. */
typedef void (*FeedFunc) (gpointer      sink,
                          const guchar *data,
                          gssize        len);

LdAuditEntry *
ld_audit_entry_new (int format)
{
  LdAuditEntry *entry = g_new0 (LdAuditEntry, 1);

  entry->format = format;
  return entry;
}

void
ld_audit_entry_free (LdAuditEntry *entry)
{
  if (entry == NULL)
    return;
  for (guint i = 0; i < LD_AUDIT_N_FIELDS; i++)
    g_free (entry->field[i].data);
  g_free (entry->hash);
  g_free (entry->mac);
  g_free (entry);
}

/**
 * ld_audit_entry_set:
 * @data: (nullable): the value, %NULL for none
 * @len: its length in bytes, or -1 when @data ends at its first NUL
 *
 * Keeps a copy of the whole value, NUL bytes included, so that nothing stored
 * after a NUL can escape the hash.
 */
void
ld_audit_entry_set (LdAuditEntry *entry,
                    LdAuditField  field,
                    const char   *data,
                    gssize        len)
{
  LdAuditValue *value = &entry->field[field];

  g_free (value->data);
  value->data = NULL;
  value->len = 0;
  if (data == NULL)
    return;
  value->len = len < 0 ? strlen (data) : (gsize) len;
  value->data = g_malloc (value->len + 1);
  memcpy (value->data, data, value->len);
  value->data[value->len] = '\0';
}

/* Like ld_audit_entry_set() for a NUL-terminated string it takes over. */
void
ld_audit_entry_take (LdAuditEntry *entry,
                     LdAuditField  field,
                     char         *data)
{
  LdAuditValue *value = &entry->field[field];

  g_free (value->data);
  value->data = data;
  value->len = data ? strlen (data) : 0;
}

const char *
ld_audit_entry_get (const LdAuditEntry *entry,
                    LdAuditField        field)
{
  return entry->field[field].data;
}

const char *
ld_audit_field_name (LdAuditField field)
{
  g_return_val_if_fail (field < LD_AUDIT_N_FIELDS, NULL);

  return field_names[field];
}

/**
 * ld_audit_entry_find_nul:
 *
 * The audited write path takes C strings, so it never stores a NUL byte: one
 * found in a stored field was put there by something else, usually to hide
 * text from tools that stop reading at the NUL.
 *
 * Returns: %TRUE if a field holds a NUL byte, that field in @out_field
 */
gboolean
ld_audit_entry_find_nul (const LdAuditEntry *entry,
                         LdAuditField       *out_field)
{
  for (guint i = 0; i < LD_AUDIT_N_FIELDS; i++)
    {
      const LdAuditValue *value = &entry->field[i];

      if (value->data && memchr (value->data, '\0', value->len) != NULL)
        {
          *out_field = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Each field is length-prefixed (NULL distinct from empty), so no two different
 * entries can serialise to the same bytes by moving text between fields. */
static void
feed_field (FeedFunc    feed,
            gpointer    sink,
            const char *data,
            guint64     len)
{
  guint8 prefix[9];

  prefix[0] = data ? 1 : 0;
  for (guint i = 0; i < 8; i++)
    prefix[1 + i] = (len >> (56 - 8 * i)) & 0xff;
  feed (sink, prefix, sizeof prefix);
  if (data && len > 0)
    feed (sink, (const guchar *) data, len);
}

static void
feed_string (FeedFunc    feed,
             gpointer    sink,
             const char *text)
{
  feed_field (feed, sink, text, text ? strlen (text) : 0);
}

/* The rules entries were hashed by before the keyed log: every value up to
 * its first NUL. Kept exactly so that old entries still verify. */
static void
serialise_chained (const LdAuditEntry *entry,
                   FeedFunc            feed,
                   gpointer            sink)
{
  g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, entry->seq);

  feed_string (feed, sink, "ld-audit-v1");
  feed_string (feed, sink, seq);
  for (guint i = 0; i <= LD_AUDIT_FIELD_PREV_HASH; i++)
    feed_string (feed, sink, entry->field[i].data);
}

/* Every byte of every field, with its real length. */
static void
serialise_keyed (const LdAuditEntry *entry,
                 FeedFunc            feed,
                 gpointer            sink)
{
  g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, entry->seq);

  feed_string (feed, sink, "ld-audit-v2");
  feed_string (feed, sink, seq);
  for (guint i = 0; i < LD_AUDIT_N_FIELDS; i++)
    feed_field (feed, sink, entry->field[i].data, entry->field[i].len);
}

static void
serialise (const LdAuditEntry *entry,
           FeedFunc            feed,
           gpointer            sink)
{
  if (entry->format == LD_AUDIT_FORMAT_CHAINED)
    serialise_chained (entry, feed, sink);
  else
    serialise_keyed (entry, feed, sink);
}

/**
 * ld_audit_entry_compute_hash:
 *
 * Returns: (transfer full): the lower-case hex SHA-256 of every field of @entry
 *   except its own hash and MAC, including its sequence number and the previous
 *   hash, by the rules of the entry's format.
 */
char *
ld_audit_entry_compute_hash (const LdAuditEntry *entry)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);

  serialise (entry, (FeedFunc) g_checksum_update, checksum);
  return g_strdup (g_checksum_get_string (checksum));
}

/**
 * ld_audit_entry_compute_mac:
 * @key: the desk's secret audit key
 *
 * Returns: (transfer full): the lower-case hex HMAC-SHA-256 of the same bytes
 *   the hash covers. Without the key nobody can make one that verifies, so an
 *   entry rewritten with a recomputed hash is still found.
 */
char *
ld_audit_entry_compute_mac (const LdAuditEntry *entry,
                            const guint8       *key,
                            gsize               key_len)
{
  g_autoptr(GHmac) hmac = g_hmac_new (G_CHECKSUM_SHA256, key, key_len);

  g_return_val_if_fail (entry->format == LD_AUDIT_FORMAT_KEYED, NULL);

  serialise (entry, (FeedFunc) g_hmac_update, hmac);
  return g_strdup (g_hmac_get_string (hmac));
}
