/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-name-key"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "ld-name-forms.h"
#include "ld-name-hebrew-letters.h"
#include "ld-name-key.h"
#include "ld-name-key-private.h"
#include "ld-name-korean.h"
#include "ld-name-normalizer.h"
#include "ld-name-thai-letters.h"

/*
 * The readings of a name for the duplicate check: what screening reads of Hebrew,
 * Korean and Thai names (ld-name-hebrew-letters.c, ld-name-korean.c,
 * ld-name-thai-letters.c), as keys the store can look up. A key meets a key; a
 * reading is one more key a name is found under:
 *
 * - "=" and a compact key: a Korean name in one of the spellings South Koreans give
 *   each syllable (ld_name_normalizer_customary_spellings() and _variants()), which
 *   meets the compact key of the name typed in Latin letters (Lee Myung-bak, 이명박).
 * - "hebrew:H " and the words' consonant keys (ld_name_hebrew_letter_keys(), or the
 *   readings of a short word, ld_name_hebrew_letter_readings()) for a name in Hebrew
 *   letters, one reading for each way its letters are read; "hebrew:L " and the words'
 *   Latin keys (ld_name_hebrew_latin_key(), _latin_reading()) for every other name.
 *   An H reading meets the L reading of the same words (David Cohen, דוד כהן).
 * - "thai:T " and the consonants of each word's Thai fold (_ld_name_thai_fold(), of
 *   the word as its bearer writes it or as the RTGS writes it) for a Thai name; "thai:L "
 *   and the same of every other name's words. The Latin spellings of Thai names write
 *   the vowels most differently (screening lets a fold differ in a vowel), so the
 *   duplicate check compares the consonants the fold keeps, which both write.
 *
 * Only across scripts: two names in Latin letters, or two in Hebrew letters, are
 * compared by their keys alone. Numbers are kept as written in every reading, so
 * "Trading 11" never meets "Trading 1".
 */

/* A word's consonant key of fewer consonants tells too little: screening compares such
 * words by their readings with vowels (ld_name_hebrew_letter_readings()). */
#define HEBREW_KEY_MIN_CONSONANTS 3

/* Readings of one script kept for one name, at most: those of each word's likeliest
 * spellings first (see foreach_combination()). A name in Hebrew letters of three words
 * has a few hundred (יהודה alone two dozen); a Latin name a few. */
#define MAX_SCRIPT_READINGS 512

/* Appends @spelling to @choices unless it is there already. */
static void
add_choice (GPtrArray  *choices,
            char       *spelling)
{
  if (spelling == NULL)
    return;
  for (guint i = 0; i < choices->len; i++)
    if (strcmp (g_ptr_array_index (choices, i), spelling) == 0)
      {
        g_free (spelling);
        return;
      }
  g_ptr_array_add (choices, spelling);
}

/* A number as every reading writes it: "#" and its digits, never folded. */
static char *
number_reading (const char *word)
{
  g_auto(GStrv) canonical = ld_name_normalizer_canonicalize (word);

  if (g_strv_length (canonical) == 1 && ld_name_forms_is_number (canonical[0]))
    return g_strconcat ("#", canonical[0], NULL);
  return NULL;
}

/* The words of a name as the Hebrew and Thai readings take them: each word, whether a
 * key leaves it out, and its number reading if it is one; made once for both. */
typedef struct
{
  char     **words;
  gboolean  *dropped;
  char     **numbers;
} NameWords;

static void
name_words_init (NameWords  *nw,
                 char      **words)
{
  guint n = g_strv_length (words);

  nw->words = words;
  nw->dropped = g_new0 (gboolean, n + 1);
  nw->numbers = g_new0 (char *, n + 1);
  for (guint w = 0; w < n; w++)
    {
      nw->dropped[w] = _ld_name_key_word_is_droppable (words[w]);
      if (!nw->dropped[w])
        nw->numbers[w] = number_reading (words[w]);
    }
}

static void
name_words_clear (NameWords *nw)
{
  guint n = g_strv_length (nw->words);

  for (guint w = 0; w < n; w++)
    g_free (nw->numbers[w]);
  g_free (nw->numbers);
  g_free (nw->dropped);
}

/*
 * Calls @func with each way of choosing one spelling per slot of @slots (GPtrArrays of
 * spellings, the likeliest first), until @max ways are made: those of the likeliest
 * spellings first, by the sum of their places in their slots, so that past the limit
 * every word has still been tried in its first few spellings (יהודה has two dozen).
 */
typedef void (*ChoiceFunc) (const char **chosen,
                            guint        n,
                            gpointer     data);

typedef struct
{
  GPtrArray   *slots;
  const char **chosen;
  ChoiceFunc   func;
  gpointer     data;
  guint        budget;
} Combinations;

/* The ways of choosing from slot @slot on whose places sum to @remaining; FALSE when
 * the budget is spent. */
static gboolean
choose_from (Combinations *c,
             guint         slot,
             guint         remaining)
{
  GPtrArray *choices = g_ptr_array_index (c->slots, slot);

  if (slot + 1 == c->slots->len)
    {
      if (remaining >= choices->len)
        return TRUE;
      c->chosen[slot] = g_ptr_array_index (choices, remaining);
      c->func (c->chosen, c->slots->len, c->data);
      return --c->budget > 0;
    }
  for (guint place = 0; place <= remaining && place < choices->len; place++)
    {
      c->chosen[slot] = g_ptr_array_index (choices, place);
      if (!choose_from (c, slot + 1, remaining - place))
        return FALSE;
    }
  return TRUE;
}

static void
foreach_combination (GPtrArray  *slots,
                     guint       max,
                     ChoiceFunc  func,
                     gpointer    data)
{
  g_autofree const char **chosen = g_new0 (const char *, slots->len + 1);
  Combinations c = { slots, chosen, func, data, max };
  guint last_sum = 0;

  for (guint i = 0; i < slots->len; i++)
    last_sum += ((GPtrArray *) g_ptr_array_index (slots, i))->len - 1;
  for (guint sum = 0; sum <= last_sum; sum++)
    if (!choose_from (&c, 0, sum))
      return;
}

typedef struct
{
  const char *prefix;
  GPtrArray  *out;
} JoinClosure;

static void
add_joined (const char **chosen,
            guint        n,
            gpointer     data)
{
  JoinClosure *closure = data;
  GString *reading = g_string_new (closure->prefix);

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (reading, ' ');
      g_string_append (reading, chosen[i]);
    }
  /* Made once each: the spellings of a word differ. */
  g_ptr_array_add (closure->out, g_string_free (reading, FALSE));
}

/* Readings of @prefix and one spelling per slot, to @out; none for a name without a
 * slot. */
static void
add_readings (GPtrArray  *out,
              const char *prefix,
              GPtrArray  *slots)
{
  JoinClosure closure = { prefix, out };

  if (slots->len > 0)
    foreach_combination (slots, MAX_SCRIPT_READINGS, add_joined, &closure);
}

static void
free_slot (gpointer slot)
{
  g_ptr_array_free (slot, TRUE);
}

static GPtrArray *
new_slots (void)
{
  return g_ptr_array_new_with_free_func (free_slot);
}

/* Keeps @slot when it has a spelling; a word with none (no consonant to compare)
 * is left out. */
static void
add_slot (GPtrArray *slots,
          GPtrArray *slot)
{
  if (slot->len == 0)
    g_ptr_array_free (slot, TRUE);
  else
    g_ptr_array_add (slots, slot);
}

/* ---- Hebrew ---- */

/* The vowel marks (i, o) a short word's reading writes, at most this many. */
#define MAX_VOWEL_MARKS 4

/* @reading with each choice of its vowel marks left out: a short Hebrew word meets a
 * Latin one when the vowels its letters write are all in the Latin spelling, which may
 * write more (ld_name_hebrew_reading_agrees(): משה Moshe; רון is Ron, not Ran). */
static void
add_with_marks_left_out (GPtrArray  *slot,
                         const char *reading)
{
  guint marks[MAX_VOWEL_MARKS], n_marks = 0;

  for (guint i = 0; reading[i] != '\0'; i++)
    if ((reading[i] == 'i' || reading[i] == 'o') && n_marks < MAX_VOWEL_MARKS)
      marks[n_marks++] = i;
  for (guint left_out = 0; left_out < (1u << n_marks); left_out++)
    {
      GString *kept = g_string_new (NULL);

      for (guint i = 0, m = 0; reading[i] != '\0'; i++)
        {
          gboolean mark = m < n_marks && marks[m] == i;

          if (!mark || !(left_out & (1u << m)))
            g_string_append_c (kept, reading[i]);
          m += mark;
        }
      add_choice (slot, g_string_free (kept, FALSE));
    }
}

/* A Latin word as screening compares it with Hebrew (hebrew_letters_similarity()): by
 * its consonant key when it has three consonants or more, else by its reading with the
 * vowels Hebrew may write, which must agree with the Hebrew word's: exactly for a word of
 * one consonant (Avi is not Ava), within the Latin spelling's for two. */
static void
add_latin_spellings (GPtrArray  *slot,
                     const char *word)
{
  g_autofree char *key = ld_name_hebrew_latin_key (word);
  g_autofree char *reading = NULL;

  if (key != NULL && ld_name_hebrew_key_consonants (key) >= HEBREW_KEY_MIN_CONSONANTS)
    {
      add_choice (slot, g_steal_pointer (&key));
      return;
    }
  reading = ld_name_hebrew_latin_reading (word);
  if (reading != NULL && ld_name_hebrew_key_consonants (reading) == 1)
    add_choice (slot, g_steal_pointer (&reading));
  else if (reading != NULL)
    add_with_marks_left_out (slot, reading);
}

/* The keys of a word in Hebrew letters, as add_latin_spellings() writes a Latin word
 * that meets it: its keys of three consonants or more, its readings of fewer. */
static void
add_hebrew_spellings (GPtrArray  *slot,
                      const char *hebrew_word)
{
  g_auto(GStrv) keys = ld_name_hebrew_letter_keys (hebrew_word);
  g_auto(GStrv) readings = ld_name_hebrew_letter_readings (hebrew_word);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    if (ld_name_hebrew_key_consonants (keys[i]) >= HEBREW_KEY_MIN_CONSONANTS)
      add_choice (slot, g_strdup (keys[i]));
  for (guint i = 0; readings != NULL && readings[i] != NULL; i++)
    add_choice (slot, g_strdup (readings[i]));
}

static void
add_hebrew_readings (GPtrArray       *out,
                     const char      *name,
                     const NameWords *nw,
                     const char      *normal)
{
  g_auto(GStrv) hebrew = ld_name_normalizer_hebrew_words (name, normal);
  g_autoptr(GPtrArray) slots = new_slots ();
  gboolean read_from_hebrew = FALSE;

  for (guint w = 0; nw->words[w] != NULL; w++)
    {
      GPtrArray *slot;

      if (nw->dropped[w])
        continue;
      slot = g_ptr_array_new_with_free_func (g_free);
      if (nw->numbers[w] != NULL)
        add_choice (slot, g_strdup (nw->numbers[w]));
      else if (hebrew != NULL && hebrew[w][0] != '\0')
        {
          add_hebrew_spellings (slot, hebrew[w]);
          read_from_hebrew = TRUE;
        }
      else
        add_latin_spellings (slot, nw->words[w]);
      add_slot (slots, slot);
    }
  add_readings (out, read_from_hebrew ? "hebrew:H " : "hebrew:L ", slots);
}

/* ---- Thai ---- */

/* The consonants of @word's Thai fold; the whole fold for a word of one consonant
 * (ชัย, Chai), which its consonant alone would not tell from others. */
static char *
thai_consonants (const char *word)
{
  char fold[64];
  gsize len = _ld_name_thai_fold (word, fold, sizeof fold);
  GString *consonants;

  if (len == 0)
    return NULL;
  consonants = g_string_sized_new (len);
  for (gsize i = 0; i < len; i++)
    if (strchr ("aeiou", fold[i]) == NULL)
      g_string_append_c (consonants, fold[i]);
  if (consonants->len < 2)
    {
      g_string_free (consonants, TRUE);
      return g_strndup (fold, len);
    }
  return g_string_free (consonants, FALSE);
}

static void
add_thai_readings (GPtrArray       *out,
                   const char      *name,
                   const NameWords *nw,
                   const char      *normal)
{
  gboolean thai = _ld_name_has_thai (name);
  g_auto(GStrv) second = thai ? ld_name_normalizer_second_spellings (name, normal) : NULL;
  g_autoptr(GPtrArray) slots = new_slots ();

  for (guint w = 0; nw->words[w] != NULL; w++)
    {
      GPtrArray *slot;

      if (nw->dropped[w])
        continue;
      slot = g_ptr_array_new_with_free_func (g_free);
      if (nw->numbers[w] != NULL)
        add_choice (slot, g_strdup (nw->numbers[w]));
      else
        {
          /* The spelling its bearer writes first, as screening folds it, then the RTGS one. */
          if (second != NULL)
            add_choice (slot, thai_consonants (second[w]));
          add_choice (slot, thai_consonants (nw->words[w]));
        }
      add_slot (slots, slot);
    }
  add_readings (out, thai ? "thai:T " : "thai:L ", slots);
}

/* ---- Korean ---- */

typedef struct
{
  const gboolean *from_hangul;
  const char     *compact;
  const char     *second_compact;
  GPtrArray      *out;
} KoreanClosure;

/* One choice of spellings: its compact key, as ld_name_key_new() makes it of the
 * words, except that a syllable read from Hangul is a word of the name whatever it
 * spells in Latin letters (사 sa is no legal form). */
static void
add_korean_compact (const char **chosen,
                    guint        n,
                    gpointer     data)
{
  KoreanClosure *closure = data;
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *compact = NULL;

  for (guint w = 0; w < n; w++)
    {
      g_auto(GStrv) canonical = NULL;

      if (!closure->from_hangul[w] && _ld_name_key_word_is_droppable (chosen[w]))
        continue;
      canonical = ld_name_normalizer_canonicalize (chosen[w]);
      for (guint c = 0; canonical[c] != NULL; c++)
        g_ptr_array_add (tokens, g_strdup (canonical[c]));
    }
  g_ptr_array_add (tokens, NULL);
  compact = _ld_name_key_compact_of ((char **) tokens->pdata);
  if (compact[0] != '\0' && g_strcmp0 (compact, closure->compact) != 0
      && g_strcmp0 (compact, closure->second_compact) != 0)
    g_ptr_array_add (closure->out, g_strconcat ("=", compact, NULL));
}

/* The spellings of word @w (@word as normalised, or as written in Latin letters when
 * not read from Hangul): for a Hangul syllable the customary one, Revised
 * Romanization, McCune-Reischauer, and the other customary ones. */
static GPtrArray *
korean_slot (guint        w,
             const char  *word,
             char       **second,
             char       **customary,
             char       **variants,
             gboolean     from_hangul)
{
  GPtrArray *slot = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) others = NULL;

  if (!from_hangul)
    {
      g_ptr_array_add (slot, g_strdup (word));
      return slot;
    }
  add_choice (slot, g_strdup (customary[w]));
  if (second != NULL)
    add_choice (slot, g_strdup (second[w]));
  add_choice (slot, g_strdup (word));
  others = variants != NULL && variants[w][0] != '\0' ? g_strsplit (variants[w], " ", -1) : NULL;
  for (guint i = 0; others != NULL && others[i] != NULL; i++)
    add_choice (slot, g_strdup (others[i]));
  return slot;
}

/*
 * The words of @name not read from Hangul as they are written in Latin letters. The
 * Korean readings fold every Latin word of a name with Hangul as if it were a syllable
 * (Logistics comes back rogistics, as 리 is ri); the words @n_latin of them, in order,
 * from the name without its Hangul, or %NULL where they do not pair up.
 */
static char **
latin_words_beside_hangul (const char *name,
                           guint       n_latin)
{
  g_autoptr(GString) latin = g_string_sized_new (strlen (name));
  g_autofree char *normal = NULL;
  char **words;

  if (n_latin == 0)
    return NULL;
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xAC00 && c <= 0xD7A3)
        g_string_append_c (latin, ' ');
      else
        g_string_append_unichar (latin, c);
    }
  normal = ld_name_normalizer_normalize (latin->str, -1, LD_NAME_NORMALIZER_FLAGS_LENIENT, NULL);
  words = normal != NULL ? g_strsplit (normal, " ", -1) : NULL;
  if (words != NULL && g_strv_length (words) != n_latin)
    g_clear_pointer (&words, g_strfreev);
  return words;
}

/*
 * The readings of a Korean person's name written given name first, as Koreans write it
 * in English (Seo-yeon Lee for 이서연): the surname, the first of the syllables read from
 * Hangul, after the given name's syllables that follow it. None for a name of fewer
 * than two syllables in a row.
 */
static void
add_given_name_first (GPtrArray      *slots,
                      const gboolean *from_hangul,
                      KoreanClosure  *closure)
{
  g_autoptr(GPtrArray) turned = g_ptr_array_new ();
  g_autofree gboolean *turned_from_hangul = g_new0 (gboolean, slots->len + 1);
  guint surname = 0, end;

  while (surname < slots->len && !from_hangul[surname])
    surname++;
  for (end = surname; end < slots->len && from_hangul[end]; end++)
    ;
  if (end < surname + 2)
    return;
  for (guint w = 0; w < slots->len; w++)
    {
      /* The given name's syllables move up one place, and the surname follows them. */
      guint from = w < surname || w >= end ? w : w + 1 < end ? w + 1 : surname;

      g_ptr_array_add (turned, g_ptr_array_index (slots, from));
      turned_from_hangul[w] = from_hangul[from];
    }
  closure->from_hangul = turned_from_hangul;
  foreach_combination (turned, MAX_SCRIPT_READINGS, add_korean_compact, closure);
  closure->from_hangul = from_hangul;
}

static void
add_korean_readings (GPtrArray  *out,
                     const char *name,
                     char      **words,
                     const char *normal,
                     const char *compact,
                     const char *second_compact)
{
  g_autofree gboolean *from_hangul = NULL;
  g_auto(GStrv) customary = ld_name_normalizer_customary_spellings (name, normal, &from_hangul);
  g_auto(GStrv) second = NULL;
  g_auto(GStrv) variants = NULL;
  g_auto(GStrv) latin = NULL;
  guint n_latin = 0;
  g_autoptr(GPtrArray) slots = new_slots ();
  KoreanClosure closure = { NULL, compact, second_compact, out };

  if (customary == NULL)
    return;
  second = ld_name_normalizer_second_spellings (name, normal);
  variants = ld_name_normalizer_customary_variants (name, normal);
  for (guint w = 0; words[w] != NULL; w++)
    n_latin += !from_hangul[w];
  latin = latin_words_beside_hangul (name, n_latin);
  for (guint w = 0, l = 0; words[w] != NULL; w++)
    {
      const char *as_written = !from_hangul[w] && latin != NULL ? latin[l++] : words[w];

      g_ptr_array_add (slots, korean_slot (w, as_written, second, customary, variants, from_hangul[w]));
    }
  closure.from_hangul = from_hangul;
  foreach_combination (slots, MAX_SCRIPT_READINGS, add_korean_compact, &closure);
  add_given_name_first (slots, from_hangul, &closure);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/**
 * _ld_name_key_readings:
 * @name: the name as written
 * @normal: (nullable): ld_name_normalizer_normalize() of @name
 * @compact: @name's compact key
 * @second_compact: (nullable): the compact key of its second spelling
 *
 * The readings of @name (see the top of this file), sorted.
 *
 * Returns: (transfer full) (nullable): the readings, or %NULL when it has none
 */
char **
_ld_name_key_readings (const char *name,
                       const char *normal,
                       const char *compact,
                       const char *second_compact)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) words = NULL;
  NameWords nw;

  if (normal == NULL || compact == NULL || compact[0] == '\0')
    return NULL;
  words = g_strsplit (normal, " ", -1);
  add_korean_readings (out, name, words, normal, compact, second_compact);
  name_words_init (&nw, words);
  add_hebrew_readings (out, name, &nw, normal);
  add_thai_readings (out, name, &nw, normal);
  name_words_clear (&nw);
  if (out->len == 0)
    return NULL;
  /* Sorted, and without the readings made twice (two spellings of a Korean syllable
   * that canonical spelling makes one). */
  g_ptr_array_sort (out, compare_strings);
  for (guint i = out->len - 1; i > 0; i--)
    if (strcmp (g_ptr_array_index (out, i), g_ptr_array_index (out, i - 1)) == 0)
      g_ptr_array_remove_index (out, i);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_steal (out, NULL);
}

/**
 * ld_name_key_counterpart:
 * @reading: one of _ld_name_key_readings()
 *
 * The reading of the other side that meets @reading: the Latin words' reading of a
 * Hebrew or Thai one, and the other way round.
 *
 * Returns: (transfer full) (nullable): %NULL for a Korean reading, which meets a
 *   compact key
 */
char *
ld_name_key_counterpart (const char *reading)
{
  static const struct { const char *side; const char *other; } sides[] = {
    { "hebrew:H ", "hebrew:L " }, { "hebrew:L ", "hebrew:H " }, { "thai:T ", "thai:L " }, { "thai:L ", "thai:T " },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sides); i++)
    if (g_str_has_prefix (reading, sides[i].side))
      return g_strconcat (sides[i].other, reading + strlen (sides[i].side), NULL);
  return NULL;
}

static int
compare_with_reading (const void *reading,
                      const void *element)
{
  return strcmp (reading, *(const char * const *) element);
}

/* Whether @reading is one of @readings, which are sorted (a Hebrew name has hundreds). */
static gboolean
has_reading (char      **readings,
             const char *reading)
{
  return readings != NULL
         && bsearch (reading, readings, g_strv_length (readings), sizeof (char *), compare_with_reading) != NULL;
}

/**
 * _ld_name_key_readings_meet:
 * @readings: (nullable): one name's readings
 * @compact: the other name's compact key
 * @other_readings: (nullable): the other name's readings
 *
 * Whether a reading of one name meets the other: a Korean reading its compact key, a
 * Hebrew or Thai one its counterpart among the other's readings.
 */
gboolean
_ld_name_key_readings_meet (char      **readings,
                            const char *compact,
                            char      **other_readings)
{
  for (guint i = 0; readings != NULL && readings[i] != NULL; i++)
    {
      g_autofree char *counterpart = NULL;

      if (readings[i][0] == '=')
        {
          if (compact != NULL && compact[0] != '\0' && strcmp (readings[i] + 1, compact) == 0)
            return TRUE;
          continue;
        }
      counterpart = ld_name_key_counterpart (readings[i]);
      if (counterpart != NULL && has_reading (other_readings, counterpart))
        return TRUE;
    }
  return FALSE;
}
