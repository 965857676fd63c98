/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-name-normalizer"

#include "config.h"

#include <string.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>
#include <glib/gi18n-lib.h>

#include "ld-name-forms.h"
#include "ld-name-hebrew-letters.h"
#include "ld-name-normalizer.h"
#include "ld-name-romanize.h"
#include "ld-name-khmer.h"
#include "ld-name-korean.h"
#include "ld-name-thai-letters.h"
#include "ld-name-script.h"

/*
 * Names are reduced to lowercase ASCII tokens: every script is transliterated to Latin
 * with ICU (Cyrillic by the BGN/PCGN romanisation English-language lists use, Han to
 * pinyin, Arabic, Greek, Hangul by ICU's defaults), diacritics are removed and common
 * spelling variants of the same name are mapped to one canonical token. The list and
 * the query go through the same function, so a name typed in its original script meets
 * the list's NAME_ORIGINAL_SCRIPT on equal terms.
 */

#define TRANSLITERATOR_ID \
  "Russian-Latin/BGN; Any-Latin; NFD; [:Nonspacing Mark:] Remove; NFC; Latin-ASCII; Any-Lower"

/*
 * The script conversion alone. The rest of the chain above (diacritics off, ASCII,
 * lowercase) is what latin_to_ascii() does with GLib's tables, and in ICU it cost as
 * much again, twice that when another task had flushed the caches. The whole chain
 * remains for text GLib cannot spell in ASCII.
 */
#define SCRIPT_TRANSLITERATOR_ID "Russian-Latin/BGN; Any-Latin"

G_DEFINE_QUARK (ld-name-normalizer-error-quark, ld_name_normalizer_error)

static void transliterator_free (gpointer data);

/* ICU transliterators are costly to open and not thread-safe: one per thread, reused. */
static GPrivate transliterator_key = G_PRIVATE_INIT (transliterator_free);
static GPrivate script_transliterator_key = G_PRIVATE_INIT (transliterator_free);
static GPrivate romanizers_key = G_PRIVATE_INIT ((GDestroyNotify) g_hash_table_unref);

/* Spellings of one name that lists and applicants use interchangeably. */
static const struct { const char *variant; const char *canonical; } variants[] = {
  { "mohammed", "muhammad" }, { "mohammad", "muhammad" }, { "mohamed", "muhammad" },
  { "mohamad", "muhammad" }, { "muhammed", "muhammad" }, { "muhamad", "muhammad" },
  { "muhamed", "muhammad" }, { "mohammod", "muhammad" }, { "mohamud", "muhammad" },
  { "mahomed", "muhammad" }, { "magomed", "muhammad" }, { "mukhammad", "muhammad" },
  { "mukhammed", "muhammad" }, { "mehmet", "muhammad" }, { "mhmd", "muhammad" },
  { "hussein", "husayn" }, { "husein", "husayn" }, { "husain", "husayn" },
  { "hussain", "husayn" }, { "hossein", "husayn" }, { "hussien", "husayn" },
  { "husseyn", "husayn" }, { "khuseyn", "husayn" }, { "khusein", "husayn" },
  { "hsyn", "husayn" }, { "husen", "husayn" }, { "huseyn", "husayn" },
  { "hassan", "hasan" }, { "hasan", "hasan" }, { "hsn", "hasan" },
  { "ahmed", "ahmad" }, { "akhmed", "ahmad" }, { "akhmad", "ahmad" }, { "ahmd", "ahmad" },
  { "ly", "ali" }, { "bd", "abd" }, { "abdu", "abd" }, { "abw", "abu" }, { "abou", "abu" },
  { "ibn", "bin" }, { "ben", "bin" }, { "bn", "bin" },
  { "el", "al" }, { "ul", "al" },
  { "abdallah", "abdullah" }, { "abdullah", "abdullah" }, { "abdulla", "abdullah" }, { "abdullahi", "abdullah" }, { "bdallh", "abdullah" },
  { "osama", "usama" }, { "usamah", "usama" }, { "omar", "umar" }, { "omer", "umar" },
  { "yousef", "yusuf" }, { "youssef", "yusuf" }, { "yousuf", "yusuf" }, { "yusef", "yusuf" },
  { "jusuf", "yusuf" }, { "ibrahim", "ibrahim" }, { "ebrahim", "ibrahim" },
  { "brahim", "ibrahim" }, { "abraham", "ibrahim" },
  { "mahmood", "mahmud" }, { "mahmoud", "mahmud" }, { "mahmut", "mahmud" },
  { "khaled", "khalid" }, { "khalid", "khalid" }, { "said", "said" }, { "saeed", "said" },
  { "sayed", "sayyid" }, { "sayyed", "sayyid" }, { "syed", "sayyid" }, { "sayid", "sayyid" },
  { "abdel", "abd al" }, { "abdul", "abd al" }, { "abdal", "abd al" }, { "abdoul", "abd al" },
  { "abdol", "abd al" }, { "abdur", "abd al" }, { "abdar", "abd al" }, { "abdus", "abd al" },
  { "abdoulaye", "abdoulaye" }, { "abdulaye", "abdoulaye" }, { "abdulaie", "abdoulaye" },
  { "abdoulaie", "abdoulaye" }, { "noor", "nur" }, { "nour", "nur" },
};

/* Particles and company words: they carry almost no identity, so they weigh little. */
static const char * const noise_tokens[] = {
  "al", "bin", "bint", "abu", "abd", "ould", "wa", "and", "the", "of", "for", "de", "la",
  "le", "du", "da", "der", "des", "van", "von", "y", "e", "a",
  "company", "co", "corp", "corporation", "trading", "trade", "llc", "ltd", "limited",
  "inc", "group", "international", "intl", "general", "industrial", "industries",
  "industry", "enterprise", "enterprises", "holding", "holdings", "sa", "sarl", "gmbh",
  "plc", "jsc", "ojsc", "pjsc", "cjsc", "fze", "fzco", "bv", "ag", "srl", "spa",
  "organization", "organisation", "association", "society", "agency", "services",
  "service", "commercial", "import", "export", "shipping", "investment", "investments",
  "development", "technology", "technologies", "global", "office", "center", "centre",
};

static GHashTable *
variant_table (void)
{
  static GHashTable *table;

  if (g_once_init_enter (&table))
    {
      GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
        g_hash_table_insert (t, (gpointer) variants[i].variant, (gpointer) variants[i].canonical);
      g_once_init_leave (&table, t);
    }
  return table;
}

static GHashTable *
noise_table (void)
{
  static GHashTable *table;

  if (g_once_init_enter (&table))
    {
      GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < G_N_ELEMENTS (noise_tokens); i++)
        g_hash_table_add (t, (gpointer) noise_tokens[i]);
      g_once_init_leave (&table, t);
    }
  return table;
}

static void
transliterator_free (gpointer data)
{
  if (data != NULL)
    utrans_close (data);
}

static UTransliterator *
get_transliterator (GPrivate    *key,
                    const char  *trans_id,
                    GError     **error)
{
  UTransliterator *trans = g_private_get (key);
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  UChar id[128];

  if (trans != NULL)
    return trans;

  u_uastrncpy (id, trans_id, G_N_ELEMENTS (id));
  trans = utrans_openU (id, -1, UTRANS_FORWARD, NULL, 0, &parse_error, &status);
  if (U_FAILURE (status))
    {
      g_set_error (error, LD_NAME_NORMALIZER_ERROR, LD_NAME_NORMALIZER_ERROR_TRANSLITERATION,
                   _("Could not open the ICU transliterator “%s” (%s); check the ICU data package (libicu72) is installed."),
                   trans_id, u_errorName (status));
      return NULL;
    }
  g_private_set (key, trans);
  return trans;
}

/* The transliterators of ld-name-romanize.c, one per id and thread. */
static UTransliterator *
get_romanizer (const char  *trans_id,
               GError     **error)
{
  GHashTable *romanizers = g_private_get (&romanizers_key);
  UTransliterator *trans;
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse_error;
  UChar id[128];

  if (romanizers == NULL)
    {
      romanizers = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, transliterator_free);
      g_private_set (&romanizers_key, romanizers);
    }
  trans = g_hash_table_lookup (romanizers, trans_id);
  if (trans != NULL)
    return trans;
  u_uastrncpy (id, trans_id, G_N_ELEMENTS (id));
  trans = utrans_openU (id, -1, UTRANS_FORWARD, NULL, 0, &parse_error, &status);
  if (U_FAILURE (status))
    {
      g_set_error (error, LD_NAME_NORMALIZER_ERROR, LD_NAME_NORMALIZER_ERROR_TRANSLITERATION,
                   _("Could not open the ICU transliterator “%s” (%s); check the ICU data package (libicu72) is installed."),
                   trans_id, u_errorName (status));
      return NULL;
    }
  /* The ids are static strings of ld-name-romanize.c. */
  g_hash_table_insert (romanizers, (gpointer) trans_id, trans);
  return trans;
}

static gboolean
is_arabic_letter (gunichar c)
{
  return (c >= 0x0620 && c <= 0x064A) || (c >= 0x066E && c <= 0x06D3);
}

/*
 * Greek writes foreign b, d, g and u as μπ, ντ, γκ and ου (Μπαντέγκε for Badege), v as
 * β, h and kh as χ, j as τζ; ICU reads them letter by letter (mp, nt, gk, ou, b, ch, tz).
 * Read them as the foreign name they write.
 */
static gboolean
greek_digraph (GString    *out,
               const char *p,
               const char *end)
{
  gunichar c = g_unichar_tolower (g_utf8_get_char (p));
  const char *q = g_utf8_next_char (p);
  gunichar next;

  next = q < end ? g_unichar_tolower (g_utf8_get_char (q)) : 0;
  if (c == 0x03B2 || c == 0x03C7)
    {
      /* β is v in modern Greek (ICU reads b); χ writes foreign h and kh (ICU: ch).
       * These consume one letter, see the caller. */
      g_string_append (out, c == 0x03B2 ? "v" : "h");
      return TRUE;
    }
  if (c == 0x03C4 && next == 0x03B6)
    g_string_append (out, "j");  /* τζ: a foreign j */
  else
  if (c == 0x03BC && next == 0x03C0)
    g_string_append (out, "b");
  else if (c == 0x03BD && next == 0x03C4)
    g_string_append (out, "d");
  else if (c == 0x03B3 && next == 0x03BA)
    g_string_append (out, "g");
  else if (c == 0x03B3 && next == 0x03B3)
    g_string_append (out, "ng");
  else if (c == 0x03BF && next == 0x03C5)
    g_string_append (out, "u");
  else
    return FALSE;
  return TRUE;
}

static gboolean
starts_with_abd_al (const char *p,
                    const char *end)
{
  static const char abd_al[] = "\u0639\u0628\u062F\u0627\u0644";

  return end - p > (gssize) strlen (abd_al) && strncmp (p, abd_al, strlen (abd_al)) == 0;
}

/* Bytes 1 to 127 only: valid UTF-8, one character a byte, no letter to transliterate. */
static gboolean
is_plain_ascii (const char *name,
                gssize      length)
{
  for (gssize i = 0; i < length; i++)
    if (name[i] == '\0' || (guchar) name[i] >= 0x80)
      return FALSE;
  return TRUE;
}

static void
set_control_character_error (GError   **error,
                             gunichar   c,
                             glong      position)
{
  g_set_error (error, LD_NAME_NORMALIZER_ERROR, LD_NAME_NORMALIZER_ERROR_CONTROL_CHARACTER,
               _("The name contains the control character U+%04X at character %ld; remove it and try again."),
               c, position);
}

/*
 * prepare_input() for plain ASCII, most names: the same copy without the per-character
 * Unicode look-ups, which were a third of normalising a Latin name.
 */
static GString *
prepare_ascii_input (const char             *name,
                     gssize                  length,
                     LdNameNormalizerFlags   flags,
                     GError                **error)
{
  GString *out = g_string_sized_new (length + 8);

  for (gssize i = 0; i < length; i++)
    {
      char c = name[i];

      if (c == '\t' || c == '\n' || c == '\r')
        c = ' ';
      else if (g_ascii_iscntrl (c))
        {
          if (!(flags & LD_NAME_NORMALIZER_FLAGS_LENIENT))
            {
              set_control_character_error (error, (guchar) c, (glong) i + 1);
              g_string_free (out, TRUE);
              return NULL;
            }
          c = ' ';
        }
      g_string_append_c (out, c);
    }
  return out;
}

/*
 * Checks the input and copies it as UCS-4 with whitespace and (when lenient) control
 * characters turned into spaces. The Arabic article, written joined to its noun
 * (الرحمن), is split off so it transliterates as its own token “al”, as Latin spellings
 * write it.
 */
static GString *
prepare_input (const char             *name,
               gssize                  length,
               LdNameNormalizerFlags   flags,
               gboolean               *ascii_only,
               GError                **error)
{
  const char *end = NULL;
  const char *p;
  GString *out;
  gunichar prev = ' ';
  glong n_chars;

  if (length < 0)
    length = strlen (name);
  if (length <= LD_NAME_NORMALIZER_MAX_CHARS && is_plain_ascii (name, length))
    {
      *ascii_only = TRUE;
      return prepare_ascii_input (name, length, flags, error);
    }
  if (!g_utf8_validate_len (name, length, &end))
    {
      g_set_error (error, LD_NAME_NORMALIZER_ERROR, LD_NAME_NORMALIZER_ERROR_INVALID_UTF8,
                   _("The name is not valid UTF-8 text (bad byte at position %" G_GSSIZE_FORMAT "); re-enter it or convert the file to UTF-8."),
                   (gssize) (end - name));
      return NULL;
    }
  n_chars = g_utf8_strlen (name, length);
  if (n_chars > LD_NAME_NORMALIZER_MAX_CHARS)
    {
      g_set_error (error, LD_NAME_NORMALIZER_ERROR, LD_NAME_NORMALIZER_ERROR_TOO_LONG,
                   _("The name is %ld characters long; names of more than %d characters are refused: check that a whole text was not pasted into the name."),
                   n_chars, LD_NAME_NORMALIZER_MAX_CHARS);
      return NULL;
    }

  *ascii_only = TRUE;
  out = g_string_sized_new (length + 8);
  for (p = name; p < name + length; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\t' || c == '\n' || c == '\r')
        c = ' ';
      else if (g_unichar_iscntrl (c))
        {
          if (!(flags & LD_NAME_NORMALIZER_FLAGS_LENIENT))
            {
              set_control_character_error (error, c, g_utf8_pointer_to_offset (name, p) + 1);
              g_string_free (out, TRUE);
              return NULL;
            }
          c = ' ';
        }
      if (c >= 0x80)
        *ascii_only = FALSE;
      if (c == 0x0435 || c == 0x0415)
        c = 'e';  /* BGN writes е as ye after vowels and at the start; names rarely do */
      if (greek_digraph (out, p, name + length))
        {
          if (g_unichar_tolower (c) != 0x03B2 && g_unichar_tolower (c) != 0x03C7)
            p = g_utf8_next_char (p);
          prev = 0x03B1;  /* inside a Greek word now */
          continue;
        }
      if (c == 0x0639 && !is_arabic_letter (prev) && starts_with_abd_al (p, name + length))
        {
          /* عبدالرحمن, written as one word, reads as عبد الرحمن. */
          g_string_append (out, "\u0639\u0628\u062F ");
          prev = ' ';
          p = g_utf8_next_char (g_utf8_next_char (p));
          continue;
        }
      if (c == 0x0627 && !is_arabic_letter (prev) && p + 2 < name + length
          && g_utf8_get_char (p + 2) == 0x0644)
        {
          const char *after = g_utf8_next_char (p + 2);

          if (after < name + length && is_arabic_letter (g_utf8_get_char (after)))
            {
              g_string_append (out, "\u0627\u0644 ");
              prev = ' ';
              p = p + 2;
              continue;
            }
        }
      g_string_append_unichar (out, c);
      prev = c;
    }
  return out;
}

static char *
transliterate (UTransliterator  *trans,
               const char       *utf8,
               GError          **error)
{
  UErrorCode status = U_ZERO_ERROR;
  g_autofree UChar *buf = NULL;
  int32_t len = 0, capacity, limit, out_len = 0;
  char *out;

  if (trans == NULL)
    return NULL;

  /* Transliteration can grow text (one Han character becomes a pinyin syllable). */
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
    {
      g_set_error (error, LD_NAME_NORMALIZER_ERROR, LD_NAME_NORMALIZER_ERROR_TRANSLITERATION,
                   _("Could not transliterate the name “%s” to Latin script (%s)."), utf8, u_errorName (status));
      return NULL;
    }
  out = g_malloc (out_len + 1);
  u_strToUTF8 (out, out_len + 1, NULL, buf, len, &status);
  return out;
}

/* Latin-1, Latin Extended-A/B and general punctuation (curly quotes) only. */
static gboolean
is_latin_only (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x250 && (c < 0x2000 || c > 0x206F))
        return FALSE;
    }
  return TRUE;
}

/* What fold_to_tokens() drops inside a word: apostrophes, ayn and hamza marks, and the
 * Hebrew geresh, which marks a letter for a sound Hebrew lacks inside a word (ג׳ורג׳:
 * George; ICU keeps it as it is). */
static gboolean
is_joining_mark (gunichar c)
{
  return c == '\'' || c == '`' || (c >= 0x02B9 && c <= 0x02C1) || c == 0x2018 || c == 0x2019 || c == 0x00B7
         || c == 0x05F3;
}

/*
 * Drops diacritics as a person typing without them does: decomposed marks go, and
 * Ø is O (GLib's table writes the Danish OE, which nobody types for a name). Joining
 * marks, which GLib has no ASCII for, become apostrophes, which fold_to_tokens() drops
 * in the same way; except the hard sign's ʺ, which ICU's Latin-ASCII writes as a
 * double quote, so that it splits (Obʺyekt: ob yekt) as it always has.
 */
static char *
latin_to_ascii (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFD);
  GString *plain = g_string_sized_new (strlen (text));

  for (const char *p = decomposed; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_ismark (c))
        continue;
      if (c == 0x00D8 || c == 0x00F8)
        c = c == 0x00D8 ? 'O' : 'o';
      else if (c == 0x02BA)
        c = '"';
      else if (is_joining_mark (c))
        c = '\'';
      g_string_append_unichar (plain, c);
    }
  {
    g_autofree char *joined = g_string_free (plain, FALSE);

    return g_str_to_ascii (joined, "C");
  }
}

static guint
count_char (const char *text,
            char        c)
{
  guint n = 0;

  for (; *text != '\0'; text++)
    n += *text == c;
  return n;
}

static gboolean
has_han (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN)
      return TRUE;
  return FALSE;
}

/* The words @text writes in Latin letters, in lowercase ASCII as the fold sees them. */
static GStrv
words_written_in_latin (const char *text)
{
  GPtrArray *words = g_ptr_array_new ();
  GString *word = g_string_new (NULL);
  gboolean latin = TRUE;

  for (const char *p = text;; p = g_utf8_next_char (p))
    {
      gunichar c = *p != '\0' ? g_utf8_get_char (p) : 0;

      if (c != 0 && (g_unichar_isalnum (c) || g_unichar_ismark (c) || c == '\''))
        {
          latin &= g_unichar_get_script (c) == G_UNICODE_SCRIPT_LATIN || g_unichar_ismark (c)
                   || c == '\'' || g_ascii_isdigit (c);
          g_string_append_unichar (word, c);
          continue;
        }
      if (word->len > 0 && latin)
        {
          g_autofree char *ascii = latin_to_ascii (word->str);
          g_autofree char *lower = g_ascii_strdown (ascii, -1);
          g_auto(GStrv) parts = g_strsplit (lower, "'", -1);

          g_ptr_array_add (words, g_strjoinv ("", parts));
        }
      g_string_truncate (word, 0);
      latin = TRUE;
      if (c == 0)
        break;
    }
  g_string_free (word, TRUE);
  g_ptr_array_add (words, NULL);
  return (GStrv) g_ptr_array_free (words, FALSE);
}

/* A script with a romanisation of its own (ld-name-romanize.c), to ASCII. */
static char *
romanize_to_ascii (const LdNameRomanization  *r,
                   const char                *text,
                   gboolean                   second_reading,
                   GError                   **error)
{
  UTransliterator *trans = get_romanizer (_ld_name_romanization_id (r), error);
  g_autofree char *prepared = NULL;
  g_autofree char *latin = NULL;
  g_autofree char *respelt = NULL;
  g_autofree char *ascii = NULL;
  g_auto(GStrv) written_in_latin = NULL;

  if (trans == NULL)
    return NULL;
  prepared = _ld_name_romanization_prepare (r, text);
  latin = transliterate (trans, prepared, error);
  if (latin == NULL)
    return NULL;
  respelt = _ld_name_romanization_respell (r, latin, second_reading);
  ascii = latin_to_ascii (respelt);
  written_in_latin = words_written_in_latin (text);
  return _ld_name_romanization_fold (r, ascii, second_reading, (const char * const *) written_in_latin);
}

/*
 * Other scripts to ASCII: ICU converts the script, GLib drops diacritics. GLib writes
 * a character it has no ASCII for as “?”, and then the whole ICU chain decides.
 */
static char *
script_to_ascii (const char  *text,
                 gboolean     second_reading,
                 GError     **error)
{
  const LdNameRomanization *own = _ld_name_romanization_for (text);
  UTransliterator *script = get_transliterator (&script_transliterator_key, SCRIPT_TRANSLITERATOR_ID, error);
  g_autofree char *romanized = NULL;
  g_autofree char *read = NULL;
  g_autofree char *latin = NULL;
  char *ascii;
  UTransliterator *whole;

  if (own != NULL)
    {
      romanized = romanize_to_ascii (own, text, second_reading, error);
      /* Text in a second script is left as it was by the first transliterator:
       * Any-Latin reads the rest. */
      if (romanized == NULL || is_latin_only (romanized))
        return g_steal_pointer (&romanized);
      text = romanized;
    }
  if (script == NULL)
    return NULL;
  if (has_han (text))
    read = _ld_name_script_read_transcribed (text);
  latin = transliterate (script, read != NULL ? read : text, error);
  if (latin == NULL)
    return NULL;
  if (has_han (text))
    {
      char *joined = _ld_name_script_join_transcribed (latin);

      if (joined != NULL)
        g_free (latin), latin = joined;
    }
  ascii = latin_to_ascii (latin);
  if (count_char (ascii, '?') == count_char (latin, '?'))
    return ascii;
  g_free (ascii);
  whole = get_transliterator (&transliterator_key, TRANSLITERATOR_ID, error);
  return whole != NULL ? transliterate (whole, text, error) : NULL;
}

/* Keeps ASCII letters and digits; apostrophes and ayn/hamza marks join, the rest splits. */
static char *
fold_to_tokens (const char *latin)
{
  GString *out = g_string_sized_new (strlen (latin));
  gboolean need_space = FALSE;
  const char *p;

  for (p = latin; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80 && g_ascii_isalnum (c))
        {
          if (need_space && out->len > 0)
            g_string_append_c (out, ' ');
          need_space = FALSE;
          g_string_append_c (out, g_ascii_tolower (c));
        }
      else if (is_joining_mark (c))
        continue;
      else
        need_space = TRUE;
    }
  return g_string_free (out, FALSE);
}

/*
 * Before transliteration: a word in two look-alike scripts is refused (list data
 * excepted), legal forms written in Han, Arabic, Hebrew or Thai become their Latin
 * tokens, and Khmer, which ICU cannot romanise, is romanised here.
 */
static gboolean
prepare_script (const char             *name,
                gssize                  length,
                GString                *prepared,
                LdNameNormalizerFlags   flags,
                GError                **error)
{
  g_autofree char *native = NULL;

  /* The name as given: prepare_input() already wrote Cyrillic е as a Latin e. */
  if (!(flags & LD_NAME_NORMALIZER_FLAGS_LENIENT))
    {
      g_autofree char *given = g_strndup (name, length < 0 ? strlen (name) : (gsize) length);

      if (!_ld_name_script_check_words (given, error))
        return FALSE;
    }
  native = _ld_name_forms_native (prepared->str);
  if (native != NULL)
    g_string_assign (prepared, native);
  if (_ld_name_script_has_khmer (prepared->str))
    {
      /* The second spelling of Khmer is the customary one its bearers write
       * (ld-name-khmer.c), the first UNGEGN's. */
      g_autofree char *latin = (flags & LD_NAME_NORMALIZER_FLAGS_SECOND_READING)
                               ? _ld_name_khmer_customary (prepared->str)
                               : _ld_name_script_khmer_to_latin (prepared->str);

      g_string_assign (prepared, latin);
    }
  return TRUE;
}

/*
 * ASCII text to tokens, and the words people write around a name in one spelling:
 * Wade-Giles read as pinyin, legal forms, titles and numbers (ld-name-forms.c).
 */
static char *
fold_ascii (const char *ascii,
            gboolean    latin)
{
  g_autofree char *pinyin = _ld_name_forms_wade_giles (ascii);
  g_autofree char *folded = fold_to_tokens (pinyin != NULL ? pinyin : ascii);

  if (*folded == '\0')
    return g_steal_pointer (&folded);
  return _ld_name_forms_rewrite (folded, latin);
}

/**
 * ld_name_normalizer_normalize:
 * @name: a name in any script, UTF-8
 * @length: its length in bytes, or -1 if nul-terminated
 * @flags: %LD_NAME_NORMALIZER_FLAGS_LENIENT for list data
 * @error: return location for an error
 *
 * Returns: (transfer full): lowercase ASCII tokens separated by single spaces, or %NULL
 *   with @error set for invalid UTF-8, control characters, a name that is too long or
 *   has no letters or digits at all.
 */
char *
ld_name_normalizer_normalize (const char             *name,
                              gssize                  length,
                              LdNameNormalizerFlags   flags,
                              GError                **error)
{
  g_autoptr(GString) prepared = NULL;
  g_autofree char *latin = NULL;
  gboolean ascii_only = TRUE;
  gboolean thai_letters = FALSE;
  gboolean korean_customary = FALSE;
  char *folded;

  g_return_val_if_fail (name != NULL, NULL);

  prepared = prepare_input (name, length, flags, &ascii_only, error);
  if (prepared == NULL)
    return NULL;
  if (!ascii_only && !prepare_script (name, length, prepared, flags, error))
    return NULL;
  if (!ascii_only && (flags & LD_NAME_NORMALIZER_FLAGS_SECOND_READING) && _ld_name_has_thai (prepared->str))
    {
      g_autofree char *read = (flags & LD_NAME_NORMALIZER_FLAGS_INDIC_READING) ? _ld_name_thai_letters_indic (prepared->str)
                                                                                : _ld_name_thai_letters (prepared->str);

      g_string_assign (prepared, read);
      thai_letters = TRUE;
    }
  if (!ascii_only && (flags & (LD_NAME_NORMALIZER_FLAGS_CUSTOMARY_READING | LD_NAME_NORMALIZER_FLAGS_HANGUL_MARKED))
      && _ld_name_has_hangul (prepared->str))
    {
      g_autofree char *read = _ld_name_korean_customary (prepared->str,
                                                         (flags & LD_NAME_NORMALIZER_FLAGS_HANGUL_MARKED) != 0);

      g_string_assign (prepared, read);
      korean_customary = TRUE;
    }
  if (ascii_only)
    folded = fold_ascii (prepared->str, TRUE);
  else if (is_latin_only (prepared->str))
    {
      /* Latin letters with diacritics need no script conversion: GLib's table strips
       * them ten times faster than ICU's transliterator chain. */
      latin = latin_to_ascii (prepared->str);
      folded = fold_ascii (latin, !thai_letters && !korean_customary);
    }
  else
    {
      latin = script_to_ascii (prepared->str, (flags & LD_NAME_NORMALIZER_FLAGS_SECOND_READING) != 0, error);
      if (latin == NULL)
        return NULL;
      folded = fold_ascii (latin, FALSE);
    }
  if (*folded == '\0')
    {
      g_free (folded);
      g_set_error (error, LD_NAME_NORMALIZER_ERROR, LD_NAME_NORMALIZER_ERROR_EMPTY,
                   _("The name “%.60s” has no letters or digits to compare; enter the name in letters."),
                   prepared->str);
      return NULL;
    }
  return folded;
}

static guint
count_words (const char *normal)
{
  guint n = 1;

  for (const char *p = normal; *p != '\0'; p++)
    n += *p == ' ';
  return n;
}

/**
 * ld_name_normalizer_second_spellings:
 * @name: a name as given to ld_name_normalizer_normalize()
 * @normal: what ld_name_normalizer_normalize() made of it
 *
 * A second spelling of the words of @normal where a script is written in Latin
 * letters two ways: Thai names as the Royal Thai General System says them (@normal:
 * chinnawat) and as their bearers write them, letter by letter (Shinawatra); Korean
 * names in McCune-Reischauer (@normal: kim tae jung) and in Revised Romanization (Kim
 * Dae-jung); Khmer names as UNGEGN writes them (@normal: hao namhong) and in the
 * customary spelling Cambodians use (Hor Namhong); Amharic names in BGN (@normal:
 * telahun) and as Ethiopians write them (Tilahun). Both are compared, so either meets
 * the name.
 *
 * Returns: (transfer full) (nullable): the words of the second spelling, as many as
 *   @normal has (most are the same word), or %NULL when there is no second spelling
 */
char **
ld_name_normalizer_second_spellings (const char *name,
                                     const char *normal)
{
  g_autofree char *second = NULL;
  const LdNameRomanization *own;

  g_return_val_if_fail (name != NULL && normal != NULL, NULL);
  own = _ld_name_romanization_for (name);
  if (!_ld_name_has_thai (name) && !_ld_name_script_has_khmer (name)
      && (own == NULL || !_ld_name_romanization_has_second (own)))
    return NULL;
  second = ld_name_normalizer_normalize (name, -1, LD_NAME_NORMALIZER_FLAGS_LENIENT
                                         | LD_NAME_NORMALIZER_FLAGS_SECOND_READING, NULL);
  /* Both readings go through the same steps, the Thai words aside; should they ever
   * differ in words (a legal form read in one only), the words cannot be paired. */
  if (second == NULL || strcmp (second, normal) == 0 || count_words (second) != count_words (normal))
    return NULL;
  return g_strsplit (second, " ", -1);
}

/**
 * ld_name_normalizer_indic_spellings:
 * @name: a name as given to ld_name_normalizer_normalize()
 * @normal: what ld_name_normalizer_normalize() made of it
 *
 * A third spelling of the words of a name written in Thai: the Indic reading
 * (_ld_name_thai_letters_indic()), which writes the letters Thai leaves unsaid as the
 * bearers of many Sanskrit and Pali names do (ภิรมย์ Piromya, กัลยาณพงศ์ Kalayanapong),
 * where the second spelling (ld_name_normalizer_second_spellings()) writes what Thai
 * says.
 *
 * Returns: (transfer full) (nullable): as many words as @normal has, or %NULL for a
 *   name with no Thai letter or whose words do not pair up with those of @normal
 */
char **
ld_name_normalizer_indic_spellings (const char *name,
                                    const char *normal)
{
  g_autofree char *indic = NULL;

  g_return_val_if_fail (name != NULL && normal != NULL, NULL);
  if (!_ld_name_has_thai (name))
    return NULL;
  indic = ld_name_normalizer_normalize (name, -1, LD_NAME_NORMALIZER_FLAGS_LENIENT
                                        | LD_NAME_NORMALIZER_FLAGS_SECOND_READING
                                        | LD_NAME_NORMALIZER_FLAGS_INDIC_READING, NULL);
  if (indic == NULL || count_words (indic) != count_words (normal))
    return NULL;
  return g_strsplit (indic, " ", -1);
}

/**
 * ld_name_normalizer_hebrew_words:
 * @name: a name as given to ld_name_normalizer_normalize()
 * @normal: what ld_name_normalizer_normalize() made of it
 *
 * The Hebrew letters of each word of @normal, for the comparison of unvowelled Hebrew
 * with Latin spellings by their consonants (ld_name_hebrew_letter_keys()): דוד בן-גוריון
 * (@normal: dwd bn gwrywn) gives דוד, בן, גוריון. A word not written in Hebrew
 * letters (a legal form put in Latin letters, Ltd) is "". Should the words not pair
 * up with those of @normal, all are "": the name is compared as it always was.
 *
 * Returns: (transfer full) (nullable): as many words as @normal has, or %NULL for a
 *   name with no Hebrew letter
 */
char **
ld_name_normalizer_hebrew_words (const char *name,
                                 const char *normal)
{
  g_autoptr(GString) prepared = NULL;
  gboolean ascii_only = TRUE;
  char **words = NULL;
  guint n_words;

  g_return_val_if_fail (name != NULL && normal != NULL, NULL);
  if (!_ld_name_has_hebrew (name))
    return NULL;
  n_words = count_words (normal);
  /* The same steps as ld_name_normalizer_normalize() before the script is read:
   * legal forms written in Hebrew (בע"מ) become their Latin words. */
  prepared = prepare_input (name, -1, LD_NAME_NORMALIZER_FLAGS_LENIENT, &ascii_only, NULL);
  if (prepared != NULL && prepare_script (name, -1, prepared, LD_NAME_NORMALIZER_FLAGS_LENIENT, NULL))
    words = _ld_name_hebrew_letter_words (prepared->str);
  if (words == NULL || g_strv_length (words) != n_words)
    {
      g_strfreev (words);
      words = g_new0 (char *, n_words + 1);
      for (guint i = 0; i < n_words; i++)
        words[i] = g_strdup ("");
    }
  return words;
}

/* Per word of @normal, whether it was read from a Hangul syllable (and not written in
 * Latin letters, nor a legal form read from Hangul: 주식회사, co ltd). */
static gboolean *
words_from_hangul (const char *name,
                   guint       n_words)
{
  g_autofree char *marked = ld_name_normalizer_normalize (name, -1, LD_NAME_NORMALIZER_FLAGS_LENIENT
                                                          | LD_NAME_NORMALIZER_FLAGS_HANGUL_MARKED, NULL);
  g_auto(GStrv) words = marked != NULL ? g_strsplit (marked, " ", -1) : NULL;
  gboolean *from_hangul;

  if (words == NULL || g_strv_length (words) != n_words)
    return NULL;
  from_hangul = g_new0 (gboolean, n_words);
  for (guint i = 0; i < n_words; i++)
    from_hangul[i] = _ld_name_korean_marked_syllable (words[i]) != 0;
  return from_hangul;
}

/**
 * ld_name_normalizer_customary_spellings:
 * @name: a name as given to ld_name_normalizer_normalize()
 * @normal: what ld_name_normalizer_normalize() made of it
 * @out_from_hangul: (out) (optional) (transfer full): per word, whether it was read
 *   from a Hangul syllable; %NULL where the function returns %NULL
 *
 * A third spelling of the words of @normal where a script's names are mostly written
 * in neither of its systems: Korean names as South Koreans customarily write them
 * (이명박: Lee Myung-bak, 노무현: Roh Moo-hyun), where @normal is McCune-Reischauer (i
 * myong pak) and the second spelling Revised Romanization (i myeong bak).
 *
 * Returns: (transfer full) (nullable): the words of the third spelling, as many as
 *   @normal has (some the same word), or %NULL when @name has no Hangul or its words
 *   cannot be paired
 */
char **
ld_name_normalizer_customary_spellings (const char  *name,
                                        const char  *normal,
                                        gboolean   **out_from_hangul)
{
  g_autofree char *customary = NULL;
  g_autofree gboolean *from_hangul = NULL;
  guint n_words;

  g_return_val_if_fail (name != NULL && normal != NULL, NULL);
  if (out_from_hangul != NULL)
    *out_from_hangul = NULL;
  if (!_ld_name_has_hangul (name))
    return NULL;
  customary = ld_name_normalizer_normalize (name, -1, LD_NAME_NORMALIZER_FLAGS_LENIENT
                                            | LD_NAME_NORMALIZER_FLAGS_CUSTOMARY_READING, NULL);
  n_words = count_words (normal);
  /* Should a legal form or a number be read in one spelling only, the words cannot be
   * paired. */
  if (customary == NULL || count_words (customary) != n_words)
    return NULL;
  if (out_from_hangul != NULL)
    {
      from_hangul = words_from_hangul (name, n_words);
      if (from_hangul == NULL)
        return NULL;
      *out_from_hangul = g_steal_pointer (&from_hangul);
    }
  return g_strsplit (customary, " ", -1);
}

/* Appends @spelling to @word's space-separated spellings. */
static void
append_spelling (char       **word,
                 const char  *spelling)
{
  char *joined = (*word)[0] != '\0' ? g_strconcat (*word, " ", spelling, NULL) : g_strdup (spelling);

  g_free (*word);
  *word = joined;
}

/* The spellings of a given name written as it is said (_ld_name_korean_liaison()): a
 * syllable's closing consonant carried to the next, within the given name only (the
 * surname, the first syllable, is written apart). */
static void
add_liaison_spellings (char  **marks,
                       char  **spellings_per_word,
                       guint   n_words)
{
  gboolean seen_surname = FALSE;

  for (guint i = 0; i + 1 < n_words; i++)
    {
      gunichar syllable = _ld_name_korean_marked_syllable (marks[i]);
      gunichar next = _ld_name_korean_marked_syllable (marks[i + 1]);
      g_autofree char *carrier = NULL, *receiver = NULL;

      if (syllable == 0)
        continue;
      if (!seen_surname)
        {
          seen_surname = TRUE;
          continue;
        }
      if (next != 0 && _ld_name_korean_liaison (syllable, next, &carrier, &receiver))
        {
          append_spelling (&spellings_per_word[i], carrier);
          append_spelling (&spellings_per_word[i + 1], receiver);
        }
    }
}

/**
 * ld_name_normalizer_customary_variants:
 * @name: a name as given to ld_name_normalizer_normalize()
 * @normal: what ld_name_normalizer_normalize() made of it
 *
 * Per word of @normal read from a Hangul syllable, the other spellings South Koreans
 * commonly give that syllable next to its third spelling (the surname's family
 * spellings, Chung and Jeong for 정; Kyeong, Young, Chin, Hah for given-name syllables:
 * see _ld_name_korean_variants()), separated by spaces; an empty string for the other
 * words. The first syllable is the surname, as Korean writes it first.
 *
 * Returns: (transfer full) (nullable): as many strings as @normal has words, or %NULL
 *   when @name has no Hangul or its words cannot be paired
 */
char **
ld_name_normalizer_customary_variants (const char *name,
                                       const char *normal)
{
  g_autofree char *marked = NULL;
  g_auto(GStrv) marks = NULL;
  char **spellings_per_word;
  guint n_words;
  gboolean seen_syllable = FALSE;

  g_return_val_if_fail (name != NULL && normal != NULL, NULL);
  if (!_ld_name_has_hangul (name))
    return NULL;
  marked = ld_name_normalizer_normalize (name, -1, LD_NAME_NORMALIZER_FLAGS_LENIENT
                                         | LD_NAME_NORMALIZER_FLAGS_HANGUL_MARKED, NULL);
  n_words = count_words (normal);
  marks = marked != NULL ? g_strsplit (marked, " ", -1) : NULL;
  if (marks == NULL || g_strv_length (marks) != n_words)
    return NULL;
  spellings_per_word = g_new0 (char *, n_words + 1);
  for (guint i = 0; i < n_words; i++)
    {
      gunichar syllable = _ld_name_korean_marked_syllable (marks[i]);
      g_auto(GStrv) spellings = syllable != 0 ? _ld_name_korean_variants (syllable, !seen_syllable) : NULL;

      seen_syllable |= syllable != 0;
      spellings_per_word[i] = spellings != NULL ? g_strjoinv (" ", spellings) : g_strdup ("");
    }
  add_liaison_spellings (marks, spellings_per_word, n_words);
  return spellings_per_word;
}

/*
 * Digraphs that romanisations of one letter disagree on: Russian BGN writes дж as dzh
 * where English writes j, х as kh where English writes h, в for both v and w; French
 * writes dj and ou, English oo and ee; Greek writes y as ι, w as ου, c and q as κ, x as
 * ξ (ks). So here y and i, w, v and u, c, q and k are one letter. Folding
 * them in every token, list and query alike, loses almost nothing.
 */
static char *
fold_digraphs (const char *token)
{
  /* Tried in order at each position: longer spellings first, ch kept as it is. */
  static const struct { const char *from; const char *to; } folds[] = {
    { "dzh", "j" }, { "dj", "j" }, { "kh", "h" }, { "ph", "f" }, { "ou", "u" }, { "oo", "u" },
    { "ee", "i" }, { "ck", "k" }, { "ch", "ch" }, { "c", "k" }, { "q", "k" }, { "x", "ks" },
    { "y", "i" }, { "w", "u" }, { "v", "u" },
  };
  GString *out = g_string_sized_new (strlen (token) + 4);

  for (const char *p = token; *p != '\0';)
    {
      guint i;

      /* Most letters start no fold: skip the table for them. */
      if (strchr ("dkpoecqxywv", *p) == NULL)
        {
          g_string_append_c (out, *p++);
          continue;
        }
      for (i = 0; i < G_N_ELEMENTS (folds); i++)
        if (p[0] == folds[i].from[0] && g_str_has_prefix (p, folds[i].from))
          break;
      if (i < G_N_ELEMENTS (folds))
        {
          g_string_append (out, folds[i].to);
          p += strlen (folds[i].from);
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

static void
append_folded (GPtrArray  *tokens,
               const char *token)
{
  g_ptr_array_add (tokens, fold_digraphs (token));
}

static gboolean
one_edit_apart (const char *a,
                const char *b)
{
  size_t la = strlen (a), lb = strlen (b), i = 0;

  if (la > lb + 1 || lb > la + 1)
    return FALSE;
  while (i < la && i < lb && a[i] == b[i])
    i++;
  if (la == lb)
    return i == la || strcmp (a + i + 1, b + i + 1) == 0
           || (i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && strcmp (a + i + 2, b + i + 2) == 0);
  return la > lb ? strcmp (a + i + 1, b + i) == 0 : strcmp (a + i, b + i + 1) == 0;
}

/*
 * A company word with a typo (Internatonal, Organizaetion) is still a company word:
 * left as an unknown token it would weigh as much as a rare name.
 */
static char
initial_class (char c)
{
  if (strchr ("aeiouyhw", c) != NULL)
    return 'a';
  return c == 'c' || c == 'q' ? 'k' : c;
}

static char *fold_digraphs (const char *token);

/* The skeletons of the company words, computed once, in noise_tokens order. */
static char **
noise_skeletons (void)
{
  static char **skeletons;

  if (g_once_init_enter (&skeletons))
    {
      char **s = g_new0 (char *, G_N_ELEMENTS (noise_tokens) + 1);

      for (guint i = 0; i < G_N_ELEMENTS (noise_tokens); i++)
        s[i] = ld_name_normalizer_skeleton (noise_tokens[i]);
      g_once_init_leave (&skeletons, s);
    }
  return skeletons;
}

/* The company words and legal forms as fold_digraphs() spells them (company:
 * kompani, llc: llk), computed once. Not counted as company words by
 * ld_name_normalizer_is_noise(): measured on the UN list, that lost more typos of
 * company words (Comany, Servixes), which a company word meets only exactly, than it
 * saved alerts (issue 16 note). */
static GHashTable *
folded_noise_table (void)
{
  static GHashTable *table;

  if (g_once_init_enter (&table))
    {
      GHashTable *t = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      const char * const *forms = _ld_name_forms_list ();

      for (guint i = 0; i < G_N_ELEMENTS (noise_tokens); i++)
        g_hash_table_add (t, fold_digraphs (noise_tokens[i]));
      for (guint i = 0; forms[i] != NULL; i++)
        g_hash_table_add (t, fold_digraphs (forms[i]));
      g_once_init_leave (&table, t);
    }
  return table;
}

/*
 * A company word spelt in Greek letters comes back with nt read as d (ντ) and mp as
 * b (μπ), which Greek writes for both: Ιντερνάσιοναλ is idernational, Ινβέστμεντ
 * inuestmed. Left as unknown tokens they would weigh as much as a rare name. The
 * skeleton, where d and t are one letter and a nasal before its stop is dropped,
 * still matches the company word's; a skeleton of four letters or more, the same
 * first letter and a length within two keep chance matches out. The company word's
 * own Latin spelling, once folded (company: kompani), is left as it was: whether it
 * should count as a company word is another question than Greek spelling.
 */
static const char *
noise_written_in_greek (const char *token,
                        size_t      len)
{
  g_autofree char *skeleton = NULL;
  char **skeletons = noise_skeletons ();

  for (guint i = 0; i < G_N_ELEMENTS (noise_tokens); i++)
    {
      size_t noise_len = strlen (noise_tokens[i]);

      if (noise_len + 2 < len || noise_len > len + 2
          || initial_class (noise_tokens[i][0]) != initial_class (token[0]))
        continue;
      /* Computed only for a token some company word could be: most are not. */
      if (skeleton == NULL)
        {
          if (g_hash_table_contains (folded_noise_table (), token))
            return token;
          skeleton = ld_name_normalizer_skeleton (token);
          if (strlen (skeleton) < 4)
            return token;
        }
      if (strcmp (skeleton, skeletons[i]) == 0)
        return noise_tokens[i];
    }
  return token;
}

static const char *
noise_spelling (const char *token)
{
  size_t len = strlen (token);

  if (len < 6 || g_hash_table_contains (noise_table (), token))
    return token;
  for (guint i = 0; i < G_N_ELEMENTS (noise_tokens); i++)
    {
      size_t noise_len = strlen (noise_tokens[i]);

      /* One edit changes the length by one at most: most words are ruled out here. */
      if (noise_len >= 6 && noise_len + 1 >= len && noise_len <= len + 1 && one_edit_apart (token, noise_tokens[i]))
        return noise_tokens[i];
    }
  return noise_written_in_greek (token, len);
}

/* Joined Arabic compounds (Abdulrahman) become the tokens the spaced spelling gives. */
static void
append_token (GPtrArray  *tokens,
              const char *token)
{
  static const char * const abd_prefixes[] = { "abdul", "abdel", "abdal", "abdoul", "abdol", "abdur", "abdar", "abdus" };
  g_autofree char *folded = NULL;
  g_autofree char *number = _ld_name_forms_number (token);
  const char *canonical = NULL;

  if (number != NULL)
    {
      g_ptr_array_add (tokens, g_steal_pointer (&number));
      return;
    }
  folded = fold_digraphs (token);
  canonical = g_hash_table_lookup (variant_table (), token);

  if (canonical == NULL)
    canonical = g_hash_table_lookup (variant_table (), folded);
  if (canonical != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (canonical, " ", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        append_folded (tokens, parts[i]);
      return;
    }
  for (guint i = 0; g_str_has_prefix (folded, "abd") && i < G_N_ELEMENTS (abd_prefixes); i++)
    {
      size_t plen = strlen (abd_prefixes[i]);

      /* Abdullah (abd + allah) is one name, not abd al + lah. */
      if (g_str_has_prefix (folded, abd_prefixes[i]) && strlen (folded) >= plen + 4
          && !g_str_has_prefix (folded + plen, "lah") && !g_str_has_prefix (folded + plen, "llah"))
        {
          g_ptr_array_add (tokens, g_strdup ("abd"));
          g_ptr_array_add (tokens, g_strdup ("al"));
          append_token (tokens, folded + plen);
          return;
        }
    }
  g_ptr_array_add (tokens, g_strdup (noise_spelling (folded)));
}

/**
 * ld_name_normalizer_canonicalize:
 * @word: one word of a normalised name
 *
 * Maps a spelling variant to its canonical form (Mohamed → muhammad) and splits joined
 * Arabic compounds (Abdulrahman → abd al rahman).
 *
 * Returns: (transfer full): one or more canonical tokens
 */
char **
ld_name_normalizer_canonicalize (const char *word)
{
  GPtrArray *tokens = g_ptr_array_new ();

  append_token (tokens, word);
  g_ptr_array_add (tokens, NULL);
  return (char **) g_ptr_array_free (tokens, FALSE);
}

/**
 * ld_name_normalizer_tokenize:
 *
 * Normalises @name and splits it into canonical tokens (spelling variants mapped to
 * one form).
 *
 * Returns: (transfer full): a %NULL-terminated array of at least one token, or %NULL
 *   with @error set.
 */
char **
ld_name_normalizer_tokenize (const char             *name,
                             gssize                  length,
                             LdNameNormalizerFlags   flags,
                             GError                **error)
{
  g_autofree char *normal = ld_name_normalizer_normalize (name, length, flags, error);
  g_auto(GStrv) words = NULL;
  GPtrArray *tokens;

  if (normal == NULL)
    return NULL;
  words = g_strsplit (normal, " ", -1);
  tokens = g_ptr_array_new ();
  for (guint i = 0; words[i] != NULL; i++)
    append_token (tokens, words[i]);
  g_ptr_array_add (tokens, NULL);
  return (char **) g_ptr_array_free (tokens, FALSE);
}

/*
 * One consonant class for letters and digraphs that transliterations swap: Cyrillic х
 * stands for both h and kh and Greek χ comes back as ch, so h, kh and ch are dropped;
 * ц is ts, c or k; в is v or w; Greek ντ is d, nd or nt, so d and t are one class and
 * a nasal before a stop is dropped. g and k are one class too: Arabic ق comes back as
 * q, k or g (Qadhafi, Gaddafi), and Western Armenian writes the voiceless letter where
 * Eastern Armenian has the voiced one (Sarkissian, Sargsyan). Returns '\0' for letters
 * the skeleton drops (vowels, semivowels, which Arabic mostly does not write, and h).
 * Advances *p past the first letter of a digraph.
 */
static char
skeleton_letter (const char **p)
{
  const char *s = *p;
  char c = s[0], next = s[1];

  if ((c == 'd' && next == 'z' && s[2] == 'h') || (c == 'd' && next == 'j'))
    {
      *p += next == 'z' ? 2 : 1;
      return 'j';
    }
  if (next == 'h' && (c == 'k' || c == 'z' || c == 'p' || c == 'c'))
    {
      (*p)++;
      return c == 'z' ? 'j' : c == 'p' ? 'f' : '\0';  /* Greek χ reads ch, Cyrillic х kh */
    }
  if (c == 't' && (next == 's' || next == 'z'))
    {
      (*p)++;
      return next == 's' ? 'k' : 'j';  /* ц is ts; Greek writes j as τζ */
    }
  if (strchr ("aeiouywvh", c) != NULL)
    return '\0';
  switch (c)
    {
    case 'c': case 'q': case 'g': return 'k';
    case 'd': return 't';
    default: return c;
    }
}

static void
append_skeleton_letter (GString *out,
                        char     c)
{
  if (c == '\0' || (out->len > 0 && out->str[out->len - 1] == c))
    return;
  g_string_append_c (out, c);
}

/* A nasal before its stop is what Greek spelling adds (Mandro, Μαντρο, Mado; Angelos,
 * Αγγελος, Aggelos: g is in k's class). */
static void
drop_nasals (GString *skeleton)
{
  gsize j = 0;

  for (gsize i = 0; i < skeleton->len; i++)
    {
      char c = skeleton->str[i], next = skeleton->str[i + 1];

      if ((c == 'n' && (next == 't' || next == 'k' || next == 'j')) || (c == 'm' && next == 'b'))
        continue;
      skeleton->str[j++] = c;
    }
  g_string_truncate (skeleton, j);
}

/* Dropping a nasal can bring two equal letters together (mbumb → bb). */
static void
collapse_doubles (GString *skeleton)
{
  gsize j = 0;

  for (gsize i = 0; i < skeleton->len; i++)
    if (j == 0 || skeleton->str[j - 1] != skeleton->str[i])
      skeleton->str[j++] = skeleton->str[i];
  g_string_truncate (skeleton, j);
}

/**
 * ld_name_normalizer_skeleton:
 * @token: a normalised token
 *
 * The consonant skeleton: letters merged into classes (see skeleton_letter()), vowels,
 * semivowels and h dropped, doubled letters collapsed. Transliterations of one name
 * from Arabic, which writes few vowels, or from Cyrillic share a skeleton (Qadhafi,
 * Kadkhafi, qdhfy: “ktf”).
 *
 * Returns: (transfer full): the skeleton, possibly empty.
 */
char *
ld_name_normalizer_skeleton (const char *token)
{
  GString *out = g_string_sized_new (strlen (token));

  for (const char *p = token; *p != '\0'; p++)
    {
      if (*p == 'x')
        {
          /* x is ks, as Cyrillic and Greek write it */
          append_skeleton_letter (out, 'k');
          append_skeleton_letter (out, 's');
          continue;
        }
      append_skeleton_letter (out, skeleton_letter (&p));
    }
  drop_nasals (out);
  collapse_doubles (out);
  return g_string_free (out, FALSE);
}

/**
 * ld_name_normalizer_is_noise:
 * @token: a canonical token
 *
 * Returns: %TRUE for particles (al, bin, abu) and company words (trading, LLC) that
 *   must never decide a match on their own.
 */
gboolean
ld_name_normalizer_is_noise (const char *token)
{
  return g_hash_table_contains (noise_table (), token) || ld_name_forms_is_legal_form (token);
}
