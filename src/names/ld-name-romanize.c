/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-name-romanize"

#include "config.h"

#include <string.h>

#include "ld-name-forms.h"
#include "ld-name-normalizer.h"
#include "ld-name-romanize.h"

/*
 * ICU's Any-Latin picks one romanisation per script, and for several scripts it is not
 * the one lists and applicants write: Revised Romanization for Korean where North
 * Korean names are listed in McCune-Reischauer without its marks (김정은: Kim Jong Un,
 * not gimjeong-eun), kana with long vowels spelt out (ツウショウ: tsuushou, Tsusho),
 * Hebrew without the vowels it does not write, Amharic in a scholarly system. Each of
 * those scripts gets its own ICU transliterator here and a folding of its output to
 * the spelling English-language lists use; the list and the query both go through
 * it, so a name in the script meets the name in Latin letters.
 */

typedef char *(*PrepareFunc) (const char *text);
typedef char *(*FoldFunc)    (const char *ascii);

struct _LdNameRomanization
{
  GUnicodeScript  script;
  const char     *id;          /* the ICU transliterator */
  PrepareFunc     prepare;     /* on the text before ICU, or NULL */
  const char     *respell[4];  /* pairs: ICU's Latin letter, as lists write it (UTF-8) */
  FoldFunc        respell_func; /* on ICU's Latin text, or NULL */
  FoldFunc        fold;        /* on each ASCII word after, or NULL */
  FoldFunc        second_fold; /* the same for the script's second spelling, or NULL */
  FoldFunc        second_respell; /* in place of respell_func for the second spelling, or NULL */
};

/* Korean syllables stand apart: names are written syllable by syllable (Kim Jong Un,
 * Kim Jong-un, Kimjongun), and ICU runs them together (gimjeong-eun). */
static char *
separate_syllables (const char *text)
{
  GString *out = g_string_sized_new (strlen (text) * 2);
  gboolean last_hangul = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gboolean hangul = c >= 0xAC00 && c <= 0xD7A3;

      if (hangul && last_hangul)
        g_string_append_c (out, ' ');
      g_string_append_unichar (out, c);
      last_hangul = hangul;
    }
  return g_string_free (out, FALSE);
}

static gboolean
is_vowel (char c)
{
  return strchr ("aeiou", c) != NULL;
}

/*
 * One Korean syllable from Revised Romanization to McCune-Reischauer as lists write
 * it without breves: eo and eu are o and u, a syllable's first g, d, b and l are k, t,
 * p and r (김: gim, Kim; 리: li, Ri), and a closing g, d, b are k, t, p (박: bag, Pak).
 */
static char *
fold_korean (const char *syllable)
{
  GString *out = g_string_new (NULL);
  gsize len = strlen (syllable);

  for (gsize i = 0; i < len; i++)
    {
      char c = syllable[i];

      if ((c == 'e' && (syllable[i + 1] == 'o' || syllable[i + 1] == 'u')))
        continue;
      if (i == 0 && len > 1 && strchr ("gdbl", c) != NULL && syllable[1] != c)
        c = c == 'g' ? 'k' : c == 'd' ? 't' : c == 'b' ? 'p' : 'r';
      else if (i + 1 == len && i > 0 && is_vowel (syllable[i - 1]) && strchr ("gdb", c) != NULL)
        c = c == 'g' ? 'k' : c == 'd' ? 't' : 'p';
      g_string_append_c (out, c);
    }
  return g_string_free (out, FALSE);
}

/*
 * One Korean syllable in Revised Romanization, the second spelling of Korean: South
 * Korean names are written in it or near it (Kim Dae-jung, Park Geun-hye, Moon Jae-in),
 * where North Korean names are written in McCune-Reischauer (fold_korean()). ICU spells
 * letters, not sounds: a closing g, d, b are k, t, p (석: seog, Seok), and a syllable's
 * first l is r (리: li, Ri).
 */
static char *
fold_korean_revised (const char *syllable)
{
  char *out = g_strdup (syllable);
  gsize len = strlen (out);

  if (len > 1 && out[0] == 'l' && out[1] != 'l')
    out[0] = 'r';
  if (len > 1 && is_vowel (out[len - 2]) && strchr ("gdb", out[len - 1]) != NULL)
    out[len - 1] = out[len - 1] == 'g' ? 'k' : out[len - 1] == 'd' ? 't' : 'p';
  return out;
}

static char *
replace_all (const char *text,
             const char *from,
             const char *to)
{
  g_auto(GStrv) parts = g_strsplit (text, from, -1);

  return g_strjoinv (to, parts);
}

/* Kana long vowels as Hepburn writes them without macrons: ou and uu are o and u
 * (ショウコウ: shoukou, Shoko); ぢ and づ are ji and zu. */
static char *
fold_japanese (const char *word)
{
  static const char * const pairs[] = { "ou", "o", "uu", "u", "oo", "o", "dzu", "zu", "dji", "ji" };
  char *out = g_strdup (word);

  for (guint i = 0; i < G_N_ELEMENTS (pairs); i += 2)
    {
      char *next = replace_all (out, pairs[i], pairs[i + 1]);

      g_free (out);
      out = next;
    }
  return out;
}

static gboolean
is_consonant (char c)
{
  return g_ascii_isalpha (c) && !is_vowel (c) && c != 'y' && c != 'w' && c != 'h';
}

/*
 * The letters ICU writes as marks of their own: alef (ʼ) and ayin (ʻ) open a word on a
 * vowel, a (אריאל: ʼryʼl, Ariel; עמוס: Amos), or on the vowel letter vav after them, o
 * (אולמרט: ʼwlmrt, Olmert); inside a word alef is a vowel, e (מאיר: mʼyr, Meir), and a
 * at its end (עזרא: Ezra); ayin inside a word is not written (שמעון: Shimon). Tsadi (ẕ)
 * is tz (יצחק: Yitzhak).
 */
static char *
respell_hebrew (const char *latin)
{
  GString *out = g_string_sized_new (strlen (latin) + 8);
  gboolean word_start = TRUE;

  for (const char *p = latin; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);

      if (c == 0x02BC || c == 0x02BB)
        {
          if (word_start && *next == 'w')
            {
              g_string_append_c (out, 'o');
              p = next;  /* the vav is the vowel */
            }
          else if (word_start && *next != 'y')
            g_string_append_c (out, 'a');
          else if (!word_start && c == 0x02BC)
            g_string_append_c (out, g_unichar_isalpha (g_utf8_get_char (next)) ? 'e' : 'a');
          word_start = FALSE;
          continue;
        }
      if (c == 0x1E95 || (c == 'z' && g_utf8_get_char (next) == 0x0331))
        {
          g_string_append (out, "tz");
          if (c == 'z')
            p = next;
          word_start = FALSE;
          continue;
        }
      word_start = !g_unichar_isalpha (c) && !g_unichar_ismark (c);
      g_string_append_len (out, p, next - p);
    }
  return g_string_free (out, FALSE);
}

/*
 * Hebrew writes few vowels: the theophoric ending יהו is -yahu (Netanyahu), and a
 * word that opens on two consonants reads a short e between them (ברק: brq, Berq,
 * Barak; פרס: prs, Peres), which brings the spelling within a letter or two of the
 * vowelled one; the skeleton comparison does the rest.
 */
static char *
fold_hebrew (const char *word)
{
  GString *out = g_string_new (word);

  if (g_str_has_suffix (out->str, "yhw") && out->len > 3)
    {
      g_string_truncate (out, out->len - 3);
      g_string_append (out, "yahu");
    }
  if (out->len >= 3 && is_consonant (out->str[0]) && is_consonant (out->str[1])
      && !(out->str[0] == 's' && out->str[1] == 'h'))
    g_string_insert_c (out, 1, 'e');
  /* A final he after a consonant is the vowel a (גולדה: Golda, יהודה: Yehuda); sh
   * and kh are the letters shin and het. */
  if (out->len >= 3 && out->str[out->len - 1] == 'h' && is_consonant (out->str[out->len - 2])
      && strchr ("sk", out->str[out->len - 2]) == NULL)
    out->str[out->len - 1] = 'a';
  return g_string_free (out, FALSE);
}

/* A consonant letter of ICU's Ethiopic Latin: ASCII or marked (š, ḥ, ḫ), not a
 * vowel with its macron (ā, ē, ī, ō, ū) nor the ə of the first order. */
static gboolean
is_ethiopic_latin_consonant (const char *p)
{
  gunichar c = g_utf8_get_char (p);

  if (c < 0x80)
    return g_ascii_isalpha (c) && !is_vowel (c);
  return g_unichar_isalpha (c) && g_utf8_strchr ("āēīōūə", -1, c) == NULL;
}

/* A vowel letter of ICU's Ethiopic Latin, marked or not. */
static gboolean
is_ethiopic_latin_vowel (const char *p)
{
  gunichar c = g_utf8_get_char (p);

  return c != 0 && ((c < 0x80 && is_vowel (c)) || g_utf8_strchr ("āēīōūə", -1, c) != NULL);
}

/* The length of the word at @p when it is an ASCII company word or title (a legal
 * form written in the script and put in Latin letters before ICU: ትሬዲንግ, trading; ዶ/ር,
 * dr), else 0. */
static gsize
latin_company_word_len (const char *p)
{
  gsize len = 0;
  g_autofree char *word = NULL;

  while (g_ascii_isalpha (p[len]))
    len++;
  if (p[len] != '\0' && ((guchar) p[len] >= 0x80 || p[len] == '\''))
    return 0;  /* a word of ICU's, with a marked letter or an ejective */
  word = g_ascii_strdown (p, len);
  return ld_name_normalizer_is_noise (word) || ld_name_forms_is_title (word) ? len : 0;
}

/* Whether the consonant at @p is the last a word says: only a sixth-order i (not
 * said) follows it, or nothing. */
static gboolean
opens_last_consonant (const char *p)
{
  char first = *p;

  p = g_utf8_next_char (p);
  if ((*p == 'h' && strchr ("scz", first) != NULL) || (*p == 'y' && first == 'n') || (*p == 's' && first == 't'))
    p++;
  while (*p != '\0' && (g_unichar_ismark (g_utf8_get_char (p)) || g_utf8_get_char (p) == 0x2019))
    p = g_utf8_next_char (p);
  if (*p == 'i')
    p++;
  return *p == '\0' || !(g_unichar_isalpha (g_utf8_get_char (p)) || g_unichar_ismark (g_utf8_get_char (p)));
}

/* Whether @p starts a second letter of one of BGN's two-letter consonants (sh, ch,
 * zh, ny, ts) after @before. */
static gboolean
continues_consonant (const char *p,
                     char        before)
{
  return (*p == 'h' && before != '\0' && strchr ("scz", before) != NULL) || (*p == 'y' && before == 'n')
         || (*p == 's' && before == 't');
}

/*
 * BGN writes the sixth order of Ethiopic as a plain i, which English spellings of
 * names do not write where it is not pronounced: at the end of a word (መለስ: melesi,
 * Meles) and between two consonants inside a word (ገብረ: gebire, Gebre; አሕመድ:
 * āḥimedi, Ahmed; መንግሥቱ: menigišitu, Mengistu; ዘውዴ: zewidē, Zewde). After the
 * consonant a word opens with it is written e (ሥላሴ: šilasē, Selassie). The third
 * order is ī and stays (ሴኩሪቲ: sēkurītī, Security); ዊ is wī and ዪ yī; at the end of a
 * word wi and yi keep their i, but ኝ is ny: one letter.
 */
static char *
respell_ethiopic (const char *latin,
                  gboolean    customary)
{
  GString *out = g_string_new (NULL);
  gboolean after_consonant = FALSE;  /* the letter before is a consonant (an ejective mark after it too) */
  guint consonants = 0;              /* consonants since the word began */
  gboolean opens_on_consonant = FALSE;
  char before = '\0';               /* the ASCII letter before, or NUL */

  for (const char *p = latin; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      const char *next = g_utf8_next_char (p);
      gunichar after = *next != '\0' ? g_utf8_get_char (next) : 0;
      gboolean word_end = !(g_unichar_isalpha (after) || g_unichar_ismark (after) || after == 0x2019);
      gboolean semivowel = before == 'w' || (before == 'y' && out->len >= 2 && out->str[out->len - 2] != 'n');
      gboolean opens_word = out->len == 0 || !g_unichar_isalpha (g_utf8_get_char (g_utf8_prev_char (out->str + out->len)));

      /* ICU writes ḥ as h with a combining dot; a mark, like the ejective ’, belongs to
       * the letter before it. */
      if (c == 0x2019 || g_unichar_ismark (c))
        {
          g_string_append_len (out, p, next - p);
          continue;
        }
      if (opens_word && c < 0x80 && g_ascii_isalpha (c))
        {
          gsize len = latin_company_word_len (p);

          if (len > 0)
            {
              /* A legal form or title read before ICU (ld-name-forms.c): English. */
              g_string_append_len (out, p, len);
              p += len - 1;
              continue;
            }
        }
      if (!g_unichar_isalpha (c))
        {
          consonants = 0;
          opens_on_consonant = after_consonant = FALSE;
          before = '\0';
          g_string_append_len (out, p, next - p);
          continue;
        }
      if (c == 'i' && after_consonant)
        {
          if (customary && after == 'y' && is_ethiopic_latin_vowel (g_utf8_next_char (next)))
            {
              /* The sixth order before ዮ, ያ is written i and the y not (ጽዮን:
               * ts'iyoni, Tsion; ኢትዮ: ītiyo, Ethio). */
              g_string_append_c (out, 'i');
              p = next;
              after_consonant = FALSE;
              before = 'i';
              continue;
            }
          /* ው ending a word is w in the customary spelling (ጌታቸው: gētachewi, Getachew). */
          if (word_end && (!semivowel || (customary && before == 'w')) && out->len >= 3)
            continue;
          if (!word_end && is_ethiopic_latin_consonant (next))
            {
              /* After a word's first consonant, e; as often i (ጥላሁን Tilahun, ግርማ Girma,
               * ሽፈራው Shiferaw), the customary spelling's. */
              if (consonants == 1 && opens_on_consonant)
                g_string_append_c (out, customary ? 'i' : 'e');
              /* Before a word's last consonant the sixth order is said, and the
               * customary spelling writes it e (ዮሐንስ: yoḥānisi, Yohannes). */
              else if (customary && opens_last_consonant (next))
                g_string_append_c (out, 'e');
              continue;
            }
        }
      if (customary && c == 'i' && !after_consonant && opens_word)
        {
          /* እ opening a word is written e (እስክንድር: isikinidiri, Eskinder;
           * እንዳልካቸው Endalkachew). */
          g_string_append_c (out, 'e');
          before = 'e';
          continue;
        }
      if (customary && c == 'e' && before == 'w' && after_consonant)
        {
          /* The first order of ወ is written wo (ወልደ Wolde, ወርቅነህ Workneh). */
          g_string_append_c (out, 'o');
          after_consonant = FALSE;
          before = 'o';
          continue;
        }
      if (is_ethiopic_latin_consonant (p))
        {
          if (!continues_consonant (p, before))
            consonants++;
          if (out->len == 0 || !g_unichar_isalpha (g_utf8_get_char (g_utf8_prev_char (out->str + out->len))))
            opens_on_consonant = TRUE;
          after_consonant = TRUE;
        }
      else
        after_consonant = FALSE;
      before = c < 0x80 ? (char) c : '\0';
      g_string_append_len (out, p, next - p);
    }
  return g_string_free (out, FALSE);
}

static char *
respell_sixth_order (const char *latin)
{
  return respell_ethiopic (latin, FALSE);
}

/* The second spelling of Amharic: the sixth order as Ethiopians customarily write it
 * in their names where BGN's does not (see respell_ethiopic()). */
static char *
respell_sixth_order_customary (const char *latin)
{
  return respell_ethiopic (latin, TRUE);
}

/*
 * Amharic in the BGN romanisation, as Ethiopian names are written in English: ñ (BGN
 * ny) ends a word as gn (Desalegn), and y beside an i is the same sound (ኃይለ ማርያም:
 * hayile mariyam, Haile Mariam).
 */
static char *
fold_amharic (const char *word)
{
  GString *out = g_string_new (word);
  char *result;

  if (g_str_has_suffix (out->str, "ny") && out->len > 3)
    {
      g_string_truncate (out, out->len - 2);
      g_string_append (out, "gn");
    }
  result = replace_all (out->str, "yi", "i");
  g_string_free (out, TRUE);
  out = g_string_new (result);
  g_free (result);
  result = replace_all (out->str, "iy", "i");
  g_string_free (out, TRUE);
  return result;
}

/*
 * Thai: a consonant under the thanthakhat (์) is silent and RTGS does not write it
 * (ประยุทธ์: Prayut; จันทร์, whose ทร is silent: Chan).
 */
static gboolean
is_thai_mark (gunichar c)
{
  return c == 0x0E31 || (c >= 0x0E34 && c <= 0x0E3A) || (c >= 0x0E47 && c <= 0x0E4E);
}

/* The consonants whose tone a silent ห before them sets (ห นำ: หลีก, lik; หญิง, ying). */
static gboolean
is_thai_sonorant (gunichar c)
{
  return c == 0x0E07 || c == 0x0E0D || c == 0x0E13 || c == 0x0E19 || c == 0x0E21 || c == 0x0E22
         || c == 0x0E23 || c == 0x0E25 || c == 0x0E27;
}

/* Where a syllable starts: a word's start, or after a vowel written before its
 * consonant (เ แ โ ใ ไ). Inside a word after a consonant, ห is read (สหรัฐ, saharat). */
static gboolean
starts_thai_syllable (const gunichar *chars,
                      glong           i)
{
  return i == 0 || g_unichar_isspace (chars[i - 1]) || (chars[i - 1] >= 0x0E40 && chars[i - 1] <= 0x0E44);
}

static char *
drop_silent_thai (const char *text)
{
  glong n = 0, len = 0;
  g_autofree gunichar *chars = g_utf8_to_ucs4_fast (text, -1, &n);
  g_autofree gunichar *out = g_new (gunichar, n + 1);

  for (glong i = 0; i < n; i++)
    {
      if (chars[i] == 0x0E2B && i + 1 < n && is_thai_sonorant (chars[i + 1]) && starts_thai_syllable (chars, i))
        continue;
      if (chars[i] != 0x0E4C)
        {
          out[len++] = chars[i];
          continue;
        }
      /* The silent consonant, with the vowel marks written on it (ดิ์). */
      while (len > 0 && is_thai_mark (out[len - 1]))
        len--;
      if (len > 0)
        len--;
      if (len > 0 && chars[i - 1] == 0x0E23 && out[len - 1] == 0x0E17)
        len--;  /* ท of a silent ทร */
    }
  /* ICU breaks Thai words into syllables with spaces; the words as written are
   * kept apart by a mark it leaves alone (see join_thai_syllables()). */
  for (glong i = 0; i < len; i++)
    if (out[i] == ' ')
      out[i] = '|';
  return g_ucs4_to_utf8 (out, len, NULL, NULL, NULL);
}

/* ญ begins a syllable as y and ends one as n (บุญ, bun; ขวัญ, khwan): ISO 11940
 * writes it ỵ either way. */
static char *
final_yo_ying_as_n (const char *latin)
{
  static const char yo_ying[] = "\xe1\xbb\xb5";  /* ỵ */
  GString *out = g_string_sized_new (strlen (latin));

  for (const char *p = latin; *p != '\0';)
    {
      if (strncmp (p, yo_ying, 3) == 0)
        {
          char after = p[3];

          g_string_append (out, after == '\0' || after == ' ' || after == '|' ? "n" : "y");
          p += 3;
          continue;
        }
      g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

static guint    thai_consonant_len (const char *p);
static gboolean is_thai_cluster    (const char *p,
                                    guint       first_len);

static gboolean
is_thai_syllable_break (char c)
{
  return c == '\0' || c == ' ' || c == '|';
}

/* ไ and ใ (ISO ị, ı) are ai, and a ย after them is silent (ไทย, thai; ไชย, chai). */
static void
respell_sara_ai (GString *syllable)
{
  gsize at;
  char *found;

  while ((found = strstr (syllable->str, "\xe1\xbb\x8b")) != NULL ||  /* ị */
         (found = strstr (syllable->str, "\xc4\xb1")) != NULL)         /* ı */
    {
      at = found - syllable->str;
      g_string_erase (syllable, at, found[0] == '\xe1' ? 3 : 2);
      g_string_insert (syllable, at, "ai");
    }
  if (g_str_has_suffix (syllable->str, "aiy"))
    g_string_truncate (syllable, syllable->len - 1);
}

/* A consonant of ICU's Thai-Latin with the combining marks ISO 11940 puts on it (s̄: ส). */
static guint
marked_consonant_len (const char *p)
{
  guint n = thai_consonant_len (p);

  while (n > 0 && (p[n] == '\xcc' || p[n] == '\xcd') && p[n + 1] != '\0')
    n += 2;
  return n;
}

/* The vowels เ◌ิ and เ◌ีย, which ISO 11940 writes with e before the consonant and
 * i or īy after it, are oe and ia; a consonant between that is no cluster with the
 * first takes the inherent a (เดิน dein: doen; เจริญ ceriỵ: charoen; เพลิน phelin:
 * phloen; เรียน reīyn: rian). */
static void
respell_sara_e_pairs (GString *syllable)
{
  static const char long_i_y[] = "\xc4\xaby";  /* īy */
  const char *s = syllable->str, *vowel;
  guint c1 = marked_consonant_len (s), c2, vowel_len;
  g_autoptr(GString) out = NULL;

  if (c1 == 0 || s[c1] != 'e')
    return;
  c2 = marked_consonant_len (s + c1 + 1);
  vowel = s + c1 + 1 + c2;
  if (vowel[0] == 'i')
    vowel_len = 1;
  else if (strncmp (vowel, long_i_y, strlen (long_i_y)) == 0)
    vowel_len = strlen (long_i_y);
  else
    return;
  out = g_string_new_len (s, c1);
  if (c2 > 0)
    {
      g_autoptr(GString) pair = g_string_new_len (s, c1);

      g_string_append_len (pair, s + c1 + 1, c2);
      if (!is_thai_cluster (pair->str, c1))
        g_string_append_c (out, 'a');
      g_string_append_len (out, s + c1 + 1, c2);
    }
  g_string_append (out, vowel_len == 1 ? "oe" : "ia");
  g_string_append (out, vowel + vowel_len);
  g_string_assign (syllable, out->str);
}

/* Each syllable ICU wrote apart, respelt where ISO 11940 and RTGS differ. */
static char *
respell_thai_syllables (const char *latin)
{
  GString *out = g_string_sized_new (strlen (latin) + 8);
  const char *p = latin;

  while (TRUE)
    {
      const char *start = p;
      g_autoptr(GString) syllable = NULL;

      while (!is_thai_syllable_break (*p))
        p++;
      syllable = g_string_new_len (start, p - start);
      respell_sara_ai (syllable);
      respell_sara_e_pairs (syllable);
      g_string_append (out, syllable->str);
      if (*p == '\0')
        break;
      g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

/* The syllables ICU wrote apart joined again, into the words of the name. */
static char *
join_thai_syllables (const char *latin)
{
  g_autofree char *finals = final_yo_ying_as_n (latin);
  g_autofree char *respelt = respell_thai_syllables (finals);
  g_autofree char *joined = replace_all (respelt, " ", "");

  return replace_all (joined, "|", " ");
}

/* Length of the consonant at @p as ISO 11940 writes it (th, ph, kh, ch: one). */
static guint
thai_consonant_len (const char *p)
{
  if (p[0] == '\0' || is_vowel (p[0]) || !g_ascii_isalpha (p[0]))
    return 0;
  if (p[1] == 'h' && strchr ("tpkc", p[0]) != NULL)
    return 2;
  return 1;
}

static gboolean
is_thai_cluster (const char *p,
                 guint       first_len)
{
  static const char * const clusters[] = { "pr", "pl", "kr", "kl", "kw", "khr", "khl", "khw", "tr", "phr", "phl",
                                           "br", "bl", "fr", "fl", "dr" };

  for (guint i = 0; i < G_N_ELEMENTS (clusters); i++)
    if (strncmp (p, clusters[i], strlen (clusters[i])) == 0 && strlen (clusters[i]) == first_len + 1)
      return TRUE;
  return FALSE;
}

/*
 * อ, which ISO 11940 writes x: silent carrier of a vowel written on it (โอชา, ocha),
 * a word's first syllable with the inherent a when no vowel is written on it (อนุทิน,
 * anuthin; อภิสิทธิ์, aphisit), and the vowel o between consonants or at the end
 * (ทอง, thong; พ่อ, pho).
 */
static void
append_thai_o_ang (GString    *out,
                   const char *word,
                   const char *p)
{
  if (p[1] != '\0' && is_vowel (p[1]))
    return;
  g_string_append_c (out, p == word && p[1] != '\0' ? 'a' : 'o');
}

/* รร is a with the final after it, or an at the end (วรรณ, wan; สุวรรณ, suwan). */
static void
respell_ro_han (GString *word)
{
  for (gsize i = 1; i + 1 < word->len; i++)
    if (word->str[i] == 'r' && word->str[i + 1] == 'r' && !is_vowel (word->str[i - 1]))
      {
        gboolean final = i + 2 == word->len;

        g_string_erase (word, i, 2);
        g_string_insert (word, i, final ? "an" : "a");
      }
}

/* ว between the first consonant and a final one is the vowel ua (ชวน, chuan; ควร, khuan). */
static void
respell_wo_waen_vowel (GString *word,
                       guint    first)
{
  const char *after;

  if (first == 0 || word->str[first] != 'w')
    return;
  after = word->str + first + 1;
  if (*after != '\0' && !is_vowel (*after) && thai_consonant_len (after) == strlen (after))
    {
      g_string_erase (word, first, 1);
      g_string_insert (word, first, "ua");
    }
}

/* Of two consonants that end a word, Thai pronounces the first (ลักษณ์, lak); ng and
 * the h digraphs are one consonant. */
static void
drop_second_final (GString *word)
{
  gsize n = word->len;

  if (n < 4 || is_vowel (word->str[n - 1]) || is_vowel (word->str[n - 2]) || word->str[n - 1] == 'h'
      || word->str[n - 1] == 'y' || word->str[n - 2] == 'y' || word->str[n - 2] == 'w'
      || (word->str[n - 2] == 'n' && word->str[n - 1] == 'g'))
    return;
  g_string_truncate (word, n - 1);
}

/*
 * ISO 11940 (ICU's Thai-Latin) to the Royal Thai General System names are listed in:
 * อ as above, จ is ch, ห before a sonorant is silent (see drop_silent_thai()), a
 * consonant pair that is no Thai cluster has the inherent vowel between (o when the
 * syllable closes, a when it is open: สมชาย smchay Somchai, สวัส swas Sawat), and a
 * word ends on k, t, p, n or a vowel as Thai pronounces its final consonants.
 */
static char *
fold_thai (const char *word)
{
  static const char * const finals[] = { "tr", "t", "th", "t", "s", "t", "d", "t", "ch", "t", "kh", "k",
                                         "ph", "p", "b", "p", "r", "n", "l", "n", "ay", "ai" };
  GString *out = g_string_new (NULL);
  guint first;

  for (const char *p = word; *p != '\0'; p++)
    {
      if (*p == 'x')
        {
          append_thai_o_ang (out, word, p);
          continue;
        }
      g_string_append_c (out, *p);
      if (*p == 'c' && p[1] != 'h')
        g_string_append_c (out, 'h');
    }
  respell_ro_han (out);
  first = thai_consonant_len (out->str);
  respell_wo_waen_vowel (out, first);
  if (first > 0 && thai_consonant_len (out->str + first) > 0 && !is_thai_cluster (out->str, first))
    {
      const char *after = out->str + first + thai_consonant_len (out->str + first);

      g_string_insert_c (out, first, is_vowel (*after) ? 'a' : 'o');
    }
  drop_second_final (out);
  for (guint i = 0; i < G_N_ELEMENTS (finals); i += 2)
    if (out->len > strlen (finals[i]) + 1 && g_str_has_suffix (out->str, finals[i]))
      {
        g_string_truncate (out, out->len - strlen (finals[i]));
        g_string_append (out, finals[i + 1]);
        break;
      }
  return g_string_free (out, FALSE);
}

static const LdNameRomanization romanizations[] = {
  { G_UNICODE_SCRIPT_THAI, "Thai-Latin", drop_silent_thai, { NULL }, join_thai_syllables, fold_thai },
  { G_UNICODE_SCRIPT_HANGUL, "Hangul-Latin", separate_syllables, { NULL }, NULL, fold_korean, fold_korean_revised },
  { G_UNICODE_SCRIPT_HIRAGANA, "Hiragana-Katakana; Katakana-Latin", NULL, { NULL }, NULL, fold_japanese },
  { G_UNICODE_SCRIPT_KATAKANA, "Hiragana-Katakana; Katakana-Latin", NULL, { NULL }, NULL, fold_japanese },
  { G_UNICODE_SCRIPT_HEBREW, "Hebrew-Latin", NULL, { "ş", "sh", "ẖ", "kh" }, respell_hebrew, fold_hebrew },
  /* Modern Greek as UNGEGN writes it: η is i (Θεσσαλονίκη: Thessaloniki), φ is f. */
  { G_UNICODE_SCRIPT_GREEK, "Greek-Latin/UNGEGN", NULL, { NULL }, NULL, NULL },
  { G_UNICODE_SCRIPT_ARMENIAN, "Armenian-Latin/BGN", NULL, { NULL }, NULL, NULL },
  { G_UNICODE_SCRIPT_ETHIOPIC, "Amharic-Latin/BGN", NULL, { NULL }, respell_sixth_order, fold_amharic, NULL,
    respell_sixth_order_customary },
};

/**
 * _ld_name_romanization_for:
 * @text: a name
 *
 * Returns: (nullable): the romanisation of the first script of @text that has one of
 *   its own here, %NULL when Any-Latin is right for it
 */
const LdNameRomanization *
_ld_name_romanization_for (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeScript script;

      if (c < 0x80)
        continue;
      script = g_unichar_get_script (c);
      if (script == G_UNICODE_SCRIPT_HAN)
        return NULL;  /* kanji with kana are read as Chinese by Any-Latin, as before */
      for (guint i = 0; i < G_N_ELEMENTS (romanizations); i++)
        if (romanizations[i].script == script)
          return &romanizations[i];
    }
  return NULL;
}

/* Whether the script of @r has a second spelling of its own (Korean, Amharic). */
gboolean
_ld_name_romanization_has_second (const LdNameRomanization *r)
{
  return r->second_fold != NULL || r->second_respell != NULL;
}

const char *
_ld_name_romanization_id (const LdNameRomanization *r)
{
  return r->id;
}

char *
_ld_name_romanization_prepare (const LdNameRomanization *r,
                               const char               *text)
{
  return r->prepare != NULL ? r->prepare (text) : g_strdup (text);
}

/* ICU's letters that lists write as two (Hebrew ş: sh), before marks are dropped. */
char *
_ld_name_romanization_respell (const LdNameRomanization *r,
                               const char               *latin,
                               gboolean                  second_reading)
{
  FoldFunc respell = second_reading && r->second_respell != NULL ? r->second_respell : r->respell_func;
  char *out = g_strdup (latin);

  for (guint i = 0; i + 1 < G_N_ELEMENTS (r->respell) && r->respell[i] != NULL; i += 2)
    {
      char *next = replace_all (out, r->respell[i], r->respell[i + 1]);

      g_free (out);
      out = next;
    }
  if (respell != NULL)
    {
      char *next = respell (out);

      g_free (out);
      out = next;
    }
  return out;
}

/* Each word of @ascii (lowercase letters, digits and other characters between words)
 * folded to the spelling lists use, but for the words the name wrote in Latin letters
 * itself (@written_in_latin, lowercase ASCII): the script's spelling rules are not
 * theirs (현대 Logistics is not "rogistics"). */
char *
_ld_name_romanization_fold (const LdNameRomanization *r,
                            const char               *ascii,
                            gboolean                  second_reading,
                            const char * const       *written_in_latin)
{
  FoldFunc fold = second_reading && r->second_fold != NULL ? r->second_fold : r->fold;
  GString *out;
  const char *p = ascii;

  if (fold == NULL)
    return g_strdup (ascii);
  out = g_string_sized_new (strlen (ascii) + 8);
  while (*p != '\0')
    {
      const char *start = p;

      /* Apostrophes stand for joining marks inside a word (ʹ, ʼ, ’). */
      while (*p != '\0' && (g_ascii_isalpha (*p) || *p == '\''))
        p++;
      if (p > start)
        {
          g_autofree char *marked = g_ascii_strdown (start, p - start);
          g_autofree char *word = replace_all (marked, "'", "");
          /* Legal forms and company words written in the script (בע"מ: Ltd) were
           * already put in Latin letters before ICU. */
          g_autofree char *folded = ld_name_normalizer_is_noise (word) ||
                                    (written_in_latin != NULL && g_strv_contains (written_in_latin, word))
                                    ? g_strdup (word) : fold (word);

          g_string_append (out, folded);
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}
