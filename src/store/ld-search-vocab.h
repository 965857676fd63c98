/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-store.h"

G_BEGIN_DECLS

/* The most tokens one prefix word is widened to before the search leaves the
 * prefix to FTS5 itself. */
#define LD_SEARCH_VOCAB_MAX_EXPANSIONS 32

GPtrArray *ld_search_vocab_tokenize     (sqlite3       *db,
                                         const char    *text,
                                         GError       **error);
GPtrArray *ld_search_vocab_tokenize_in_store (LdStore  *store,
                                              const char *text,
                                              GError  **error);
GPtrArray *ld_search_vocab_tokens_starting_with (sqlite3    *db,
                                                 const char *fts_table,
                                                 const char *token);
gboolean   ld_search_vocab_add          (LdStore       *store,
                                         const char    *fts_table,
                                         const char    *body,
                                         GError       **error);
gboolean   ld_search_vocab_add_many     (LdStore            *store,
                                         const char         *fts_table,
                                         const char * const *bodies,
                                         guint               n_bodies,
                                         GError            **error);
char      *ld_search_vocab_build_match  (sqlite3       *db,
                                         const char    *fts_table,
                                         const char    *user_text);

G_END_DECLS
