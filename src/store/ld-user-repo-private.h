/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-credential.h"
#include "ld-store.h"

G_BEGIN_DECLS

gboolean _ld_user_credential_write (LdStore                 *store,
                                    const char              *user_id,
                                    const LdCredentialHash  *hash,
                                    const char              *set_by,
                                    GError                 **error);

/* Inside the caller's transaction: the profile of @login, or NULL. */
LdActor  *_ld_user_repo_find_locked (LdStore                 *store,
                                    const char              *login);

G_END_DECLS
