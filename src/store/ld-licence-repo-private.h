/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ld-licence-repo.h"

G_BEGIN_DECLS

/* Inside a write transaction: the next number of a licence series. The demo
 * generator numbers its historic licences through it too. */
gint64  _ld_licence_repo_allocate_number (LdStore     *store,
                                          const char  *series,
                                          GError     **error);

/* Inside the pull's transaction: the central database's image of a licence. */
gboolean _ld_licence_repo_apply_image    (LdStore        *store,
                                          const LdActor  *actor,
                                          const char     *action,
                                          const char     *id,
                                          JsonObject     *image,
                                          gboolean       *out_changed,
                                          GError        **error);

/* Inside the push acknowledgement's transaction: the central database gave
 * the pending licence @id its @number, or refused its issue for @reason. */
gboolean _ld_licence_repo_confirm_issue  (LdStore        *store,
                                          const LdActor  *actor,
                                          const char     *id,
                                          const char     *number,
                                          gboolean       *out_renumbered,
                                          GError        **error);
gboolean _ld_licence_repo_refuse_issue   (LdStore        *store,
                                          const LdActor  *actor,
                                          const char     *id,
                                          const char     *reason,
                                          GError        **error);
/* Inside the pull's transaction: a shipment recorded or voided at another
 * desk, as the central database keeps it. */
gboolean _ld_licence_repo_apply_shipment_image (LdStore        *store,
                                                const LdActor  *actor,
                                                const char     *action,
                                                const char     *id,
                                                JsonObject     *image,
                                                gboolean       *out_changed,
                                                GError        **error);

/* Inside the push's acknowledgement: the central database refused this
 * desk's shipment @id for @reason; it is voided here, never sent again. */
gboolean _ld_licence_repo_withdraw_shipment    (LdStore        *store,
                                                const LdActor  *actor,
                                                const char     *id,
                                                const char     *reason,
                                                GError        **error);

G_END_DECLS
