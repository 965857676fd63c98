/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-name-forms"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ld-name-forms.h"

/*
 * People write the same party's name with its legal form in their own language
 * ("ООО Ромашка", "Romashka LLC", "Romashka Limited Liability Company"), with or
 * without a title ("Sheikh", "Dr"), with numbers as digits, words or Roman numerals
 * ("Brigade Forty-Four", "Brigade 44"), and Chinese names in pinyin or Wade-Giles.
 * Each of these is rewritten to one spelling here, on both sides of every comparison,
 * so that screening and the duplicate check see the same tokens. Numbers become
 * digits, which the scorers compare exactly: 8 and 9 never meet.
 */

/* Legal forms in scripts whose romanisation would not meet the Latin forms. Replaced
 * before transliteration; longer forms first, as they contain the shorter ones. */
static const struct { const char *native; const char *latin; } native_forms[] = {
  { "股份有限公司", " jsc " }, { "有限责任公司", " llc " }, { "有限公司", " co ltd " },
  { "株式会社", " co ltd " }, { "有限会社", " llc " }, { "주식회사", " co ltd " }, { "유한회사", " llc " },
  { "公司", " company " }, { "集团", " group " },
  { "ذ.م.م", " llc " }, { "ذ. م. م", " llc " }, { "ذ م م", " llc " }, { "ش.م.م", " llc " },
  { "ش.م.ع", " pjsc " }, { "شركة", " company " }, { "شركه", " company " }, { "شرکت", " company " },
  { "مؤسسة", " establishment " }, { "مؤسسه", " establishment " },
  { "للتجارة", " trading " }, { "التجارة", " trading " }, { "تجارة", " trading " },
  /* Khmer: the company, its private limited form (ឯ.ក, and Co., Ltd. written in Khmer
   * letters), a bank, trading; and the honorifics written before a Cambodian's name
   * (Samdech, His Excellency, Lok Chumteav and Lok Srey: Madam). */
  { "ក្រុមហ៊ុន", " company " }, { "ខូអិលធីឌី", " co ltd " }, { "ឯ.ក", " co ltd " }, { "ឯ. ក", " co ltd " },
  { "ធនាគារ", " bank " }, { "ពាណិជ្ជកម្ម", " trading " },
  { "សម្តេច", " samdech " }, { "សម្ដេច", " samdech " }, { "ឯកឧត្តម", " excellency " },
  { "លោកជំទាវ", " mrs " }, { "លោកស្រី", " mrs " },
  /* Amharic: the private limited company (ኃ.የተ.የግ.ማ., ኃላፊነቱ የተወሰነ የግል ማህበር: PLC),
   * the share company (አ.ማ., አክሲዮን ማህበር: S.C.), company, and the company words
   * written in Ethiopic letters from English; the titles before an Ethiopian's name
   * (Dr, Ato: Mr, Weyzero: Mrs, Weyzerit: Miss). */
  { "ኃላፊነቱ የተወሰነ የግል ማህበር", " plc " }, { "ኃ.የተ.የግ.ማ.", " plc " }, { "ኃ.የተ.የግ.ማ", " plc " },
  { "ኃ/የተ/የግ/ማ", " plc " }, { "አክሲዮን ማህበር", " sc " }, { "አ.ማ.", " sc " }, { "አ.ማ", " sc " },
  { "ኩባንያ", " company " }, { "ትሬዲንግ", " trading " }, { "ኢንተርፕራይዝ", " enterprise " },
  { "ኮንስትራክሽን", " construction " }, { "ኢንሹራንስ", " insurance " },
  { "ዶ/ር", " dr " }, { "ዶክተር", " dr " }, { "ወ/ሮ", " mrs " }, { "ወይዘሮ", " mrs " }, { "ወ/ሪት", " miss " },
  { "ወይዘሪት", " miss " }, { "አቶ", " mr " },
  { "בע\"מ", " ltd " }, { "בע״מ", " ltd " },
  { "(มหาชน)", " plc " }, { "บริษัท", " company " }, { "จำกัด", " ltd " },
};

/*
 * Legal forms as the folded words spell them, each to one token per form. A form made
 * of single letters (S.A., A.G.) counts only at the end of a name, where people write
 * it; elsewhere two letters are more likely initials.
 */
static const struct { const char *phrase; const char *form; } legal_forms[] = {
  { "llc", "llc" }, { "l l c", "llc" }, { "ooo", "llc" }, { "limited liability company", "llc" },
  { "obshchestvo s ogranichennoy otvetstvennostyu", "llc" }, { "tov", "llc" }, { "dh m m", "llc" },
  { "dhmm", "llc" }, { "sh m m", "llc" }, { "wll", "llc" }, { "w l l", "llc" },
  { "jsc", "jsc" }, { "ao", "jsc" }, { "joint stock company", "jsc" }, { "aktsionernoe obshchestvo", "jsc" },
  { "aktsionernoye obshchestvo", "jsc" },
  { "ojsc", "ojsc" }, { "oao", "ojsc" }, { "open joint stock company", "ojsc" }, { "open jsc", "ojsc" },
  { "otkrytoe aktsionernoe obshchestvo", "ojsc" }, { "otkrytoye aktsionernoye obshchestvo", "ojsc" },
  { "cjsc", "cjsc" }, { "zao", "cjsc" }, { "closed joint stock company", "cjsc" }, { "closed jsc", "cjsc" },
  { "zakrytoe aktsionernoe obshchestvo", "cjsc" }, { "zakrytoye aktsionernoye obshchestvo", "cjsc" },
  { "pjsc", "pjsc" }, { "pao", "pjsc" }, { "public joint stock company", "pjsc" }, { "public jsc", "pjsc" },
  { "publichnoe aktsionernoe obshchestvo", "pjsc" }, { "publichnoye aktsionernoye obshchestvo", "pjsc" },
  { "psc", "pjsc" },
  { "ag", "ag" }, { "a g", "ag" }, { "aktiengesellschaft", "ag" },
  { "gmbh", "gmbh" }, { "g m b h", "gmbh" }, { "gesellschaft mit beschrankter haftung", "gmbh" },
  { "gesellschaft mit beschraenkter haftung", "gmbh" },
  { "srl", "srl" }, { "s r l", "srl" }, { "societatea cu raspundere limitata", "srl" },
  { "societa a responsabilita limitata", "srl" }, { "sociedad de responsabilidad limitada", "srl" },
  { "sarl", "sarl" }, { "s a r l", "sarl" }, { "societe a responsabilite limitee", "sarl" },
  { "sp z o o", "spzoo" }, { "spzoo", "spzoo" }, { "sp zoo", "spzoo" }, { "sp z oo", "spzoo" },
  { "spolka z ograniczona odpowiedzialnoscia", "spzoo" },
  { "pty ltd", "pty ltd" }, { "pty limited", "pty ltd" }, { "proprietary limited", "pty ltd" },
  { "proprietary ltd", "pty ltd" },
  { "co ltd", "co ltd" }, { "coltd", "co ltd" }, { "kabushiki kaisha", "co ltd" }, { "kabushikigaisha", "co ltd" },
  { "ltd", "ltd" }, { "limited", "limited" },
  { "plc", "plc" }, { "p l c", "plc" }, { "public limited company", "plc" },
  { "sc", "sc" }, { "s c", "sc" }, { "share company", "sc" },  /* Ethiopian */
  { "inc", "inc" }, { "incorporated", "incorporated" }, { "corp", "corp" }, { "corporation", "corporation" },
  { "fze", "fze" }, { "f z e", "fze" }, { "free zone establishment", "fze" },
  { "fzco", "fzco" }, { "f z co", "fzco" }, { "fz co", "fzco" }, { "free zone company", "fzco" },
  { "fz llc", "fzllc" }, { "f z llc", "fzllc" }, { "fzllc", "fzllc" },
  { "sa", "sa" }, { "s a", "sa" }, { "societe anonyme", "sa" }, { "sociedad anonima", "sa" },
  { "sociedade anonima", "sa" },
  { "spa", "spa" }, { "s p a", "spa" }, { "societa per azioni", "spa" },
  { "bv", "bv" }, { "b v", "bv" }, { "besloten vennootschap", "bv" },
  { "nv", "nv" }, { "n v", "nv" }, { "naamloze vennootschap", "nv" },
  { "sro", "sro" }, { "s r o", "sro" }, { "spolecnost s rucenim omezenym", "sro" },
  { "llp", "llp" }, { "limited liability partnership", "llp" },
  { "ltda", "ltda" }, { "limitada", "ltda" },
  { "pte ltd", "pte ltd" }, { "pvt ltd", "pte ltd" }, { "private limited", "pte ltd" },
  { "private limited company", "pte ltd" },
  { "sdn bhd", "sdn bhd" }, { "sendirian berhad", "sdn bhd" },
  { "ab", "ab" }, { "aktiebolag", "ab" }, { "oy", "oy" }, { "kg", "kg" }, { "kft", "kft" }, { "zrt", "zrt" },
  { "doo", "doo" }, { "d o o", "doo" }, { "sas", "sas" },
};

/* Titles and honorifics: not part of the name. They stay as tokens, so that a title
 * written together with a name (SheikMohammed) still meets it, but count as little as
 * a particle (ld_name_forms_is_title()); the duplicate check drops them. Their
 * romanisations from Cyrillic (doktor, khadzhi) too, as lists write names both ways. */
static const char * const titles[] = {
  "mr", "mrs", "ms", "miss", "mister", "dr", "doctor", "doktor", "prof", "professor", "sir",
  "president", "praesident", "prasident", "prezident", "presidente", "shaikh", "sheikh", "sheik",
  "shaykh", "shaik", "shekh", "shykh", "sheykh", "shejkh", "hajji", "haji", "hadji", "alhaji",
  "khadzhi", "khadzhdzhi", "hadzhi", "excellency", "his excellency", "her excellency", "gospodin",
  "samdech",  /* Cambodian: the highest honorific (Samdech Hun Sen) */
  /* The matcher weighs its canonical tokens, and excellency is one only as the
   * normaliser spells it (x is ks, c is k, y is i). Sheikh's spelling there (sheih)
   * is left out on purpose: as a title it cost UN-list recall (98.43% to 98.42%). */
  "ekskellenki",
};

static const char * const number_words[] = {
  "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
  "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
  "nineteen",
};

static const char * const ordinal_words[] = {
  "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
  "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth",
  "seventeenth", "eighteenth", "nineteenth",
};

static const char * const tens_words[] = {
  NULL, NULL, "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
};

static const char * const tens_ordinals[] = {
  NULL, NULL, "twentieth", "thirtieth", "fortieth", "fiftieth", "sixtieth", "seventieth",
  "eightieth", "ninetieth",
};

/* ---- tables ---- */

typedef struct
{
  char  **words;   /* the phrase's words */
  guint   n_words;
  const char *replacement;  /* NULL: drop the phrase */
  gboolean letters_only;    /* every word a single letter */
} Phrase;

/* Phrases by their first word, longest first: legal forms, then titles. */
static GHashTable *
phrase_table (void)
{
  static GHashTable *table;

  if (g_once_init_enter (&table))
    {
      GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < G_N_ELEMENTS (legal_forms) + G_N_ELEMENTS (titles); i++)
        {
          gboolean is_form = i < G_N_ELEMENTS (legal_forms);
          Phrase *phrase = g_new0 (Phrase, 1);
          GPtrArray *list;

          phrase->words = g_strsplit (is_form ? legal_forms[i].phrase : titles[i - G_N_ELEMENTS (legal_forms)], " ", -1);
          phrase->n_words = g_strv_length (phrase->words);
          phrase->replacement = is_form ? legal_forms[i].form : NULL;
          phrase->letters_only = TRUE;
          for (guint w = 0; w < phrase->n_words; w++)
            phrase->letters_only &= strlen (phrase->words[w]) == 1;
          list = g_hash_table_lookup (t, phrase->words[0]);
          if (list == NULL)
            g_hash_table_insert (t, phrase->words[0], list = g_ptr_array_new ());
          g_ptr_array_add (list, phrase);
        }
      g_once_init_leave (&table, t);
    }
  return table;
}

static GHashTable *
form_set (void)
{
  static GHashTable *set;

  if (g_once_init_enter (&set))
    {
      GHashTable *s = g_hash_table_new (g_str_hash, g_str_equal);

      /* Each word of a form written in several (co ltd, pty ltd). */
      for (guint i = 0; i < G_N_ELEMENTS (legal_forms); i++)
        {
          g_auto(GStrv) words = g_strsplit (legal_forms[i].form, " ", -1);

          for (guint w = 0; words[w] != NULL; w++)
            g_hash_table_add (s, (gpointer) g_intern_string (words[w]));
        }
      g_once_init_leave (&set, s);
    }
  return set;
}

/**
 * ld_name_forms_is_legal_form:
 * @token: a token of a normalised name
 *
 * Returns: %TRUE for the one token a legal form is rewritten to (llc, jsc, coltd...).
 */
gboolean
ld_name_forms_is_legal_form (const char *token)
{
  return g_hash_table_contains (form_set (), token);
}

static GHashTable *
title_set (void)
{
  static GHashTable *set;

  if (g_once_init_enter (&set))
    {
      GHashTable *t = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
        if (strchr (titles[i], ' ') == NULL)
          g_hash_table_add (t, (gpointer) titles[i]);
      g_once_init_leave (&set, t);
    }
  return set;
}

/**
 * ld_name_forms_is_title:
 * @token: a word of a normalised name
 *
 * Returns: %TRUE for a title or honorific (President, Dr, Sheikh): not part of a name.
 */
gboolean
ld_name_forms_is_title (const char *token)
{
  return g_hash_table_contains (title_set (), token);
}

/**
 * _ld_name_forms_list:
 *
 * Returns: (transfer none): the distinct tokens legal forms are rewritten to
 */
const char * const *
_ld_name_forms_list (void)
{
  static const char **list;

  if (g_once_init_enter (&list))
    {
      GPtrArray *forms = g_ptr_array_new ();

      GHashTableIter iter;
      gpointer form;

      g_hash_table_iter_init (&iter, form_set ());
      while (g_hash_table_iter_next (&iter, &form, NULL))
        g_ptr_array_add (forms, form);
      g_ptr_array_add (forms, NULL);
      g_once_init_leave (&list, (const char **) g_ptr_array_free (forms, FALSE));
    }
  return list;
}

/**
 * ld_name_forms_is_number:
 *
 * Returns: %TRUE for a token with a digit: numbers are compared exactly, never as
 *   spelling variants.
 */
gboolean
ld_name_forms_is_number (const char *token)
{
  for (; *token != '\0'; token++)
    if (g_ascii_isdigit (*token))
      return TRUE;
  return FALSE;
}

/* ---- native forms ---- */

/* Ethiopic writes a space between words, and its short forms are syllables other words
 * hold (አቶ, Ato, also begins አቶሚክ, atomic): they are read as forms only as whole words.
 * Han, Thai and Khmer write no spaces between words, and Arabic joins its prefixes (و,
 * ب) to the word: theirs are read wherever they are written. */
static gboolean
read_as_whole_word (const char *native)
{
  return g_unichar_get_script (g_utf8_get_char (native)) == G_UNICODE_SCRIPT_ETHIOPIC;
}

static gboolean
letter_at (const char *p)
{
  gunichar c = g_utf8_get_char (p);

  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* Replaces @native in @out where no letter stands before or after it. */
static void
replace_whole_words (GString    *out,
                     const char *native,
                     const char *latin)
{
  gsize len = strlen (native), from = 0;
  const char *hit;

  while ((hit = strstr (out->str + from, native)) != NULL)
    {
      gsize at = (gsize) (hit - out->str);
      gboolean starts = at == 0 || !letter_at (g_utf8_prev_char (hit));
      gboolean ends = hit[len] == '\0' || !letter_at (hit + len);

      if (starts && ends)
        {
          g_string_erase (out, (gssize) at, (gssize) len);
          g_string_insert (out, (gssize) at, latin);
          from = at + strlen (latin);
        }
      else
        from = (gsize) (g_utf8_next_char (hit) - out->str);
    }
}

/**
 * _ld_name_forms_native:
 * @text: a name in any script
 *
 * Returns: (transfer full) (nullable): @text with legal forms and company words written
 *   in Han, Hangul, Arabic, Hebrew, Khmer, Ethiopic or Thai replaced by their Latin
 *   tokens, or %NULL when it has none.
 */
char *
_ld_name_forms_native (const char *text)
{
  GString *out = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (native_forms); i++)
    if (strstr (out != NULL ? out->str : text, native_forms[i].native) != NULL)
      {
        if (out == NULL)
          out = g_string_new (text);
        if (read_as_whole_word (native_forms[i].native))
          replace_whole_words (out, native_forms[i].native, native_forms[i].latin);
        else
          g_string_replace (out, native_forms[i].native, native_forms[i].latin, 0);
      }
  return out != NULL ? g_string_free (out, FALSE) : NULL;
}

/* ---- numbers ---- */

static int
index_in (const char        *word,
          const char * const *table,
          guint               n)
{
  for (guint i = 0; i < n; i++)
    if (table[i] != NULL && strcmp (word, table[i]) == 0)
      return (int) i;
  return -1;
}

/* 1st, 2nd, 3rd, 44th: the digits, or -1. */
static int
numeric_ordinal (const char *word)
{
  char *end = NULL;
  long value;

  if (!g_ascii_isdigit (word[0]))
    return -1;
  value = strtol (word, &end, 10);
  if (end == NULL || value > 100000 || !(g_str_equal (end, "st") || g_str_equal (end, "nd")
                                          || g_str_equal (end, "rd") || g_str_equal (end, "th")))
    return -1;
  return (int) value;
}

/*
 * A number written in words starting at @words[i]: forty four, one hundred and five,
 * forty-fourth, twenty first. Returns the value, or -1, and the words it took in
 * *n_taken.
 */
static int
number_in_words (char  **words,
                 guint   i,
                 guint  *n_taken)
{
  int total = 0, current = 0, v;
  guint j = i;
  gboolean any = FALSE;

  for (; words[j] != NULL; j++)
    {
      const char *w = words[j];

      if ((v = index_in (w, number_words, G_N_ELEMENTS (number_words))) >= 0
          || (v = index_in (w, ordinal_words, G_N_ELEMENTS (ordinal_words))) >= 0)
        {
          if (any && current % 10 != 0)
            break;  /* "one two" is two numbers */
          current += v;
        }
      else if ((v = index_in (w, tens_words, G_N_ELEMENTS (tens_words))) >= 0
               || (v = index_in (w, tens_ordinals, G_N_ELEMENTS (tens_ordinals))) >= 0)
        {
          if (any && current % 100 != 0)
            break;
          current += v * 10;
        }
      else if (any && (g_str_equal (w, "hundred") || g_str_equal (w, "hundredth")))
        current = MAX (current, 1) * 100;
      else if (any && (g_str_equal (w, "thousand") || g_str_equal (w, "thousandth")))
        {
          total += MAX (current, 1) * 1000;
          current = 0;
        }
      else if (any && g_str_equal (w, "and") && words[j + 1] != NULL
               && (index_in (words[j + 1], number_words, G_N_ELEMENTS (number_words)) >= 0
                   || index_in (words[j + 1], tens_words, G_N_ELEMENTS (tens_words)) >= 0)
               && current % 100 == 0 && current > 0)
        continue;
      else
        break;
      any = TRUE;
    }
  *n_taken = j - i;
  return any ? total + current : -1;
}

/* A number to 39 in Roman numerals, as it is properly written. */
static void
write_roman (int      value,
             GString *out)
{
  static const char * const units[] = { "", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix" };

  for (int t = 0; t < value / 10; t++)
    g_string_append_c (out, 'x');
  g_string_append (out, units[value % 10]);
}

/* The value of a Roman numeral written with i, v and x (to 39), or -1 if it is not one
 * as a numeral is written (iiv, vx). */
static int
roman_value (const char *word)
{
  g_autoptr(GString) check = g_string_new (NULL);
  int value = 0;

  for (const char *p = word; *p != '\0'; p++)
    {
      int v = *p == 'i' ? 1 : *p == 'v' ? 5 : 10;
      int next = p[1] == 'i' ? 1 : p[1] == 'v' ? 5 : p[1] == 'x' ? 10 : 0;

      value += v < next ? -v : v;
    }
  if (value <= 0 || value > 39)
    return -1;
  write_roman (value, check);
  return g_str_equal (check->str, word) ? value : -1;
}

/*
 * A Roman numeral stands for a number after a word (Fund VIII, Louis XIV); the first
 * word is a name (Vi, Xi), and so is a single letter after an initial (J. V. Stalin).
 * Xi is left alone anywhere: it is far more often a Chinese name than eleven.
 */
static int
roman_number (char  **words,
              guint   i)
{
  const char *w = words[i];
  /* Last but for a legal form: Trading I Ltd. */
  gboolean last = words[i + 1] == NULL || (words[i + 2] == NULL && ld_name_forms_is_legal_form (words[i + 1]))
                  || g_hash_table_contains (form_set (), words[i + 1]);

  if (i == 0 || g_str_equal (w, "xi") || strspn (w, "ivx") != strlen (w))
    return -1;
  if (strlen (w) == 1 && (!last || strlen (words[i - 1]) == 1))
    return -1;
  return roman_value (w);
}

/**
 * _ld_name_forms_number:
 * @word: one word of a normalised name
 *
 * Returns: (transfer full) (nullable): the digits of a number written as one word
 *   (three, third, 3rd), or %NULL.
 */
char *
_ld_name_forms_number (const char *word)
{
  char *words[] = { (char *) word, NULL };
  guint taken = 0;
  int value = number_in_words (words, 0, &taken);

  if (value < 0)
    value = numeric_ordinal (word);
  return value >= 0 ? g_strdup_printf ("%d", value) : NULL;
}

/* ---- rewriting ---- */

static const Phrase *
phrase_at (char     **words,
           guint      i,
           guint      n_words,
           gboolean   latin)
{
  GPtrArray *list = g_hash_table_lookup (phrase_table (), words[i]);
  const Phrase *best = NULL;

  for (guint k = 0; list != NULL && k < list->len; k++)
    {
      const Phrase *p = g_ptr_array_index (list, k);
      guint w = 0;

      if (i + p->n_words > n_words || (best != NULL && best->n_words >= p->n_words))
        continue;
      while (w < p->n_words && g_str_equal (words[i + w], p->words[w]))
        w++;
      if (w < p->n_words)
        continue;
      /* Single letters are a legal form only where it is written: at the end, or three
       * or more of them (L.L.C., F.Z.E.) anywhere. A short word that is also a name
       * (Ao, Tov) is a legal form only first or last. */
      if (p->letters_only && p->n_words < 3 && i + p->n_words != n_words)
        continue;
      /* Mr, Dr, Ms from another script are most likely a name written without its
       * vowels (Arabic عمر: mr). */
      if (p->replacement == NULL && !latin && p->n_words == 1 && strlen (p->words[0]) <= 3)
        continue;
      if (p->n_words == 1 && strlen (p->words[0]) <= 3 && p->replacement != NULL
          && !g_str_equal (p->words[0], p->replacement) && i != 0 && i + 1 != n_words)
        continue;
      best = p;
    }
  return best;
}

static void
append_word (GString    *out,
             const char *word)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append (out, word);
}

/**
 * _ld_name_forms_rewrite:
 * @folded: lowercase ASCII words separated by single spaces
 * @latin: whether the name was written in Latin letters
 *
 * Returns: (transfer full): the words with legal forms as one token each and
 *   numbers as digits.
 */
char *
_ld_name_forms_rewrite (const char *folded,
                        gboolean    latin)
{
  g_auto(GStrv) words = g_strsplit (folded, " ", -1);
  guint n_words = g_strv_length (words);
  GString *out = g_string_sized_new (strlen (folded) + 8);

  for (guint i = 0; i < n_words;)
    {
      const Phrase *phrase = phrase_at (words, i, n_words, latin);
      guint taken = 0;
      int value;

      if (phrase != NULL)
        {
          if (phrase->replacement != NULL)
            append_word (out, phrase->replacement);
          else
            /* A title of several words keeps its title words only: the “his” of
             * His Excellency is no title alone (Her is also a Hmong clan name). */
            for (guint w = 0; w < phrase->n_words; w++)
              if (phrase->n_words == 1 || ld_name_forms_is_title (words[i + w]))
                append_word (out, words[i + w]);
          i += phrase->n_words;
          continue;
        }
      /* A number of one word (first, 2nd, three) is the canonical spelling's business
       * (_ld_name_forms_number()), which keeps the word as written for typos. */
      if (((value = number_in_words (words, i, &taken)) >= 0 && taken >= 2)
          || (value = roman_number (words, i)) >= 0)
        {
          g_autofree char *digits = g_strdup_printf ("%d", value);

          append_word (out, digits);
          i += MAX (taken, 1);
          continue;
        }
      append_word (out, words[i++]);
    }
  return g_string_free (out, FALSE);
}

/* ---- Wade-Giles ---- */

/*
 * Wade-Giles writes Mao Zedong as Mao Tse-tung and Deng Xiaoping as Teng Hsiao-p'ing.
 * A name is read as Wade-Giles only when every word is made of Wade-Giles syllables and
 * one of them has a mark pinyin never writes (hs, ts, tz, an apostrophe after the
 * initial, -ung, -ih, -ieh, ch before i); then each syllable is spelt in pinyin and the
 * syllables of a word are written together, as pinyin writes them.
 */

static const char * const wg_initials[] = {
  "ch'", "ch", "hs", "k'", "p'", "t'", "ts'", "ts", "tz'", "tz", "ss", "sz", "sh",
  "k", "p", "t", "j", "f", "h", "l", "m", "n", "s", "w", "y", "",
};

static const char * const wg_finals[] = {
  "iung", "uang", "iang", "ueh", "ieh", "ien", "iao", "ing", "ung", "ang", "eng", "erh", "uai",
  "uan", "uei", "ai", "an", "ao", "ei", "en", "eh", "ia", "ih", "in", "iu", "ou", "ua", "ui",
  "un", "uo", "a", "e", "i", "o", "u",
};

typedef struct
{
  const char *initial;
  const char *final;
} WgSyllable;

static gboolean
wg_parse (const char *syllable,
          WgSyllable *out)
{
  for (guint i = 0; i < G_N_ELEMENTS (wg_initials); i++)
    {
      if (!g_str_has_prefix (syllable, wg_initials[i]))
        continue;
      for (guint f = 0; f < G_N_ELEMENTS (wg_finals); f++)
        if (g_str_equal (syllable + strlen (wg_initials[i]), wg_finals[f]))
          {
            out->initial = wg_initials[i];
            out->final = wg_finals[f];
            return TRUE;
          }
    }
  return FALSE;
}

/* Marks no pinyin and no Korean romanisation writes: an apostrophe after the initial,
 * hs, tz, ss, sz, ts before e, u or -ung, and the finals -ih, -ieh, -ien, -erh, -eh. */
static gboolean
wg_marked (const WgSyllable *s)
{
  const char *i = s->initial, *f = s->final;

  return strchr (i, '\'') != NULL || g_str_equal (i, "hs") || g_str_has_prefix (i, "tz")
         || g_str_equal (i, "ss") || g_str_equal (i, "sz")
         || (g_str_equal (i, "ts") && (g_str_equal (f, "e") || g_str_equal (f, "u") || g_str_equal (f, "ung")))
         || g_str_equal (f, "ih") || g_str_equal (f, "ieh") || g_str_equal (f, "ien") || g_str_equal (f, "erh")
         || g_str_equal (f, "eh");
}

static const char *
wg_pinyin_initial (const WgSyllable *s)
{
  static const struct { const char *wg; const char *py; } map[] = {
    { "hs", "x" }, { "k'", "k" }, { "k", "g" }, { "p'", "p" }, { "p", "b" }, { "t'", "t" }, { "t", "d" },
    { "ts'", "c" }, { "tz'", "c" }, { "ts", "z" }, { "tz", "z" }, { "ss", "s" }, { "sz", "s" }, { "j", "r" },
  };
  gboolean front = s->final[0] == 'i' && !g_str_equal (s->final, "ih");

  if (g_str_equal (s->initial, "ch'"))
    return front ? "q" : "ch";
  if (g_str_equal (s->initial, "ch"))
    return front ? "j" : "zh";
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (s->initial, map[i].wg))
      return map[i].py;
  return s->initial;
}

static const char *
wg_pinyin_final (const WgSyllable *s,
                 const char       *initial)
{
  static const struct { const char *wg; const char *py; } map[] = {
    { "iung", "iong" }, { "ung", "ong" }, { "ih", "i" }, { "ieh", "ie" }, { "ien", "ian" },
    { "ueh", "ue" }, { "eh", "e" }, { "erh", "er" }, { "uei", "ui" },
  };

  /* ko, k'o, ho are ge, ke, he; tzu, ssu are zi, si. */
  if (g_str_equal (s->final, "o") && (g_str_equal (initial, "g") || g_str_equal (initial, "k")
                                       || g_str_equal (initial, "h")))
    return "e";
  if (g_str_equal (s->final, "u") && (g_str_equal (initial, "z") || g_str_equal (initial, "c")
                                       || g_str_equal (initial, "s")) && strlen (s->initial) >= 2)
    return "i";
  if (g_str_equal (s->initial, "y") && g_str_equal (s->final, "u"))
    return "ou";
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (s->final, map[i].wg))
      return map[i].py;
  return s->final;
}

/* Splits @word at hyphens into syllables; FALSE if one is not Wade-Giles. */
static gboolean
wg_word (const char *word,
         GString    *pinyin,
         gboolean   *marked)
{
  g_auto(GStrv) parts = g_strsplit (word, "-", -1);
  gboolean word_marked = FALSE;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_autofree char *lower = g_ascii_strdown (parts[i], -1);
      WgSyllable s;
      const char *initial;

      if (lower[0] == '\0' || !wg_parse (lower, &s))
        return FALSE;
      word_marked |= wg_marked (&s);
      initial = wg_pinyin_initial (&s);
      g_string_append (pinyin, initial);
      g_string_append (pinyin, wg_pinyin_final (&s, initial));
    }
  *marked |= word_marked;
  return TRUE;
}

/**
 * _ld_name_forms_wade_giles:
 * @ascii: a name in ASCII, apostrophes and hyphens as written
 *
 * Returns: (transfer full) (nullable): the name in pinyin if it is written in
 *   Wade-Giles, else %NULL.
 */
char *
_ld_name_forms_wade_giles (const char *ascii)
{
  static const char * const marks[] = { "'", "hs", "ts", "tz", "ss", "sz", "ih", "ieh", "ien", "erh", "eh" };
  g_autofree char *lower = g_ascii_strdown (ascii, -1);
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) out = NULL;
  gboolean marked = FALSE, any_mark = FALSE;

  /* Most names have none of the marks: skip them. */
  for (guint i = 0; i < G_N_ELEMENTS (marks) && !any_mark; i++)
    any_mark = strstr (lower, marks[i]) != NULL;
  if (!any_mark)
    return NULL;
  /* Word by word: a word of Wade-Giles syllables is spelt in pinyin, any other word
   * (Trading, a legal form) is left as it is. */
  words = g_strsplit_set (lower, " ,", -1);
  out = g_string_new (NULL);
  for (guint i = 0; words[i] != NULL; i++)
    {
      gsize before;

      if (words[i][0] == '\0')
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      before = out->len;
      if (!wg_word (words[i], out, &marked))
        {
          g_string_truncate (out, before);
          g_string_append (out, words[i]);
        }
    }
  return marked ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}
