/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-audit-key"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/random.h>
#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "ld-audit-key.h"

static const SecretSchema *
audit_key_schema (void)
{
  static const SecretSchema schema = {
    "org.licencedesk.LicenceDesk.AuditKey", SECRET_SCHEMA_NONE,
    {
      { "store-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "key-id", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "first-seq", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

void
ld_audit_key_free (LdAuditKey *key)
{
  if (key == NULL)
    return;
  memset (key->bytes, 0, sizeof key->bytes);
  g_free (key->key_id);
  g_free (key);
}

/* The keyring holds the key as base64 text; anything else is not our key. */
static LdAuditKey *
key_from_secret (const char *key_id,
                 gint64      first_seq,
                 const char *secret,
                 GError    **error)
{
  g_autoptr(LdAuditKey) key = g_new0 (LdAuditKey, 1);
  gsize len = 0;
  guchar *bytes = g_base64_decode (secret, &len);

  if (len != LD_AUDIT_KEY_SIZE)
    {
      g_free (bytes);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The audit key %s in the keyring is damaged."), key_id);
      return NULL;
    }
  memcpy (key->bytes, bytes, len);
  memset (bytes, 0, len);
  g_free (bytes);
  key->key_id = g_strdup (key_id);
  key->first_seq = first_seq;
  return g_steal_pointer (&key);
}

/**
 * ld_audit_key_find_by_id:
 *
 * Returns: (transfer full) (nullable): the key, or %NULL with no error when
 *   this keyring does not hold it, or %NULL with an error when there is no
 *   keyring to ask
 */
LdAuditKey *
ld_audit_key_find_by_id (const char  *key_id,
                         GError     **error)
{
  GList *items;
  g_autoptr(SecretValue) value = NULL;
  GHashTable *attributes;
  const char *first_seq;
  LdAuditKey *key;

  items = secret_password_search_sync (audit_key_schema (), SECRET_SEARCH_UNLOCK | SECRET_SEARCH_LOAD_SECRETS,
                                       NULL, error, "key-id", key_id, NULL);
  if (items == NULL)
    return NULL;
  attributes = secret_retrievable_get_attributes (items->data);
  first_seq = g_hash_table_lookup (attributes, "first-seq");
  value = secret_retrievable_retrieve_secret_sync (items->data, NULL, error);
  key = value ? key_from_secret (key_id, first_seq ? g_ascii_strtoll (first_seq, NULL, 10) : 1,
                                 secret_value_get_text (value), error) : NULL;
  g_hash_table_unref (attributes);
  g_list_free_full (items, g_object_unref);
  return key;
}

/* The newest key of a store: the one that authenticates its latest entries. */
static char *
newest_key_id (GList *items)
{
  char *key_id = NULL;
  gint64 newest = G_MININT64;

  for (GList *l = items; l; l = l->next)
    {
      g_autoptr(GHashTable) attributes = secret_retrievable_get_attributes (l->data);
      const char *seq = g_hash_table_lookup (attributes, "first-seq");
      gint64 first_seq = seq ? g_ascii_strtoll (seq, NULL, 10) : 0;

      if (first_seq > newest && g_hash_table_lookup (attributes, "key-id"))
        {
          newest = first_seq;
          g_free (key_id);
          key_id = g_strdup (g_hash_table_lookup (attributes, "key-id"));
        }
    }
  return key_id;
}

/**
 * ld_audit_key_find_for_store:
 *
 * Returns: (transfer full) (nullable): the store's newest key; %NULL without an
 *   error when the keyring holds none, with one when there is no keyring
 */
LdAuditKey *
ld_audit_key_find_for_store (const char  *store_id,
                             GError     **error)
{
  GList *items;
  g_autofree char *key_id = NULL;

  items = secret_password_search_sync (audit_key_schema (), SECRET_SEARCH_ALL, NULL, error,
                                       "store-id", store_id, NULL);
  if (items == NULL)
    return NULL;
  key_id = newest_key_id (items);
  g_list_free_full (items, g_object_unref);
  return key_id ? ld_audit_key_find_by_id (key_id, error) : NULL;
}

/**
 * ld_audit_key_create:
 * @first_seq: the sequence number of the first entry it will authenticate
 *
 * Makes a new random key and stores it in the default keyring. Call it while
 * holding the store's write transaction, so two processes never make one each.
 *
 * Returns: (transfer full) (nullable): the key as it was stored
 */
LdAuditKey *
ld_audit_key_create (const char  *store_id,
                     const char  *store_path,
                     gint64       first_seq,
                     GError     **error)
{
  g_autoptr(LdAuditKey) key = g_new0 (LdAuditKey, 1);
  g_autofree char *secret = NULL;
  g_autofree char *seq = g_strdup_printf ("%" G_GINT64_FORMAT, first_seq);
  g_autofree char *label = g_strdup_printf (_("Licence Desk audit key for %s"), store_path);
  gboolean stored;

  /* The kernel's cryptographic generator, not GLib's predictable one. */
  if (getrandom (key->bytes, sizeof key->bytes, 0) != sizeof key->bytes)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno),
                   _("No random bytes for a new audit key: %s."), g_strerror (errno));
      return NULL;
    }
  key->key_id = g_uuid_string_random ();
  key->first_seq = first_seq;
  secret = g_base64_encode (key->bytes, sizeof key->bytes);
  stored = secret_password_store_sync (audit_key_schema (), SECRET_COLLECTION_DEFAULT, label, secret, NULL, error,
                                       "store-id", store_id, "key-id", key->key_id, "first-seq", seq, NULL);
  memset (secret, 0, strlen (secret));
  return stored ? g_steal_pointer (&key) : NULL;
}

/* Removes every key of a store: for tests that play a desk without its key. */
gboolean
ld_audit_key_delete_for_store (const char  *store_id,
                               GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (secret_password_clear_sync (audit_key_schema (), NULL, &local_error, "store-id", store_id, NULL))
    return TRUE;
  if (local_error == NULL)
    return TRUE;
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}
