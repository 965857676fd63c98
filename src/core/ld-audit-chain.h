/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ld-types.h"

G_BEGIN_DECLS

/* The hash of the entry before the first one. */
#define LD_AUDIT_GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* One audit entry as stored. Every field but @hash is covered by @hash, and
 * @prev_hash ties it to the entry before, so editing, inserting or removing any
 * entry in the middle of the log breaks the chain from there on. */
struct _LdAuditEntry
{
  gint64  seq;
  char   *entry_id;
  char   *at;            /* UTC, ISO 8601 with microseconds */
  char   *actor_id;
  char   *actor_login;
  char   *role;
  char   *action;
  char   *entity;
  char   *record_id;
  char   *before_json;   /* nullable */
  char   *after_json;    /* nullable */
  char   *prev_hash;
  char   *hash;
};

LdAuditEntry *ld_audit_entry_new          (void);
void          ld_audit_entry_free         (LdAuditEntry       *entry);
char         *ld_audit_entry_compute_hash (const LdAuditEntry *entry);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAuditEntry, ld_audit_entry_free)

G_END_DECLS
