/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-denials-group.h"
#include "ld-name-matcher.h"

G_BEGIN_DECLS

#define LD_TYPE_NAME_CHECK_GROUP (ld_name_check_group_get_type ())
G_DECLARE_FINAL_TYPE (LdNameCheckGroup, ld_name_check_group, LD, NAME_CHECK_GROUP, AdwPreferencesGroup)

void     ld_name_check_group_set_matcher       (LdNameCheckGroup *self,
                                                LdNameMatcher    *matcher);
void     ld_name_check_group_set_denials_group (LdNameCheckGroup *self,
                                                LdDenialsGroup   *denials_group);
void     ld_name_check_group_check             (LdNameCheckGroup *self,
                                                const char       *name,
                                                const char       *country);
gboolean ld_name_check_group_is_busy           (LdNameCheckGroup *self);
guint    ld_name_check_group_get_n_results     (LdNameCheckGroup *self);

G_END_DECLS
