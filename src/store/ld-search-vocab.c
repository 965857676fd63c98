/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-search-vocab"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ld-search-text.h"
#include "ld-search-vocab.h"

/*
 * Why a vocabulary of our own: FTS5 answers a prefix query ("kestrel"*) by
 * first merging the document lists of every token that starts with the
 * prefix, so its cost grows with the register even when one page of newest
 * matches is all that is wanted. An exact token is read lazily, newest first,
 * and stops after the page. Keeping the set of indexed tokens per full-text
 * table lets a prefix word be rewritten as ("kestrel" OR "kestrels"), which
 * FTS5 reads lazily too. Prefixes of up to three characters already have
 * their own FTS5 prefix index (prefix = '2 3' in 0001-foundation.sql), and a
 * prefix shared by more than LD_SEARCH_VOCAB_MAX_EXPANSIONS tokens is left to
 * FTS5, so the result is always exactly what the prefix query finds.
 *
 * The tokens come from FTS5's own tokenizer with the options the tables are
 * created with, so the vocabulary holds exactly the tokens the index holds.
 */

/* Must match the tokenize option of every *_fts table in the migrations. */
static const char *tokenizer_name = "unicode61";
static const char *tokenizer_args[] = { "remove_diacritics", "2" };

/* The longest prefix FTS5 has a prefix index for (prefix = '2 3'). */
#define INDEXED_PREFIX_CHARS 3

static fts5_api *
fts5_api_from (sqlite3_stmt *select_fts5)
{
  fts5_api *api = NULL;

  sqlite3_bind_pointer (select_fts5, 1, (void *) &api, "fts5_api_ptr", NULL);
  sqlite3_step (select_fts5);
  sqlite3_reset (select_fts5);
  return api;
}

static int
collect_token (void       *user_data,
               int         flags,
               const char *token,
               int         n_token,
               int         start,
               int         end)
{
  GPtrArray *tokens = user_data;

  if ((flags & FTS5_TOKEN_COLOCATED) == 0 && n_token > 0)
    g_ptr_array_add (tokens, g_strndup (token, n_token));
  return SQLITE_OK;
}

static GPtrArray *
tokenize_with (fts5_api    *api,
               const char  *text,
               GError     **error)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  void *module_data = NULL;
  fts5_tokenizer module;
  Fts5Tokenizer *tokenizer = NULL;
  int rc;

  if (api == NULL || api->xFindTokenizer (api, tokenizer_name, &module_data, &module) != SQLITE_OK ||
      module.xCreate (module_data, tokenizer_args, G_N_ELEMENTS (tokenizer_args), &tokenizer) != SQLITE_OK)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_FAILED,
                   _("The full-text tokenizer “%s” is not available in this SQLite."), tokenizer_name);
      return NULL;
    }
  rc = module.xTokenize (tokenizer, tokens, FTS5_TOKENIZE_DOCUMENT, text, (int) strlen (text), collect_token);
  module.xDelete (tokenizer);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_FAILED, _("Splitting text into search terms failed."));
      return NULL;
    }
  return g_steal_pointer (&tokens);
}

/**
 * ld_search_vocab_tokenize:
 * @db: a connection, used to reach FTS5
 *
 * Returns: (transfer full) (element-type utf8) (nullable): the tokens the
 *   full-text tables make of @text, in order
 */
GPtrArray *
ld_search_vocab_tokenize (sqlite3     *db,
                          const char  *text,
                          GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  fts5_api *api;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
    {
      g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_FAILED, _("This SQLite has no FTS5: %s."), sqlite3_errmsg (db));
      sqlite3_finalize (stmt);
      return NULL;
    }
  api = fts5_api_from (stmt);
  sqlite3_finalize (stmt);
  return tokenize_with (api, text, error);
}

/**
 * ld_search_vocab_tokenize_in_store:
 *
 * As ld_search_vocab_tokenize(), on the store's own connection, inside its
 * transaction.
 *
 * Returns: (transfer full) (element-type utf8) (nullable): the tokens
 */
GPtrArray *
ld_search_vocab_tokenize_in_store (LdStore     *store,
                                   const char  *text,
                                   GError     **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT fts5(?1)", error);

  if (stmt == NULL)
    return NULL;
  return tokenize_with (fts5_api_from (stmt), text, error);
}

/**
 * ld_search_vocab_add_many:
 * @fts_table: the full-text table @bodies were indexed into
 * @bodies: (array length=n_bodies): the texts as indexed
 *
 * Records the tokens of @bodies in the vocabulary of @fts_table, with one
 * statement. Call it in the transaction that indexes the records.
 */
gboolean
ld_search_vocab_add_many (LdStore            *store,
                          const char         *fts_table,
                          const char * const *bodies,
                          guint               n_bodies,
                          GError            **error)
{
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT fts5(?1)", error);
  g_autoptr(GHashTable) distinct = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(JsonArray) terms = json_array_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
  g_autofree char *terms_json = NULL;
  fts5_api *api;

  if (stmt == NULL)
    return FALSE;
  api = fts5_api_from (stmt);
  for (guint i = 0; i < n_bodies; i++)
    {
      g_autoptr(GPtrArray) tokens = tokenize_with (api, bodies[i], error);

      if (tokens == NULL)
        return FALSE;
      for (guint k = 0; k < tokens->len; k++)
        if (g_hash_table_add (distinct, g_strdup (g_ptr_array_index (tokens, k))))
          json_array_add_string_element (terms, g_ptr_array_index (tokens, k));
    }
  if (json_array_get_length (terms) == 0)
    return TRUE;
  json_node_set_array (root, terms);
  terms_json = json_to_string (root, FALSE);
  stmt = ld_store_prepare (store, "INSERT OR IGNORE INTO search_term (fts_table, term)"
                                  " SELECT ?1, value FROM json_each (?2)", error);
  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, fts_table);
  ld_store_bind_text (stmt, 2, terms_json);
  return ld_store_step_done (store, stmt, error);
}

/**
 * ld_search_vocab_add:
 * @fts_table: the full-text table @body was indexed into
 * @body: the text as indexed
 *
 * Records the tokens of @body in the vocabulary of @fts_table. Call it in the
 * transaction that indexes the record.
 */
gboolean
ld_search_vocab_add (LdStore     *store,
                     const char  *fts_table,
                     const char  *body,
                     GError     **error)
{
  return ld_search_vocab_add_many (store, fts_table, &body, 1, error);
}

/**
 * ld_search_vocab_tokens_starting_with:
 *
 * Every indexed token of @fts_table that begins with @token, up to one more
 * than %LD_SEARCH_VOCAB_MAX_EXPANSIONS.
 *
 * Returns: (transfer full) (element-type utf8) (nullable): the tokens, in
 *   order, or %NULL when the vocabulary cannot be read
 */
GPtrArray *
ld_search_vocab_tokens_starting_with (sqlite3    *db,
                      const char *fts_table,
                      const char *token)
{
  /* U+10FFFF sorts after every character that can follow the prefix. */
  g_autofree char *above = g_strconcat (token, "\xf4\x8f\xbf\xbf", NULL);
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (sqlite3_prepare_v2 (db, "SELECT term FROM search_term WHERE fts_table = ?1 AND term >= ?2 AND term < ?3"
                              " ORDER BY term LIMIT ?4", -1, &stmt, NULL) != SQLITE_OK)
    {
      sqlite3_finalize (stmt);
      return NULL;
    }
  ld_store_bind_text (stmt, 1, fts_table);
  ld_store_bind_text (stmt, 2, token);
  ld_store_bind_text (stmt, 3, above);
  sqlite3_bind_int (stmt, 4, LD_SEARCH_VOCAB_MAX_EXPANSIONS + 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (found, ld_store_column_dup (stmt, 0));
  sqlite3_finalize (stmt);
  return rc == SQLITE_DONE ? g_steal_pointer (&found) : NULL;
}

/* A prefix word as the tokens it stands for, or as a prefix when that is
 * not known or not worth it. */
static void
append_prefix_word (GString    *match,
                    sqlite3    *db,
                    const char *fts_table,
                    const char *word)
{
  g_autoptr(GPtrArray) tokens = ld_search_vocab_tokenize (db, word, NULL);
  g_autoptr(GPtrArray) expansions = NULL;
  const char *token;

  if (tokens == NULL || tokens->len != 1 ||
      g_utf8_strlen ((token = g_ptr_array_index (tokens, 0)), -1) <= INDEXED_PREFIX_CHARS ||
      !(expansions = ld_search_vocab_tokens_starting_with (db, fts_table, token)) ||
      expansions->len == 0 || expansions->len > LD_SEARCH_VOCAB_MAX_EXPANSIONS)
    {
      ld_search_text_append_term (match, word, TRUE);
      return;
    }
  g_string_append_c (match, '(');
  for (guint i = 0; i < expansions->len; i++)
    {
      if (i > 0)
        g_string_append (match, " OR");
      ld_search_text_append_term (match, g_ptr_array_index (expansions, i), FALSE);
    }
  g_string_append_c (match, ')');
}

/**
 * ld_search_vocab_build_match:
 * @db: a connection to the store
 * @fts_table: the full-text table to search
 * @user_text: what a person typed
 *
 * The FTS5 query for @user_text, matching exactly what
 * ld_search_text_build_query() matches, with prefix words widened to the
 * tokens they stand for so that FTS5 can stop after one page.
 *
 * Returns: (transfer full) (nullable): the query, or %NULL when @user_text has
 *   nothing to search for.
 */
char *
ld_search_vocab_build_match (sqlite3    *db,
                             const char *fts_table,
                             const char *user_text)
{
  g_autoptr(GPtrArray) terms = ld_search_text_split (user_text);
  GString *match;

  if (terms == NULL)
    return NULL;
  match = g_string_new (NULL);
  for (guint i = 0; i < terms->len; i++)
    {
      const LdSearchTerm *term = g_ptr_array_index (terms, i);

      /* Explicit AND: FTS5 joins bare phrases implicitly, not groups. */
      if (i > 0)
        g_string_append (match, " AND ");
      if (term->prefix)
        append_prefix_word (match, db, fts_table, term->text);
      else
        ld_search_text_append_term (match, term->text, FALSE);
    }
  return g_string_free (match, FALSE);
}
