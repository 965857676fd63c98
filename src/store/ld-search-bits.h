/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-store.h"

G_BEGIN_DECLS

/* Records are grouped by rowid into chunks of 16,384: each token's records in
 * a chunk are one row of search_bits (0038-search-bits.sql), whose bitmap
 * (2,048 bytes) fits in the row's page. */
#define LD_SEARCH_BITS_CHUNK_SHIFT 14

typedef struct _LdSearchBitsQuery LdSearchBitsQuery;

void               _ld_search_bits_register_sql     (sqlite3            *db);

gboolean           ld_search_bits_replace           (LdStore            *store,
                                                     const char         *fts_table,
                                                     const gint64       *rowids,
                                                     const char * const *old_bodies,
                                                     const char * const *new_bodies,
                                                     guint               n_records,
                                                     GError            **error);

LdSearchBitsQuery *ld_search_bits_query_new         (sqlite3            *db,
                                                     const char         *fts_table,
                                                     const char         *user_text);
void               ld_search_bits_query_free        (LdSearchBitsQuery  *query);
gboolean           ld_search_bits_query_reads_pages_fast (LdSearchBitsQuery *query);
GArray            *ld_search_bits_query_rowids      (LdSearchBitsQuery  *query,
                                                     sqlite3            *db,
                                                     gint64              offset,
                                                     guint               limit,
                                                     GError            **error);
gboolean           ld_search_bits_query_count       (LdSearchBitsQuery  *query,
                                                     sqlite3            *db,
                                                     gint64             *out_count,
                                                     GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdSearchBitsQuery, ld_search_bits_query_free)

G_END_DECLS
