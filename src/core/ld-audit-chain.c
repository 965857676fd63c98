/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-audit-chain"

#include "config.h"

#include <string.h>

#include "ld-audit-chain.h"

LdAuditEntry *
ld_audit_entry_new (void)
{
  return g_new0 (LdAuditEntry, 1);
}

void
ld_audit_entry_free (LdAuditEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->entry_id);
  g_free (entry->at);
  g_free (entry->actor_id);
  g_free (entry->actor_login);
  g_free (entry->role);
  g_free (entry->action);
  g_free (entry->entity);
  g_free (entry->record_id);
  g_free (entry->before_json);
  g_free (entry->after_json);
  g_free (entry->prev_hash);
  g_free (entry->hash);
  g_free (entry);
}

/* Each field is length-prefixed (NULL distinct from empty), so no two different
 * entries can serialise to the same bytes by moving text between fields. */
static void
hash_field (GChecksum  *checksum,
            const char *value)
{
  guint8 prefix[9];
  guint64 len = value ? strlen (value) : 0;

  prefix[0] = value ? 1 : 0;
  for (guint i = 0; i < 8; i++)
    prefix[1 + i] = (len >> (56 - 8 * i)) & 0xff;
  g_checksum_update (checksum, prefix, sizeof prefix);
  if (value)
    g_checksum_update (checksum, (const guchar *) value, len);
}

/**
 * ld_audit_entry_compute_hash:
 *
 * Returns: (transfer full): the lower-case hex SHA-256 of every field of @entry
 *   except its own hash, including its sequence number and the previous hash.
 */
char *
ld_audit_entry_compute_hash (const LdAuditEntry *entry)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, entry->seq);

  hash_field (checksum, "ld-audit-v1");
  hash_field (checksum, seq);
  hash_field (checksum, entry->entry_id);
  hash_field (checksum, entry->at);
  hash_field (checksum, entry->actor_id);
  hash_field (checksum, entry->actor_login);
  hash_field (checksum, entry->role);
  hash_field (checksum, entry->action);
  hash_field (checksum, entry->entity);
  hash_field (checksum, entry->record_id);
  hash_field (checksum, entry->before_json);
  hash_field (checksum, entry->after_json);
  hash_field (checksum, entry->prev_hash);
  return g_strdup (g_checksum_get_string (checksum));
}
