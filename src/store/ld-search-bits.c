/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-search-bits"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ld-search-text.h"
#include "ld-search-vocab.h"
#include "ld-search-bits.h"

/*
 * Why a second index beside FTS5: a search of several words that are each
 * common but rare together ("Müller Holdings GmbH": 8,411, 27,823 and 33,760
 * of 480,000 applications, 66 together) makes FTS5 step through the lists of
 * its words until it has a page of records holding all of them, and when
 * fewer than a page exist, through the whole lists: the cost grows with the
 * register (0.04 ms at 10,000 records, 0.9 ms at 1,000,000). Here each
 * token's records are kept as bit sets, one per chunk of 16,384 rowids, so
 * the records holding every word of a chunk are found by AND-ing a few
 * thousand machine words, whatever the lists' lengths, newest chunk first.
 *
 * A chunk's set is stored as its sorted 16-bit offsets while it holds fewer
 * than 256 records (most tokens are a reference number found once) and as
 * the 2,048-byte bitmap beyond (the words many records share). The index
 * holds exactly the tokens of the full-text index: both are written from the
 * same text, with FTS5's own tokenizer, in the same transaction
 * (ld_section.c), and 0038-search-bits.sql makes it again from FTS5's.
 *
 * Used for searches of several whole or widened words (every word resolved
 * to its tokens from the vocabulary, ld-search-vocab.c); phrases of several
 * tokens (Chinese text) and prefixes shared by many tokens stay with FTS5,
 * as does the first page of a search of one word, which FTS5 reads lazily
 * and stops after a page. Its count is read here: FTS5 counts by reading
 * the word's whole list (0.28 ms for "atlas" at a million records), the bit
 * sets a chunk at a time.
 */

#define CHUNK_RECORDS (1 << LD_SEARCH_BITS_CHUNK_SHIFT)
#define CHUNK_WORDS (CHUNK_RECORDS / 64)
#define CHUNK_BYTES (CHUNK_RECORDS / 8)
/* Beyond this many records a set is stored as its bitmap: OR-ing 256 words
 * takes less time than setting a few hundred bits one by one. A list of
 * offsets is always shorter than the bitmap, so the length says which. */
#define MAX_LISTED 255

/* ORs a stored set into @words. */
static void
or_stored_set (guint64      *words,
               const guint8 *blob,
               int           n_bytes)
{
  if (n_bytes == CHUNK_BYTES)
    {
      for (guint i = 0; i < CHUNK_WORDS; i++)
        {
          guint64 word;

          memcpy (&word, blob + 8 * i, 8);
          words[i] |= GUINT64_FROM_LE (word);
        }
      return;
    }
  for (int i = 0; i + 1 < n_bytes; i += 2)
    {
      guint offset = blob[i] | (guint) blob[i + 1] << 8;

      words[offset >> 6] |= G_GUINT64_CONSTANT (1) << (offset & 63);
    }
}

static guint
count_set (const guint64 *words)
{
  guint n = 0;

  for (guint i = 0; i < CHUNK_WORDS; i++)
    n += (guint) __builtin_popcountll (words[i]);
  return n;
}

/* How many bits are set, counting no further than @limit + 1: a set written
 * with each record is mostly one of the large ones, found large at once. */
static guint
count_set_up_to (const guint64 *words,
                 guint          limit)
{
  guint n = 0;

  for (guint i = 0; i < CHUNK_WORDS && n <= limit; i++)
    for (guint64 word = words[i]; word != 0 && n <= limit; word &= word - 1)
      n++;
  return n;
}

/* The stored form of @words, or %NULL when no bit is set. */
static guint8 *
encode_set (const guint64 *words,
            int           *out_bytes)
{
  guint n = count_set_up_to (words, MAX_LISTED);
  guint8 *blob;

  if (n == 0)
    return NULL;
  if (n > MAX_LISTED)
    {
      blob = g_malloc (CHUNK_BYTES);
      for (guint i = 0; i < CHUNK_WORDS; i++)
        {
          guint64 word = GUINT64_TO_LE (words[i]);

          memcpy (blob + 8 * i, &word, 8);
        }
      *out_bytes = CHUNK_BYTES;
      return blob;
    }
  blob = g_malloc (2 * n);
  *out_bytes = 0;
  for (guint i = 0; i < CHUNK_WORDS; i++)
    for (guint64 word = words[i]; word != 0; word &= word - 1)
      {
        guint offset = i * 64 + (guint) __builtin_ctzll (word);

        blob[(*out_bytes)++] = offset & 0xff;
        blob[(*out_bytes)++] = offset >> 8;
      }
  return blob;
}

/* ld_search_bits_of(offset): the stored set of a group's offsets, for
 * 0038-search-bits.sql to make the index from FTS5's. */
static void
set_of_step (sqlite3_context  *context,
             int               argc,
             sqlite3_value   **argv)
{
  guint64 *words = sqlite3_aggregate_context (context, CHUNK_BYTES);
  gint64 offset = sqlite3_value_int64 (argv[0]);

  if (words == NULL)
    {
      sqlite3_result_error_nomem (context);
      return;
    }
  if (offset >= 0 && offset < CHUNK_RECORDS)
    words[offset >> 6] |= G_GUINT64_CONSTANT (1) << (offset & 63);
}

static void
set_of_final (sqlite3_context *context)
{
  guint64 *words = sqlite3_aggregate_context (context, 0);
  guint8 *blob;
  int n_bytes = 0;

  if (words == NULL || (blob = encode_set (words, &n_bytes)) == NULL)
    {
      sqlite3_result_null (context);
      return;
    }
  sqlite3_result_blob (context, blob, n_bytes, g_free);
}

/**
 * _ld_search_bits_register_sql:
 *
 * Makes the aggregate ld_search_bits_of(offset) callable from SQL on @db,
 * for the migration that makes the index.
 */
void
_ld_search_bits_register_sql (sqlite3 *db)
{
  sqlite3_create_function (db, "ld_search_bits_of", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
                           NULL, set_of_step, set_of_final);
}

/* What one record's change does to one token's set in one chunk. */
typedef struct
{
  char   *term;
  gint64  chunk;
  GArray *added;      /* guint offsets */
  GArray *removed;
} SetChange;

static void
set_change_free (SetChange *change)
{
  g_free (change->term);
  g_array_unref (change->added);
  g_array_unref (change->removed);
  g_free (change);
}

static GHashTable *
distinct_tokens (LdStore     *store,
                 const char  *body,
                 GError     **error)
{
  g_autoptr(GPtrArray) tokens = NULL;
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (body == NULL)
    return set;
  tokens = ld_search_vocab_tokenize_in_store (store, body, error);
  if (tokens == NULL)
    {
      g_hash_table_unref (set);
      return NULL;
    }
  for (guint i = 0; i < tokens->len; i++)
    g_hash_table_add (set, g_strdup (g_ptr_array_index (tokens, i)));
  return set;
}

static void
note_change (GHashTable *changes,
             const char *term,
             gint64      rowid,
             gboolean    added)
{
  gint64 chunk = rowid >> LD_SEARCH_BITS_CHUNK_SHIFT;
  guint offset = (guint) (rowid & (CHUNK_RECORDS - 1));
  /* A key for the hash table only, never SQL. */
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT " %s", chunk, term);
  SetChange *change = g_hash_table_lookup (changes, key);

  if (change == NULL)
    {
      change = g_new0 (SetChange, 1);
      change->term = g_strdup (term);
      change->chunk = chunk;
      change->added = g_array_new (FALSE, FALSE, sizeof (guint));
      change->removed = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (changes, g_steal_pointer (&key), change);
    }
  g_array_append_val (added ? change->added : change->removed, offset);
}

static gboolean
apply_change (LdStore     *store,
              const char  *fts_table,
              SetChange   *change,
              GError     **error)
{
  g_autofree guint64 *words = g_new0 (guint64, CHUNK_WORDS);
  g_autofree guint8 *blob = NULL;
  sqlite3_stmt *stmt;
  int n_bytes = 0;
  int rc;

  stmt = ld_store_prepare (store, "SELECT bits FROM search_bits WHERE fts_table = ?1 AND term = ?2 AND chunk = ?3",
                           error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, fts_table);
  ld_store_bind_text (stmt, 2, change->term);
  sqlite3_bind_int64 (stmt, 3, change->chunk);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    or_stored_set (words, sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_FAILED, _("Reading the search index failed."));
      return FALSE;
    }
  for (guint i = 0; i < change->removed->len; i++)
    {
      guint offset = g_array_index (change->removed, guint, i);

      words[offset >> 6] &= ~(G_GUINT64_CONSTANT (1) << (offset & 63));
    }
  for (guint i = 0; i < change->added->len; i++)
    {
      guint offset = g_array_index (change->added, guint, i);

      words[offset >> 6] |= G_GUINT64_CONSTANT (1) << (offset & 63);
    }

  blob = encode_set (words, &n_bytes);
  if (blob == NULL)
    stmt = ld_store_prepare (store, "DELETE FROM search_bits WHERE fts_table = ?1 AND term = ?2 AND chunk = ?3",
                             error);
  else
    stmt = ld_store_prepare (store, "INSERT OR REPLACE INTO search_bits (fts_table, term, chunk, bits)"
                                    " VALUES (?1, ?2, ?3, ?4)", error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, fts_table);
  ld_store_bind_text (stmt, 2, change->term);
  sqlite3_bind_int64 (stmt, 3, change->chunk);
  if (blob != NULL)
    sqlite3_bind_blob (stmt, 4, blob, n_bytes, SQLITE_TRANSIENT);
  return ld_store_step_done (store, stmt, error);
}

/**
 * ld_search_bits_replace:
 * @rowids: (array length=n_records): the records' rowids
 * @old_bodies: (array length=n_records): each record's text as it was indexed,
 *   %NULL for a record not indexed before
 * @new_bodies: (array length=n_records): each record's text as indexed now
 *
 * Moves each record from the sets of the tokens it no longer holds to those
 * it holds now. Call it in the transaction that writes the full-text index.
 */
gboolean
ld_search_bits_replace (LdStore            *store,
                        const char         *fts_table,
                        const gint64       *rowids,
                        const char * const *old_bodies,
                        const char * const *new_bodies,
                        guint               n_records,
                        GError            **error)
{
  g_autoptr(GHashTable) changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                         (GDestroyNotify) set_change_free);
  GHashTableIter iter;
  SetChange *change;

  for (guint i = 0; i < n_records; i++)
    {
      g_autoptr(GHashTable) before = distinct_tokens (store, old_bodies[i], error);
      g_autoptr(GHashTable) after = before ? distinct_tokens (store, new_bodies[i], error) : NULL;
      GHashTableIter tokens;
      const char *token;

      if (after == NULL)
        return FALSE;
      g_return_val_if_fail (rowids[i] > 0, FALSE);
      g_hash_table_iter_init (&tokens, before);
      while (g_hash_table_iter_next (&tokens, (gpointer *) &token, NULL))
        if (!g_hash_table_contains (after, token))
          note_change (changes, token, rowids[i], FALSE);
      g_hash_table_iter_init (&tokens, after);
      while (g_hash_table_iter_next (&tokens, (gpointer *) &token, NULL))
        if (!g_hash_table_contains (before, token))
          note_change (changes, token, rowids[i], TRUE);
    }
  g_hash_table_iter_init (&iter, changes);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &change))
    if (!apply_change (store, fts_table, change, error))
      return FALSE;
  return TRUE;
}

struct _LdSearchBitsQuery
{
  char      *fts_table;
  GPtrArray *terms;    /* of GPtrArray of tokens: a record matches when it holds one token of every term */
  guint      n_tokens;
};

/* Past this many tokens in all, a page of matches is left to FTS5: each
 * token is one more set to read per chunk (a few microseconds each at a
 * million records), while FTS5 reads a page of a dense search ("EXP-20": 22
 * tokens, a fifth of all records) from the newest entries in about 25. */
#define MAX_TOKENS_FOR_PAGE 8

void
ld_search_bits_query_free (LdSearchBitsQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->fts_table);
  g_ptr_array_unref (query->terms);
  g_free (query);
}

/* The tokens a term matches, exactly as FTS5 would match it; %NULL when
 * that is not a set of tokens the vocabulary can list (a phrase of several
 * tokens, a prefix shared by too many). */
static GPtrArray *
tokens_of_term (sqlite3            *db,
                const char         *fts_table,
                const LdSearchTerm *term)
{
  g_autoptr(GPtrArray) tokens = ld_search_vocab_tokenize (db, term->text, NULL);
  GPtrArray *expansions;

  if (tokens == NULL || tokens->len != 1)
    return NULL;
  if (!term->prefix)
    return g_steal_pointer (&tokens);
  expansions = ld_search_vocab_tokens_starting_with (db, fts_table, g_ptr_array_index (tokens, 0));
  if (expansions != NULL && expansions->len > LD_SEARCH_VOCAB_MAX_EXPANSIONS)
    g_clear_pointer (&expansions, g_ptr_array_unref);
  return expansions;
}

/**
 * ld_search_bits_query_new:
 * @db: a connection to the store
 * @user_text: what a person typed
 *
 * The search for @user_text in the bit sets, when it is one they answer
 * well: words that are each a set of tokens the vocabulary lists. Whether
 * they also read its pages is ld_search_bits_query_reads_pages_fast().
 *
 * Returns: (transfer full) (nullable): the query, or %NULL when FTS5 should
 *   answer @user_text
 */
LdSearchBitsQuery *
ld_search_bits_query_new (sqlite3    *db,
                          const char *fts_table,
                          const char *user_text)
{
  g_autoptr(GPtrArray) terms = ld_search_text_split (user_text);
  g_autoptr(GPtrArray) resolved = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  LdSearchBitsQuery *query;
  guint n_tokens = 0;

  if (terms == NULL)
    return NULL;
  for (guint i = 0; i < terms->len; i++)
    {
      GPtrArray *tokens = tokens_of_term (db, fts_table, g_ptr_array_index (terms, i));

      if (tokens == NULL)
        return NULL;
      n_tokens += tokens->len;
      g_ptr_array_add (resolved, tokens);
    }
  query = g_new0 (LdSearchBitsQuery, 1);
  query->fts_table = g_strdup (fts_table);
  query->terms = g_steal_pointer (&resolved);
  query->n_tokens = n_tokens;
  return query;
}

/**
 * ld_search_bits_query_reads_pages_fast:
 *
 * Whether a page of matches is best read here rather than from FTS5 (the
 * count always is: FTS5 counts by reading every list to its end). A page of
 * one word is not: FTS5 reads it from the newest entries of one list.
 */
gboolean
ld_search_bits_query_reads_pages_fast (LdSearchBitsQuery *query)
{
  return query->terms->len >= 2 && query->n_tokens <= MAX_TOKENS_FOR_PAGE;
}

/* Sets of a term, newest chunk first: one statement stepped down the
 * (fts_table, term, chunk) index. A step costs about a third of looking the
 * next chunk up again (0.35 against 1.1 us at a million records), which is
 * what a search of words found in every chunk spends its time on. A cursor
 * reads one token's sets, or, for a term of many tokens, all of them sorted
 * by chunk (several rows a chunk): preparing a statement for each of 22
 * tokens ("EXP-20") costs more than sorting their sets. */
typedef struct
{
  sqlite3_stmt *stmt;
  gint64        chunk;    /* of the row the statement is on; -1 past the last */
} SetCursor;

/* A term's cursors: a record matches the term when one of its tokens holds it. */
typedef struct
{
  SetCursor *cursors;
  guint      n_cursors;
} TermCursor;

/* One query's cursors on one connection. */
typedef struct
{
  TermCursor *terms;
  guint       n_terms;
  guint64     scratch[CHUNK_WORDS];
} Reader;

/* Up to this many tokens a term has a cursor for each, read lazily; beyond,
 * one cursor that sorts them all (which reads them all at once). */
#define MAX_CURSORS_PER_TERM 4

static void
reader_clear (Reader *reader)
{
  for (guint t = 0; t < reader->n_terms; t++)
    {
      for (guint i = 0; i < reader->terms[t].n_cursors; i++)
        sqlite3_finalize (reader->terms[t].cursors[i].stmt);
      g_free (reader->terms[t].cursors);
    }
  g_clear_pointer (&reader->terms, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Reader, reader_clear)

static gboolean
fail_read (sqlite3  *db,
           GError  **error)
{
  g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_FAILED,
               _("Reading the list failed: %s."), sqlite3_errmsg (db));
  return FALSE;
}

static gboolean
set_cursor_step (SetCursor *cursor)
{
  int rc = sqlite3_step (cursor->stmt);

  cursor->chunk = rc == SQLITE_ROW ? sqlite3_column_int64 (cursor->stmt, 0) : -1;
  return rc == SQLITE_ROW || rc == SQLITE_DONE;
}

/* A value to bind, never SQL text. */
static char *
tokens_to_json (GPtrArray *tokens)
{
  g_autoptr(JsonArray) array = json_array_sized_new (tokens->len);
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; i < tokens->len; i++)
    json_array_add_string_element (array, g_ptr_array_index (tokens, i));
  json_node_set_array (root, array);
  return json_to_string (root, FALSE);
}

/* Prepares @cursor on the sets of @token, or, when @tokens_json is given (a
 * JSON array of tokens, which the cursor takes), of those tokens, and puts
 * it on its newest chunk. */
static gboolean
set_cursor_init (SetCursor  *cursor,
                 sqlite3    *db,
                 const char *fts_table,
                 const char *token,
                 char       *tokens_json)
{
  const char *sql = tokens_json
    ? "SELECT chunk, bits FROM search_bits WHERE fts_table = ?1 AND term IN (SELECT value FROM json_each (?2))"
      " ORDER BY chunk DESC"
    : "SELECT chunk, bits FROM search_bits WHERE fts_table = ?1 AND term = ?2 ORDER BY chunk DESC";

  if (sqlite3_prepare_v2 (db, sql, -1, &cursor->stmt, NULL) != SQLITE_OK)
    {
      g_free (tokens_json);
      return FALSE;
    }
  sqlite3_bind_text (cursor->stmt, 1, fts_table, -1, SQLITE_STATIC);
  if (tokens_json)
    sqlite3_bind_text (cursor->stmt, 2, tokens_json, -1, g_free);
  else
    sqlite3_bind_text (cursor->stmt, 2, token, -1, SQLITE_STATIC);
  return set_cursor_step (cursor);
}

/* Puts the cursors of each of the query's terms on their newest chunk. */
static gboolean
reader_init (Reader             *reader,
             LdSearchBitsQuery  *query,
             sqlite3            *db,
             GError            **error)
{
  reader->n_terms = query->terms->len;
  reader->terms = g_new0 (TermCursor, reader->n_terms);
  for (guint t = 0; t < reader->n_terms; t++)
    {
      GPtrArray *tokens = query->terms->pdata[t];
      TermCursor *term = &reader->terms[t];
      gboolean sorted = tokens->len > MAX_CURSORS_PER_TERM;

      term->n_cursors = sorted ? 1 : tokens->len;
      term->cursors = g_new0 (SetCursor, term->n_cursors);
      for (guint i = 0; i < term->n_cursors; i++)
        if (!set_cursor_init (&term->cursors[i], db, query->fts_table, g_ptr_array_index (tokens, i),
                              sorted ? tokens_to_json (tokens) : NULL))
          return fail_read (db, error);
    }
  return TRUE;
}

/* Moves @term's cursors down to @chunk at most; the newest chunk at or below
 * @chunk that one of its tokens holds, or -1 for none. */
static gboolean
term_cursor_seek (TermCursor *term,
                  gint64      chunk,
                  gint64     *out_found)
{
  *out_found = -1;
  for (guint i = 0; i < term->n_cursors; i++)
    {
      SetCursor *cursor = &term->cursors[i];

      while (cursor->chunk > chunk)
        if (!set_cursor_step (cursor))
          return FALSE;
      *out_found = MAX (*out_found, cursor->chunk);
    }
  return TRUE;
}

/* The newest chunk at or below @at_most in which every term has a record,
 * or -1: each term in turn lowers the candidate to its own next chunk until
 * all agree, so a chunk one word is missing from is never read, and a rare
 * word's chunks are all the others are looked up in. */
static gboolean
next_common_chunk (Reader *reader,
                   gint64  at_most,
                   gint64 *out_chunk)
{
  gint64 chunk = at_most;
  guint agreeing = 0;

  for (guint t = 0; agreeing < reader->n_terms && chunk >= 0; t = (t + 1) % reader->n_terms)
    {
      gint64 found;

      if (!term_cursor_seek (&reader->terms[t], chunk, &found))
        return FALSE;
      if (found == chunk)
        agreeing++;
      else
        {
          chunk = found;
          agreeing = 1;
        }
    }
  *out_chunk = chunk;
  return TRUE;
}

/* ORs the sets @term's cursors hold in @chunk, where they stand, into @words,
 * and moves them past it. */
static gboolean
or_term_sets (TermCursor *term,
              gint64      chunk,
              guint64    *words)
{
  for (guint i = 0; i < term->n_cursors; i++)
    {
      SetCursor *cursor = &term->cursors[i];

      while (cursor->chunk == chunk)
        {
          or_stored_set (words, sqlite3_column_blob (cursor->stmt, 1), sqlite3_column_bytes (cursor->stmt, 1));
          if (!set_cursor_step (cursor))
            return FALSE;
        }
    }
  return TRUE;
}

/* The records of @chunk holding every term, in @words, and whether there
 * are any. Every term's cursors stand on @chunk (next_common_chunk()). */
static gboolean
chunk_matches (Reader   *reader,
               gint64    chunk,
               guint64  *words,
               gboolean *out_any)
{
  guint64 any = 0;

  *out_any = FALSE;
  memset (words, 0, CHUNK_BYTES);
  if (!or_term_sets (&reader->terms[0], chunk, words))
    return FALSE;
  for (guint t = 1; t < reader->n_terms; t++)
    {
      any = 0;
      memset (reader->scratch, 0, CHUNK_BYTES);
      if (!or_term_sets (&reader->terms[t], chunk, reader->scratch))
        return FALSE;
      for (guint i = 0; i < CHUNK_WORDS; i++)
        any |= (words[i] &= reader->scratch[i]);
      if (any == 0)
        return TRUE;
    }
  for (guint i = 0; i < CHUNK_WORDS && any == 0; i++)
    any = words[i];
  *out_any = any != 0;
  return TRUE;
}

/* Appends the records of @words (in @chunk) to @rowids, newest first, after
 * passing over @offset of them, until @rowids holds @limit. */
static void
append_rowids (GArray        *rowids,
               const guint64 *words,
               gint64         chunk,
               gint64        *offset,
               guint          limit)
{
  for (int i = CHUNK_WORDS - 1; i >= 0 && rowids->len < limit; i--)
    for (guint64 word = words[i]; word != 0 && rowids->len < limit;)
      {
        int bit = 63 - __builtin_clzll (word);
        gint64 rowid = (chunk << LD_SEARCH_BITS_CHUNK_SHIFT) | (i * 64 + bit);

        word &= ~(G_GUINT64_CONSTANT (1) << bit);
        if (*offset > 0)
          (*offset)--;
        else
          g_array_append_val (rowids, rowid);
      }
}

/**
 * ld_search_bits_query_rowids:
 *
 * Returns: (transfer full) (element-type gint64) (nullable): the rowids of up
 *   to @limit matching records from @offset, newest first, as FTS5 lists them
 */
GArray *
ld_search_bits_query_rowids (LdSearchBitsQuery  *query,
                             sqlite3            *db,
                             gint64              offset,
                             guint               limit,
                             GError            **error)
{
  g_auto(Reader) reader = { NULL };
  g_autoptr(GArray) rowids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), MIN (limit, 1024));
  guint64 words[CHUNK_WORDS];
  gint64 chunk = G_MAXINT64;

  if (!reader_init (&reader, query, db, error))
    return NULL;
  while (rowids->len < limit)
    {
      gboolean any;
      guint in_chunk;

      if (!next_common_chunk (&reader, chunk, &chunk))
        {
          fail_read (db, error);
          return NULL;
        }
      if (chunk < 0)
        break;
      if (!chunk_matches (&reader, chunk, words, &any))
        {
          fail_read (db, error);
          return NULL;
        }
      if (any)
        {
          /* Whole chunks before the page are only counted. */
          if (offset > 0 && offset >= (in_chunk = count_set (words)))
            offset -= in_chunk;
          else
            append_rowids (rowids, words, chunk, &offset, limit);
        }
      if (chunk-- == 0)
        break;
    }
  return g_steal_pointer (&rowids);
}

/**
 * ld_search_bits_query_count:
 *
 * How many records match, as FTS5 would count them.
 */
gboolean
ld_search_bits_query_count (LdSearchBitsQuery  *query,
                            sqlite3            *db,
                            gint64             *out_count,
                            GError            **error)
{
  g_auto(Reader) reader = { NULL };
  guint64 words[CHUNK_WORDS];
  gint64 chunk = G_MAXINT64;
  gboolean any;

  *out_count = 0;
  if (!reader_init (&reader, query, db, error))
    return FALSE;
  for (;;)
    {
      if (!next_common_chunk (&reader, chunk, &chunk))
        return fail_read (db, error);
      if (chunk < 0)
        break;
      if (!chunk_matches (&reader, chunk, words, &any))
        return fail_read (db, error);
      if (any)
        *out_count += count_set (words);
      if (chunk-- == 0)
        break;
    }
  return TRUE;
}
