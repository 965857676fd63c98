/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-actor"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-actor.h"

G_DEFINE_BOXED_TYPE (LdActor, ld_actor, ld_actor_copy, ld_actor_free)

LdActor *
ld_actor_new (const char *user_id,
              const char *login,
              const char *display_name,
              LdRole      role)
{
  LdActor *actor;

  g_return_val_if_fail (user_id != NULL, NULL);
  g_return_val_if_fail (login != NULL, NULL);

  actor = g_new0 (LdActor, 1);
  actor->user_id = g_strdup (user_id);
  actor->login = g_strdup (login);
  actor->display_name = g_strdup (display_name ? display_name : login);
  actor->role = role;
  return actor;
}

LdActor *
ld_actor_copy (const LdActor *actor)
{
  LdActor *copy;

  g_return_val_if_fail (actor != NULL, NULL);

  copy = ld_actor_new (actor->user_id, actor->login, actor->display_name, actor->role);
  copy->person_id = g_strdup (actor->person_id);
  return copy;
}

/**
 * ld_actor_get_person:
 *
 * Who @actor is as a person, for four-eyes: the person's id, or for a profile
 * that names no person, the profile's own id.
 */
const char *
ld_actor_get_person (const LdActor *actor)
{
  g_return_val_if_fail (actor != NULL, NULL);

  return actor->person_id ? actor->person_id : actor->user_id;
}

void
ld_actor_free (LdActor *actor)
{
  if (actor == NULL)
    return;
  g_free (actor->user_id);
  g_free (actor->login);
  g_free (actor->display_name);
  g_free (actor->person_id);
  g_free (actor);
}

/**
 * ld_actor_require:
 *
 * Fails with %LD_PERMISSION_ERROR_DENIED, in a sentence that names the person,
 * their role and the refused action, unless @actor's role grants @permission.
 */
gboolean
ld_actor_require (const LdActor *actor,
                  LdPermission   permission,
                  GError       **error)
{
  if (actor == NULL)
    {
      g_set_error (error, LD_PERMISSION_ERROR, LD_PERMISSION_ERROR_DENIED,
                   _("Nobody is signed in, so nobody may %s. Choose a user profile first."),
                   ld_permission_get_title (permission));
      return FALSE;
    }

  if (!ld_role_can (actor->role, permission))
    {
      g_set_error (error, LD_PERMISSION_ERROR, LD_PERMISSION_ERROR_DENIED,
                   _("%s is signed in as %s, who may not %s. Ask a colleague with the right role."),
                   actor->display_name,
                   ld_role_get_title (actor->role) ? ld_role_get_title (actor->role) : "?",
                   ld_permission_get_title (permission));
      return FALSE;
    }

  return TRUE;
}
