/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Korean as South Koreans customarily write their names in Latin letters (see
 * ld-name-korean.c). */

gboolean  _ld_name_has_hangul       (const char *text);
char     *_ld_name_korean_customary (const char *text);

G_END_DECLS
