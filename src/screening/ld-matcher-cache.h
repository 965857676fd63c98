/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-name-matcher.h"

G_BEGIN_DECLS

LdNameMatcher *ld_matcher_cache_get   (const char  *list_path,
                                       GError     **error);
void           ld_matcher_cache_clear (void);

G_END_DECLS
