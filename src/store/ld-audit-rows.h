/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* Rows of another table that belong to an audited record (a case's parties,
 * a broker's events): part of the record's digest. */
typedef struct
{
  const char *table;
  const char *select;        /* SELECT * FROM table WHERE ... ?1 (the record's id) ORDER BY ... */
} LdAuditChild;

/* A table whose rows are audited: an audit entry's entity names the table and
 * its record_id the row's id. */
typedef struct
{
  const char         *entity;
  const char         *label_column;  /* shown to people in findings */
  const char         *select_one;    /* SELECT * FROM table WHERE id = ? */
  const char         *select_all;    /* SELECT * FROM table */
  const LdAuditChild *children;      /* nullable, ends with { NULL } */
  /* Columns computed from the others (a broker's name keys): outside the
   * digest, so that computing them again (a new name module) edits nothing.
   * They are checked against what their sources give instead. */
  const char *const  *derived;       /* nullable, ends with NULL */
  const char         *derived_prior; /* their values before each re-key: SELECT derived… WHERE id = ?1 */
  const char         *derived_stale; /* SELECT * FROM table WHERE a derived column is not what its sources give */
  const char         *select_removed; /* record_id, max(seq) of the entries whose row is gone (?1: the entity) */
} LdAuditTable;

const LdAuditTable *ld_audit_rows_lookup       (const char         *entity);
const LdAuditTable *ld_audit_rows_tables       (guint              *out_n);
gboolean            ld_audit_rows_is_derived   (const LdAuditTable *table,
                                                const char         *column);
int                *ld_audit_rows_covered      (const LdAuditTable *table,
                                                sqlite3_stmt       *stmt,
                                                guint              *out_n);
char               *ld_audit_rows_shape        (const char         *entity,
                                                sqlite3_stmt       *stmt,
                                                const int          *columns,
                                                guint               n_columns);
int                *ld_audit_rows_map_shape    (const char         *shape,
                                                sqlite3_stmt       *stmt,
                                                guint              *out_n);
void                ld_audit_rows_feed_row     (GChecksum          *checksum,
                                                sqlite3_stmt       *stmt,
                                                const int          *columns,
                                                guint               n_columns);
void                ld_audit_rows_feed_column  (GChecksum          *checksum,
                                                sqlite3_stmt       *stmt,
                                                int                 column);
void                ld_audit_rows_feed_marker  (GChecksum          *checksum,
                                                const char         *name);
GChecksum          *ld_audit_rows_checksum_new (void);
void                ld_audit_rows_digest       (sqlite3_stmt       *stmt,
                                                const int          *columns,
                                                guint               n_columns,
                                                guint8              out_digest[32]);
gboolean            ld_audit_rows_unhex        (const char         *hex,
                                                guint8              out_digest[32]);

G_END_DECLS
