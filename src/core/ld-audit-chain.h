/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ld-types.h"

G_BEGIN_DECLS

/* The hash of the entry before the first one. */
#define LD_AUDIT_GENESIS_HASH "0000000000000000000000000000000000000000000000000000000000000000"

/* Entries written before the keyed audit log: chained by SHA-256 only. */
#define LD_AUDIT_FORMAT_CHAINED 1
/* Entries that also carry a MAC by the desk's key and the digest of the
 * changed row's state after the change. */
#define LD_AUDIT_FORMAT_KEYED 2

/* The bytes of the desk's audit key. */
#define LD_AUDIT_KEY_SIZE 32

typedef enum
{
  LD_AUDIT_FIELD_ENTRY_ID,
  LD_AUDIT_FIELD_AT,
  LD_AUDIT_FIELD_ACTOR_ID,
  LD_AUDIT_FIELD_ACTOR_LOGIN,
  LD_AUDIT_FIELD_ROLE,
  LD_AUDIT_FIELD_ACTION,
  LD_AUDIT_FIELD_ENTITY,
  LD_AUDIT_FIELD_RECORD_ID,
  LD_AUDIT_FIELD_BEFORE_JSON,
  LD_AUDIT_FIELD_AFTER_JSON,
  LD_AUDIT_FIELD_PREV_HASH,
  /* Keyed entries only. */
  LD_AUDIT_FIELD_KEY_ID,
  LD_AUDIT_FIELD_ROW_SHAPE,   /* the table and the columns the row digest covers */
  LD_AUDIT_FIELD_ROW_DIGEST,
  LD_AUDIT_N_FIELDS
} LdAuditField;

/* A field's whole stored value: @data is NULL for SQL NULL, and may hold NUL
 * bytes before @len (it is always followed by one more NUL). */
typedef struct
{
  char  *data;
  gsize  len;
} LdAuditValue;

/* One audit entry as stored. Every field but @hash and @mac is covered by
 * @hash, and @prev_hash ties it to the entry before, so editing, inserting or
 * removing an entry in the middle of the log breaks the chain from there on.
 * @mac covers the same bytes under a key the store file does not hold. */
struct _LdAuditEntry
{
  gint64        seq;
  int           format;
  LdAuditValue  field[LD_AUDIT_N_FIELDS];
  char         *hash;
  char         *mac;      /* nullable: written without the desk's key */
};

LdAuditEntry *ld_audit_entry_new          (int                 format);
void          ld_audit_entry_free         (LdAuditEntry       *entry);
void          ld_audit_entry_set          (LdAuditEntry       *entry,
                                           LdAuditField        field,
                                           const char         *data,
                                           gssize              len);
void          ld_audit_entry_take         (LdAuditEntry       *entry,
                                           LdAuditField        field,
                                           char               *data);
const char   *ld_audit_entry_get          (const LdAuditEntry *entry,
                                           LdAuditField        field);
const char   *ld_audit_field_name         (LdAuditField        field);
gboolean      ld_audit_entry_find_nul     (const LdAuditEntry *entry,
                                           LdAuditField       *out_field);
char         *ld_audit_entry_compute_hash (const LdAuditEntry *entry);
char         *ld_audit_entry_compute_mac  (const LdAuditEntry *entry,
                                           const guint8       *key,
                                           gsize               key_len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdAuditEntry, ld_audit_entry_free)

G_END_DECLS
