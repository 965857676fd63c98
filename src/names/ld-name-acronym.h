/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Acronyms of listed names (see ld-name-acronym.c): “PLA” for People's Liberation
 * Army, “KOMID” for Korea Mining Development Trading Corporation.
 */

#define LD_NAME_ACRONYM_MIN_LETTERS 3
#define LD_NAME_ACRONYM_MAX_LETTERS 8

typedef void (*LdNameAcronymKeyFunc) (const char *key,
                                      gpointer    data);

char     *ld_name_acronym_from_text          (const char           *text);
gboolean  ld_name_acronym_matches            (const char           *acronym,
                                              char * const         *tokens,
                                              guint                 n_tokens);
char     *ld_name_acronym_index_key          (char * const         *tokens,
                                              guint                 n_tokens);
void      ld_name_acronym_foreach_lookup_key (const char           *acronym,
                                              LdNameAcronymKeyFunc  func,
                                              gpointer              data);

G_END_DECLS
