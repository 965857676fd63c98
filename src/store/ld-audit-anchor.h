/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Where the audit log's head stood: the number of entries and the hash of the
 * last one. Kept outside the store's tables (a file beside the store and each
 * backup, and the office's paper register), so removing the latest entries or
 * rewriting the chain shows against it. */
typedef struct
{
  char   *store_id;   /* nullable: a printed anchor names no store */
  gint64  count;
  char   *head;       /* lower-case hex; a printed one may be a prefix */
} LdAuditAnchor;

void           ld_audit_anchor_free          (LdAuditAnchor       *anchor);
char          *ld_audit_anchor_path          (const char          *store_path);
LdAuditAnchor *ld_audit_anchor_read          (const char          *path,
                                              GError             **error);
gboolean       ld_audit_anchor_write         (const char          *path,
                                              const LdAuditAnchor *anchor,
                                              GError             **error);
LdAuditAnchor *ld_audit_anchor_parse_printed (const char          *text,
                                              GError             **error);
char          *ld_audit_anchor_to_printed    (const LdAuditAnchor *anchor);
LdAuditAnchor *ld_audit_anchor_of_log        (sqlite3             *db,
                                              GError             **error);
char          *ld_audit_anchor_hash_at       (sqlite3             *db,
                                              gint64               seq);
gboolean       ld_audit_anchor_matches       (const LdAuditAnchor *anchor,
                                              const char          *hash);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAuditAnchor, ld_audit_anchor_free)

G_END_DECLS
