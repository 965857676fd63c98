/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-name-acronym"

#include "config.h"

#include <string.h>

#include "ld-name-acronym.h"
#include "ld-name-normalizer.h"

/*
 * An acronym takes the first letter, or first few letters, of each word of a name in
 * order (PLA: People's Liberation Army; KOMID: KOrea MIning Development), may pass
 * over the small words that join a name (AQAP: Al-Qaida in the Arabian Peninsula) and
 * the company words at its end (Trading Corporation). Only a query that looks like an
 * acronym is read as one: one word in capitals (“KOMID”) or initials with points
 * (“P.L.A.”). A name's other words are all needed.
 */

/* A chunk of a word in an acronym is at most this long (KO of Korea). */
#define MAX_CHUNK 3

/* Words that join a name and that acronyms usually leave out. */
static const char * const joining_words[] = {
  "in", "the", "of", "and", "for", "de", "la", "le", "du", "da", "des", "der", "di",
  "y", "e", "a", "et", "und", "on", "to", "at",
};

static gboolean
is_joining_word (const char *token)
{
  for (guint i = 0; i < G_N_ELEMENTS (joining_words); i++)
    if (strcmp (token, joining_words[i]) == 0)
      return TRUE;
  return FALSE;
}

/* The first token of the company words that end the name (n_tokens if none). */
static guint
company_tail_start (char * const *tokens,
                    guint         n_tokens)
{
  guint start = n_tokens;

  while (start > 0 && ld_name_normalizer_is_noise (tokens[start - 1])
         && !is_joining_word (tokens[start - 1]))
    start--;
  return start;
}

static gboolean
is_skippable (char * const *tokens,
              guint         i,
              guint         tail)
{
  return i >= tail || is_joining_word (tokens[i]);
}

static gboolean
match_from (const char   *acronym,
            char * const *tokens,
            guint         n_tokens,
            guint         i,
            guint         tail)
{
  const char *token;

  if (i == n_tokens)
    return *acronym == '\0';
  token = tokens[i];
  if (is_skippable (tokens, i, tail) && match_from (acronym, tokens, n_tokens, i + 1, tail))
    return TRUE;
  for (guint k = 0; k < MAX_CHUNK && token[k] != '\0' && acronym[k] == token[k]; k++)
    if (match_from (acronym + k + 1, tokens, n_tokens, i + 1, tail))
      return TRUE;
  return FALSE;
}

static guint
count_words (char * const *tokens,
             guint         n_tokens)
{
  guint n = 0;

  for (guint i = 0; i < n_tokens; i++)
    n += !is_joining_word (tokens[i]);
  return n;
}

/*
 * Whether the name can have an acronym: three words or more, two of them before the
 * company words at its end (Korea Mining, Development Trading Corporation).
 */
static gboolean
has_acronym (char * const *tokens,
             guint         n_tokens)
{
  guint tail = company_tail_start (tokens, n_tokens);

  return n_tokens <= 2 * LD_NAME_ACRONYM_MAX_LETTERS
         && count_words (tokens, n_tokens) >= LD_NAME_ACRONYM_MIN_LETTERS
         && count_words (tokens, tail) >= 2 && count_words (tokens, tail) <= LD_NAME_ACRONYM_MAX_LETTERS;
}

/**
 * ld_name_acronym_from_text:
 * @text: a name as typed
 *
 * Returns: (transfer full) (nullable): the lowercase letters of @text when it is
 *   written as an acronym (one word of 3 to 8 capitals, or as many initials each
 *   followed by a point), else %NULL
 */
char *
ld_name_acronym_from_text (const char *text)
{
  g_autoptr(GString) letters = g_string_new (NULL);
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  gboolean dotted = strchr (trimmed, '.') != NULL;
  gunichar last = 0;

  for (const char *p = trimmed; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80 && g_ascii_isupper (c))
        {
          /* Dotted initials: one letter, then its point. */
          if (dotted && last != 0 && last != '.' && last != ' ')
            return NULL;
          g_string_append_c (letters, g_ascii_tolower (c));
        }
      else if (!(dotted && (c == '.' || (c == ' ' && last == '.'))))
        return NULL;
      last = c;
    }
  if (letters->len < LD_NAME_ACRONYM_MIN_LETTERS || letters->len > LD_NAME_ACRONYM_MAX_LETTERS)
    return NULL;
  return g_string_free (g_steal_pointer (&letters), FALSE);
}

/**
 * ld_name_acronym_matches:
 * @acronym: lowercase letters, from ld_name_acronym_from_text()
 * @tokens: a name's normalised tokens
 * @n_tokens: how many
 *
 * Returns: whether @acronym abbreviates the name: at least three words, each word
 *   before the company words at its end giving its first letters in order.
 */
gboolean
ld_name_acronym_matches (const char   *acronym,
                         char * const *tokens,
                         guint         n_tokens)
{
  g_return_val_if_fail (acronym != NULL, FALSE);

  if (!has_acronym (tokens, n_tokens))
    return FALSE;
  return match_from (acronym, tokens, n_tokens, 0, company_tail_start (tokens, n_tokens));
}

/**
 * ld_name_acronym_index_key:
 *
 * Returns: (transfer full) (nullable): the first letters of the words every acronym
 *   of the name must start a chunk with, in order; %NULL when the name is too short
 *   or too long to have one. Those letters are a subsequence of every acronym that
 *   ld_name_acronym_matches() accepts, so an index on this key finds them all.
 */
char *
ld_name_acronym_index_key (char * const *tokens,
                           guint         n_tokens)
{
  guint tail = company_tail_start (tokens, n_tokens);
  GString *key;

  if (!has_acronym (tokens, n_tokens))
    return NULL;
  key = g_string_new (NULL);
  for (guint i = 0; i < tail; i++)
    if (!is_joining_word (tokens[i]))
      g_string_append_c (key, tokens[i][0]);
  return g_string_free (key, FALSE);
}

/**
 * ld_name_acronym_foreach_lookup_key:
 *
 * Calls @func with every subsequence of @acronym of at least two letters: the
 * index keys of every name it may abbreviate (at most 247 for eight letters).
 */
void
ld_name_acronym_foreach_lookup_key (const char           *acronym,
                                    LdNameAcronymKeyFunc  func,
                                    gpointer              data)
{
  guint len = strlen (acronym);
  char key[LD_NAME_ACRONYM_MAX_LETTERS + 1];

  g_return_if_fail (len <= LD_NAME_ACRONYM_MAX_LETTERS);

  for (guint mask = 1; mask < (1u << len); mask++)
    {
      guint n = 0;

      if (!(mask & (mask - 1)))  /* one letter */
        continue;
      for (guint i = 0; i < len; i++)
        if (mask & (1u << i))
          key[n++] = acronym[i];
      key[n] = '\0';
      func (key, data);
    }
}
