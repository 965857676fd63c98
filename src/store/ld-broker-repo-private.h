/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* What the broker register's files share among themselves
 * (ld-broker-repo.c, ld-broker-duplicates.c, ld-brokering-authorisation.c). */

#include <json-glib/json-glib.h>

#include "ld-broker-repo.h"
#include "ld-name-key.h"

G_BEGIN_DECLS

char            *_ld_broker_repo_today_utc         (void);
char            *_ld_broker_repo_clean_text        (const char          *text);
LdBrokerRecord  *_ld_broker_repo_load_record       (LdStore             *store,
                                                    const char          *id_or_number,
                                                    GError             **error);
GPtrArray       *_ld_broker_repo_select_ids        (LdStore             *store,
                                                    const char          *sql,
                                                    const char          *a,
                                                    const char          *b,
                                                    GError             **error);
gboolean         _ld_broker_duplicates_save_second_keys (LdStore         *store,
                                                         const char      *id,
                                                         const LdNameKey *key,
                                                         GError         **error);
gboolean         _ld_broker_duplicates_check       (LdStore             *store,
                                                    const LdBrokerDraft *draft,
                                                    const char          *exclude_id,
                                                    GError             **error);

gboolean         _ld_broker_repo_apply_image       (LdStore             *store,
                                                    const LdActor       *actor,
                                                    const char          *action,
                                                    const char          *id,
                                                    JsonObject          *image,
                                                    gboolean            *out_changed,
                                                    GError             **error);

gboolean         _ld_broker_repo_settle_register   (LdStore             *store,
                                                    const LdActor       *desk_actor,
                                                    const char          *id,
                                                    const char          *number,
                                                    const char          *refusal,
                                                    gboolean            *out_renumbered,
                                                    GError             **error);
gboolean         _ld_broker_repo_reindex           (LdStore             *store,
                                                    const char          *id,
                                                    GError             **error);
gboolean         _ld_broker_repo_settle_authorise  (LdStore             *store,
                                                    const LdActor       *desk_actor,
                                                    const char          *id,
                                                    const char          *number,
                                                    const char          *refusal,
                                                    gboolean            *out_renumbered,
                                                    GError             **error);
gboolean         _ld_broker_repo_apply_authorisation_image (LdStore        *store,
                                                            const LdActor  *actor,
                                                            const char     *action,
                                                            const char     *id,
                                                            JsonObject     *image,
                                                            gboolean       *out_changed,
                                                            GError        **error);

G_END_DECLS
