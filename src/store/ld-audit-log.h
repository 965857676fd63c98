/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-audit-anchor.h"
#include "ld-store.h"

G_BEGIN_DECLS

typedef enum
{
  LD_AUDIT_FINDING_ENTRY_CHANGED,   /* an entry does not match its hash or holds a NUL */
  LD_AUDIT_FINDING_CHAIN_BROKEN,    /* entries missing, inserted or re-hashed */
  LD_AUDIT_FINDING_MAC_WRONG,       /* rewritten without the desk's key */
  LD_AUDIT_FINDING_DOWNGRADED,      /* written by the old rules where the new ones applied */
  LD_AUDIT_FINDING_ROW_CHANGED,     /* a row differs from its last audited state */
  LD_AUDIT_FINDING_ROW_UNAUDITED,   /* a row no audit entry created */
  LD_AUDIT_FINDING_ACTOR_UNAUDITED, /* entries by a profile no audit entry created */
  LD_AUDIT_FINDING_ANCHOR,          /* the log is behind or beside its anchor */
} LdAuditFindingKind;

typedef struct
{
  LdAuditFindingKind  kind;
  gint64              seq;          /* the entry concerned, 0 for none */
  char               *entity;       /* nullable: the table of a row finding */
  char               *record_id;    /* nullable */
  char               *reason;
} LdAuditFinding;

typedef struct
{
  gint64     n_entries;
  gboolean   intact;             /* nothing was found */
  gint64     first_bad_seq;      /* the first finding's entry (0: a row or the anchor) */
  char      *first_bad_entry_id;
  char      *reason;             /* the first finding's reason */
  GPtrArray *findings;           /* LdAuditFinding, at most LD_AUDIT_MAX_FINDINGS */
  gint64     n_findings;         /* all of them */

  gint64     n_authenticated;    /* keyed entries whose MAC verified */
  gint64     n_chained_only;     /* written before the upgrade: chain rules only */
  gint64     n_unauthenticated;  /* written where no keyring was available */
  gint64     n_mac_unchecked;    /* MAC made by a key this machine does not hold */
  gint64     n_rows_checked;
  gint64     n_rows_unrecorded;  /* last changed before the upgrade: no digest to compare */
  gboolean   keyring_available;

  LdAuditAnchor *head;           /* where the log stands now */
  char      *anchor_file;        /* nullable: the anchor checked beside the store */
  gint64     anchor_count;       /* -1: none checked */
} LdAuditReport;

#define LD_AUDIT_MAX_FINDINGS 100

void           ld_audit_report_free        (LdAuditReport       *report);
gboolean       ld_audit_report_is_authenticated (const LdAuditReport *report);
LdAuditReport *ld_audit_log_verify         (LdStore             *store,
                                            GCancellable        *cancellable,
                                            GError             **error);
LdAuditReport *ld_audit_log_verify_against (LdStore             *store,
                                            const LdAuditAnchor *printed,
                                            GCancellable        *cancellable,
                                            GError             **error);
gint64         ld_audit_log_count          (LdStore             *store,
                                            GError             **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAuditReport, ld_audit_report_free)

G_END_DECLS
