/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-store.h"

G_BEGIN_DECLS

GPtrArray *ld_user_repo_list           (LdStore        *store,
                                        GError        **error);
LdActor   *ld_user_repo_find           (LdStore        *store,
                                        const char     *login,
                                        GError        **error);
gint64     ld_user_repo_count          (LdStore        *store,
                                        GError        **error);
LdActor   *ld_user_repo_add            (LdStore        *store,
                                        const LdActor  *actor,
                                        const char     *login,
                                        const char     *display_name,
                                        LdRole          role,
                                        GError        **error);

G_END_DECLS
