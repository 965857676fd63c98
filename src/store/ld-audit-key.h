/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ld-audit-chain.h"

G_BEGIN_DECLS

/* A desk's audit key, kept in the user's keyring (Secret Service) under the
 * store's identity. Its bytes never leave this struct: they are not printed,
 * logged or written anywhere but the keyring. */
typedef struct
{
  char   *key_id;
  gint64  first_seq;   /* the first entry it authenticated */
  guint8  bytes[LD_AUDIT_KEY_SIZE];
} LdAuditKey;

void        ld_audit_key_free            (LdAuditKey  *key);
LdAuditKey *ld_audit_key_find_for_store  (const char  *store_id,
                                          GError     **error);
LdAuditKey *ld_audit_key_find_by_id      (const char  *key_id,
                                          GError     **error);
LdAuditKey *ld_audit_key_create          (const char  *store_id,
                                          const char  *store_path,
                                          gint64       first_seq,
                                          GError     **error);
gboolean    ld_audit_key_delete_for_store (const char  *store_id,
                                          GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAuditKey, ld_audit_key_free)

G_END_DECLS
