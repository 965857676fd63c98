/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-credential.h"
#include "ld-store.h"

G_BEGIN_DECLS

/* After this many wrong credentials in a row a profile is locked for
 * LD_USER_LOCK_MINUTES. */
#define LD_USER_MAX_FAILED_ATTEMPTS 5
#define LD_USER_LOCK_MINUTES        15

/* A new profile: who it is for and the credential they start with. */
typedef struct
{
  const char *login;
  const char *display_name;
  LdRole      role;
  const char *person_id;    /* identity document or staff number */
  const char *credential;
} LdNewProfile;

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
LdActor   *ld_user_repo_create         (LdStore             *store,
                                        const LdActor       *actor,
                                        const LdNewProfile  *profile,
                                        GError             **error);
LdActor   *ld_user_repo_sign_in        (LdStore        *store,
                                        const char     *login,
                                        const char     *credential,
                                        GError        **error);
gboolean   ld_user_repo_reset_credential (LdStore       *store,
                                          const LdActor *actor,
                                          const char    *login,
                                          const char    *credential,
                                          GError       **error);

G_END_DECLS
