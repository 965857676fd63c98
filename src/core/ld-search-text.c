/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-search-text"

#include "config.h"

#include <string.h>

#include "ld-search-text.h"

/* Scripts written without spaces between words: each character becomes a token,
 * so a search for 张伟 finds 北京张伟贸易 (as the phrase "张 伟"). */
static gboolean
is_unspaced_script (gunichar c)
{
  switch (g_unichar_get_script (c))
    {
    case G_UNICODE_SCRIPT_HAN:
    case G_UNICODE_SCRIPT_HIRAGANA:
    case G_UNICODE_SCRIPT_KATAKANA:
    case G_UNICODE_SCRIPT_THAI:
    case G_UNICODE_SCRIPT_LAO:
    case G_UNICODE_SCRIPT_KHMER:
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * ld_search_text_prepare:
 * @text: (nullable): text to index or to search for
 *
 * Returns: (transfer full): @text in NFKC with characters of unspaced scripts
 *   set apart by spaces, ready for the FTS5 unicode61 tokenizer.
 */
char *
ld_search_text_prepare (const char *text)
{
  g_autofree char *nfkc = NULL;
  GString *out;

  if (text == NULL || !g_utf8_validate (text, -1, NULL))
    return g_strdup ("");

  nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  out = g_string_sized_new (strlen (nfkc) + 8);
  for (const char *p = nfkc; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_unspaced_script (c))
        {
          g_string_append_c (out, ' ');
          g_string_append_unichar (out, c);
          g_string_append_c (out, ' ');
        }
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/**
 * ld_search_text_append_term:
 * @query: the FTS5 query being built
 *
 * Appends @term quoted, so that FTS5 operators typed by a user (AND, NEAR,
 * *, ^, column filters) are searched for as text rather than interpreted;
 * with @prefix it matches every token that begins with it.
 */
void
ld_search_text_append_term (GString    *query,
                            const char *term,
                            gboolean    prefix)
{
  if (query->len > 0 && !g_ascii_isspace (query->str[query->len - 1]) && query->str[query->len - 1] != '(')
    g_string_append_c (query, ' ');
  g_string_append_c (query, '"');
  for (const char *p = term; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (query, '"');
      g_string_append_c (query, *p);
    }
  g_string_append_c (query, '"');
  if (prefix)
    g_string_append_c (query, '*');
}

static void
search_term_free (LdSearchTerm *term)
{
  g_free (term->text);
  g_free (term);
}

static void
add_term (GPtrArray *terms,
          GString   *text,
          gboolean   prefix)
{
  LdSearchTerm *term;

  if (text->len == 0)
    return;
  term = g_new0 (LdSearchTerm, 1);
  term->text = g_strdup (text->str);
  term->prefix = prefix;
  g_ptr_array_add (terms, term);
  g_string_truncate (text, 0);
}

/**
 * ld_search_text_split:
 * @user_text: what a person typed into a search entry
 *
 * Splits free text into the terms every match must contain: each word as a
 * prefix, each run of CJK characters as a phrase of single characters.
 *
 * Returns: (transfer full) (element-type LdSearchTerm) (nullable): the
 *   terms, or %NULL when @user_text has nothing to search for.
 */
GPtrArray *
ld_search_text_split (const char *user_text)
{
  g_autofree char *prepared = NULL;
  g_autoptr(GPtrArray) terms = g_ptr_array_new_with_free_func ((GDestroyNotify) search_term_free);
  g_autoptr(GString) word = g_string_new (NULL);
  g_autoptr(GString) phrase = g_string_new (NULL);

  if (user_text == NULL || !g_utf8_validate (user_text, -1, NULL))
    return NULL;
  prepared = g_utf8_normalize (user_text, -1, G_NORMALIZE_NFKC);

  for (const char *p = prepared;; p = g_utf8_next_char (p))
    {
      gunichar c = *p ? g_utf8_get_char (p) : 0;
      gboolean word_char = c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c));

      if (word_char && is_unspaced_script (c))
        {
          add_term (terms, word, TRUE);
          if (phrase->len > 0)
            g_string_append_c (phrase, ' ');
          g_string_append_unichar (phrase, c);
        }
      else if (word_char)
        {
          add_term (terms, phrase, FALSE);
          g_string_append_unichar (word, c);
        }
      else
        {
          add_term (terms, word, TRUE);
          add_term (terms, phrase, FALSE);
        }
      if (*p == '\0')
        break;
    }
  return terms->len > 0 ? g_steal_pointer (&terms) : NULL;
}

/**
 * ld_search_text_build_query:
 * @user_text: what a person typed into a search entry
 *
 * Turns free text into an FTS5 query in which every term of
 * ld_search_text_split() must match. The result is bound as a parameter,
 * never pasted into SQL.
 *
 * Returns: (transfer full) (nullable): the query, or %NULL when @user_text has
 *   nothing to search for.
 */
char *
ld_search_text_build_query (const char *user_text)
{
  g_autoptr(GPtrArray) terms = ld_search_text_split (user_text);
  GString *query;

  if (terms == NULL)
    return NULL;
  query = g_string_new (NULL);
  for (guint i = 0; i < terms->len; i++)
    {
      const LdSearchTerm *term = g_ptr_array_index (terms, i);

      ld_search_text_append_term (query, term->text, term->prefix);
    }
  return g_string_free (query, FALSE);
}
