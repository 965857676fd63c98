/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Korean as South Koreans customarily write their names in Latin letters (see
 * ld-name-korean.c). */

/* A word no name has, for a syllable in the marked reading (with three letters that
 * tell which syllable). */
#define LD_NAME_KOREAN_MARK "hangulsyllable"

gboolean  _ld_name_has_hangul       (const char *text);
char     *_ld_name_korean_customary (const char *text,
                                     gboolean    marked);
gunichar  _ld_name_korean_marked_syllable (const char *word);
char    **_ld_name_korean_variants  (gunichar    syllable,
                                     gboolean    surname);
gboolean  _ld_name_korean_liaison   (gunichar    syllable,
                                     gunichar    next,
                                     char      **out_carrier,
                                     char      **out_receiver);

G_END_DECLS
