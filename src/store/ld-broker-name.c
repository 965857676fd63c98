/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-broker-name"

#include "config.h"

#include <string.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>

#include "ld-broker-name.h"

/* Han to pinyin, every other script to Latin, then plain ASCII. */
#define TRANSLITERATOR_ID "Any-Latin; Latin-ASCII; Lower"

static GPrivate transliterator_key = G_PRIVATE_INIT ((GDestroyNotify) utrans_close);

/* Legal-form and filler words: "Atlas Freight Ltd" and "Atlas Freight GmbH"
 * are the same trading name for a duplicate check. Compared after folding. */
static const char *noise_words[] = {
  "ltd", "limited", "llc", "llp", "plc", "inc", "incorporated", "corp", "corporation", "co", "company",
  "gmbh", "ag", "kg", "sa", "sas", "sarl", "srl", "sro", "spa", "bv", "nv", "ab", "as", "oy", "pty",
  "kft", "zrt", "doo", "ooo", "oao", "zao", "pao", "ao", "too", "ip", "the", "and", "of",
};

/* Company words in scripts whose romanisation would not meet the Latin ones. */
static const char *native_noise[] = {
  "股份有限公司", "有限责任公司", "有限公司", "集团", "公司", "شركة", "مؤسسة", "شركه", "مؤسسه", "ش.م.م",
};

static UTransliterator *
get_transliterator (void)
{
  UTransliterator *trans = g_private_get (&transliterator_key);
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  UChar id[64];

  if (trans != NULL)
    return trans;
  u_uastrncpy (id, TRANSLITERATOR_ID, G_N_ELEMENTS (id));
  trans = utrans_openU (id, -1, UTRANS_FORWARD, NULL, 0, &parse_error, &status);
  if (U_FAILURE (status))
    {
      g_critical ("Cannot open the ICU transliterator %s: %s", TRANSLITERATOR_ID, u_errorName (status));
      return NULL;
    }
  g_private_set (&transliterator_key, trans);
  return trans;
}

static char *
transliterate (const char *utf8)
{
  UTransliterator *trans = get_transliterator ();
  UErrorCode status = U_ZERO_ERROR;
  g_autofree UChar *buf = NULL;
  int32_t len = 0, capacity, limit, out_len = 0;
  char *out;

  if (trans == NULL)
    return g_utf8_strdown (utf8, -1);
  capacity = (int32_t) strlen (utf8) * 4 + 16;
  buf = g_new (UChar, capacity);
  u_strFromUTF8 (buf, capacity, &len, utf8, -1, &status);
  limit = len;
  if (U_SUCCESS (status))
    utrans_transUChars (trans, buf, &len, capacity, 0, &limit, &status);
  if (U_SUCCESS (status))
    u_strToUTF8 (NULL, 0, &out_len, buf, len, &status);
  if (status == U_BUFFER_OVERFLOW_ERROR)
    status = U_ZERO_ERROR;
  if (U_FAILURE (status))
    return g_utf8_strdown (utf8, -1);
  out = g_malloc (out_len + 1);
  u_strToUTF8 (out, out_len + 1, NULL, buf, len, &status);
  return out;
}

/* Arabic is written with or without short vowels and with several alef and
 * ta marbuta forms; ICU would romanise each differently. */
static char *
fold_arabic (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 || c == 0x0640)
        continue;
      if (c == 0x0622 || c == 0x0623 || c == 0x0625 || c == 0x0671)
        c = 0x0627;
      else if (c == 0x0629)
        c = 0x0647;
      else if (c == 0x0649)
        c = 0x064A;
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

static char *
strip_native_noise (const char *text)
{
  g_autoptr(GString) out = g_string_new (text);

  for (guint i = 0; i < G_N_ELEMENTS (native_noise); i++)
    g_string_replace (out, native_noise[i], " ", 0);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
is_noise (const char *token)
{
  for (guint i = 0; i < G_N_ELEMENTS (noise_words); i++)
    if (g_str_equal (token, noise_words[i]))
      return TRUE;
  return FALSE;
}

static gboolean
has_double_letter (const char *token)
{
  for (const char *p = token; p[0] && p[1]; p++)
    if (p[0] == p[1] && g_ascii_isalpha (p[0]))
      return TRUE;
  return FALSE;
}

/* "Trading II" is another company than "Trading I": a Roman numeral whose
 * doubled letters would collapse is kept as written. Single syllables such as
 * "xi" or "li" are folded as words, so pinyin still runs together. */
/* The longest of one decimal place's Roman forms that @p starts with. */
static const char *
skip_roman_place (const char        *p,
                  const char * const forms[10])
{
  gsize best = 0;

  for (guint i = 1; i < 10; i++)
    if (g_str_has_prefix (p, forms[i]) && strlen (forms[i]) > best)
      best = strlen (forms[i]);
  return p + best;
}

static gboolean
is_roman_numeral (const char *token)
{
  static const char * const hundreds[10] = { "", "c", "cc", "ccc", "cd", "d", "dc", "dcc", "dccc", "cm" };
  static const char * const tens[10] = { "", "x", "xx", "xxx", "xl", "l", "lx", "lxx", "lxxx", "xc" };
  static const char * const units[10] = { "", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix" };
  const char *p = token;

  while (*p == 'm')
    p++;
  p = skip_roman_place (skip_roman_place (skip_roman_place (p, hundreds), tens), units);
  return token[0] != '\0' && *p == '\0';
}

/* Romanisation differences: Severnyj, Severnyy, Severniy; Mueller and Muller;
 * Ahmad and Achmad. Letters that romanisations swap meet and doubled letters
 * collapse; digits never do ("Trading 11" is not "Trading 1"), and neither
 * does a Roman numeral. */
static char *
skeleton (const char *token,
          gboolean    legacy)
{
  static const struct { const char *from; const char *to; } pairs[] = {
    { "ue", "u" }, { "oe", "o" }, { "ae", "a" }, { "kh", "h" }, { "ch", "h" }, { "sh", "s" },
    { "ph", "f" }, { "ou", "u" }, { "y", "i" }, { "j", "i" }, { "w", "v" }, { "q", "k" }, { "c", "k" },
  };
  g_autoptr(GString) s = g_string_new (token);
  GString *out;

  if (!legacy && has_double_letter (token) && is_roman_numeral (token))
    return g_strdup (token);
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    g_string_replace (s, pairs[i].from, pairs[i].to, 0);
  out = g_string_sized_new (s->len);
  for (gsize i = 0; i < s->len; i++)
    if (i == 0 || s->str[i] != s->str[i - 1] || (!legacy && g_ascii_isdigit (s->str[i])))
      g_string_append_c (out, s->str[i]);
  return g_string_free (out, FALSE);
}

static GPtrArray *
tokens_of (const char *latin,
           gboolean    legacy)
{
  GPtrArray *tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) word = g_string_new (NULL);

  for (const char *p = latin;; p++)
    {
      if (*p != '\0' && g_ascii_isalnum (*p))
        {
          g_string_append_c (word, g_ascii_tolower (*p));
          continue;
        }
      /* Apostrophes (ayn, hamza, soft signs) and the dots of "S.A." or
       * "s.r.o." join rather than split. */
      if (*p == '\'' || *p == '`' || *p == '.')
        continue;
      if (word->len > 0 && !is_noise (word->str))
        g_ptr_array_add (tokens, skeleton (word->str, legacy));
      g_string_truncate (word, 0);
      if (*p == '\0')
        break;
    }
  return tokens;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
join_tokens (GPtrArray  *tokens,
             const char *separator)
{
  g_ptr_array_add (tokens, NULL);
  return g_strjoinv (separator, (char **) tokens->pdata);
}

/* Tokens run together, as "Hua Bei" meets "Huabei"; but where a number ends
 * one token and starts the next, a mark stays between them, so "Depot 1 12"
 * and "Depot 11 2" keep their numbers apart. */
static char *
join_compact (GPtrArray *tokens,
              gboolean   legacy)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < tokens->len; i++)
    {
      const char *token = g_ptr_array_index (tokens, i);

      if (!legacy && out->len > 0 && g_ascii_isdigit (out->str[out->len - 1]) && g_ascii_isdigit (token[0]))
        g_string_append_c (out, '-');
      g_string_append (out, token);
    }
  return g_string_free (out, FALSE);
}

static LdBrokerNameKey *
name_key_new (const char *name,
              gboolean    legacy)
{
  LdBrokerNameKey *key = g_new0 (LdBrokerNameKey, 1);
  g_autofree char *nfc = g_utf8_normalize (name ? name : "", -1, G_NORMALIZE_NFC);
  g_autofree char *arabic = fold_arabic (nfc ? nfc : "");
  g_autofree char *stripped = strip_native_noise (arabic);
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(GPtrArray) sorted = NULL;

  key->latin = transliterate (nfc ? nfc : "");
  {
    g_autofree char *latin = transliterate (stripped);

    tokens = tokens_of (latin, legacy);
  }
  sorted = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < tokens->len; i++)
    g_ptr_array_add (sorted, g_strdup (g_ptr_array_index (tokens, i)));
  g_ptr_array_sort (sorted, compare_strings);
  key->compact = join_compact (tokens, legacy);
  key->sorted = join_tokens (sorted, " ");
  return key;
}

/**
 * ld_broker_name_key_new:
 *
 * Folds @name for the duplicate check: Arabic vowel marks and letter forms,
 * company words in Chinese and Arabic, then ICU's Any-Latin (Han to pinyin),
 * ASCII, lower case, legal-form words and romanisation variants. Numbers
 * stay as written.
 */
LdBrokerNameKey *
ld_broker_name_key_new (const char *name)
{
  return name_key_new (name, FALSE);
}

/**
 * ld_broker_name_key_new_legacy:
 *
 * The keys earlier releases stored, which folded numbers too ("11" as "1").
 * Brokers saved by them keep those keys until they are edited, so the
 * duplicate check looks them up under both and confirms each candidate with
 * ld_broker_name_key_new() of its name.
 */
LdBrokerNameKey *
ld_broker_name_key_new_legacy (const char *name)
{
  return name_key_new (name, TRUE);
}

void
ld_broker_name_key_free (LdBrokerNameKey *key)
{
  if (key == NULL)
    return;
  g_free (key->sorted);
  g_free (key->compact);
  g_free (key->latin);
  g_free (key);
}

gboolean
ld_broker_name_key_match (const LdBrokerNameKey *a,
                          const LdBrokerNameKey *b)
{
  if (a->compact[0] == '\0' || b->compact[0] == '\0')
    return FALSE;
  return g_str_equal (a->sorted, b->sorted) || g_str_equal (a->compact, b->compact);
}

/**
 * ld_broker_number_key:
 *
 * A register or tax number with only its letters and digits, upper case:
 * "DE 123.456.789" and "de123456789" are one number. %NULL for an empty one.
 */
char *
ld_broker_number_key (const char *number)
{
  GString *out = g_string_new (NULL);

  for (const char *p = number ? number : ""; *p; p++)
    if (g_ascii_isalnum (*p))
      g_string_append_c (out, g_ascii_toupper (*p));
  if (out->len == 0)
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}
