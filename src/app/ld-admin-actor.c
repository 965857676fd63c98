/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-user-repo.h"

/* Who acts for a licence-desk-admin command; on its own so that commands
 * built into tests (src/app/ld-admin-screen.c) can use it too. */

/**
 * ld_admin_resolve_actor:
 * @login: (nullable): the profile to act as; when %NULL, the store's only
 *   administrator, if there is exactly one
 */
LdActor *
ld_admin_resolve_actor (LdStore     *store,
                        const char  *login,
                        GError     **error)
{
  g_autoptr(GPtrArray) users = NULL;
  LdActor *found = NULL;

  if (login)
    return ld_user_repo_find (store, login, error);

  users = ld_user_repo_list (store, error);
  if (users == NULL)
    return NULL;
  for (guint i = 0; i < users->len; i++)
    {
      LdActor *user = g_ptr_array_index (users, i);

      if (user->role != LD_ROLE_ADMINISTRATOR)
        continue;
      if (found)
        {
          g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                       _("%s has several administrators; say which one acts with --as LOGIN."),
                       ld_store_get_path (store));
          return NULL;
        }
      found = user;
    }
  if (found == NULL)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                   _("%s has no administrator profile; say who acts with --as LOGIN."), ld_store_get_path (store));
      return NULL;
    }
  return ld_actor_copy (found);
}
