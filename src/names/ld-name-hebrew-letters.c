/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-name-hebrew-letters"

#include "config.h"

#include <string.h>

#include "ld-name-hebrew-letters.h"

/*
 * Hebrew is written without its vowels (an abjad): a name writes its consonants and,
 * for some vowels, a letter that is also a consonant (the matres lectionis: ו for v, o
 * or u, י for y, i or e, and א, ע and a final ה for a vowel of their own). Read letter
 * by letter, דוד is dwd and בנט bnt: too short and too vowelless to meet David or
 * Bennett by spelling. So a Hebrew word is also compared with a Latin word by the
 * consonants both write (a key: see ld_name_hebrew_letter_keys() and
 * ld_name_hebrew_latin_key()), the Latin word's vowels dropped and its doubled letters
 * written once, each Hebrew letter standing for the Latin letters that write it in the
 * English-language spellings of Israeli names (the Academy of the Hebrew Language's
 * 2006 rules for the simple romanisation, and the spellings passports and the press
 * use: ח as h, ch or kh; צ as tz, ts or z; ש as sh or s).
 *
 * A key is the class of the word's first sound ('a' for a vowel, '-' for a consonant),
 * its consonants as classes (upper case: B, V, G, D, Z, T, K, X for the kh sound, H,
 * S, C for tsadi, F, P, L, M, N, R) and the class of its last sound ('+' for a
 * vowel, '-' for a consonant): David and דוד are both “-DVD-”. A Hebrew word has
 * several keys, one for each way its letters may be read.
 *
 * Words of one or two consonants (the given names Avi, Uri, Ron, Yael) are compared
 * by a reading that also keeps the vowels Hebrew writes with vav (“o”) and yod (“i”):
 * see ld_name_hebrew_letter_readings() and ld_name_hebrew_reading_agrees().
 */

#define HEBREW_FIRST 0x05D0  /* א */
#define HEBREW_LAST  0x05EA  /* ת */
/* Ways of reading one word, at most: a word has few letters of two readings. */
#define MAX_READINGS 64

gboolean
_ld_name_has_hebrew (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= HEBREW_FIRST && c <= HEBREW_LAST)
        return TRUE;
    }
  return FALSE;
}

static gboolean
is_hebrew_letter (gunichar c)
{
  return c >= HEBREW_FIRST && c <= HEBREW_LAST;
}

#define GERESH 0x05F3

/* The marks the normaliser joins a word with (apostrophes, ʼ, ’, the geresh): they do
 * not split. */
static gboolean
is_joining_mark (gunichar c)
{
  return c == '\'' || c == '`' || (c >= 0x02B9 && c <= 0x02C1) || c == 0x2018 || c == 0x2019 || c == 0x00B7
         || c == GERESH;
}

/* A geresh, or the apostrophe typed for it, after a letter. */
static gboolean
is_geresh (gunichar c)
{
  return c == GERESH || c == '\'' || c == 0x2019;
}

/**
 * _ld_name_hebrew_letter_words:
 * @text: a name, its legal forms already written in Latin letters
 *
 * The words of @text as the normaliser splits them (letters and digits, joined by
 * apostrophes and the geresh; a maqaf or gershayim splits, as ICU's reading of them
 * does), each as its Hebrew letters without vowel points, a geresh (or the apostrophe
 * typed for one) kept after its letter, or "" for a word that is not all Hebrew letters
 * (Ltd).
 *
 * Returns: (transfer full): the words
 */
char **
_ld_name_hebrew_letter_words (const char *text)
{
  g_autofree char *decomposed = g_utf8_normalize (text, -1, G_NORMALIZE_NFKD);
  GPtrArray *words = g_ptr_array_new ();
  GString *word = NULL;
  gboolean all_hebrew = TRUE;

  for (const char *p = decomposed != NULL ? decomposed : "";; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* A geresh stays with its letter (see letter_readings()). */
      if (word != NULL && is_geresh (c) && is_hebrew_letter (g_utf8_get_char (g_utf8_prev_char (word->str + word->len))))
        {
          g_string_append_unichar (word, GERESH);
          continue;
        }
      if (c != 0 && (g_unichar_ismark (c) || is_joining_mark (c)))
        continue;  /* vowel points, dots of shin and dagesh, apostrophes */
      if (c != 0 && (g_unichar_isalpha (c) || (c < 0x80 && g_ascii_isdigit (c))))
        {
          if (word == NULL)
            word = g_string_new (NULL), all_hebrew = TRUE;
          all_hebrew &= is_hebrew_letter (c);
          g_string_append_unichar (word, c);
          continue;
        }
      if (word != NULL)
        {
          g_ptr_array_add (words, all_hebrew ? g_string_free (word, FALSE) : (g_string_free (word, TRUE), g_strdup ("")));
          word = NULL;
        }
      if (c == 0)
        break;
    }
  g_ptr_array_add (words, NULL);
  return (char **) g_ptr_array_free (words, FALSE);
}

/*
 * The Latin classes one Hebrew letter may be written as, at position @i of @n letters:
 * "" where Latin writes a vowel or nothing, "+" for the vowel that ends a word. Sets
 * *@consumed to the letters read (two for the doubled vav of a consonant v).
 */
static guint
letter_readings (const gunichar *w,
                 guint           n,
                 guint           i,
                 gboolean        vowels,
                 const char    **out,
                 guint          *consumed)
{
  gunichar c = w[i];
  gboolean first = i == 0, last = i + 1 == n;

  *consumed = 1;
  /* A geresh marks a sound Hebrew has no letter for: ג׳ j, ז׳ zh or j (the j English
   * writes for them is dropped from the Latin word, as for yod), צ׳ ch (צ׳רצ׳יל:
   * Churchill; סמוטריץ׳: Smotrich). */
  if (i + 1 < n && w[i + 1] == GERESH && (c == 0x05D2 || c == 0x05D6 || c == 0x05E6 || c == 0x05E5))
    {
      *consumed = 2;
      out[0] = c == 0x05D2 ? "G" : c == 0x05D6 ? "Z" : "X";
      out[1] = "";
      return c == 0x05E6 || c == 0x05E5 ? 1 : 2;
    }
  if (c == GERESH)
    {
      out[0] = "";
      return 1;
    }
  switch (c)
    {
    /* Alef and ayin carry a vowel, or nothing English writes (שמעון: Shimon); a word
     * ending on them ends on a vowel (עזרא: Ezra; יהושע: Yehoshua). */
    case 0x05D0: case 0x05E2:
      out[0] = last ? "+" : "";
      return 1;
    /* Yod is y, i or e (the y English spellings write before a vowel is dropped from
     * the Latin word too: Yair, Dayan). */
    case 0x05D9:
      /* Read with its vowel (see ld_name_hebrew_letter_readings()), yod is the vowel i
       * (or the i of ai, ei), or the consonant y, which Latin keys drop. */
      if (vowels)
        {
          out[0] = last ? "i+" : "i";
          out[1] = "";
          return last ? 1 : 2;
        }
      out[0] = last ? "+" : "";
      return 1;
    /* Vav is v (w in older spellings: Weizmann) or the vowel o or u; doubled, and at
     * the start of a word, it is the consonant. */
    case 0x05D5:
      if (i + 1 < n && w[i + 1] == 0x05D5)
        {
          *consumed = 2;
          out[0] = "V";
          return 1;
        }
      out[0] = "V";
      if (first)
        return 1;
      out[1] = vowels ? (last ? "o+" : "o") : (last ? "+" : "");
      return 2;
    /* He is h; at the end of a word the vowel a or e (גולדה: Golda, משה: Moshe), which
     * some spellings end with an h (Yehudah); inside a word English sometimes leaves it
     * out (אהרן: Aaron). */
    case 0x05D4:
      out[0] = "H";
      if (first)
        return 1;
      out[1] = last ? "+" : "";
      return 2;
    /* Het is h, or ch and kh (Chaim, Haim, Khaim). */
    case 0x05D7:
      out[0] = "H", out[1] = "X";
      return 2;
    /* Bet, kaf and pe are b, k, p after the dagesh they take at the start of a word,
     * and v, kh, f otherwise or without it; final kaf is kh and final pe f (the
     * begadkefat rule of Hebrew grammar). Pe opening a word is f in the many family
     * names from Yiddish and German (Feiglin, Fischer). */
    case 0x05D1:
      out[0] = "B", out[1] = "V";
      return first ? 1 : 2;
    /* The soft kaf is also h in Sephardi spellings and those of Ladino and Turkish
     * origin, which write it as they write het (Mordehai, Baruh). */
    case 0x05DB:
      out[0] = "K", out[1] = "X", out[2] = "H";
      return first ? 1 : 3;
    case 0x05DA:
      out[0] = "X", out[1] = "H";
      return 2;
    case 0x05E4:
      out[0] = "P", out[1] = "F";
      return 2;
    case 0x05E3:
      out[0] = "F";
      return 1;
    /* Tsadi is tz or ts, and z in the spellings from Yiddish and German (Herzog,
     * Weizmann). */
    case 0x05E6: case 0x05E5:
      out[0] = "C", out[1] = "Z";
      return 2;
    case 0x05D2: out[0] = "G"; return 1;
    case 0x05D3: out[0] = "D"; return 1;
    /* Zayin is z, and s between vowels in the German and Yiddish spellings of family
     * names (רוזן: Rosen, איזנברג: Eisenberg). */
    case 0x05D6:
      out[0] = "Z", out[1] = "S";
      return 2;
    case 0x05D8: case 0x05EA: out[0] = "T"; return 1;  /* tet and tav: t (th in older spellings) */
    case 0x05DC: out[0] = "L"; return 1;
    case 0x05DD: case 0x05DE: out[0] = "M"; return 1;
    case 0x05DF: case 0x05E0: out[0] = "N"; return 1;
    case 0x05E1: case 0x05E9: out[0] = "S"; return 1;  /* samekh; shin and sin: sh or s */
    case 0x05E7: out[0] = "K"; return 1;
    case 0x05E8: out[0] = "R"; return 1;
    default:
      return 0;
    }
}

static guint
count_consonants (const char *body)
{
  guint n = 0;

  for (const char *p = body; *p != '\0'; p++)
    n += g_ascii_isupper (*p);
  return n;
}

/**
 * ld_name_hebrew_key_consonants:
 * @key: a key of ld_name_hebrew_letter_keys() or ld_name_hebrew_latin_key()
 *
 * Returns: how many consonants @key has
 */
guint
ld_name_hebrew_key_consonants (const char *key)
{
  return count_consonants (key);
}

/* The first sound of a word opening on @c: alef and ayin open it on a vowel (אריאל:
 * Ariel, עמוס: Amos); yod on y or on i (Yitzhak, Itzhak). */
static guint
opening_readings (gunichar     c,
                  const char **out)
{
  if (c == 0x05D0 || c == 0x05E2)
    {
      out[0] = "a";
      return 1;
    }
  out[0] = "-";
  if (c != 0x05D9)
    return 1;
  out[1] = "a";
  return 2;
}

/* Keys of @readings, ends closed ('+' where the last letter read as a vowel, else
 * '-'), without duplicates, those of @min_consonants to @max_consonants only. */
static char **
close_readings (GPtrArray *readings,
                guint      min_consonants,
                guint      max_consonants)
{
  GPtrArray *keys = g_ptr_array_new ();

  for (guint r = 0; r < readings->len; r++)
    {
      GString *key = g_ptr_array_index (readings, r);
      gboolean seen = FALSE;

      if (key->len == 0 || key->str[key->len - 1] != '+')
        g_string_append_c (key, '-');
      if (count_consonants (key->str) < min_consonants || count_consonants (key->str) > max_consonants)
        continue;
      for (guint k = 0; k < keys->len && !seen; k++)
        seen = strcmp (g_ptr_array_index (keys, k), key->str) == 0;
      if (!seen)
        g_ptr_array_add (keys, g_strdup (key->str));
    }
  if (keys->len == 0)
    {
      g_ptr_array_free (keys, TRUE);
      return NULL;
    }
  g_ptr_array_add (keys, NULL);
  return (char **) g_ptr_array_free (keys, FALSE);
}

static void
free_reading (gpointer reading)
{
  g_string_free (reading, TRUE);
}

/* Every way of reading @hebrew_word (see ld_name_hebrew_letter_keys()), @vowels: with
 * the vowels its vav and yod write; those of @min_consonants to @max_consonants. */
static char **
read_letters (const char *hebrew_word,
              gboolean    vowels,
              guint       min_consonants,
              guint       max_consonants)
{
  glong n = 0;
  g_autofree gunichar *w = g_utf8_to_ucs4_fast (hebrew_word, -1, &n);
  g_autoptr(GPtrArray) readings = g_ptr_array_new_with_free_func (free_reading);
  const char *options[3];  /* a letter's readings: three at most (kaf) */
  guint n_options;

  if (n < 2)
    return NULL;
  n_options = opening_readings (w[0], options);
  for (guint o = 0; o < n_options; o++)
    g_ptr_array_add (readings, g_string_new (options[o]));
  for (guint i = 0; i < (guint) n;)
    {
      guint consumed, n_before = readings->len;

      n_options = letter_readings (w, (guint) n, i, vowels, options, &consumed);
      if (n_options == 0)
        return NULL;
      /* Past the limit, a letter keeps its first reading only. */
      if (n_before * n_options > MAX_READINGS)
        n_options = 1;
      for (guint r = 0; r < n_before; r++)
        {
          GString *reading = g_ptr_array_index (readings, r);

          for (guint o = 1; o < n_options; o++)
            {
              GString *other = g_string_new_len (reading->str, reading->len);

              g_string_append (other, options[o]);
              g_ptr_array_add (readings, other);
            }
          g_string_append (reading, options[0]);
        }
      i += consumed;
    }
  return close_readings (readings, min_consonants, max_consonants);
}

/**
 * ld_name_hebrew_letter_keys:
 * @hebrew_word: one word in Hebrew letters (see _ld_name_hebrew_letter_words())
 *
 * The keys of every way @hebrew_word may be written in Latin letters (see the top of
 * this file): בנט is “-BNT-”; דוד is “-DVD-” (David) or “-DD-” (vav as a vowel).
 *
 * Returns: (transfer full) (nullable): the keys, or %NULL for a word of fewer than
 *   two consonants or that is not all Hebrew letters
 */
char **
ld_name_hebrew_letter_keys (const char *hebrew_word)
{
  /* Keys of fewer than two consonants tell too little (see ld_name_hebrew_letter_readings()). */
  return read_letters (hebrew_word, FALSE, 2, G_MAXUINT);
}

/**
 * ld_name_hebrew_letter_readings:
 * @hebrew_word: one word in Hebrew letters (see _ld_name_hebrew_letter_words())
 *
 * The readings of a short word (one or two consonants), with the vowels its letters
 * write: a vav read as a vowel is “o” (o or u), a yod read as one “i” (i, or the
 * diphthong of ai, ei, ay), a yod may also be the consonant y, which Latin readings
 * drop. Given names are often one consonant and the vowels Hebrew writes with vav and
 * yod (אבי Avi “aVi+”, אורי Uri “aoRi+”, עוזי Uzi, יעל Yael “-L-”): their consonant
 * key alone would meet every other name of that consonant (Ava, Ora, Yoel), their
 * whole reading does not. See ld_name_hebrew_reading_agrees().
 *
 * Returns: (transfer full) (nullable): the readings, or %NULL for a word with none of
 *   one or two consonants
 */
char **
ld_name_hebrew_letter_readings (const char *hebrew_word)
{
  return read_letters (hebrew_word, TRUE, 1, 2);
}

static gboolean
is_latin_vowel (char c)
{
  return strchr ("aeiou", c) != NULL;
}

/* The class of the Latin consonant at @p, and its length (digraphs: sh, ch, tz). */
static const char *
latin_class (const char *p,
             guint      *len)
{
  static const struct { const char *spelling; const char *class; } digraphs[] = {
    /* German spellings write shin sch, English sh; ch and kh are het and soft kaf. */
    /* tch is the English spelling of the ch sound in names from Russian and Yiddish
     * (Gurevitch, Rabinovitch). */
    { "sch", "S" }, { "sh", "S" }, { "tch", "X" }, { "ch", "X" }, { "kh", "X" }, { "th", "T" }, { "ph", "F" },
    { "zh", "Z" }, { "gh", "G" }, { "tz", "C" }, { "ts", "C" }, { "ck", "K" },
  };
  static const char letters[] = "abcdefghijklmnopqrstuvwxyz";
  /* a..z: vowels, y and j (j is y in German and Polish spellings and in the English
   * forms of Biblical names: Jonathan, Yonatan) write no consonant of their own. */
  static const char * const classes[] = {
    "", "B", "K", "D", "", "F", "G", "H", "", "", "K", "L", "M",
    "N", "", "P", "K", "R", "S", "T", "", "V", "V", "KS", "", "Z",
  };

  /* Most letters start no digraph: the table is for those that do. */
  for (guint i = 0; strchr ("sckptzg", *p) != NULL && i < G_N_ELEMENTS (digraphs); i++)
    if (p[1] == digraphs[i].spelling[1] && strncmp (p, digraphs[i].spelling, strlen (digraphs[i].spelling)) == 0)
      {
        *len = strlen (digraphs[i].spelling);
        return digraphs[i].class;
      }
  *len = 1;
  /* c before e, i or y is s in English and French spellings (Innocent, Cecile). */
  if (*p == 'c' && p[1] != '\0' && strchr ("eiy", p[1]) != NULL)
    return "S";
  return classes[strchr (letters, *p) - letters];
}

/**
 * ld_name_hebrew_latin_key:
 * @latin_word: one normalised word (lowercase ASCII letters)
 *
 * The key of @latin_word to compare with Hebrew words (see the top of this file):
 * vowels, y and j dropped, a doubled letter written once (Bennett: “-BNT-”).
 *
 * Returns: (transfer full) (nullable): the key, or %NULL for a word of fewer than two
 *   consonants or with other characters than letters
 */
char *
ld_name_hebrew_latin_key (const char *latin_word)
{
  gsize n = strlen (latin_word);
  GString *key;

  if (n < 2)
    return NULL;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_islower (latin_word[i]))
      return NULL;
  key = g_string_sized_new (n + 2);
  g_string_append_c (key, is_latin_vowel (latin_word[0]) ? 'a' : '-');
  for (gsize i = 0; i < n;)
    {
      guint len;
      const char *class;

      if (i > 0 && latin_word[i] == latin_word[i - 1])
        {
          i++;  /* Hebrew writes no doubled consonant: Bennett, Aaron */
          continue;
        }
      class = latin_class (latin_word + i, &len);
      g_string_append (key, class);
      i += len;
    }
  g_string_append_c (key, strchr ("aeiouy", latin_word[n - 1]) != NULL ? '+' : '-');
  if (count_consonants (key->str) < 2)
    {
      g_string_free (key, TRUE);
      return NULL;
    }
  return g_string_free (key, FALSE);
}

/* Appends the vowel @mark to @reading, once for a run of vowels of one mark (Yossi's
 * oo, ou). */
static void
append_vowel_mark (GString *reading,
                   char     mark)
{
  if (reading->len == 0 || reading->str[reading->len - 1] != mark)
    g_string_append_c (reading, mark);
}

/**
 * ld_name_hebrew_latin_reading:
 * @latin_word: one normalised word (lowercase ASCII letters)
 *
 * The reading of a short @latin_word (one or two consonants) to compare with
 * ld_name_hebrew_letter_readings(): its key (see ld_name_hebrew_latin_key()) with the
 * vowels Hebrew may write with a letter: i (and the i or y of ai, ei, ay) as “i”, o
 * and u as “o”; a and e, which Hebrew writes with no letter, and a y before a vowel
 * (the consonant) are dropped: Avi is “aVi+”, Yael “-L-”, Ron “-RoN-”.
 *
 * Returns: (transfer full) (nullable): the reading, or %NULL for a word of no
 *   consonant or more than two, or with other characters than letters
 */
char *
ld_name_hebrew_latin_reading (const char *latin_word)
{
  gsize n = strlen (latin_word);
  GString *reading;
  guint consonants;

  if (n < 2)
    return NULL;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_islower (latin_word[i]))
      return NULL;
  reading = g_string_sized_new (n + 2);
  g_string_append_c (reading, is_latin_vowel (latin_word[0]) ? 'a' : '-');
  for (gsize i = 0; i < n;)
    {
      char c = latin_word[i];
      guint len;

      if (i > 0 && c == latin_word[i - 1] && !is_latin_vowel (c))
        {
          i++;  /* Hebrew writes no doubled consonant */
          continue;
        }
      if (c == 'i' || (c == 'y' && (i + 1 == n || !is_latin_vowel (latin_word[i + 1]))))
        append_vowel_mark (reading, 'i');
      else if (c == 'o' || c == 'u')
        append_vowel_mark (reading, 'o');
      else if (!is_latin_vowel (c) && c != 'y')
        {
          g_string_append (reading, latin_class (latin_word + i, &len));
          i += len;
          continue;
        }
      i++;
    }
  g_string_append_c (reading, strchr ("aeiouy", latin_word[n - 1]) != NULL ? '+' : '-');
  consonants = count_consonants (reading->str);
  if (consonants < 1 || consonants > 2)
    {
      g_string_free (reading, TRUE);
      return NULL;
    }
  return g_string_free (reading, FALSE);
}

/* Whether @hebrew is @latin with some of its vowel marks left out: the vowels Hebrew
 * writes are all in the Latin spelling, which may write more (משה, Moshe). */
static gboolean
vowels_within (const char *hebrew,
               const char *latin)
{
  for (; *latin != '\0'; latin++)
    {
      if (*hebrew == *latin)
        hebrew++;
      else if (*latin != 'i' && *latin != 'o')
        return FALSE;
    }
  return *hebrew == '\0';
}

/**
 * ld_name_hebrew_reading_agrees:
 * @hebrew_readings: ld_name_hebrew_letter_readings() of a Hebrew word
 * @latin_reading: ld_name_hebrew_latin_reading() of a Latin word
 *
 * Whether a short Hebrew word and a Latin word read alike. A word of two consonants
 * agrees when every vowel the Hebrew letters write is in the Latin spelling, which may
 * write more (משה Moshe; רון is Ron, not Ran). A word of one consonant must read
 * exactly alike, its vowels and ends included: the consonant tells little, the vowel
 * letters the rest (אבי is Avi, not Ava or Abu; יעל Yael, not Yoel).
 *
 * Returns: %TRUE when one of the readings agrees
 */
gboolean
ld_name_hebrew_reading_agrees (char       **hebrew_readings,
                               const char  *latin_reading)
{
  for (guint i = 0; hebrew_readings[i] != NULL; i++)
    {
      guint consonants = count_consonants (hebrew_readings[i]);

      if (consonants == 1 ? strcmp (hebrew_readings[i], latin_reading) == 0
                          : vowels_within (hebrew_readings[i], latin_reading))
        return TRUE;
    }
  return FALSE;
}
