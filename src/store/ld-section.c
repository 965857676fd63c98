/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-section"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "ld-search-bits.h"
#include "ld-search-text.h"
#include "ld-search-vocab.h"
#include "ld-section.h"
#include "ld-euc-repo-private.h"
#include "ld-pulled.h"
#include "ld-store-private.h"

struct _LdSectionQuery
{
  const LdSection *section;
  char            *search_text;
  char            *match;        /* FTS5 query, bound as a parameter; NULL lists everything */
  gboolean         widened;      /* match has prefix words widened from the vocabulary, bits is set */
  GMutex           lock;         /* guards widening match and setting bits */
  LdSearchBitsQuery *bits;       /* (nullable) the search in the bit sets, when they answer it */
  char            *count_sql;
  char            *page_sql;
  char            *bits_page_sql; /* (nullable) a page of the rowids bound as a JSON array, newest first */
};

static const LdSectionColumn broker_columns[] = {
  { "number", N_("Registration"), "registration_number", LD_COLUMN_TEXT, FALSE },
  { "name", N_("Legal name"), "legal_name", LD_COLUMN_TEXT, TRUE },
  { "country", N_("Country"), "country", LD_COLUMN_COUNTRY, FALSE },
  { "status", N_("Status"), "status", LD_COLUMN_STATUS, FALSE },
  { "valid_until", N_("Valid until"), "valid_until", LD_COLUMN_DATE, FALSE },
  /* The record's standing with the central database: worked out per row by
   * ld-pulled.c from the outbox and the open conflicts. */
  { "central", N_("Central"), "rowid", LD_COLUMN_STATUS, FALSE, TRUE },
};

static const LdSectionColumn application_columns[] = {
  { "reference", N_("Reference"), "reference", LD_COLUMN_TEXT, FALSE },
  { "received", N_("Received"), "received_on", LD_COLUMN_DATE, FALSE },
  { "kind", N_("Type"), "kind", LD_COLUMN_STATUS, FALSE },
  { "applicant", N_("Applicant"), "applicant_name", LD_COLUMN_TEXT, TRUE },
  { "destination", N_("Destination"), "destination_country", LD_COLUMN_COUNTRY, FALSE },
  { "quantity", N_("Quantity"), "quantity", LD_COLUMN_NUMBER, FALSE },
  { "status", N_("Status"), "status", LD_COLUMN_STATUS, FALSE },
};

static const LdSectionColumn euc_columns[] = {
  { "number", N_("Certificate"), "certificate_number", LD_COLUMN_TEXT, FALSE },
  { "country", N_("Issued by"), "issuing_country", LD_COLUMN_COUNTRY, FALSE },
  { "end_user", N_("End user"), "end_user_name", LD_COLUMN_TEXT, TRUE },
  { "issued", N_("Issued"), "issued_on", LD_COLUMN_DATE, FALSE },
  { "verification", N_("Verification"), "verification_status", LD_COLUMN_STATUS, FALSE },
  /* Findings hold a certificate against its application as of today: worked
   * out per row by ld-euc-repo.c, not stored. */
  { "findings", N_("Findings"), "rowid", LD_COLUMN_TEXT, FALSE, TRUE },
};

static const LdSectionColumn licence_columns[] = {
  { "number", N_("Licence"), "licence_number", LD_COLUMN_TEXT, FALSE },
  { "kind", N_("Type"), "kind", LD_COLUMN_STATUS, FALSE },
  { "holder", N_("Holder"), "holder_name", LD_COLUMN_TEXT, TRUE },
  { "destination", N_("Destination"), "destination_country", LD_COLUMN_COUNTRY, FALSE },
  { "valid_until", N_("Valid until"), "valid_until", LD_COLUMN_DATE, FALSE },
  { "status", N_("Status"), "status", LD_COLUMN_STATUS, FALSE },
  { "remaining", N_("Left to ship"), "remaining", LD_COLUMN_NUMBER, FALSE },
  { "warning", N_("Warning"), "warning", LD_COLUMN_WARNING, FALSE },
  /* The delivery verification certificate of the licence's end-use certificate. */
  { "dvc", N_("DVC"), "rowid", LD_COLUMN_TEXT, FALSE, TRUE },
};

static const LdSection sections[] = {
  { "brokers", N_("Brokers"), "system-users-symbolic", "broker", "broker", "broker_fts",
    broker_columns, G_N_ELEMENTS (broker_columns), 1, FALSE,
    N_("No Brokers Registered"),
    N_("Arms brokers must register before they may arrange any transfer. Registered brokers appear here."),
    "DELETE FROM broker_fts WHERE rowid IN (SELECT value FROM json_each (?1))",
    "INSERT INTO broker_fts (rowid, body) SELECT value ->> 0, value ->> 1 FROM json_each (?1)",
    ld_pulled_fill_central_marks, "INSERT INTO broker_fts (broker_fts) VALUES ('optimize')",
    "SELECT -rowid, body FROM broker_fts WHERE rowid IN (SELECT value FROM json_each (?1))" },
  { "applications", N_("Applications"), "document-edit-symbolic", "application", "application", "application_fts",
    application_columns, G_N_ELEMENTS (application_columns), 1, TRUE,
    N_("No Applications Yet"),
    N_("Export, import, transit and brokering applications appear here once they are recorded."),
    "DELETE FROM application_fts WHERE rowid IN (SELECT value FROM json_each (?1))",
    "INSERT INTO application_fts (rowid, body) SELECT value ->> 0, value ->> 1 FROM json_each (?1)",
    NULL, "INSERT INTO application_fts (application_fts) VALUES ('optimize')",
    "SELECT -rowid, body FROM application_fts WHERE rowid IN (SELECT value FROM json_each (?1))" },
  { "eucs", N_("End-use Certificates"), "emblem-documents-symbolic", "euc", "euc", "euc_fts",
    euc_columns, G_N_ELEMENTS (euc_columns), 3, TRUE,
    N_("No End-use Certificates"),
    N_("End-use certificates received with applications appear here with their verification status."),
    "DELETE FROM euc_fts WHERE rowid IN (SELECT value FROM json_each (?1))",
    "INSERT INTO euc_fts (rowid, body) SELECT value ->> 0, value ->> 1 FROM json_each (?1)",
    _ld_euc_repo_fill_list_rows, "INSERT INTO euc_fts (euc_fts) VALUES ('optimize')",
    "SELECT -rowid, body FROM euc_fts WHERE rowid IN (SELECT value FROM json_each (?1))" },
  /* Read through the licence_register view: status as of today, quantity left. */
  { "licences", N_("Licences"), "emblem-ok-symbolic", "licence", "licence_register", "licence_fts",
    licence_columns, G_N_ELEMENTS (licence_columns), 4, TRUE,
    N_("No Licences Issued"),
    N_("Licences appear here once a senior licensing officer has approved an application and it is issued."),
    "DELETE FROM licence_fts WHERE rowid IN (SELECT value FROM json_each (?1))",
    "INSERT INTO licence_fts (rowid, body) SELECT value ->> 0, value ->> 1 FROM json_each (?1)",
    _ld_euc_repo_fill_licence_rows, "INSERT INTO licence_fts (licence_fts) VALUES ('optimize')",
    "SELECT -rowid, body FROM licence_fts WHERE rowid IN (SELECT value FROM json_each (?1))" },
};

guint
ld_section_get_n_sections (void)
{
  return G_N_ELEMENTS (sections);
}

const LdSection *
ld_section_get_nth (guint n)
{
  g_return_val_if_fail (n < G_N_ELEMENTS (sections), NULL);

  return &sections[n];
}

const LdSection *
ld_section_lookup (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_strcmp0 (sections[i].id, id) == 0)
      return &sections[i];
  return NULL;
}

int
ld_section_find_column (const LdSection *section,
                        const char      *key)
{
  for (guint i = 0; i < section->n_columns; i++)
    if (g_strcmp0 (section->columns[i].key, key) == 0)
      return (int) i;
  return -1;
}

void
ld_section_row_free (LdSectionRow *row)
{
  if (row == NULL)
    return;
  g_strfreev (row->values);
  g_free (row);
}

/**
 * ld_section_fill_rows:
 * @rows: (element-type LdSectionRow): a page the section's query read
 *
 * Fills the page's computed columns, if the section has any.
 */
gboolean
ld_section_fill_rows (LdStore          *store,
                      const LdSection  *section,
                      GPtrArray        *rows,
                      GError          **error)
{
  if (section->fill_rows == NULL || rows == NULL || rows->len == 0)
    return TRUE;
  return section->fill_rows (store, section, rows, error);
}

/* The SQL is put together only from the constant table, column and expression
 * names of the section tables above; every value (search text, offset, limit)
 * is a bound parameter. */
static void
append_select (GString         *sql,
               const LdSection *section)
{
  g_string_append (sql, "SELECT t.rowid");
  for (guint i = 0; i < section->n_columns; i++)
    g_string_append_printf (sql, ", t.%s", section->columns[i].expression);
  g_string_append_printf (sql, " FROM %s AS t", section->table);
}

static void
append_order (GString         *sql,
              const LdSection *section,
              guint            sort_column,
              gboolean         descending)
{
  const char *direction = descending ? "DESC" : "ASC";

  g_string_append_printf (sql, " ORDER BY t.%s %s, t.rowid %s",
                          section->columns[sort_column].expression, direction, direction);
}

/* A search whose order nobody chose lists the newest entries first, read from
 * the full-text index in its own order and stopping after one page: its cost
 * does not grow with the number of matches. The index keys each record by
 * minus its rowid (ld_section_index_record()), so newest first is the order
 * FTS5 reads fastest. The page's rows are then read by rowid, newest first,
 * from the set of hits: SQLite steps through that set in order and needs no
 * sort (about a fifth less per row than joining the hits and sorting them).
 * Sorting matches by a column means reading them all, which happens only
 * when someone asks for it. */
static void
append_search_by_entry (GString         *sql,
                        const LdSection *section)
{
  append_select (sql, section);
  g_string_append_printf (sql, " WHERE t.rowid IN (SELECT -rowid FROM %s WHERE %s MATCH ?1"
                               " ORDER BY rowid ASC LIMIT ?2 OFFSET ?3) ORDER BY t.rowid DESC",
                          section->fts_table, section->fts_table);
}

/* A page of the records whose rowids the bit sets found (ld-search-bits.c),
 * bound as a JSON array, newest first as the full-text index lists them. */
static void
append_page_of_rowids (GString         *sql,
                       const LdSection *section)
{
  append_select (sql, section);
  g_string_append (sql, " WHERE t.rowid IN (SELECT value FROM json_each (?1)) ORDER BY t.rowid DESC");
}

/**
 * ld_section_query_new_full:
 * @sort_chosen: whether a person chose @sort_column; when not, a search lists
 *   the newest matching entries first
 */
LdSectionQuery *
ld_section_query_new_full (const LdSection *section,
                           const char      *search_text,
                           guint            sort_column,
                           gboolean         descending,
                           gboolean         sort_chosen)
{
  LdSectionQuery *query = g_new0 (LdSectionQuery, 1);
  GString *count_sql = g_string_new (NULL);
  GString *page_sql = g_string_new (NULL);

  g_return_val_if_fail (sort_column < section->n_columns, NULL);

  query->section = section;
  query->search_text = g_strdup (search_text);
  query->match = ld_search_text_build_query (search_text);
  g_mutex_init (&query->lock);

  if (query->match && !sort_chosen)
    {
      GString *bits_page_sql = g_string_new (NULL);

      append_search_by_entry (page_sql, section);
      append_page_of_rowids (bits_page_sql, section);
      query->bits_page_sql = g_string_free (bits_page_sql, FALSE);
    }
  else
    {
      append_select (page_sql, section);
      if (query->match)
        g_string_append_printf (page_sql, " JOIN (SELECT -rowid AS hit FROM %s WHERE %s MATCH ?1) AS m"
                                          " ON t.rowid = m.hit", section->fts_table, section->fts_table);
      append_order (page_sql, section, sort_column, descending);
      g_string_append (page_sql, " LIMIT ?2 OFFSET ?3");
    }

  if (query->match)
    g_string_append_printf (count_sql, "SELECT count(*) FROM %s WHERE %s MATCH ?1",
                            section->fts_table, section->fts_table);
  else
    g_string_append_printf (count_sql, "SELECT count(*) FROM %s", section->table);

  query->count_sql = g_string_free (count_sql, FALSE);
  query->page_sql = g_string_free (page_sql, FALSE);
  return query;
}

LdSectionQuery *
ld_section_query_new (const LdSection *section,
                      const char      *search_text,
                      guint            sort_column,
                      gboolean         descending)
{
  return ld_section_query_new_full (section, search_text, sort_column, descending, TRUE);
}

void
ld_section_query_free (LdSectionQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->search_text);
  g_free (query->match);
  g_mutex_clear (&query->lock);
  ld_search_bits_query_free (query->bits);
  g_free (query->bits_page_sql);
  g_free (query->count_sql);
  g_free (query->page_sql);
  g_free (query);
}

const LdSection *
ld_section_query_get_section (const LdSectionQuery *query)
{
  return query->section;
}

static gboolean
fail_query (sqlite3       *db,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_FAILED,
               _("Reading the list failed: %s."), sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return FALSE;
}

/* The query to bind: on first use with a connection, prefix words are
 * widened to the tokens they stand for (src/store/ld-search-vocab.c), which
 * finds the same entries and lets FTS5 stop after a page; and a search of
 * several words is put to the bit sets (src/store/ld-search-bits.c), which
 * find the same entries without stepping through each word's list. Sets
 * @out_bits to the latter when there is one. */
static const char *
match_for (const LdSectionQuery  *query,
           sqlite3               *db,
           LdSearchBitsQuery    **out_bits)
{
  LdSectionQuery *self = (LdSectionQuery *) query;

  if (self->match == NULL)
    return NULL;
  g_mutex_lock (&self->lock);
  if (!self->widened)
    {
      char *widened = ld_search_vocab_build_match (db, self->section->fts_table, self->search_text);

      if (widened)
        {
          g_free (self->match);
          self->match = widened;
        }
      self->bits = ld_search_bits_query_new (db, self->section->fts_table, self->search_text);
      self->widened = TRUE;
    }
  g_mutex_unlock (&self->lock);
  *out_bits = self->bits;
  return self->match;
}

/* The bit sets are read with several statements, and the page's rows with
 * one more: a read transaction of their own makes them one snapshot (a
 * write in between would otherwise be seen by some and not others) and
 * takes the file's locks once rather than once a statement. Returns whether
 * it began one, which end_read() then ends. */
static gboolean
begin_read (sqlite3 *db)
{
  return sqlite3_get_autocommit (db) && sqlite3_exec (db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

static void
end_read (sqlite3  *db,
          gboolean  own)
{
  if (own)
    sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);
}

gboolean
ld_section_query_count (const LdSectionQuery  *query,
                        sqlite3               *db,
                        gint64                *out_count,
                        GError               **error)
{
  sqlite3_stmt *stmt = NULL;
  LdSearchBitsQuery *bits = NULL;
  const char *match = match_for (query, db, &bits);

  if (bits)
    {
      gboolean own = begin_read (db);
      gboolean ok = ld_search_bits_query_count (bits, db, out_count, error);

      end_read (db, own);
      return ok;
    }
  if (sqlite3_prepare_v2 (db, query->count_sql, -1, &stmt, NULL) != SQLITE_OK)
    return fail_query (db, stmt, error);
  if (match)
    sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    return fail_query (db, stmt, error);
  *out_count = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

static LdSectionRow *
read_row (sqlite3_stmt    *stmt,
          const LdSection *section)
{
  LdSectionRow *row = g_new (LdSectionRow, 1);

  row->rowid = sqlite3_column_int64 (stmt, 0);
  row->values = g_new (char *, section->n_columns + 1);
  for (guint i = 0; i < section->n_columns; i++)
    {
      const char *text = (const char *) sqlite3_column_text (stmt, i + 1);

      /* SQLite ends the text with a NUL: copied with it, not scanned again. */
      row->values[i] = text ? g_memdup2 (text, (gsize) sqlite3_column_bytes (stmt, i + 1) + 1) : NULL;
    }
  row->values[section->n_columns] = NULL;
  return row;
}

/* Appends the decimal digits of @value (a rowid, never negative). Written
 * out by hand: printf's parsing of the format was a tenth of the time a page
 * of a hundred found rows took to read. */
static void
append_rowid (GString *json,
              gint64   value)
{
  char digits[20];
  guint n = 0;

  do
    digits[n++] = (char) ('0' + value % 10);
  while ((value /= 10) > 0);
  while (n > 0)
    g_string_append_c (json, digits[--n]);
}

/* A value to bind, never SQL text. */
static char *
rowids_to_json (GArray *rowids)
{
  GString *json = g_string_sized_new (2 + 8 * rowids->len);

  g_string_append_c (json, '[');
  for (guint i = 0; i < rowids->len; i++)
    {
      if (i > 0)
        g_string_append_c (json, ',');
      append_rowid (json, g_array_index (rowids, gint64, i));
    }
  g_string_append_c (json, ']');
  return g_string_free (json, FALSE);
}

/**
 * ld_section_query_page:
 *
 * Returns: (transfer full) (element-type LdSectionRow) (nullable): up to
 *   @limit rows starting at @offset, in the query's order
 */
GPtrArray *
ld_section_query_page (const LdSectionQuery  *query,
                       sqlite3               *db,
                       gint64                 offset,
                       guint                  limit,
                       GError               **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_section_row_free);
  g_autofree char *hits_json = NULL;
  sqlite3_stmt *stmt = NULL;
  LdSearchBitsQuery *bits = NULL;
  const char *match = match_for (query, db, &bits);
  gboolean own_read = FALSE;
  int rc;

  if (bits && query->bits_page_sql && ld_search_bits_query_reads_pages_fast (bits))
    {
      g_autoptr(GArray) hits = NULL;

      own_read = begin_read (db);
      hits = ld_search_bits_query_rowids (bits, db, offset, limit, error);
      if (hits == NULL)
        {
          end_read (db, own_read);
          return NULL;
        }
      hits_json = rowids_to_json (hits);
    }
  if (sqlite3_prepare_v2 (db, hits_json ? query->bits_page_sql : query->page_sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      fail_query (db, stmt, error);
      end_read (db, own_read);
      return NULL;
    }
  if (hits_json)
    sqlite3_bind_text (stmt, 1, hits_json, -1, SQLITE_STATIC);
  else
    {
      if (match)
        sqlite3_bind_text (stmt, 1, match, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, limit);
      sqlite3_bind_int64 (stmt, 3, offset);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt, query->section));
  if (rc != SQLITE_DONE)
    {
      fail_query (db, stmt, error);
      end_read (db, own_read);
      return NULL;
    }
  sqlite3_finalize (stmt);
  end_read (db, own_read);
  return g_steal_pointer (&rows);
}

/* A record's entry in its register's full-text index, queued while the
 * writes are deferred. */
typedef struct
{
  const LdSection *section;
  gint64           rowid;
  char            *body;
} IndexEntry;

static void
index_entry_free (IndexEntry *entry)
{
  g_free (entry->body);
  g_free (entry);
}

/* What @entries (distinct records, @rowids_json their index keys) hold in
 * @section's full-text index before they are written again, in their order:
 * %NULL for a record not indexed yet. The bit sets (ld-search-bits.c) move a
 * record from the tokens it held to those it holds. */
static GPtrArray *
indexed_bodies (LdStore          *store,
                const LdSection  *section,
                const char       *rowids_json,
                IndexEntry      **entries,
                guint             n_entries,
                GError          **error)
{
  g_autoptr(GHashTable) by_rowid = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GPtrArray) bodies = g_ptr_array_new_full (n_entries, g_free);
  sqlite3_stmt *stmt = ld_store_prepare (store, section->index_select_sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  ld_store_bind_text (stmt, 1, rowids_json);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_insert (by_rowid, g_memdup2 (&(gint64) { sqlite3_column_int64 (stmt, 0) }, sizeof (gint64)),
                         ld_store_column_dup (stmt, 1));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_FAILED, _("Reading the search index failed."));
      return NULL;
    }
  for (guint i = 0; i < n_entries; i++)
    g_ptr_array_add (bodies, g_strdup (g_hash_table_lookup (by_rowid, &entries[i]->rowid)));
  return g_steal_pointer (&bodies);
}

/* @entries of @section (distinct records) into its full-text index, each
 * replacing what was there, and their words into its vocabulary: one
 * statement each for the lot, whether one record or a pulled chunk's. */
static gboolean
write_index_entries (LdStore          *store,
                     const LdSection  *section,
                     IndexEntry      **entries,
                     guint             n_entries,
                     GError          **error)
{
  g_autoptr(JsonBuilder) rowids = json_builder_new ();
  g_autoptr(JsonBuilder) rows = json_builder_new ();
  g_autoptr(JsonNode) rowids_root = NULL;
  g_autoptr(JsonNode) rows_root = NULL;
  g_autofree char *rowids_json = NULL;
  g_autofree char *rows_json = NULL;
  g_autofree const char **bodies = g_new (const char *, n_entries);
  g_autofree gint64 *record_rowids = g_new (gint64, n_entries);
  g_autoptr(GPtrArray) old_bodies = NULL;
  sqlite3_stmt *stmt;

  json_builder_begin_array (rowids);
  json_builder_begin_array (rows);
  for (guint i = 0; i < n_entries; i++)
    {
      /* Keyed by minus the record's rowid: FTS5 reads its index fastest in
       * ascending order, and the lists show the newest records first. */
      json_builder_add_int_value (rowids, -entries[i]->rowid);
      json_builder_begin_array (rows);
      json_builder_add_int_value (rows, -entries[i]->rowid);
      json_builder_add_string_value (rows, entries[i]->body);
      json_builder_end_array (rows);
      bodies[i] = entries[i]->body;
    }
  json_builder_end_array (rowids);
  json_builder_end_array (rows);
  rowids_root = json_builder_get_root (rowids);
  rows_root = json_builder_get_root (rows);
  rowids_json = json_to_string (rowids_root, FALSE);
  rows_json = json_to_string (rows_root, FALSE);

  old_bodies = indexed_bodies (store, section, rowids_json, entries, n_entries, error);
  if (old_bodies == NULL)
    return FALSE;
  stmt = ld_store_prepare (store, section->index_delete_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, rowids_json);
  if (!ld_store_step_done (store, stmt, error))
    return FALSE;
  stmt = ld_store_prepare (store, section->index_insert_sql, error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, rows_json);
  for (guint i = 0; i < n_entries; i++)
    record_rowids[i] = entries[i]->rowid;
  return ld_store_step_done (store, stmt, error) &&
         ld_search_vocab_add_many (store, section->fts_table, bodies, n_entries, error) &&
         ld_search_bits_replace (store, section->fts_table, record_rowids,
                                 (const char * const *) old_bodies->pdata, bodies, n_entries, error);
}

/**
 * ld_section_index_record:
 * @texts: (array zero-terminated=1): every text a person may search the record by
 *
 * Puts a record into its register's full-text index, replacing what was there.
 * Call it inside the transaction that writes the record. While the writes are
 * deferred (ld_section_defer_indexing()) the entry waits in a queue.
 */
gboolean
ld_section_index_record (LdStore             *store,
                         const LdSection     *section,
                         gint64               rowid,
                         const char * const  *texts,
                         GError             **error)
{
  g_autofree char *joined = g_strjoinv (" ", (char **) texts);
  IndexEntry *entry = g_new0 (IndexEntry, 1);
  GPtrArray *queue = _ld_store_get_deferred_index (store);
  gboolean ok;

  entry->section = section;
  entry->rowid = rowid;
  entry->body = ld_search_text_prepare (joined);
  if (queue != NULL)
    {
      g_ptr_array_add (queue, entry);
      return TRUE;
    }
  ok = write_index_entries (store, section, &entry, 1, error);
  index_entry_free (entry);
  return ok;
}

/**
 * ld_section_defer_indexing:
 *
 * Inside a transaction: the full-text index writes of the records written
 * from now on wait until ld_section_flush_indexing() writes them all, with
 * one statement per register. A pulled chunk's records go in that way: one
 * at a time, FTS5 flushes what it holds at every statement that opens a
 * savepoint, making a segment of each record. Nothing must search the
 * index in between.
 */
void
ld_section_defer_indexing (LdStore *store)
{
  _ld_store_set_deferred_index (store, g_ptr_array_new_with_free_func ((GDestroyNotify) index_entry_free));
}

/**
 * ld_section_discard_indexing:
 *
 * Ends the deferral, dropping what waits: the records were rolled back.
 */
void
ld_section_discard_indexing (LdStore *store)
{
  _ld_store_set_deferred_index (store, NULL);
}

/**
 * ld_section_flush_indexing:
 *
 * Ends the deferral and writes what waits, as ld_section_index_record()
 * would have one by one: a record indexed twice keeps its last entry.
 */
gboolean
ld_section_flush_indexing (LdStore  *store,
                           GError  **error)
{
  g_autoptr(GPtrArray) queue = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  gboolean ok = TRUE;

  queue = _ld_store_get_deferred_index (store);
  if (queue == NULL)
    return TRUE;
  g_ptr_array_ref (queue);
  _ld_store_set_deferred_index (store, NULL);
  for (guint s = 0; ok && s < G_N_ELEMENTS (sections); s++)
    {
      g_autoptr(GPtrArray) latest = g_ptr_array_new ();

      g_hash_table_remove_all (seen);
      /* From the last, so that the last entry of a record is the one kept. */
      for (guint i = queue->len; i-- > 0;)
        {
          IndexEntry *entry = g_ptr_array_index (queue, i);

          if (entry->section == &sections[s] && g_hash_table_add (seen, &entry->rowid))
            g_ptr_array_add (latest, entry);
        }
      if (latest->len > 0)
        ok = write_index_entries (store, &sections[s], (IndexEntry **) latest->pdata, latest->len, error);
    }
  return ok;
}

/**
 * ld_section_merge_indexes:
 *
 * Merges each register's full-text index into one segment. Records indexed
 * one transaction at a time leave FTS5 with a stack of segments, and every
 * word of a search is then looked up and stepped through in each of them:
 * a search that must walk a word's whole list (fewer matches than a page)
 * costs several times what it costs in a merged index. Takes time in
 * proportion to the index; run it after bulk writes (demo generation), not
 * per record.
 */
gboolean
ld_section_merge_indexes (LdStore  *store,
                          GError  **error)
{
  if (!ld_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (!ld_store_exec (store, sections[i].index_merge_sql, error))
      {
        ld_store_rollback (store);
        return FALSE;
      }
  return ld_store_commit (store, error);
}
