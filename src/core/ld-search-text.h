/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One term of a search: a word matched as a prefix, or a run of CJK
 * characters matched as a phrase. */
typedef struct
{
  char     *text;
  gboolean  prefix;
} LdSearchTerm;

char      *ld_search_text_prepare      (const char   *text);
GPtrArray *ld_search_text_split        (const char   *user_text);
void       ld_search_text_append_term  (GString      *query,
                                        const char   *term,
                                        gboolean      prefix);
char      *ld_search_text_build_query  (const char   *user_text);

G_END_DECLS
