/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "ld-store.h"

G_BEGIN_DECLS

typedef enum
{
  LD_COLUMN_TEXT,
  LD_COLUMN_NUMBER,
  LD_COLUMN_DATE,
  LD_COLUMN_COUNTRY,
  LD_COLUMN_STATUS,
  LD_COLUMN_WARNING,   /* a code of a state to act on (e.g. "expiring_soon"), empty when all is well */
} LdColumnKind;

typedef struct
{
  const char   *key;
  const char   *title;        /* untranslated; the UI translates it */
  const char   *expression;   /* a constant SQL expression over the table */
  LdColumnKind  kind;
  gboolean      expand;
  gboolean      computed;     /* filled by the section's fill_rows after the query; not sortable */
} LdSectionColumn;

typedef struct _LdSection LdSection;

/* Fills a page's computed columns (LdSectionColumn.computed) with what SQL
 * alone cannot say, e.g. a certificate's findings. Runs in a worker thread. */
typedef gboolean (*LdSectionFillFunc) (LdStore          *store,
                                       const LdSection  *section,
                                       GPtrArray        *rows,
                                       GError          **error);

/* A register the desk lists: brokers, applications, end-use certificates,
 * licences. Everything a list page needs to show and query it. */
struct _LdSection
{
  const char            *id;
  const char            *title;
  const char            *icon_name;
  const char            *entity;
  const char            *table;
  const char            *fts_table;
  const LdSectionColumn *columns;
  guint                  n_columns;
  guint                  default_sort_column;
  gboolean               default_sort_descending;
  const char            *empty_title;
  const char            *empty_description;
  const char            *index_delete_sql;   /* constant: remove a record from fts_table */
  const char            *index_insert_sql;   /* constant: add a record to fts_table */
  LdSectionFillFunc      fill_rows;          /* (nullable) */
  const char            *index_merge_sql;    /* constant: merge fts_table's segments into one */
  const char            *index_select_sql;   /* constant: records' rowids and indexed text */
};

typedef struct
{
  gint64   rowid;
  char   **values;     /* one per column */
} LdSectionRow;

typedef struct _LdSectionQuery LdSectionQuery;

guint            ld_section_get_n_sections   (void);
const LdSection *ld_section_get_nth          (guint                 n);
const LdSection *ld_section_lookup           (const char           *id);
int              ld_section_find_column      (const LdSection      *section,
                                              const char           *key);

gboolean         ld_section_merge_indexes    (LdStore              *store,
                                              GError              **error);

LdSectionQuery  *ld_section_query_new        (const LdSection      *section,
                                              const char           *search_text,
                                              guint                 sort_column,
                                              gboolean              descending);
LdSectionQuery  *ld_section_query_new_full   (const LdSection      *section,
                                              const char           *search_text,
                                              guint                 sort_column,
                                              gboolean              descending,
                                              gboolean              sort_chosen);
void             ld_section_query_free       (LdSectionQuery       *query);
const LdSection *ld_section_query_get_section (const LdSectionQuery *query);
gboolean         ld_section_query_count      (const LdSectionQuery *query,
                                              sqlite3              *db,
                                              gint64               *out_count,
                                              GError              **error);
GPtrArray       *ld_section_query_page       (const LdSectionQuery *query,
                                              sqlite3              *db,
                                              gint64                offset,
                                              guint                 limit,
                                              GError              **error);

void             ld_section_row_free         (LdSectionRow         *row);
gboolean         ld_section_fill_rows        (LdStore              *store,
                                              const LdSection      *section,
                                              GPtrArray            *rows,
                                              GError              **error);

gboolean         ld_section_index_record     (LdStore              *store,
                                              const LdSection      *section,
                                              gint64                rowid,
                                              const char * const   *texts,
                                              GError              **error);
void             ld_section_defer_indexing   (LdStore              *store);
void             ld_section_discard_indexing (LdStore              *store);
gboolean         ld_section_flush_indexing   (LdStore              *store,
                                              GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdSectionQuery, ld_section_query_free)

G_END_DECLS
