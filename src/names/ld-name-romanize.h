/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Per-script romanisation (see ld-name-romanize.c). */

typedef struct _LdNameRomanization LdNameRomanization;

const LdNameRomanization *_ld_name_romanization_for   (const char                *text);
const char               *_ld_name_romanization_id    (const LdNameRomanization *r);
gboolean                  _ld_name_romanization_has_second (const LdNameRomanization *r);
char                     *_ld_name_romanization_prepare (const LdNameRomanization *r,
                                                        const char                *text);
char                     *_ld_name_romanization_respell (const LdNameRomanization *r,
                                                        const char                *latin,
                                                        gboolean                   second_reading);
char                     *_ld_name_romanization_fold  (const LdNameRomanization *r,
                                                       const char               *ascii,
                                                       gboolean                  second_reading,
                                                       const char * const       *written_in_latin);

G_END_DECLS
