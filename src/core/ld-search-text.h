/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *ld_search_text_prepare      (const char *text);
char *ld_search_text_build_query  (const char *user_text);

G_END_DECLS
