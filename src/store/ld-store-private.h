/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-store.h"

G_BEGIN_DECLS

/* For the benchmark only: write audit entries as before the keyed log (hash
 * chain only: no row digest, no MAC, no anchor), to measure what the new
 * fields cost in the same run. */
void _ld_store_set_chained_only_audit (LdStore  *self,
                                       gboolean  chained_only);

/* For the repositories: one statement with up to three (two) text
 * parameters; a NULL parameter stays unbound, that is NULL. */
gboolean _ld_store_query_text (LdStore     *self,
                               const char  *sql,
                               const char  *a,
                               const char  *b,
                               const char  *c,
                               char       **out,
                               GError     **error);
gboolean _ld_store_exec_text  (LdStore     *self,
                               const char  *sql,
                               const char  *a,
                               const char  *b,
                               GError     **error);

/* For the pull's appliers: how many audit entries the transaction has
 * queued, and dropping those queued after such a mark, when a savepoint
 * taken at the mark is rolled back (its rows are gone, so must their
 * entries be). */
guint    _ld_store_pending_entries_mark     (LdStore     *self);
void     _ld_store_pending_entries_truncate (LdStore     *self,
                                             guint        mark);

/* For ld-section.c: the queue of search-index writes it holds back inside
 * the open transaction (taken over; %NULL ends the deferral and drops what
 * is queued), and that queue, or %NULL when it writes at once. The queue
 * ends with the transaction too. */
void       _ld_store_set_deferred_index (LdStore   *self,
                                         GPtrArray *queue);
GPtrArray *_ld_store_get_deferred_index (LdStore   *self);

G_END_DECLS
