/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-actor.h"
#include "ld-store.h"

G_BEGIN_DECLS

#define LD_TYPE_RESCREEN_GROUP (ld_rescreen_group_get_type ())
G_DECLARE_FINAL_TYPE (LdRescreenGroup, ld_rescreen_group, LD, RESCREEN_GROUP, AdwPreferencesGroup)

void        ld_rescreen_group_set_store      (LdRescreenGroup *self,
                                              LdStore         *store);
void        ld_rescreen_group_set_actor      (LdRescreenGroup *self,
                                              const LdActor   *actor);
void        ld_rescreen_group_set_list_dir   (LdRescreenGroup *self,
                                              const char      *list_dir);
void        ld_rescreen_group_set_list_ready (LdRescreenGroup *self,
                                              gboolean         ready);
void        ld_rescreen_group_load           (LdRescreenGroup *self);
void        ld_rescreen_group_start          (LdRescreenGroup *self);
void        ld_rescreen_group_stop           (LdRescreenGroup *self);
gboolean    ld_rescreen_group_is_ready       (LdRescreenGroup *self);
gboolean    ld_rescreen_group_is_running     (LdRescreenGroup *self);
const char *ld_rescreen_group_get_status     (LdRescreenGroup *self);

G_END_DECLS
