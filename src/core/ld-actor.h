/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "ld-role.h"

G_BEGIN_DECLS

#define LD_TYPE_ACTOR (ld_actor_get_type ())

/* Who is doing something: recorded in every audit entry and checked against
 * permissions before every write. */
struct _LdActor
{
  char   *user_id;       /* profile UUID */
  char   *login;         /* short, unique login name */
  char   *display_name;
  LdRole  role;
  char   *person_id;     /* (nullable) the person's identity document or staff
                          * number, normalised; NULL for profiles made before
                          * profiles named their person */
};

GType     ld_actor_get_type (void) G_GNUC_CONST;
LdActor  *ld_actor_new      (const char    *user_id,
                             const char    *login,
                             const char    *display_name,
                             LdRole         role);
LdActor  *ld_actor_copy     (const LdActor *actor);
const char *ld_actor_get_person (const LdActor *actor);
void      ld_actor_free     (LdActor       *actor);
gboolean  ld_actor_require  (const LdActor *actor,
                             LdPermission   permission,
                             GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdActor, ld_actor_free)

G_END_DECLS
