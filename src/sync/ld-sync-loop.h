/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ld-store.h"
#include "ld-sync-engine.h"

G_BEGIN_DECLS

/**
 * LdSyncLoopState:
 * @LD_SYNC_LOOP_STOPPED: not running
 * @LD_SYNC_LOOP_SYNCING: sending and receiving changes
 * @LD_SYNC_LOOP_LISTENING: in step with the server, waiting for the next change
 * @LD_SYNC_LOOP_RETRYING: the last round failed (the message says why); the
 *   next one comes after a growing pause
 */
typedef enum
{
  LD_SYNC_LOOP_STOPPED,
  LD_SYNC_LOOP_SYNCING,
  LD_SYNC_LOOP_LISTENING,
  LD_SYNC_LOOP_RETRYING,
} LdSyncLoopState;

#define LD_TYPE_SYNC_LOOP (ld_sync_loop_get_type ())
G_DECLARE_FINAL_TYPE (LdSyncLoop, ld_sync_loop, LD, SYNC_LOOP, GObject)

LdSyncLoop      *ld_sync_loop_new          (LdStore    *store,
                                            guint       period_ms);
LdSyncLoop      *ld_sync_loop_new_with_engine (LdStore      *store,
                                               LdSyncEngine *engine,
                                               guint         period_ms);
void             ld_sync_loop_start        (LdSyncLoop *self);
void             ld_sync_loop_stop         (LdSyncLoop *self);
void             ld_sync_loop_stop_later   (LdSyncLoop *self);
void             ld_sync_loop_stop_and_wait (LdSyncLoop *self);
void             ld_sync_loop_wake         (LdSyncLoop *self);
gboolean         ld_sync_loop_is_running   (LdSyncLoop *self);
LdSyncLoopState  ld_sync_loop_get_state    (LdSyncLoop *self);
char            *ld_sync_loop_dup_message  (LdSyncLoop *self);
guint            ld_sync_loop_get_retry_ms (LdSyncLoop *self);
guint64          ld_sync_loop_get_rounds   (LdSyncLoop *self);

G_END_DECLS
