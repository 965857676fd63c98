/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ld-store.h"
#include "ld-actor.h"

G_BEGIN_DECLS

/**
 * LdSyncFault:
 * @LD_SYNC_FAULT_MID_PUSH: a local transaction's mutations are sent, its commit is not
 * @LD_SYNC_FAULT_AFTER_SERVER_COMMIT: the server committed a transaction, the desk did not record it
 * @LD_SYNC_FAULT_MID_PULL: changes are read, half applied locally, and the desk stops
 * @LD_SYNC_FAULT_MID_BOOTSTRAP: a new desk has copied some pages of the
 *   server's records, and stops before the next
 *
 * The worst moments for a desk to stop; the fault-injection tests make it
 * stop there (an #LdSyncFaultFunc returning %TRUE).
 */
typedef enum
{
  LD_SYNC_FAULT_MID_PUSH,
  LD_SYNC_FAULT_AFTER_SERVER_COMMIT,
  LD_SYNC_FAULT_MID_PULL,
  LD_SYNC_FAULT_MID_BOOTSTRAP,
} LdSyncFault;

typedef gboolean (*LdSyncFaultFunc) (LdSyncFault fault,
                                     gpointer    user_data);

typedef struct
{
  guint  pushed;        /* mutations the server answered this run */
  guint  applied;
  guint  conflicts;
  guint  refused;       /* legal acts the server refused, and changes it could not read */
  guint  transactions;  /* server transactions committed */
  guint  pulled;        /* change-log rows applied locally */
  guint  applied_locally; /* records pulled into the desk's registers (brokers, …) */
  guint  deferred;      /* pulled records left as the desk has them: its change is pending or in conflict */
  guint  bootstrapped;  /* records a new desk copied from the server (counted in @pulled too) */
} LdSyncStats;

typedef struct
{
  gint64  pending;         /* outbox rows not yet answered by the server */
  gint64  open_conflicts;  /* changes in conflict, waiting for a person's choice */
  gint64  open_notices;    /* notices not yet acknowledged (a record renumbered), no choice to make */
  gint64  records;         /* the server's records this desk holds a copy of */
  char   *last_push_at;
  char   *last_pull_at;
  char   *last_error;
  char   *server;
  char   *login;
} LdSyncStatus;

typedef struct
{
  char *mutation_id;
  char *entity;
  char *record_id;
  char *action;
  char *outcome;      /* "conflict", "refused" or "rejected" */
  char *detail;       /* the clashing fields, or the server's reason */
  char *base;         /* (nullable) JSON: the record the change was made on */
  char *mine;         /* (nullable) JSON: the change */
  char *theirs;       /* (nullable) JSON: the server's record */
  char *recorded_at;
} LdSyncConflict;

/* A change recorded at this desk and not yet received by the server. */
typedef struct
{
  char *mutation_id;
  char *entity;
  char *record_id;
  char *action;
  char *created_at;
  char *actor;        /* (nullable) who made it: display name, or login */
  char *label;        /* (nullable) the record's reference, number or name */
} LdSyncPending;

#define LD_TYPE_SYNC_ENGINE (ld_sync_engine_get_type ())
G_DECLARE_FINAL_TYPE (LdSyncEngine, ld_sync_engine, LD, SYNC_ENGINE, GObject)

LdSyncEngine *ld_sync_engine_new             (LdStore          *store,
                                              const char       *uri,
                                              const char       *password);
void          ld_sync_engine_set_fault_func  (LdSyncEngine     *self,
                                              LdSyncFaultFunc   func,
                                              gpointer          user_data);
gboolean      ld_sync_engine_connect         (LdSyncEngine     *self,
                                              GError          **error);
void          ld_sync_engine_disconnect      (LdSyncEngine     *self);
gboolean      ld_sync_engine_push            (LdSyncEngine     *self,
                                              LdSyncStats      *stats,
                                              GError          **error);
gboolean      ld_sync_engine_pull            (LdSyncEngine     *self,
                                              LdSyncStats      *stats,
                                              GError          **error);
gboolean      ld_sync_engine_sync            (LdSyncEngine     *self,
                                              LdSyncStats      *stats,
                                              GError          **error);
gboolean      ld_sync_engine_listen          (LdSyncEngine     *self,
                                              GError          **error);
gboolean      ld_sync_engine_wait_for_change (LdSyncEngine     *self,
                                              int               timeout_ms,
                                              GError          **error);
gboolean      ld_sync_engine_wait_for_change_or_fd (LdSyncEngine *self,
                                              int               timeout_ms,
                                              int               wake_fd,
                                              GError          **error);
void          ld_sync_engine_record_error    (LdSyncEngine     *self,
                                              const GError     *error);

gboolean      ld_sync_status_read            (LdStore          *store,
                                              LdSyncStatus     *status,
                                              GError          **error);
void          ld_sync_status_clear           (LdSyncStatus     *status);

GPtrArray    *ld_sync_outbox_list            (LdStore          *store,
                                              guint             limit,
                                              GError          **error);
void          ld_sync_pending_free           (LdSyncPending    *pending);

GPtrArray    *ld_sync_conflicts_list         (LdStore          *store,
                                              guint             limit,
                                              GError          **error);
void          ld_sync_conflict_free          (LdSyncConflict   *conflict);
LdSyncConflict *ld_sync_conflict_find        (LdStore          *store,
                                              const char       *mutation_id,
                                              GError          **error);
char         *ld_sync_conflict_latest_theirs (LdStore          *store,
                                              const LdSyncConflict *conflict,
                                              GError          **error);
gboolean      ld_sync_conflict_resolve       (LdStore          *store,
                                              const LdActor    *actor,
                                              const char       *mutation_id,
                                              const char * const *mine_fields,
                                              char            **out_resolution,
                                              GError          **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdSyncConflict, ld_sync_conflict_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdSyncPending, ld_sync_pending_free)

G_END_DECLS
