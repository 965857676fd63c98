/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-actor.h"
#include "ld-store.h"

G_BEGIN_DECLS

#define LD_TYPE_DENIALS_GROUP (ld_denials_group_get_type ())
G_DECLARE_FINAL_TYPE (LdDenialsGroup, ld_denials_group, LD, DENIALS_GROUP, AdwPreferencesGroup)

void       ld_denials_group_set_store   (LdDenialsGroup *self,
                                         LdStore        *store);
void       ld_denials_group_set_actor   (LdDenialsGroup *self,
                                         const LdActor  *actor);
gboolean   ld_denials_group_is_ready    (LdDenialsGroup *self);
GPtrArray *ld_denials_group_get_denials (LdDenialsGroup *self);

void            ld_denials_group_begin_record (LdDenialsGroup *self);

G_END_DECLS
