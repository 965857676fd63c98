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

static void
append_term (GString    *query,
             const char *term,
             gboolean    prefix)
{
  if (query->len > 0)
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

/**
 * ld_search_text_build_query:
 * @user_text: what a person typed into a search entry
 *
 * Turns free text into an FTS5 query in which every word must match as a
 * prefix and runs of CJK characters must match as phrases. Every word is
 * quoted, so FTS5 operators typed by a user (AND, NEAR, *, ^, column filters)
 * are searched for as text rather than interpreted. The result is bound as a
 * parameter, never pasted into SQL.
 *
 * Returns: (transfer full) (nullable): the query, or %NULL when @user_text has
 *   nothing to search for.
 */
char *
ld_search_text_build_query (const char *user_text)
{
  g_autofree char *prepared = NULL;
  g_autoptr(GString) query = g_string_new (NULL);
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
          if (word->len > 0)
            {
              append_term (query, word->str, TRUE);
              g_string_truncate (word, 0);
            }
          if (phrase->len > 0)
            g_string_append_c (phrase, ' ');
          g_string_append_unichar (phrase, c);
        }
      else if (word_char)
        {
          if (phrase->len > 0)
            {
              append_term (query, phrase->str, FALSE);
              g_string_truncate (phrase, 0);
            }
          g_string_append_unichar (word, c);
        }
      else
        {
          if (word->len > 0)
            append_term (query, word->str, TRUE);
          if (phrase->len > 0)
            append_term (query, phrase->str, FALSE);
          g_string_truncate (word, 0);
          g_string_truncate (phrase, 0);
        }
      if (*p == '\0')
        break;
    }

  if (query->len == 0)
    return NULL;
  return g_string_free (g_steal_pointer (&query), FALSE);
}
