/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-name-key"

#include "config.h"

#include <string.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>

#include "ld-name-forms.h"
#include "ld-name-key.h"
#include "ld-name-key-private.h"
#include "ld-name-normalizer.h"

/*
 * The duplicate check asks a stricter question than screening: is this the same
 * company? So a key keeps every word that tells one company from another (trading,
 * shipping, numbers) and drops only what any company may write or leave out: its legal
 * form, "company", articles and particles, titles. Candidates are found under the keys
 * (the store indexes them) and confirmed word by word (ld_name_key_match()).
 */

/* Search text: Han to pinyin, every other script to Latin, then plain ASCII. */
#define LATIN_TRANSLITERATOR_ID "Any-Latin; Latin-ASCII; Lower"

static GPrivate latin_key = G_PRIVATE_INIT ((GDestroyNotify) utrans_close);

/* Words that any company may write or leave out, as the normaliser writes them. */
static const char * const droppable[] = {
  "company", "co", "corp", "the", "and", "of", "for", "al", "el", "de", "la", "le", "du", "da",
  "der", "des", "van", "von", "y", "e", "a", "wa", "und", "et",
};

static gboolean
is_droppable (const char *token)
{
  if (ld_name_forms_is_legal_form (token) || ld_name_forms_is_title (token))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (droppable); i++)
    if (g_str_equal (token, droppable[i]))
      return TRUE;
  return FALSE;
}

static UTransliterator *
latin_transliterator (void)
{
  UTransliterator *trans = g_private_get (&latin_key);
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  UChar id[64];

  if (trans != NULL)
    return trans;
  u_uastrncpy (id, LATIN_TRANSLITERATOR_ID, G_N_ELEMENTS (id));
  trans = utrans_openU (id, -1, UTRANS_FORWARD, NULL, 0, &parse_error, &status);
  if (U_FAILURE (status))
    {
      g_critical ("Cannot open the ICU transliterator %s: %s", LATIN_TRANSLITERATOR_ID, u_errorName (status));
      return NULL;
    }
  g_private_set (&latin_key, trans);
  return trans;
}

/**
 * ld_name_to_latin:
 *
 * The name in lower-case Latin letters, every word kept, for a search index: a clerk
 * who cannot type the script types this.
 *
 * Returns: (transfer full): never %NULL
 */
char *
ld_name_to_latin (const char *name)
{
  UTransliterator *trans = latin_transliterator ();
  UErrorCode status = U_ZERO_ERROR;
  g_autofree UChar *buf = NULL;
  int32_t len = 0, capacity, limit, out_len = 0;
  char *out;

  name = name != NULL ? name : "";
  if (trans == NULL)
    return g_utf8_strdown (name, -1);
  capacity = (int32_t) strlen (name) * 4 + 16;
  buf = g_new (UChar, capacity);
  u_strFromUTF8 (buf, capacity, &len, name, -1, &status);
  limit = len;
  if (U_SUCCESS (status))
    utrans_transUChars (trans, buf, &len, capacity, 0, &limit, &status);
  if (U_SUCCESS (status))
    u_strToUTF8 (NULL, 0, &out_len, buf, len, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR)
    status = U_ZERO_ERROR;
  if (U_FAILURE (status))
    return g_utf8_strdown (name, -1);
  out = g_malloc (out_len + 1);
  u_strToUTF8 (out, out_len + 1, NULL, buf, len, &status);
  return out;
}

/**
 * ld_name_check:
 * @name: a name as entered
 *
 * Whether @name can be compared at all: the same checks, and the same message, as
 * screening gives (invalid text, control characters, no letters, too long, a word in
 * two look-alike scripts).
 */
gboolean
ld_name_check (const char  *name,
               GError     **error)
{
  g_autofree char *normal = ld_name_normalizer_normalize (name != NULL ? name : "", -1,
                                                          LD_NAME_NORMALIZER_FLAGS_NONE, error);

  return normal != NULL;
}

/*
 * A token as the duplicate check compares it: umlauts written out (Mueller) meet
 * plain ones (Muller), and doubled letters (Severnyy, Severny; Hassan, Hasan) collapse;
 * never digits: 11 stays 11. Closer spellings than that are different names to this
 * check ("Rashid" and "Rashad", "Baltic" and "Baltika"): screening is the place for
 * fuzzier matching.
 */
static char *
token_key (const char *token)
{
  g_autoptr(GString) s = g_string_new (token);
  GString *out;

  if (ld_name_forms_is_number (token))
    return g_strdup (token);
  /* The Arabic article written joined (Alnoor): the article is dropped when apart. */
  if (g_str_has_prefix (token, "al") && strlen (token) >= 5)
    g_string_erase (s, 0, 2);
  g_string_replace (s, "ue", "u", 0);
  g_string_replace (s, "oe", "o", 0);
  g_string_replace (s, "ae", "a", 0);
  g_string_replace (s, "kh", "h", 0);
  /* An English word's silent final e is not written in other scripts (Marine,
   * Μαρίν). */
  if (s->len >= 6 && s->str[s->len - 1] == 'e' && !strchr ("aeiouy", s->str[s->len - 2]))
    g_string_truncate (s, s->len - 1);
  /* Russian -ый is romanised y, yy, iy, ij or yj (Novyy, Novyj). */
  if (g_str_has_suffix (s->str, "ij") && s->len > 3)
    g_string_truncate (s, s->len - 1);
  out = g_string_sized_new (s->len);
  for (gsize i = 0; i < s->len; i++)
    if (i == 0 || s->str[i] != s->str[i - 1])
      g_string_append_c (out, s->str[i]);
  return g_string_free (out, FALSE);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
join_sorted_keys (char **tokens)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; tokens[i] != NULL; i++)
    g_ptr_array_add (keys, token_key (tokens[i]));
  g_ptr_array_sort (keys, compare_strings);
  g_ptr_array_add (keys, NULL);
  return g_strjoinv (" ", (char **) keys->pdata);
}

/* Tokens run together, as "Hua Bei" meets "Huabei"; but where a number ends one token
 * and starts the next, a mark stays between them, so "Depot 1 12" and "Depot 11 2"
 * keep their numbers apart. */
static char *
join_compact (char **tokens)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; tokens[i] != NULL; i++)
    {
      g_autofree char *key = token_key (tokens[i]);

      char last = out->len > 0 ? out->str[out->len - 1] : '\0';

      if (g_ascii_isdigit (last) && g_ascii_isdigit (key[0]))
        g_string_append_c (out, '-');
      /* A doubled letter across a syllable and the next collapses too (Hua An, Huaan);
       * not after a whole word (Baltika Arms is not Baltic Arms). */
      g_string_append (out, last == key[0] && !g_ascii_isdigit (last) && strlen (tokens[i - 1]) <= 3 ? key + 1 : key);
    }
  return g_string_free (out, FALSE);
}

/* Whether @word is left out of a key: a legal form, title, article or particle, in
 * its own spelling or all its canonical ones. */
gboolean
_ld_name_key_word_is_droppable (const char *word)
{
  g_auto(GStrv) canonical = NULL;

  if (is_droppable (word))
    return TRUE;
  canonical = ld_name_normalizer_canonicalize (word);
  for (guint c = 0; canonical[c] != NULL; c++)
    if (!is_droppable (canonical[c]))
      return FALSE;
  return TRUE;
}

/* The compact key of canonical @tokens (a Korean name's readings are keyed so). */
char *
_ld_name_key_compact_of (char **tokens)
{
  return join_compact (tokens);
}

/* @words without the droppable ones, each in its canonical spelling
 * (ld_name_normalizer_canonicalize()), as screening tokenises. */
static char **
telling_tokens_of (char **words)
{
  GPtrArray *kept = g_ptr_array_new ();

  for (guint i = 0; words[i] != NULL; i++)
    {
      g_auto(GStrv) canonical = NULL;

      if (is_droppable (words[i]))
        continue;
      canonical = ld_name_normalizer_canonicalize (words[i]);
      for (guint c = 0; canonical[c] != NULL; c++)
        if (!is_droppable (canonical[c]))
          g_ptr_array_add (kept, g_strdup (canonical[c]));
    }
  g_ptr_array_add (kept, NULL);
  return (char **) g_ptr_array_free (kept, FALSE);
}

/* The keys of the name's second spelling (a Thai name as its bearer writes it in
 * Latin letters, ld_name_normalizer_second_spellings()), when it has one. */
static void
set_second_keys (LdNameKey  *key,
                 const char *name,
                 const char *normal)
{
  g_auto(GStrv) second = normal != NULL ? ld_name_normalizer_second_spellings (name, normal) : NULL;
  g_auto(GStrv) tokens = NULL;

  if (second == NULL)
    return;
  tokens = telling_tokens_of (second);
  key->second_sorted = join_sorted_keys (tokens);
  key->second_compact = join_compact (tokens);
  if (key->second_compact[0] == '\0' || (g_str_equal (key->second_sorted, key->sorted)
                                          && g_str_equal (key->second_compact, key->compact)))
    {
      g_clear_pointer (&key->second_sorted, g_free);
      g_clear_pointer (&key->second_compact, g_free);
    }
}

/**
 * ld_name_key_new:
 *
 * Folds @name as screening does (ld_name_normalizer_normalize() and
 * ld_name_normalizer_canonicalize()), then drops legal forms, titles, "company",
 * articles and particles. Numbers stay as written.
 */
LdNameKey *
ld_name_key_new (const char *name)
{
  LdNameKey *key = g_new0 (LdNameKey, 1);
  g_autofree char *normal = NULL;
  g_auto(GStrv) words = NULL;

  name = name != NULL ? name : "";
  normal = ld_name_normalizer_normalize (name, -1, LD_NAME_NORMALIZER_FLAGS_LENIENT, NULL);
  words = normal != NULL ? g_strsplit (normal, " ", -1) : g_new0 (char *, 1);
  key->tokens = telling_tokens_of (words);
  key->sorted = join_sorted_keys (key->tokens);
  key->compact = join_compact (key->tokens);
  set_second_keys (key, name, normal);
  key->readings = _ld_name_key_readings (name, normal, key->compact, key->second_compact);
  return key;
}

void
ld_name_key_free (LdNameKey *key)
{
  if (key == NULL)
    return;
  g_free (key->sorted);
  g_free (key->compact);
  g_free (key->second_sorted);
  g_free (key->second_compact);
  g_strfreev (key->tokens);
  g_strfreev (key->readings);
  g_free (key);
}

static gboolean
keys_equal (const char *a_sorted,
            const char *a_compact,
            const char *b_sorted,
            const char *b_compact)
{
  if (a_compact == NULL || b_compact == NULL || a_compact[0] == '\0' || b_compact[0] == '\0')
    return FALSE;
  return g_str_equal (a_compact, b_compact) || g_str_equal (a_sorted, b_sorted);
}

/**
 * ld_name_key_match:
 *
 * Whether @a and @b name the same company: the same words in any order, or the same
 * letters written together, in the first spelling of each or in the second spelling of
 * one against the first of the other (a Thai name as its bearer writes it against the
 * Latin name typed), or in a reading of one that meets the other (a Hebrew, Korean or
 * Thai name read as screening reads it: ld-name-key-readings.c). This is exactly what
 * the store looks up (its key columns, broker_name_second and broker_name_reading; two
 * second spellings are not compared there), so the labelled sets measure what a clerk
 * meets.
 */
gboolean
ld_name_key_match (const LdNameKey *a,
                   const LdNameKey *b)
{
  return keys_equal (a->sorted, a->compact, b->sorted, b->compact)
         || keys_equal (a->second_sorted, a->second_compact, b->sorted, b->compact)
         || keys_equal (a->sorted, a->compact, b->second_sorted, b->second_compact)
         || _ld_name_key_readings_meet (a->readings, b->compact, b->readings)
         || _ld_name_key_readings_meet (b->readings, a->compact, a->readings);
}
