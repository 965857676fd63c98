/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Thai read letter by letter, as Thai people write their names in Latin letters
 * (see ld-name-thai-letters.c). */

gboolean  _ld_name_has_thai     (const char *text);
char     *_ld_name_thai_letters (const char *text);
char     *_ld_name_thai_letters_indic (const char *text);
gsize     _ld_name_thai_fold    (const char *word,
                                 char       *out,
                                 gsize       size);
gsize     _ld_name_thai_skeleton (const char *fold,
                                  gsize       len,
                                  char       *out,
                                  gsize       size,
                                  gboolean    without_ks,
                                  guint      *vowels);

G_END_DECLS
