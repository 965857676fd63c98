/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-store.h"

G_BEGIN_DECLS

typedef struct
{
  gint64  n_entries;
  gboolean intact;
  gint64  first_bad_seq;     /* the sequence number stored in the failing row */
  char   *first_bad_entry_id;
  char   *reason;
} LdAuditReport;

void           ld_audit_report_free     (LdAuditReport *report);
LdAuditReport *ld_audit_log_verify      (LdStore       *store,
                                         GCancellable  *cancellable,
                                         GError       **error);
gint64         ld_audit_log_count       (LdStore       *store,
                                         GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAuditReport, ld_audit_report_free)

G_END_DECLS
