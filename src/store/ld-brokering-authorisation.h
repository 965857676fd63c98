/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-actor.h"
#include "ld-store.h"

G_BEGIN_DECLS

char            *ld_broker_repo_authorise          (LdStore            *store,
                                                    const LdActor      *actor,
                                                    const char         *broker_id,
                                                    const char         *activity,
                                                    const char         *description,
                                                    const char         *application_ref,
                                                    const char         *valid_from,
                                                    const char         *valid_until,
                                                    gboolean           *out_pending,
                                                    GError            **error);
gboolean         ld_broker_repo_check_deal         (LdStore            *store,
                                                    const char         *broker,
                                                    const char         *application_ref,
                                                    const char         *on,
                                                    GError            **error);
GPtrArray       *ld_broker_repo_flagged_applications (LdStore          *store,
                                                    GError            **error);

G_END_DECLS
