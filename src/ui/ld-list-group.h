/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-name-matcher.h"

G_BEGIN_DECLS

#define LD_TYPE_LIST_GROUP (ld_list_group_get_type ())
G_DECLARE_FINAL_TYPE (LdListGroup, ld_list_group, LD, LIST_GROUP, AdwPreferencesGroup)

void           ld_list_group_set_settings   (LdListGroup *self,
                                             GSettings   *settings);
void           ld_list_group_set_list_dir   (LdListGroup *self,
                                             const char  *list_dir);
void           ld_list_group_set_may_update (LdListGroup *self,
                                             gboolean     may_update);
void           ld_list_group_load           (LdListGroup *self);
gboolean       ld_list_group_is_loaded      (LdListGroup *self);
gboolean       ld_list_group_is_busy        (LdListGroup *self);
LdNameMatcher *ld_list_group_get_matcher    (LdListGroup *self);

G_END_DECLS
