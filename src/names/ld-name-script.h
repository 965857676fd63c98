/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Scripts as the normaliser meets them (see ld-name-script.c). */

gboolean  _ld_name_script_has_khmer         (const char  *text);
char     *_ld_name_script_khmer_to_latin    (const char  *text);
char     *_ld_name_script_join_transcribed  (const char  *latin);
char     *_ld_name_script_read_transcribed  (const char  *text);
gboolean  _ld_name_script_check_words       (const char  *text,
                                             GError     **error);

G_END_DECLS
