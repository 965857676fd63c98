/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Unvowelled Hebrew compared with Latin spellings by the consonants both write (see
 * ld-name-hebrew-letters.c). */

gboolean  _ld_name_has_hebrew               (const char *text);
char    **_ld_name_hebrew_letter_words      (const char *text);

char    **ld_name_hebrew_letter_keys        (const char *hebrew_word);
char     *ld_name_hebrew_latin_key          (const char *latin_word);
guint     ld_name_hebrew_key_consonants     (const char *key);

char    **ld_name_hebrew_letter_readings    (const char *hebrew_word);
char     *ld_name_hebrew_latin_reading      (const char *latin_word);
gboolean  ld_name_hebrew_reading_agrees     (char      **hebrew_readings,
                                             const char *latin_reading);

G_END_DECLS
