/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-name-khmer"

#include "config.h"

#include <string.h>

#include "ld-name-khmer.h"

/*
 * Khmer names as Cambodians write them in Latin letters: the customary spelling of
 * passports, the press and the persons themselves, which follows the French-based
 * transcription of the protectorate rather than UNGEGN (Hun Sen, Hor Namhong, Tea Banh,
 * Prak Sokhonn, Keut Rith, Kaing Guek Eav, Neth Savoeun, Serey, Sisowath). This is the
 * second spelling of a Khmer name (ld_name_normalizer_second_spellings()); the first,
 * UNGEGN-like, is _ld_name_script_khmer_to_latin().
 *
 * The text is read syllable by syllable, each written consonant cluster either opening
 * a syllable (with its vowel sign, or with its series' inherent vowel) or closing the
 * one before, as Khmer spelling has it.
 */

#define COENG      0x17D2  /* the subscript sign */
#define MUSIKATOAN 0x17C9  /* puts a second-series consonant in the first */
#define TRIISAP    0x17CA  /* puts a first-series consonant in the second */
#define NIKAHIT    0x17C6
#define REAHMUK    0x17C7
#define YUUKALEAPINTU 0x17C8  /* a short a closed by a glottal stop */
#define TOANDAKHEAT   0x17CD  /* the letter under it is not said */

#define MAX_SUBSCRIPTS 2

/* Consonants opening a syllable, as the customary spelling writes them. */
static const char * const onsets[] = {
  /* 1780 */ "k", "kh", "k", "kh", "ng", "ch", "chh", "ch", "chh", "nh", "d", "th", "d", "th", "n", "t",
  /* 1790 */ "th", "t", "th", "n", "b", "ph", "p", "ph", "m", "y", "r", "l", "v", "s", "s", "s",
  /* 17A0 */ "h", "l", "",
};

/* Consonants closing a syllable: Khmer final stops are unreleased and the customary
 * spelling writes them voiceless and unaspirated (សុខ Sok, ប្រាក់ Prak, ពត Pot). */
static const char * const codas[] = {
  /* 1780 */ "k", "k", "k", "k", "ng", "ch", "ch", "ch", "ch", "nh", "t", "t", "t", "t", "n", "t",
  /* 1790 */ "t", "t", "t", "n", "p", "p", "p", "p", "m", "y", "r", "l", "v", "s", "s", "s",
  /* 17A0 */ "h", "l", "",
};

/* First series (inherent a) or second (inherent o), per consonant. */
static const char series_of_consonant[] = "aaoooaaoooaaooaaaoooaaoooooooaaaaaa";

/* Vowel signs after a first-series consonant, then after a second-series one, in the
 * customary spelling: ោ o (Norodom; or ending a word, see append_vowel()), ៀ ea (Tea),
 * ែ e (Sen, Men), ើ eu (Keut), ឿ oeu (Savoeun), ី of the first series ei (Seiha,
 * Serey), ិ i (Rith, Manith), ឹ e and i (Kem, Kim), ុ o after the first series and u
 * after the second (Sokha, Hun), ូ o and ou (So, Touch). */
static const char * const vowels[2][16] = {
  /* 17B6 */ { "a", "i", "ei", "e", "eu", "o", "o", "uo", "eu", "oeu", "ea", "e", "e", "ai", "o", "ao" },
  /* 17B6 */ { "ea", "i", "i", "i", "eu", "u", "ou", "uo", "eu", "oeu", "ea", "e", "e", "ey", "o", "ov" },
};

/* Independent vowels (17A3-17B3), as names write them (ឯក Ek, ឱ O, ឫ ri). */
static const char * const independents[] = {
  "a", "a", "e", "ei", "o", "ou", "ou", "ov", "ri", "reu", "li", "leu", "e", "ai", "o", "o", "au",
};

typedef enum
{
  ITEM_CLUSTER,
  ITEM_INDEPENDENT,
} ItemKind;

/* A written consonant with its subscripts, signs and vowel; or an independent vowel. */
typedef struct
{
  ItemKind kind;
  gunichar base;
  gunichar sub[MAX_SUBSCRIPTS];
  guint    n_sub;
  char     series;
  gunichar vowel;      /* a vowel sign, or 0 */
  gboolean nikahit;
  gboolean reahmuk;
  gboolean short_a;    /* the yuukaleapintu */
  gboolean silent;     /* the toandakheat */
  gboolean musikatoan;
} Item;

static gboolean
is_consonant (gunichar c)
{
  return c >= 0x1780 && c <= 0x17A2;
}

/* Letters and the signs on them; Khmer digits and punctuation stand between words. */
static gboolean
is_khmer_letter (gunichar c)
{
  return (c >= 0x1780 && c <= 0x17D3) || c == 0x17DD;
}

/* The second-series stops and affricates (គ ឃ ជ ឈ ឌ ឍ ទ ធ ព ភ): under a first-series
 * consonant they put the cluster in the second series (ស្ពាន spean); a sonorant
 * subscript does not (ស្រី srei). */
static gboolean
is_second_series_obstruent (gunichar c)
{
  static const gunichar obstruents[] = { 0x1782, 0x1783, 0x1787, 0x1788, 0x178C, 0x178D, 0x1791, 0x1792,
                                         0x1796, 0x1797 };

  for (guint i = 0; i < G_N_ELEMENTS (obstruents); i++)
    if (c == obstruents[i])
      return TRUE;
  return FALSE;
}

/* The row of the consonant table (velar, palatal, retroflex, dental, labial), or -1. */
static int
consonant_row (gunichar c)
{
  return c >= 0x1780 && c <= 0x1798 ? (int) (c - 0x1780) / 5 : -1;
}

/* A consonant doubled in Pali spelling: twice the same, or a stop over its aspirate
 * (ត្ថ, ទ្ធ, ក្ខ); not a nasal over a stop (ន្ធ, ង្គ), where the nasal closes a
 * syllable. */
static gboolean
is_pali_double (gunichar base,
                gunichar sub)
{
  if (base == sub)
    return TRUE;
  return consonant_row (base) >= 0 && consonant_row (base) == consonant_row (sub)
         && (base - 0x1780) % 5 != 4 && (sub - 0x1780) % 5 != 4;
}

/* Reads one consonant cluster at @chars[*i]. */
static void
read_cluster (const gunichar *chars,
              guint           n,
              guint          *i,
              Item           *item)
{
  gboolean musikatoan = FALSE, triisap = FALSE;

  item->kind = ITEM_CLUSTER;
  item->base = chars[(*i)++];
  item->series = series_of_consonant[item->base - 0x1780];
  while (*i < n)
    {
      gunichar c = chars[*i];

      if (c == COENG && *i + 1 < n && is_consonant (chars[*i + 1]))
        {
          if (item->n_sub < MAX_SUBSCRIPTS)
            item->sub[item->n_sub++] = chars[*i + 1];
          if (is_second_series_obstruent (chars[*i + 1]))
            item->series = 'o';
          *i += 2;
        }
      else if (c >= 0x17B6 && c <= 0x17C5 && item->vowel == 0)
        item->vowel = c, (*i)++;
      else if (c == NIKAHIT)
        item->nikahit = TRUE, (*i)++;
      else if (c == REAHMUK)
        item->reahmuk = TRUE, (*i)++;
      else if (c == MUSIKATOAN)
        musikatoan = TRUE, (*i)++;
      else if (c == TRIISAP)
        triisap = TRUE, (*i)++;
      else if (c == YUUKALEAPINTU)
        item->short_a = TRUE, (*i)++;
      else if (c == TOANDAKHEAT)
        item->silent = TRUE, (*i)++;
      else if (c >= 0x17C8 && c <= 0x17D3)
        (*i)++;  /* the bantoc and other signs: a length or a stress, no letter */
      else
        break;
    }
  item->musikatoan = musikatoan;
  if (musikatoan)
    item->series = 'a';
  else if (triisap)
    item->series = 'o';
}

static gboolean
is_bare (const Item *item)
{
  return item->kind == ITEM_CLUSTER && item->vowel == 0 && !item->nikahit && !item->reahmuk && !item->short_a;
}

/* The consonants that open a syllable. ប is p in a cluster and with the musikatoan
 * (ប្រាក់ Prak, ប៉ុល Pol); ហ over a subscript writes a foreign consonant (ហ្គ g: Guek,
 * ហ្វ f, ហ្ស z) or only puts a sonorant in the first series, and is not written. */
static void
append_onset (GString    *out,
              const Item *item)
{
  gunichar first_sub = item->n_sub > 0 ? item->sub[0] : 0;
  guint from = 0;

  if (item->base == 0x17A0 && item->n_sub > 0)
    {
      g_string_append (out, first_sub == 0x1782 ? "g" : first_sub == 0x179C ? "f" : first_sub == 0x179F ? "z" : "");
      from = first_sub == 0x1782 || first_sub == 0x179C || first_sub == 0x179F ? 1 : 0;
    }
  else if (item->base == 0x1794 && (item->n_sub > 0 || item->musikatoan))
    g_string_append (out, "p");
  else
    g_string_append (out, onsets[item->base - 0x1780]);
  for (guint s = from; s < item->n_sub; s++)
    g_string_append (out, onsets[item->sub[s] - 0x1780]);
}

static gboolean
ends_in (const GString *out,
         const char    *letters)
{
  return out->len > 0 && strchr (letters, out->str[out->len - 1]) != NULL;
}

/* A consonant closing a syllable opened by @before. After i or e a final dental is
 * written th (Rith, Manith, Neth, Prasidh), as is a final cluster of Pali spelling (ត្ថ,
 * ទ្ធ); a doubled nasal keeps both letters (វណ្ណ Vann, Sovann); another subscript is
 * not said. A final វ is the semivowel w: o after ែ and េ (កែវ Keo), u after ៀ (ខៀវ
 * Khieu). */
static void
append_coda (GString    *out,
             const Item *item,
             const Item *before)
{
  gboolean dental = consonant_row (item->base) == 3 || consonant_row (item->base) == 2;
  gboolean nasal = item->base == 0x178E || item->base == 0x1793;
  gunichar vowel = before != NULL && before->kind == ITEM_CLUSTER && !before->nikahit ? before->vowel : 0;

  if (dental && !nasal && (ends_in (out, "ie") || item->n_sub > 0))
    g_string_append (out, "th");
  else if (nasal && item->n_sub > 0 && item->sub[0] == item->base)
    g_string_append (out, "nn");
  else if (item->base == 0x179C && item->n_sub == 0 && (vowel == 0x17C1 || vowel == 0x17C2))
    g_string_append (out, "o");
  else if (item->base == 0x179C && item->n_sub == 0 && vowel == 0x17C0)
    g_string_append (out, "u");
  else
    g_string_append (out, codas[item->base - 0x1780]);
}

/* The vowel of a cluster that opens a syllable; @last: it ends the word, where a final
 * i is written y (Rany, Sary, Serey, Chhay). */
static void
append_vowel (GString    *out,
              const Item *item,
              const Item *next,
              gboolean    last)
{
  guint row = item->series == 'a' ? 0 : 1;

  if (item->vowel == 0 && item->short_a)
    {
      /* The yuukaleapintu: a short a, written ak ending a word (ខេមរៈ Khemarak, រតនៈ
       * Ratanak, វណ្ណៈ Vannak). */
      g_string_append (out, last ? "ak" : "a");
      return;
    }
  if (item->vowel == 0)
    {
      /* The inherent vowel, closed by the nikahit (សំ Sam, គំ Kum) or the reahmuk. */
      g_string_append (out, item->nikahit ? (row == 0 ? "am" : "um") : row == 0 ? "a" : "o");
      if (item->reahmuk)
        g_string_append (out, row == 0 ? "h" : "ah");
      return;
    }
  if (item->vowel == 0x17B6 && item->nikahit)
    {
      /* ាំ before ង is aing or eang (កាំង Kaing, Taing), else am or eam (ណាំ Nam). */
      gboolean ng = next != NULL && is_bare (next) && next->base == 0x1784;

      g_string_append (out, ng ? (row == 0 ? "ai" : "ea") : row == 0 ? "am" : "eam");
      return;
    }
  if (last && item->vowel == 0x17B8 && !item->nikahit && !item->reahmuk)
    {
      g_string_append (out, row == 0 ? "ey" : "y");
      return;
    }
  if (last && item->vowel == 0x17C3 && row == 0)
    {
      g_string_append (out, "ay");
      return;
    }
  if (item->vowel == 0x17C0 && next != NULL && !item->nikahit && !item->reahmuk)
    {
      /* ៀ is ea ending a word (ទៀ Tea), ie before a final (អៀង Ieng, ខៀវ Khieu, សៀមរាប
       * Siem Reap). */
      g_string_append (out, "ie");
      return;
    }
  if (last && item->vowel == 0x17C4 && !item->nikahit && !item->reahmuk)
    {
      /* ោ ending a word is written or, as French spelling writes a long open o (ហោ
       * Hor, Chhor). */
      g_string_append (out, "or");
      return;
    }
  g_string_append (out, vowels[row][item->vowel - 0x17B6]);
  if (item->nikahit)
    g_string_append_c (out, 'm');
  if (item->reahmuk)
    g_string_append_c (out, 'h');
}

/* Whether bare cluster @k of @items closes the syllable before it: it ends the word
 * after an open syllable, or it follows a written vowel and the next cluster opens a
 * syllable with a vowel sign of its own (ជួនណារ៉ុន Chuon-naron, ប៊ុនហេង Bun-heng). A
 * cluster with a subscript after it shares its consonant (សុវត្ថិ so-vat-thi), and a
 * syllable with the yuukaleapintu ends a Pali word (ខេមរៈ khe-ma-rak), so the one before
 * is open; ហ and អ close no syllable inside a word (សីហនុ si-ha-nu), the reahmuk writes
 * that h. */
static gboolean
closes_syllable (const Item     *items,
                 guint           n,
                 guint           k,
                 const gboolean *open_before)
{
  const Item *next = k + 1 < n ? &items[k + 1] : NULL;

  if (k == 0 || !open_before[k])
    return FALSE;
  if (next == NULL)
    return TRUE;
  if (next->kind != ITEM_CLUSTER || items[k - 1].kind != ITEM_CLUSTER || items[k - 1].vowel == 0
      || items[k].base == 0x17A0 || items[k].base == 0x17A2)
    return FALSE;
  return !is_bare (next) && next->n_sub == 0 && !next->short_a;
}

/* One word of Khmer letters, @items[0..n). */
static void
append_word (GString    *out,
             const Item *items,
             guint       n)
{
  g_autofree gboolean *open_before = g_new0 (gboolean, n + 1);

  for (guint k = 0; k < n; k++)
    {
      const Item *item = &items[k];
      const Item *next = k + 1 < n ? &items[k + 1] : NULL;
      gboolean last = next == NULL;
      gboolean open = TRUE;

      if (item->kind == ITEM_INDEPENDENT)
        g_string_append (out, independents[item->base - 0x17A3]);
      else if (is_bare (item) && closes_syllable (items, n, k, open_before))
        {
          append_coda (out, item, k > 0 ? &items[k - 1] : NULL);
          open = FALSE;
        }
      else if (item->n_sub > 0 && k > 0 && open_before[k] && last && item->vowel == 0x17B7)
        {
          /* A final Pali cluster with i is written -th (វត្ថិ Sisowath, ឫទ្ធិ
           * Ranariddh). */
          append_coda (out, item, k > 0 ? &items[k - 1] : NULL);
          open = FALSE;
        }
      else if (item->n_sub > 0 && k > 0 && open_before[k] && !(is_bare (item) && last)
               && is_pali_double (item->base, item->sub[0]))
        {
          /* A doubled consonant of Pali spelling inside a word is written once
           * (សុទ្ធា Sothea, នរោត្តម Norodom, បុប្ផា Bopha). */
          Item sub = *item;

          sub.base = item->sub[0];
          sub.n_sub = 0;
          append_onset (out, &sub);
          append_vowel (out, item, next, last);
          if (item->nikahit || item->reahmuk)
            open = FALSE;
        }
      else
        {
          append_onset (out, item);
          if (!is_bare (item) || n == 1 || !last)
            append_vowel (out, item, next, last);
          else
            open = FALSE;  /* no syllable before it: a lone final consonant */
          if (item->nikahit || item->reahmuk || item->short_a)
            open = FALSE;
        }
      open_before[k + 1] = open;
    }
}

/**
 * _ld_name_khmer_customary:
 * @text: a name, in Khmer letters or not
 *
 * Returns: (transfer full): @text with its Khmer words in the customary spelling.
 */
char *
_ld_name_khmer_customary (const char *text)
{
  glong n_chars = 0;
  g_autofree gunichar *chars = g_utf8_to_ucs4_fast (text, -1, &n_chars);
  g_autofree Item *items = g_new0 (Item, n_chars + 1);
  GString *out = g_string_sized_new (strlen (text) * 2);
  guint i = 0;

  while (i < (guint) n_chars)
    {
      guint n = 0;

      if (chars[i] >= 0x17E0 && chars[i] <= 0x17E9)
        {
          g_string_append_c (out, (char) ('0' + (chars[i++] - 0x17E0)));
          continue;
        }
      if (!is_khmer_letter (chars[i]))
        {
          g_string_append_unichar (out, chars[i] >= 0x1780 && chars[i] <= 0x17FF ? ' ' : chars[i]);
          i++;
          continue;
        }
      while (i < (guint) n_chars && is_khmer_letter (chars[i]))
        {
          Item *item = &items[n];

          memset (item, 0, sizeof *item);
          if (is_consonant (chars[i]))
            {
              read_cluster (chars, n_chars, &i, item);
              if (item->silent)
                continue;  /* not said, not written (រតន៍ Roth) */
            }
          else if (chars[i] >= 0x17A3 && chars[i] <= 0x17B3)
            {
              item->kind = ITEM_INDEPENDENT;
              item->base = chars[i++];
            }
          else
            {
              i++;  /* a sign without a consonant */
              continue;
            }
          n++;
        }
      append_word (out, items, n);
    }
  return g_string_free (out, FALSE);
}
