/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ld-denial-repo.h"
#include "ld-embargo-repo.h"

G_BEGIN_DECLS

/* The national denial register and the embargo table, read and edited off
 * the UI thread: one _async/_finish pair per store operation. */

/* What the embargo table in force is, and whose. */
typedef struct
{
  LdEmbargoTable *table;
  char           *origin;   /* "edited by … on …" or "as shipped" */
} LdEmbargoTableInForce;

void                   ld_embargo_table_in_force_free     (LdEmbargoTableInForce *in_force);

void                   ld_embargo_repo_read_async         (LdStore               *store,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
LdEmbargoTableInForce *ld_embargo_repo_read_finish        (GAsyncResult          *result,
                                                           GError               **error);
void                   ld_embargo_repo_add_async          (LdStore               *store,
                                                           const LdActor         *actor,
                                                           const LdEmbargoChange *change,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
void                   ld_embargo_repo_set_async          (LdStore               *store,
                                                           const LdActor         *actor,
                                                           const LdEmbargoChange *change,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
void                   ld_embargo_repo_end_async          (LdStore               *store,
                                                           const LdActor         *actor,
                                                           const char            *id,
                                                           const char            *reason,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
char                  *ld_embargo_repo_edit_finish        (GAsyncResult          *result,
                                                           GError               **error);

void                   ld_denial_repo_list_async          (LdStore               *store,
                                                           const LdActor         *actor,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
GPtrArray             *ld_denial_repo_list_finish         (GAsyncResult          *result,
                                                           GError               **error);
void                   ld_denial_repo_add_async           (LdStore               *store,
                                                           const LdActor         *actor,
                                                           const LdDenialChange  *change,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
void                   ld_denial_repo_void_async          (LdStore               *store,
                                                           const LdActor         *actor,
                                                           const char            *reference,
                                                           const char            *reason,
                                                           GCancellable          *cancellable,
                                                           GAsyncReadyCallback    callback,
                                                           gpointer               user_data);
LdDenial              *ld_denial_repo_edit_finish         (GAsyncResult          *result,
                                                           GError               **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdEmbargoTableInForce, ld_embargo_table_in_force_free)

G_END_DECLS
