/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-actor.h"
#include "ld-embargo-table.h"
#include "ld-store.h"

G_BEGIN_DECLS

#define LD_TYPE_EMBARGOES_GROUP (ld_embargoes_group_get_type ())
G_DECLARE_FINAL_TYPE (LdEmbargoesGroup, ld_embargoes_group, LD, EMBARGOES_GROUP, AdwPreferencesGroup)

void            ld_embargoes_group_set_store  (LdEmbargoesGroup *self,
                                               LdStore          *store);
void            ld_embargoes_group_set_actor  (LdEmbargoesGroup *self,
                                               const LdActor    *actor);
void            ld_embargoes_group_load       (LdEmbargoesGroup *self);
gboolean        ld_embargoes_group_is_ready   (LdEmbargoesGroup *self);
LdEmbargoTable *ld_embargoes_group_get_table  (LdEmbargoesGroup *self);
void            ld_embargoes_group_import     (LdEmbargoesGroup *self,
                                               GFile            *file);

G_END_DECLS
