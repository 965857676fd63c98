/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "ld-actor.h"

G_BEGIN_DECLS

#define LD_STORE_ERROR (ld_store_error_quark ())

typedef enum
{
  LD_STORE_ERROR_CANNOT_OPEN,
  LD_STORE_ERROR_NOT_A_DATABASE,
  LD_STORE_ERROR_NOT_A_STORE,
  LD_STORE_ERROR_TOO_NEW,
  LD_STORE_ERROR_READ_ONLY,
  LD_STORE_ERROR_DISK_FULL,
  LD_STORE_ERROR_CORRUPT,
  LD_STORE_ERROR_BUSY,
  LD_STORE_ERROR_CONSTRAINT,
  LD_STORE_ERROR_NOT_FOUND,
  LD_STORE_ERROR_FAILED,
  LD_STORE_ERROR_MISSING,
} LdStoreError;

/**
 * LdStoreOpenFlags:
 * @LD_STORE_OPEN_CREATE: make a new store when the path is missing or an empty file
 * @LD_STORE_OPEN_READ_ONLY: never write to the store (a store that cannot be
 *   written is opened read-only without it)
 */
typedef enum
{
  LD_STORE_OPEN_DEFAULT   = 0,
  LD_STORE_OPEN_CREATE    = 1 << 0,
  LD_STORE_OPEN_READ_ONLY = 1 << 1,
} LdStoreOpenFlags;

/* Written into the file header so we never migrate somebody else's database. */
#define LD_STORE_APPLICATION_ID 0x4C44534B /* "LDSK" */

#define LD_TYPE_STORE (ld_store_get_type ())
G_DECLARE_FINAL_TYPE (LdStore, ld_store, LD, STORE, GObject)

GQuark         ld_store_error_quark          (void);

LdStore       *ld_store_open                 (const char    *path,
                                              GError       **error);
LdStore       *ld_store_open_full            (const char       *path,
                                              LdStoreOpenFlags  flags,
                                              GError          **error);
gboolean       ld_store_is_read_only         (LdStore       *self);
const char    *ld_store_get_path             (LdStore       *self);
int            ld_store_get_schema_version   (LdStore       *self);
int            ld_store_get_supported_version (void);
char          *ld_store_default_path         (void);

sqlite3       *ld_store_open_reader          (LdStore       *self,
                                              GError       **error);

gboolean       ld_store_begin                (LdStore       *self,
                                              GError       **error);
gboolean       ld_store_begin_read           (LdStore       *self,
                                              GError       **error);
gboolean       ld_store_commit               (LdStore       *self,
                                              GError       **error);
void           ld_store_rollback             (LdStore       *self);
gboolean       ld_store_in_transaction       (LdStore       *self);

sqlite3_stmt  *ld_store_prepare              (LdStore       *self,
                                              const char    *sql,
                                              GError       **error);
gboolean       ld_store_exec                 (LdStore       *self,
                                              const char    *sql,
                                              GError       **error);
gboolean       ld_store_query_int64          (LdStore       *self,
                                              const char    *sql,
                                              gint64        *out_value,
                                              GError       **error);
gboolean       ld_store_step_done            (LdStore       *self,
                                              sqlite3_stmt  *stmt,
                                              GError       **error);
typedef void (*LdStoreRowFunc) (sqlite3_stmt *stmt,
                                gpointer      user_data);
gboolean       ld_store_read_rows            (LdStore       *self,
                                              sqlite3_stmt  *stmt,
                                              LdStoreRowFunc row,
                                              gpointer       user_data,
                                              const char    *doing,
                                              GError       **error);
void           ld_store_set_error            (LdStore       *self,
                                              GError       **error,
                                              int            rc,
                                              const char    *doing);
gint64         ld_store_last_insert_rowid    (LdStore       *self);
void           ld_store_set_max_pages        (LdStore       *self,
                                              gint64         max_pages);

gboolean       ld_store_record_change        (LdStore       *self,
                                              const LdActor *actor,
                                              const char    *action,
                                              const char    *entity,
                                              const char    *record_id,
                                              gint64         base_version,
                                              const char    *before_json,
                                              const char    *after_json,
                                              GError       **error);

gboolean       ld_store_carry_record         (LdStore       *self,
                                              const char    *action,
                                              const char    *entity,
                                              const char    *record_id,
                                              const char    *before_json,
                                              const char    *after_json,
                                              GError       **error);
void           ld_store_mark_changed         (LdStore       *self,
                                              const char    *entity);
void           ld_store_set_from_server      (LdStore       *self,
                                              gboolean       from_server);

char          *ld_store_get_store_id         (LdStore       *self,
                                              GError       **error);

char          *ld_store_now_utc              (void);
char          *ld_store_new_ordered_id       (void);

void           ld_store_bind_text            (sqlite3_stmt  *stmt,
                                              int            index,
                                              const char    *text);
char          *ld_store_column_dup           (sqlite3_stmt  *stmt,
                                              int            column);

G_END_DECLS
