/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * The words people write around a name, as the normaliser rewrites them (see
 * ld-name-forms.c): legal forms to one token per form in every language and script,
 * titles dropped, numbers written as words, ordinals or Roman numerals as digits, and
 * Wade-Giles romanisations of Chinese as pinyin.
 */

char     *_ld_name_forms_native          (const char *text);
char     *_ld_name_forms_wade_giles      (const char *ascii);
char     *_ld_name_forms_number          (const char *word);
char     *_ld_name_forms_rewrite         (const char *folded,
                                          gboolean    latin);
gboolean  ld_name_forms_is_legal_form    (const char *token);
gboolean  ld_name_forms_is_number        (const char *token);
gboolean  ld_name_forms_is_title         (const char *token);
const char * const *_ld_name_forms_list (void);

G_END_DECLS
