/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-name-matcher"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ld-name-forms.h"
#include "ld-name-matcher.h"
#include "ld-name-acronym.h"
#include "ld-name-hebrew-letters.h"
#include "ld-name-normalizer.h"
#include "ld-name-thai-letters.h"
#include "ld-name-matcher-private.h"

/*
 * How a name is compared
 *
 * Both sides are normalised to canonical Latin tokens (ld-name-normalizer.c). A name is
 * then a bag of tokens, each with a weight: the inverse of how many list names contain
 * it, and a small fixed weight for particles and company words (al, bin, trading, LLC),
 * so “Mohammed” or “Trading Company” alone never make an alert. Units are the tokens
 * and each run of two or three adjacent tokens written together, which is how
 * “Abdulrahman” meets “Abd al Rahman” and “Al Qaida” meets “Alqaida”. A token mapped
 * to a canonical spelling keeps its original one too, so a typo in “Mohamed” still
 * meets “Mohamed”; a word of a script written two ways keeps its second spelling
 * instead, and a Korean syllable a third (McCune-Reischauer, Revised Romanization,
 * and as South Koreans write it: 명 myong, myeong, myung).
 *
 * Two single units are similar when they are equal (1.0), one edit apart (typos,
 * 0.7-0.95 by length; three-letter tokens only by a letter more or less) or share a
 * consonant skeleton and shape (0.88, transliteration variants). Particles, and tokens
 * the query writes together, match only exactly. Units pair up greedily, best first,
 * each token used once, in any order. The score is a weighted geometric mean of the
 * share of the query matched (0.65) and of the list name matched, then capped when the
 * evidence is thin: only common tokens, a single shared surname, a single token only
 * spelt alike.
 *
 * A list name that has rare tokens (in at most 1% of list names) must have one of them
 * matched, or it scores 0: that keeps common tokens from raising alerts, and it makes
 * the index exact.
 *
 * The index maps keys (64-bit hashes of a unit's text, of its one-letter deletions and
 * of its skeleton) to postings (name, unit). Two units can be similar only if they
 * share a key. Units that cover a rare token make candidates; the others only record,
 * for candidates found through a rare token, which tokens on both sides may match, and
 * that bounds the score from above, so a candidate that cannot reach the requested
 * band is dropped before it is scored. Hence the index returns exactly the hits the
 * brute-force path (scoring every name) returns, which the tests check over the whole
 * list. Weak aliases are indexed by their exact token set only.
 */


G_DEFINE_FINAL_TYPE (LdNameMatcher, ld_name_matcher, G_TYPE_OBJECT)

static void
prepared_name_free (gpointer data)
{
  PreparedName *name = data;

  for (guint i = 0; i < name->n_units; i++)
    {
      g_free (name->units[i].text);
      g_free (name->units[i].skeleton);
      g_free (name->units[i].raw);
      g_free (name->units[i].raw_skeleton);
      g_free (name->units[i].thai_fold);
      g_free (name->units[i].thai_indic_fold);
      g_free (name->units[i].latin_key);
      g_strfreev (name->units[i].hebrew_keys);
      g_free (name->units[i].alt);
      g_free (name->units[i].alt_skeleton);
      g_free (name->units[i].latin_reading);
      g_strfreev (name->units[i].hebrew_readings);
      g_strfreev (name->units[i].variants);
    }
  for (guint i = 0; i < name->n_tokens; i++)
    g_free (name->raw[i]);
  g_free (name->raw);
  g_strfreev (name->words);
  g_free (name->word_of);
  g_free (name->syllable);
  g_free (name->units);
  g_strfreev (name->tokens);
  g_free (name->weights);
  g_free (name->rare);
  g_free (name->exact_key);
  g_free (name->acronym);
  g_free (name);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PreparedName, prepared_name_free)

void
ld_screening_hit_free (LdScreeningHit *hit)
{
  if (hit == NULL)
    return;
  g_free (hit->reason);
  g_free (hit->list_date);
  g_free (hit->list_sha256);
  g_clear_object (&hit->list);
  g_free (hit);
}

LdMatchBand
ld_match_band_for_score (double score)
{
  if (score >= LD_NAME_MATCHER_PROBABLE_SCORE)
    return LD_MATCH_BAND_PROBABLE;
  if (score >= LD_NAME_MATCHER_REVIEW_SCORE)
    return LD_MATCH_BAND_REVIEW;
  if (score >= LD_NAME_MATCHER_LOGGED_SCORE)
    return LD_MATCH_BAND_LOGGED;
  return LD_MATCH_BAND_NONE;
}

const char *
ld_match_band_to_string (LdMatchBand band)
{
  switch (band)
    {
    case LD_MATCH_BAND_PROBABLE: return "probable";
    case LD_MATCH_BAND_REVIEW: return "review";
    case LD_MATCH_BAND_LOGGED: return "logged";
    case LD_MATCH_BAND_NONE:
    default: return "none";
    }
}

double
_ld_name_matcher_band_floor (LdMatchBand band)
{
  switch (band)
    {
    case LD_MATCH_BAND_PROBABLE: return LD_NAME_MATCHER_PROBABLE_SCORE;
    case LD_MATCH_BAND_REVIEW: return LD_NAME_MATCHER_REVIEW_SCORE;
    case LD_MATCH_BAND_LOGGED:
    case LD_MATCH_BAND_NONE:
    default: return LD_NAME_MATCHER_LOGGED_SCORE;
    }
}

/* ---- units and similarity ---- */

static char *
eligible_skeleton (const char *text)
{
  char *skeleton = ld_name_normalizer_skeleton (text);
  size_t slen = strlen (skeleton);

  /* “al”, “ali” and “ela” all reduce to “l”, Smith and Somad to “smd”: a skeleton
   * shorter than three letters tells nothing. */
  if (slen >= 3)
    return skeleton;
  g_free (skeleton);
  return NULL;
}

static void
unit_init (LdNameMatcher *self,
           gboolean       intern,
           Unit          *unit,
           const char    *text,
           const char    *raw,
           const char    *alt,
           gboolean       syllable,
           guint          first,
           guint          n_covered)
{
  /* Skeletons of tokens run together match far too much (the Schneider, Aweys Hassan
   * Dahir: “sndr”): joined units must be spelt alike. */
  gboolean single = n_covered == 1;

  unit->text = g_strdup (text);
  unit->len = strlen (text);
  unit->skeleton = single ? eligible_skeleton (text) : NULL;
  if (raw != NULL && strcmp (raw, text) != 0)
    {
      unit->raw = g_strdup (raw);
      unit->raw_len = strlen (raw);
      unit->raw_skeleton = single ? eligible_skeleton (raw) : NULL;
    }
  if (alt != NULL && strcmp (alt, text) != 0 && g_strcmp0 (alt, unit->raw) != 0)
    {
      unit->alt = g_strdup (alt);
      unit->alt_len = strlen (alt);
      unit->alt_skeleton = single ? eligible_skeleton (alt) : NULL;
    }
  unit->id = _ld_name_matcher_atom (self, unit->text, intern);
  unit->skeleton_id = _ld_name_matcher_atom (self, unit->skeleton, intern);
  unit->raw_id = _ld_name_matcher_atom (self, unit->raw, intern);
  unit->raw_skeleton_id = _ld_name_matcher_atom (self, unit->raw_skeleton, intern);
  unit->alt_id = _ld_name_matcher_atom (self, unit->alt, intern);
  unit->alt_skeleton_id = _ld_name_matcher_atom (self, unit->alt_skeleton, intern);
  unit->first = first;
  unit->n_covered = n_covered;
  unit->syllable = syllable;
  unit->noise = single && !syllable && ld_name_normalizer_is_noise (text);
  /* Written in digits: compared exactly. A number written as a word (third) keeps its
   * word, which may be misspelt like any other. */
  unit->number = ld_name_forms_is_number (raw != NULL ? raw : text);
  unit->initial = single && !syllable && unit->len == 1 && g_ascii_isalpha (text[0]);
}

/* ---- preparing names ---- */

static float
token_weight (LdNameMatcher *self,
              const char    *token,
              gboolean       syllable,
              gboolean      *rare)
{
  const AtomSlot *slot;
  guint df;

  *rare = FALSE;
  /* Titles (President, Sheikh) weigh as little as particles, but are compared like
   * any word, so a misspelt title still meets its title. Not Mr or Dr: two or three
   * letters are as often a name written without its vowels (عمر: mr). A Korean
   * syllable is a word of the name, whatever it looks like in Latin letters (두: du). */
  if (!syllable && (ld_name_normalizer_is_noise (token) || (ld_name_forms_is_title (token) && strlen (token) > 3)))
    return NOISE_WEIGHT;
  /* An initial says one letter of a word; a Korean syllable says one (이: i). */
  if (!syllable && token[0] != '\0' && token[1] == '\0' && g_ascii_isalpha (token[0]))
    return NOISE_WEIGHT;
  if (!self->counted)
    return 1.0f;
  slot = _ld_name_matcher_atom_lookup (self, token);
  df = slot != NULL ? slot->doc_freq : 0;
  *rare = df <= self->rare_limit;
  if (df == 0)  /* unknown to the list: telling, unless it is a stray letter or two */
    return self->max_weight * MIN (1.0f, strlen (token) / 5.0f);
  return logf (1.0f + (float) self->names->len / (float) df);
}

/*
 * The tokens sorted and space-separated. At most sixteen tokens: an insertion sort,
 * which, unlike qsort() and g_strjoinv(), brings no more code into a cold cache.
 */
static char *
make_exact_key (char **tokens,
                guint  n_tokens)
{
  const char *sorted[MAX_TOKENS];
  GString *key = g_string_sized_new (64);

  for (guint i = 0; i < n_tokens; i++)
    {
      guint j = i;

      for (; j > 0 && strcmp (sorted[j - 1], tokens[i]) > 0; j--)
        sorted[j] = sorted[j - 1];
      sorted[j] = tokens[i];
    }
  for (guint i = 0; i < n_tokens; i++)
    {
      if (i > 0)
        g_string_append_c (key, ' ');
      g_string_append (key, sorted[i]);
    }
  return g_string_free (key, FALSE);
}

static gboolean
starts_word (const PreparedName *name,
             guint               i)
{
  return i == 0 || name->word_of[i - 1] != name->word_of[i];
}

static gboolean
ends_word (const PreparedName *name,
           guint               i)
{
  return i + 1 == name->n_tokens || name->word_of[i + 1] != name->word_of[i];
}

/* @spellings[first .. first + n) written together. */
static char *
join_spellings (char  **spellings,
                guint   first,
                guint   n)
{
  GString *joined = g_string_new (NULL);

  for (guint i = first; i < first + n; i++)
    g_string_append (joined, spellings[i]);
  return g_string_free (joined, FALSE);
}

/*
 * A unit for tokens [first, first + n) written together, in both spellings. When the
 * unit spans whole words, its original spelling is those words (Abdurochim, not the
 * canonical abd al rochim), so a typo in a split compound still meets it. Syllables
 * read from Hangul (@second and @customary: per token of such a name, else NULL) are
 * written together in their second and third spellings, as Korean given names are
 * written as one word as often as two (Jaemyung, Jae-myung; Geunhye, Geun-hye).
 */
static void
add_joined_unit (LdNameMatcher  *self,
                 gboolean        intern,
                 PreparedName   *name,
                 char          **second,
                 char          **customary,
                 guint           first,
                 guint           n)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) raw = g_string_new (NULL);
  g_autofree char *alt = NULL;
  gboolean aligned = starts_word (name, first) && ends_word (name, first + n - 1);
  gboolean syllables = TRUE;

  for (guint i = first; i < first + n; i++)
    syllables &= name->syllable[i];
  if (!syllables)
    second = customary = NULL;
  if (customary != NULL)
    alt = join_spellings (customary, first, n);
  for (guint i = first; i < first + n; i++)
    {
      g_string_append (text, name->tokens[i]);
      if (second != NULL)
        g_string_append (raw, second[i]);
      else if (aligned && starts_word (name, i))
        g_string_append (raw, name->words[name->word_of[i]]);
      else if (!aligned)
        g_string_append (raw, name->raw[i] != NULL ? name->raw[i] : name->tokens[i]);
    }
  unit_init (self, intern, &name->units[name->n_units++], text->str, raw->str, alt, syllables, first, n);
}

/* A word that became several tokens (abdurochim: abd al rochim) also stands as a unit. */
static gboolean
is_split_word (const PreparedName *name,
               guint               first,
               guint               n)
{
  return starts_word (name, first) && ends_word (name, first + n - 1)
         && name->word_of[first] == name->word_of[first + n - 1];
}

/*
 * The second spelling of a word that has one (a Thai word as its bearer writes it,
 * ld_name_normalizer_second_spellings()), canonical like the first, in place of the
 * word as written: it is the spelling compared and indexed next to the canonical one.
 */
static char *
second_spelling (const char *canonical,
                 const char *second)
{
  g_auto(GStrv) tokens = NULL;

  if (second == NULL)
    return NULL;
  tokens = ld_name_normalizer_canonicalize (second);
  if (g_strv_length (tokens) != 1 || strcmp (tokens[0], canonical) == 0)
    return NULL;
  return g_strdup (tokens[0]);
}

/*
 * A word of a name written in Thai keeps the fold of the spelling its bearer would
 * write (its second spelling, else its RTGS one), taken before canonical spelling: the
 * Latin spellings of Thai names mix the Indic and the Thai values of a letter word by
 * word (Chulanont and Juangroongruangkit for จ), which no one spelling meets (see
 * thai_fold_similarity()). A word read as several tokens has none.
 */
static void
fold_thai_units (PreparedName  *name,
                 char         **second,
                 char         **indic)
{
  char fold[MAX_THAI_FOLD];
  gsize len;

  for (guint i = 0; i < name->n_tokens; i++)
    {
      Unit *unit = &name->units[i];
      guint w = name->word_of[i];
      gboolean alone = (i == 0 || name->word_of[i - 1] != w) && (i + 1 == name->n_tokens || name->word_of[i + 1] != w);

      if (unit->noise || unit->number || unit->initial || !alone)
        continue;
      unit->thai_fold_len = _ld_name_thai_fold (second != NULL ? second[w] : name->words[w], fold, sizeof fold);
      if (unit->thai_fold_len == 0)
        continue;
      unit->thai_fold = g_strndup (fold, unit->thai_fold_len);
      /* The Indic reading's fold, compared and indexed next to it (see
       * ld_name_normalizer_indic_spellings()). */
      len = indic != NULL ? _ld_name_thai_fold (indic[w], fold, sizeof fold) : 0;
      if (len > 0 && (len != unit->thai_fold_len || memcmp (fold, unit->thai_fold, len) != 0))
        {
          unit->thai_indic_fold = g_strndup (fold, len);
          unit->thai_indic_fold_len = len;
        }
    }
}

/*
 * The keys of word @w to compare with unvowelled Hebrew (ld-name-hebrew-letters.c):
 * its Hebrew readings when written in Hebrew letters, else its Latin key. A name with
 * Hebrew letters whose word was not read from them (@hebrew[w] is "") has neither.
 */
static void
set_hebrew_keys (Unit        *unit,
                 const char  *word,
                 char       **hebrew,
                 guint        w)
{
  if (unit->noise || unit->number)
    return;
  if (hebrew == NULL)
    {
      unit->latin_key = ld_name_hebrew_latin_key (word);
      unit->latin_reading = ld_name_hebrew_latin_reading (word);
    }
  else if (hebrew[w][0] != '\0')
    {
      unit->hebrew_keys = ld_name_hebrew_letter_keys (hebrew[w]);
      unit->hebrew_readings = ld_name_hebrew_letter_readings (hebrew[w]);
    }
}

/* The third spelling of a word (a Korean syllable as South Koreans write it,
 * ld_name_normalizer_customary_spellings()), canonical, when it is not one of the
 * other two. */
static char *
third_spelling (const char *canonical,
                const char *second,
                const char *third)
{
  char *spelling = second_spelling (canonical, third);

  if (spelling != NULL && g_strcmp0 (spelling, second) == 0)
    g_clear_pointer (&spelling, g_free);
  return spelling;
}

/* The other spellings of a syllable (@spellings, space-separated: see
 * ld_name_normalizer_customary_variants()), canonical, beyond those @unit has. */
static void
set_variants (Unit       *unit,
              const char *spellings)
{
  g_auto(GStrv) words = NULL;
  GPtrArray *variants;

  if (spellings == NULL || *spellings == '\0' || unit->n_covered != 1)
    return;
  words = g_strsplit (spellings, " ", -1);
  variants = g_ptr_array_new ();
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_auto(GStrv) canonical = ld_name_normalizer_canonicalize (words[i]);

      if (g_strv_length (canonical) != 1 || strcmp (canonical[0], unit->text) == 0
          || g_strcmp0 (canonical[0], unit->raw) == 0 || g_strcmp0 (canonical[0], unit->alt) == 0)
        continue;
      g_ptr_array_add (variants, g_strdup (canonical[0]));
    }
  if (variants->len == 0)
    {
      g_ptr_array_free (variants, TRUE);
      return;
    }
  g_ptr_array_add (variants, NULL);
  unit->variants = (char **) g_ptr_array_free (variants, FALSE);
}

static PreparedName *
prepare_words (LdNameMatcher  *self,
               char          **words,
               char          **second,
               char          **hebrew,
               char          **third,
               gboolean       *from_hangul,
               char          **variants,
               LdNameQuality   quality,
               gboolean        intern,
               gboolean        thai,
               char          **indic)
{
  gboolean single_word[MAX_TOKENS] = { FALSE };  /* per token: its word is this one token */
  PreparedName *name = g_new0 (PreparedName, 1);
  GPtrArray *tokens = g_ptr_array_new ();
  GPtrArray *raw = g_ptr_array_new ();
  gboolean joined_spellings;
  GArray *syllable = g_array_new (FALSE, FALSE, sizeof (gboolean));
  g_autoptr(GPtrArray) alt = g_ptr_array_new_with_free_func (g_free);
  /* Per token of a name read from Hangul: its second and third spellings, or the token
   * where they are the same, for the tokens written together. */
  g_autoptr(GPtrArray) second_tokens = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) customary_tokens = g_ptr_array_new_with_free_func (g_free);
  GArray *word_of = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint w = 0; words[w] != NULL && tokens->len < MAX_TOKENS; w++)
    {
      g_auto(GStrv) canonical = ld_name_normalizer_canonicalize (words[w]);
      gboolean single = g_strv_length (canonical) == 1;
      char *other = single && second != NULL ? second_spelling (canonical[0], second[w]) : NULL;
      gboolean mapped = single && strcmp (canonical[0], words[w]) != 0;
      char *customary = single && third != NULL ? third_spelling (canonical[0], other, third[w]) : NULL;
      gboolean from_syllable = from_hangul != NULL && from_hangul[w];

      for (guint c = 0; canonical[c] != NULL && tokens->len < MAX_TOKENS; c++)
        {
          single_word[tokens->len] = single;
          g_ptr_array_add (tokens, g_strdup (canonical[c]));
          g_ptr_array_add (raw, other != NULL ? other : mapped ? g_strdup (words[w]) : NULL);
          g_ptr_array_add (alt, customary);
          if (third != NULL)
            {
              g_autofree char *third_token = single ? second_spelling (canonical[0], third[w]) : NULL;

              g_ptr_array_add (second_tokens, g_strdup (other != NULL ? other : canonical[c]));
              g_ptr_array_add (customary_tokens, g_strdup (third_token != NULL ? third_token : canonical[c]));
            }
          g_array_append_val (word_of, w);
          g_array_append_val (syllable, from_syllable);
        }
    }
  name->n_tokens = tokens->len;
  g_ptr_array_add (tokens, NULL);
  name->tokens = (char **) g_ptr_array_free (tokens, FALSE);
  name->raw = (char **) g_ptr_array_free (raw, FALSE);
  name->word_of = (guint *) g_array_free (word_of, FALSE);
  name->words = g_strdupv (words);
  name->quality = quality;
  /* Hangul is read a syllable a word, and each syllable is a word of the name of its
   * own (a Sino-Korean morpheme): never a particle or an initial however short it is
   * in Latin letters (두: du, 이: i), and one letter more or less is another syllable
   * (명: myong, 용: yong), not a misspelling. */
  name->syllable = (gboolean *) g_array_free (syllable, FALSE);
  joined_spellings = third != NULL && second_tokens->len == name->n_tokens;
  name->weights = g_new (float, name->n_tokens);
  name->rare = g_new0 (gboolean, name->n_tokens);
  name->units = g_new0 (Unit, name->n_tokens * 3 + 1);
  for (guint i = 0; i < name->n_tokens; i++)
    {
      unit_init (self, intern, &name->units[name->n_units++], name->tokens[i], name->raw[i],
                 g_ptr_array_index (alt, i), name->syllable[i], i, 1);
      name->weights[i] = token_weight (self, name->tokens[i], name->syllable[i], &name->rare[i]);
      name->has_rare |= name->rare[i];
      name->total_weight += name->weights[i];
      name->has_initials |= name->units[i].initial;
      if (single_word[i] && variants != NULL && name->syllable[i])
        set_variants (&name->units[i], variants[name->word_of[i]]);
      /* A word split into several tokens (abd al rahman) is no one word of Hebrew. */
      if (single_word[i])
        set_hebrew_keys (&name->units[i], name->words[name->word_of[i]], hebrew, name->word_of[i]);
    }
  if (thai)
    fold_thai_units (name, second, indic);
  for (guint n = 2; n <= 4; n++)
    for (guint i = 0; i + n - 1 < name->n_tokens; i++)
      if (n < 4 || is_split_word (name, i, 4))
        add_joined_unit (self, intern, name, joined_spellings ? (char **) second_tokens->pdata : NULL,
                         joined_spellings ? (char **) customary_tokens->pdata : NULL, i, n);
  name->exact_key = make_exact_key (name->tokens, name->n_tokens);
  return name;
}

/* g_strsplit (normal, " ", -1) for the normaliser's single-spaced words, without its
 * list and its code. */
static char **
split_words (const char *normal)
{
  guint n = 1, w = 0;
  char **words;
  const char *start = normal;

  for (const char *p = normal; *p != '\0'; p++)
    n += *p == ' ';
  words = g_new (char *, n + 1);
  for (const char *p = normal;; p++)
    if (*p == ' ' || *p == '\0')
      {
        words[w++] = g_strndup (start, p - start);
        if (*p == '\0')
          break;
        start = p + 1;
      }
  words[w] = NULL;
  return words;
}

static PreparedName *
prepare_text (LdNameMatcher          *self,
              const char             *text,
              LdNameQuality           quality,
              LdNameNormalizerFlags   flags,
              gboolean                intern,
              GError                **error)
{
  g_autofree char *normal = ld_name_normalizer_normalize (text, -1, flags, error);
  g_auto(GStrv) words = NULL;
  g_auto(GStrv) second = NULL;
  g_auto(GStrv) hebrew = NULL;
  g_auto(GStrv) third = NULL;
  g_auto(GStrv) variants = NULL;
  g_auto(GStrv) indic = NULL;
  g_autofree gboolean *from_hangul = NULL;
  gboolean thai = _ld_name_has_thai (text);

  if (normal == NULL)
    return NULL;
  words = split_words (normal);
  second = ld_name_normalizer_second_spellings (text, normal);
  hebrew = ld_name_normalizer_hebrew_words (text, normal);
  third = ld_name_normalizer_customary_spellings (text, normal, &from_hangul);
  if (third != NULL)
    variants = ld_name_normalizer_customary_variants (text, normal);
  if (thai)
    indic = ld_name_normalizer_indic_spellings (text, normal);
  return prepare_words (self, words, second, hebrew, third, from_hangul, variants, quality, intern, thai, indic);
}


/* ---- building ---- */

/* A name counts once for a token it has twice. */
static gboolean
token_seen_before (const PreparedName *name,
                   guint               t)
{
  for (guint i = 0; i < t; i++)
    if (strcmp (name->tokens[i], name->tokens[t]) == 0)
      return TRUE;
  return FALSE;
}

static void
count_document_frequency (LdNameMatcher *self)
{
  for (guint i = 0; i < self->names->len; i++)
    {
      PreparedName *name = g_ptr_array_index (self->names, i);

      for (guint t = 0; t < name->n_tokens; t++)
        if (!token_seen_before (name, t))
          _ld_name_matcher_atom_table_add (&self->atoms, name->tokens[t], _ld_name_matcher_atom_hash (name->tokens[t]))->doc_freq++;
    }
  self->counted = TRUE;
  self->max_weight = logf (1.0f + (float) self->names->len);
  self->rare_limit = MAX (3, (guint) (self->names->len * RARE_SHARE));
}

static void
reweigh (LdNameMatcher *self,
         PreparedName  *name)
{
  name->total_weight = 0;
  name->has_rare = FALSE;
  for (guint i = 0; i < name->n_tokens; i++)
    {
      name->weights[i] = token_weight (self, name->tokens[i], name->syllable[i], &name->rare[i]);
      name->has_rare |= name->rare[i];
      name->total_weight += name->weights[i];
    }
}

static void
add_list_names (LdNameMatcher *self)
{
  guint n_entries = ld_sanctions_list_get_n_entries (self->list);

  for (guint e = 0; e < n_entries; e++)
    {
      const LdSanctionsEntry *entry = ld_sanctions_list_get_entry (self->list, e);

      for (guint i = 0; i < entry->names->len; i++)
        {
          const LdSanctionsName *n = g_ptr_array_index (entry->names, i);
          g_autoptr(GError) error = NULL;
          PreparedName *name = prepare_text (self, n->text, n->quality, LD_NAME_NORMALIZER_FLAGS_LENIENT, TRUE, &error);

          if (name == NULL)
            {
              g_debug ("List name “%s” of %s skipped: %s", n->text, entry->reference_number, error->message);
              continue;
            }
          name->entry_index = e;
          name->name_index = i;
          g_ptr_array_add (self->names, name);
        }
    }
}

static void
ld_name_matcher_finalize (GObject *object)
{
  LdNameMatcher *self = (LdNameMatcher *) object;

  _ld_name_matcher_key_table_clear (&self->building);
  _ld_name_matcher_key_index_clear (&self->index);
  g_clear_pointer (&self->acronyms, g_hash_table_unref);
  g_clear_pointer (&self->bounds, g_free);
  _ld_name_matcher_atom_table_clear (&self->atoms);
  g_clear_pointer (&self->names, g_ptr_array_unref);
  g_clear_object (&self->list);
  G_OBJECT_CLASS (ld_name_matcher_parent_class)->finalize (object);
}

static void
ld_name_matcher_class_init (LdNameMatcherClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ld_name_matcher_finalize;
}

static void
ld_name_matcher_init (LdNameMatcher *self)
{
  self->names = g_ptr_array_new_with_free_func (prepared_name_free);
  self->acronyms = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  _ld_name_matcher_key_table_init (&self->building);
  _ld_name_matcher_atom_table_init (&self->atoms);
}

/**
 * ld_name_matcher_new:
 * @list: a parsed sanctions list
 *
 * Normalises every name of @list and builds the candidate index (about 0.3 s for the
 * real list, most of it in the first thread's ICU set-up and in packing the index for
 * screening: build it once per list, in a worker thread, and share it; screening is
 * thread-safe).
 *
 * Returns: (transfer full): the matcher
 */
LdNameMatcher *
ld_name_matcher_new (LdSanctionsList *list)
{
  LdNameMatcher *self;

  g_return_val_if_fail (LD_IS_SANCTIONS_LIST (list), NULL);

  self = g_object_new (LD_TYPE_NAME_MATCHER, NULL);
  self->list = g_object_ref (list);
  add_list_names (self);
  count_document_frequency (self);
  self->bounds = g_new0 (NameBound, self->names->len);
  for (guint i = 0; i < self->names->len; i++)
    {
      reweigh (self, g_ptr_array_index (self->names, i));
      _ld_name_matcher_fill_bound (&self->bounds[i], g_ptr_array_index (self->names, i));
      _ld_name_matcher_index_name (self, i);
    }
  _ld_name_matcher_key_index_freeze (&self->index, &self->building);
  _ld_name_matcher_key_table_clear (&self->building);
  return self;
}

LdSanctionsList *
ld_name_matcher_get_list (LdNameMatcher *self)
{
  g_return_val_if_fail (LD_IS_NAME_MATCHER (self), NULL);
  return self->list;
}

guint
ld_name_matcher_get_n_names (LdNameMatcher *self)
{
  g_return_val_if_fail (LD_IS_NAME_MATCHER (self), 0);
  return self->names->len;
}


static int
compare_hits (gconstpointer a,
              gconstpointer b)
{
  const LdScreeningHit *ha = *(LdScreeningHit * const *) a;
  const LdScreeningHit *hb = *(LdScreeningHit * const *) b;

  if (ha->score != hb->score)
    return ha->score > hb->score ? -1 : 1;
  return strcmp (ha->entry->reference_number, hb->entry->reference_number);
}

static LdScreeningHit *
make_hit (LdNameMatcher          *self,
          const LdScreeningQuery *query,
          const PreparedName     *prepared_query,
          const PreparedName     *name,
          double                  name_score,
          const MatchStats       *stats)
{
  const LdSanctionsEntry *entry = ld_sanctions_list_get_entry (self->list, name->entry_index);
  const LdSanctionsName *matched = g_ptr_array_index (entry->names, name->name_index);
  LdScreeningHit *hit = g_new0 (LdScreeningHit, 1);
  GString *reason = g_string_sized_new (128);

  _ld_name_matcher_describe_match (reason, prepared_query, name, stats);

  if (name->quality == LD_NAME_QUALITY_LOW)
    name_score = LD_NAME_MATCHER_WEAK_ALIAS_SCORE;
  hit->name_score = name_score;
  hit->score = _ld_name_matcher_apply_qualifiers (query, entry, name_score, reason);
  hit->band = ld_match_band_for_score (hit->score);
  hit->entry = entry;
  hit->list = g_object_ref (self->list);
  hit->matched_name = matched->text;
  hit->name_index = name->name_index;
  hit->quality = matched->quality;
  hit->reason = g_string_free (reason, FALSE);
  hit->list_date = g_strdup (ld_sanctions_list_get_date_generated (self->list));
  hit->list_sha256 = g_strdup (ld_sanctions_list_get_sha256 (self->list));
  return hit;
}

/* Best score first, then best name score, then the name listed first: the same on
 * both paths, whatever order the names are scored in. */
static gboolean
better_hit (const LdScreeningHit *a,
            const LdScreeningHit *b)
{
  if (a->score != b->score)
    return a->score > b->score;
  if (a->name_score != b->name_score)
    return a->name_score > b->name_score;
  return a->name_index < b->name_index;
}

/* Keeps the best-scoring name of each entry. */
static void
offer_hit (GHashTable     *best,
           LdScreeningHit *hit)
{
  LdScreeningHit *old = g_hash_table_lookup (best, hit->entry);

  if (old != NULL && !better_hit (hit, old))
    {
      ld_screening_hit_free (hit);
      return;
    }
  g_hash_table_replace (best, (gpointer) hit->entry, hit);
}

static GPtrArray *
screen_names (LdNameMatcher          *self,
              const LdScreeningQuery *query,
              const PreparedName     *prepared,
              const guint            *indices,
              guint                   n_indices,
              LdMatchBand             min_band)
{
  g_autoptr(GHashTable) best = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) ld_screening_hit_free);
  GPtrArray *hits = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_screening_hit_free);
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < n_indices; i++)
    {
      const PreparedName *name = g_ptr_array_index (self->names, indices != NULL ? indices[i] : i);
      MatchStats stats;
      double name_score = _ld_name_matcher_score_names (prepared, name, &stats);

      if (name_score <= 0.0)
        continue;
      /* Qualifiers add at most 0.08; anything further below the band cannot reach it. */
      if (name->quality != LD_NAME_QUALITY_LOW && name_score + 0.08 < _ld_name_matcher_band_floor (min_band))
        continue;
      offer_hit (best, make_hit (self, query, prepared, name, name_score, &stats));
    }
  g_hash_table_iter_init (&iter, best);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      LdScreeningHit *hit = value;

      g_hash_table_iter_steal (&iter);
      if (hit->band >= min_band && hit->band != LD_MATCH_BAND_NONE)
        g_ptr_array_add (hits, hit);
      else
        ld_screening_hit_free (hit);
    }
  g_ptr_array_sort (hits, compare_hits);
  return hits;
}

static PreparedName *
prepare_query_text (LdNameMatcher  *self,
                    const char     *text,
                    GError        **error)
{
  PreparedName *prepared = prepare_text (self, text, LD_NAME_QUALITY_PRIMARY, LD_NAME_NORMALIZER_FLAGS_NONE, FALSE, error);

  if (prepared != NULL)
    prepared->acronym = ld_name_acronym_from_text (text);
  return prepared;
}

static PreparedName *
prepare_query (LdNameMatcher           *self,
               const LdScreeningQuery  *query,
               GError                 **error)
{
  return prepare_query_text (self, query->name, error);
}

/**
 * ld_name_matcher_screen:
 * @query: the name and qualifiers to screen
 * @min_band: the lowest band to return (%LD_MATCH_BAND_LOGGED for everything)
 * @error: return location for an error (a name that cannot be read)
 *
 * Screens one name through the candidate index. Thread-safe.
 *
 * Returns: (transfer container) (element-type LdScreeningHit): one hit per matching
 *   list entry, best first; %NULL with @error set when the name is refused.
 */
GPtrArray *
ld_name_matcher_screen (LdNameMatcher           *self,
                        const LdScreeningQuery  *query,
                        LdMatchBand              min_band,
                        GError                 **error)
{
  g_autoptr(PreparedName) prepared = NULL;
  g_autoptr(GArray) candidates = NULL;

  g_return_val_if_fail (LD_IS_NAME_MATCHER (self), NULL);
  g_return_val_if_fail (query != NULL && query->name != NULL, NULL);

  prepared = prepare_query (self, query, error);
  if (prepared == NULL)
    return NULL;
  candidates = _ld_name_matcher_index_candidates (self, prepared, min_band);
  if (prepared->acronym != NULL)
    _ld_name_matcher_add_acronym_candidates (self, prepared->acronym, candidates);
  return screen_names (self, query, prepared, (guint *) candidates->data, candidates->len, min_band);
}

/**
 * ld_name_matcher_screen_brute_force:
 *
 * Like ld_name_matcher_screen() but scores every name of the list: the reference the
 * tests and the benchmark hold the index to.
 */
GPtrArray *
ld_name_matcher_screen_brute_force (LdNameMatcher           *self,
                                    const LdScreeningQuery  *query,
                                    LdMatchBand              min_band,
                                    GError                 **error)
{
  g_autoptr(PreparedName) prepared = NULL;

  g_return_val_if_fail (LD_IS_NAME_MATCHER (self), NULL);
  g_return_val_if_fail (query != NULL && query->name != NULL, NULL);

  prepared = prepare_query (self, query, error);
  if (prepared == NULL)
    return NULL;
  return screen_names (self, query, prepared, NULL, self->names->len, min_band);
}

/* ---- one pair ---- */

static void
pair_atom (AtomTable  *table,
           const char *text,
           guint      *id)
{
  *id = text != NULL ? _ld_name_matcher_atom_table_add (table, text, _ld_name_matcher_atom_hash (text))->id : 0;
}

/*
 * Ids from the list's table are 0 for strings no list name has, and 0 equals
 * nothing: right for a query against the list, wrong for two names neither of
 * which is on it. A pair gets ids of its own, from a table only it sees, so
 * equal strings are equal ids and the matcher's table is not touched.
 */
static void
assign_pair_ids (AtomTable    *table,
                 PreparedName *name)
{
  for (guint u = 0; u < name->n_units; u++)
    {
      Unit *unit = &name->units[u];

      pair_atom (table, unit->text, &unit->id);
      pair_atom (table, unit->skeleton, &unit->skeleton_id);
      pair_atom (table, unit->raw, &unit->raw_id);
      pair_atom (table, unit->raw_skeleton, &unit->raw_skeleton_id);
      pair_atom (table, unit->alt, &unit->alt_id);
      pair_atom (table, unit->alt_skeleton, &unit->alt_skeleton_id);
    }
}

/**
 * ld_name_matcher_score_pair:
 * @query: the name screened, as given (any script)
 * @name: a name from another register, such as a national denial
 * @out_score: (out): the name score in [0, 1], 0 when they do not match
 * @out_reason: (out) (optional): how they matched, as hits of the list say it
 *
 * Scores one name against one other with the list's normalisation, token
 * weights and scoring, so a register too small for an index (the national
 * denials) is screened as the list is. No qualifiers are applied: the caller
 * knows what its register records. Thread-safe.
 *
 * Returns: %FALSE with @error set when @query or @name cannot be read
 */
gboolean
ld_name_matcher_score_pair (LdNameMatcher  *self,
                            const char     *query,
                            const char     *name,
                            double         *out_score,
                            char          **out_reason,
                            GError        **error)
{
  g_autoptr(PreparedName) q = NULL;
  g_autoptr(PreparedName) n = NULL;
  AtomTable table = { g_new0 (AtomSlot, 64), 64, 0, g_string_new (NULL) };
  MatchStats stats;

  g_return_val_if_fail (LD_IS_NAME_MATCHER (self), FALSE);
  g_return_val_if_fail (query != NULL && name != NULL && out_score != NULL, FALSE);

  if (!(q = prepare_query_text (self, query, error)) ||
      !(n = prepare_text (self, name, LD_NAME_QUALITY_PRIMARY, LD_NAME_NORMALIZER_FLAGS_LENIENT, FALSE, error)))
    {
      _ld_name_matcher_atom_table_clear (&table);
      return FALSE;
    }
  assign_pair_ids (&table, q);
  assign_pair_ids (&table, n);
  _ld_name_matcher_atom_table_clear (&table);
  *out_score = _ld_name_matcher_score_names (q, n, &stats);
  if (out_reason != NULL)
    {
      GString *reason = g_string_new (NULL);

      if (*out_score > 0.0)
        _ld_name_matcher_describe_match (reason, q, n, &stats);
      *out_reason = g_string_free (reason, FALSE);
    }
  return TRUE;
}
