/* SPDX-License-Identifier: GPL-3.0-or-later */
/* A desk for the pg suite: its own real store in a temporary folder, changes
 * written through the audited write path (so every one has its outbox row),
 * and a sync engine on a server login. */
#pragma once

#include <json-glib/json-glib.h>

#include "ld-store.h"
#include "ld-sync-engine.h"
#include "ld-test-pg.h"

G_BEGIN_DECLS

typedef struct
{
  char         *dir;
  char         *path;
  char         *login;
  LdStore      *store;
  LdActor      *actor;
  LdSyncEngine *engine;
} LdTestDesk;

LdTestDesk *ld_test_desk_new          (const char  *login,
                                       const char  *uri,
                                       const char  *password);
void        ld_test_desk_free         (LdTestDesk  *desk);
void        ld_test_desk_reopen       (LdTestDesk  *desk,
                                       const char  *uri,
                                       const char  *password);
char       *ld_test_desk_write        (LdTestDesk  *desk,
                                       const char  *entity,
                                       const char  *record_id,
                                       const char  *action,
                                       const char  *base_json,
                                       const char  *after_json);
char       *ld_test_desk_view         (LdTestDesk  *desk,
                                       const char  *entity,
                                       const char  *record_id);
gint64      ld_test_desk_count        (LdTestDesk  *desk,
                                       const char  *sql);
char       *ld_test_desk_text         (LdTestDesk  *desk,
                                       const char  *sql);
gint64      ld_test_desk_count_with   (LdTestDesk  *desk,
                                       const char  *sql,
                                       ...) G_GNUC_NULL_TERMINATED;
char       *ld_test_desk_text_with    (LdTestDesk  *desk,
                                       const char  *sql,
                                       ...) G_GNUC_NULL_TERMINATED;
LdTestDesk *ld_test_desk_new_with_role (LdTestPg   *server,
                                        const char *login,
                                        LdRole      role,
                                        const char *password);
LdSyncStats ld_test_desk_sync         (LdTestDesk  *desk);
void        ld_test_desk_assert_audit_verifies (LdTestDesk *desk);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdTestDesk, ld_test_desk_free)

G_END_DECLS
