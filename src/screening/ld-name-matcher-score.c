/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-name-matcher"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ld-name-acronym.h"
#include "ld-name-forms.h"
#include "ld-name-hebrew-letters.h"
#include "ld-name-normalizer.h"
#include "ld-name-thai-letters.h"
#include "ld-name-matcher-private.h"

/* Units compared, and one name scored against another (see ld-name-matcher.c). */

/* Optimal string alignment distance, stopping early once it exceeds 1. */
static gboolean
within_one_edit (const char *a,
                 guint       la,
                 const char *b,
                 guint       lb)
{
  guint i = 0;

  if (la > lb + 1 || lb > la + 1)
    return FALSE;
  while (i < la && i < lb && a[i] == b[i])
    i++;
  if (i == la || i == lb)
    return TRUE;  /* equal, or one extra character at the end */
  if (la == lb)
    {
      if (strcmp (a + i + 1, b + i + 1) == 0)
        return TRUE;  /* substitution */
      return i + 1 < la && a[i] == b[i + 1] && a[i + 1] == b[i] && strcmp (a + i + 2, b + i + 2) == 0;
    }
  if (la > lb)
    return strcmp (a + i + 1, b + i) == 0;
  return strcmp (a + i, b + i + 1) == 0;
}

typedef enum { SIM_NONE, SIM_EQUAL, SIM_VARIANT, SIM_TYPO, SIM_INITIAL } SimKind;

static gboolean
is_open_letter (char c)
{
  return strchr ("aeiouyhw", c) != NULL;
}

/* Vowels (and h, y, w) are one class of first letter, c/k/q another. */
char
_ld_name_matcher_initial_class (char c)
{
  if (is_open_letter (c))
    return 'a';
  if (c == 'c' || c == 'q')
    return 'k';
  return c;
}

/* Letters of @text not counting a letter written twice in a row (Selassie: 7). */
static guint
undoubled_len (const char *text,
               guint       len)
{
  guint n = len;

  for (guint i = 1; i < len; i++)
    if (text[i] == text[i - 1])
      n--;
  return n;
}

/*
 * Variants of one name start alike (both with a vowel or h, or with the same letter)
 * and differ in length by a few letters, and the skeleton keeps enough of them: Patel
 * and Abdellah share a skeleton, not a shape.
 */
static gboolean
similar_shape (const char *q,
               guint       q_len,
               const char *n,
               guint       n_len,
               guint       skeleton_len)
{
  guint longer = MAX (q_len, n_len), diff = longer - MIN (q_len, n_len);

  if (diff > MAX (2, longer / 3))
    return FALSE;
  /* A skeleton of three letters from nine (Schneider, Shahidwror: “str”) is chance;
   * a doubled letter is one sound, so it does not make a word longer here (Selassie,
   * Selase: “sls” of seven). */
  if (skeleton_len * 5 < 2 * MAX (undoubled_len (q, q_len), undoubled_len (n, n_len)))
    return FALSE;
  return _ld_name_matcher_initial_class (q[0]) == _ld_name_matcher_initial_class (n[0]);
}

typedef struct
{
  const char *text;
  guint       len;
  guint       id;
  const char *skeleton;
  guint       skeleton_id;
} Spelling;

static inline Spelling
canonical_spelling (const Unit *u)
{
  return (Spelling) { u->text, u->len, u->id, u->skeleton, u->skeleton_id };
}

static inline Spelling
raw_spelling (const Unit *u)
{
  return (Spelling) { u->raw, u->raw_len, u->raw_id, u->raw_skeleton, u->raw_skeleton_id };
}

static inline Spelling
alt_spelling (const Unit *u)
{
  return (Spelling) { u->alt, u->alt_len, u->alt_id, u->alt_skeleton, u->alt_skeleton_id };
}

static inline gboolean
is_spelling_of (guint       id,
                const Unit *u)
{
  return id != 0 && (id == u->id || id == u->raw_id || id == u->alt_id);
}

/* Whether the units share a spelling: the same string in any of their spellings. */
static inline gboolean
spelt_alike (const Unit *q,
             const Unit *n)
{
  if ((q->id != 0 && (q->id == n->id || q->id == n->raw_id))
      || (q->raw_id != 0 && (q->raw_id == n->id || q->raw_id == n->raw_id)))
    return TRUE;
  /* Third spellings are few: most units end here. */
  if (q->alt_id == 0 && n->alt_id == 0)
    return FALSE;
  return is_spelling_of (q->alt_id, n) || (n->alt_id != 0 && (n->alt_id == q->id || n->alt_id == q->raw_id));
}

/* The unit as the name writes it. */
static inline const char *
written (const Unit *u)
{
  return u->raw != NULL ? u->raw : u->text;
}

/* One edit apart implies the first two letters agree somewhere; most pairs fail this. */
static inline gboolean
may_be_one_edit (const Spelling *q,
                 const Spelling *n)
{
  guint shorter = MIN (q->len, n->len), longer = MAX (q->len, n->len);

  /* Three-letter tokens only gain or lose a letter (Sed, Syed): a changed letter in
   * three (Sid, Sad) is another name. This is also why three-letter units need no
   * deletion keys in the index. */
  if (shorter < 3 || longer > shorter + 1 || (shorter == 3 && longer == 3))
    return FALSE;
  return q->text[0] == n->text[0] || q->text[1] == n->text[1]
         || q->text[0] == n->text[1] || q->text[1] == n->text[0];
}

static double
spelling_similarity (const Spelling *q,
                     const Spelling *n,
                     gboolean        typos,
                     SimKind        *kind)
{
  if (q->id != 0 && q->id == n->id)
    {
      *kind = SIM_EQUAL;
      return 1.0;
    }
  if (typos && may_be_one_edit (q, n) && within_one_edit (q->text, q->len, n->text, n->len))
    {
      /* One letter in three (Syed, Sed) is weaker evidence than one in eight. */
      *kind = SIM_TYPO;
      return 1.0 - 0.9 / MAX (q->len, n->len);
    }
  if (q->skeleton_id != 0 && q->skeleton_id == n->skeleton_id
      && similar_shape (q->text, q->len, n->text, n->len, strlen (q->skeleton)))
    {
      *kind = SIM_VARIANT;
      return SKELETON_SIM;
    }
  *kind = SIM_NONE;
  return 0.0;
}

/* A key of the Hebrew word @hebrew equal to the Latin word's key @latin. */
static const char *
shared_hebrew_key (char       **hebrew,
                   const char  *latin)
{
  for (guint i = 0; hebrew[i] != NULL; i++)
    if (strcmp (hebrew[i], latin) == 0)
      return hebrew[i];
  return NULL;
}

/*
 * A word read from Hebrew letters and a Latin word that write the same consonants
 * (ld-name-hebrew-letters.c: נפתלי, Naftali). Only across the two scripts: two Latin
 * words, or two Hebrew words, are compared by their spellings.
 */
static double
hebrew_letters_similarity (const Unit *q,
                           const Unit *n)
{
  gboolean q_hebrew = q->hebrew_keys != NULL || q->hebrew_readings != NULL;
  const Unit *hebrew = q_hebrew ? q : n, *latin = q_hebrew ? n : q;
  const char *key = NULL;

  if (hebrew->hebrew_keys != NULL && latin->latin_key != NULL)
    key = shared_hebrew_key (hebrew->hebrew_keys, latin->latin_key);
  if (key != NULL && ld_name_hebrew_key_consonants (key) >= 3)
    return HEBREW_LETTERS_SIM;
  /* Words of one or two consonants meet only when their vowels agree too (Avi and
   * אבי; not Ran and רון). */
  if (hebrew->hebrew_readings != NULL && latin->latin_reading != NULL
      && ld_name_hebrew_reading_agrees (hebrew->hebrew_readings, latin->latin_reading))
    return HEBREW_LETTERS_SHORT_SIM;
  return 0.0;
}

/*
 * Whether a short word in Hebrew letters and a short Latin word have readings
 * (ld_name_hebrew_letter_readings()) and these disagree: the vowels the Hebrew letters
 * write are not the Latin word's. The spelling ICU reads from the Hebrew letters adds
 * vowels of its own (טומי is tumi), one letter from other short names (Tami): the
 * readings, which compare only the vowels Hebrew writes, say whether the two are one
 * name.
 */
static gboolean
hebrew_readings_disagree (const Unit *q,
                          const Unit *n)
{
  const Unit *hebrew = q->hebrew_readings != NULL ? q : n, *latin = hebrew == q ? n : q;

  return hebrew->hebrew_readings != NULL && latin->latin_reading != NULL
         && !ld_name_hebrew_reading_agrees (hebrew->hebrew_readings, latin->latin_reading);
}

/* Whether @initial is the first letter of @word, a telling word of its own (not a
 * particle, a company word or a number, nor words written together). */
static gboolean
initial_of (const Unit *initial,
            const Unit *word)
{
  char letter = initial->text[0];

  if (word->noise || word->number || word->n_covered > 1 || word->len < 2)
    return FALSE;
  return word->text[0] == letter || (word->raw != NULL && word->raw[0] == letter)
         || (word->alt != NULL && word->alt[0] == letter);
}

/* @u's Thai fold, or its word as written (its raw spelling, else its text) folded so
 * into @buffer (MAX_THAI_FOLD), with its length in @len; NULL when it does not fit. */
static const char *
thai_fold_of (const Unit *u,
              char       *buffer,
              guint      *len)
{
  if (u->thai_fold != NULL)
    {
      *len = u->thai_fold_len;
      return u->thai_fold;
    }
  *len = _ld_name_thai_fold (written (u), buffer, MAX_THAI_FOLD);
  return *len > 0 ? buffer : NULL;
}

/* @a and @b, both @len letters long, differ in one letter only, a vowel in both. */
static gboolean
differ_in_one_vowel (const char *a,
                     const char *b,
                     guint       len)
{
  guint i = 0;

  while (i < len && a[i] == b[i])
    i++;
  return i < len && strchr ("aeiou", a[i]) != NULL && strchr ("aeiou", b[i]) != NULL
         && memcmp (a + i + 1, b + i + 1, len - i - 1) == 0;
}

/* @thai ends in a stop and short vowel (sakti) bearers may leave out, and is long enough. */
static gboolean
has_silent_syllable (const char *thai,
                     guint       thai_len)
{
  return thai_len >= THAI_FOLD_NEAR_MIN + 2 && strchr ("tkp", thai[thai_len - 2]) != NULL
         && strchr ("iu", thai[thai_len - 1]) != NULL;
}

/* @other is @thai without a last stop and short vowel (sakti, sak), and long enough. */
static gboolean
drops_silent_syllable (const char *thai,
                       guint       thai_len,
                       const char *other,
                       guint       other_len)
{
  return thai_len == other_len + 2 && has_silent_syllable (thai, thai_len) && memcmp (thai, other, other_len) == 0;
}

/* Two folds, @q_thai and @n_thai saying which were read from Thai letters: see
 * thai_fold_similarity(). */
static double
folds_similarity (const char *qf,
                  guint       q_len,
                  gboolean    q_thai,
                  const char *nf,
                  guint       n_len,
                  gboolean    n_thai)
{
  if (q_len == n_len && memcmp (qf, nf, q_len) == 0)
    return SKELETON_SIM;
  /* A letter one spelling writes and the other does not (Chadchart's d for the final
   * ช, the inherent a of Panitcha-), but no letter of another class: Thanakorn is not
   * Thanathorn. */
  if (q_len != n_len && MIN (q_len, n_len) >= THAI_FOLD_NEAR_MIN && within_one_edit (qf, q_len, nf, n_len))
    return THAI_FOLD_NEAR_SIM;
  /* Or the Thai word's last syllable is a stop and its vowel under the thanthakhat,
   * which bearers write or leave out (ศักดิ์ Dharmasakti, Korbsak; ภักดิ์ Panitchpakdi). */
  if (q_thai && !n_thai && drops_silent_syllable (qf, q_len, nf, n_len))
    return THAI_FOLD_NEAR_SIM;
  if (n_thai && !q_thai && drops_silent_syllable (nf, n_len, qf, q_len))
    return THAI_FOLD_NEAR_SIM;
  /* Or one vowel written with another letter, in a word as long: Thai vowels have no
   * one Latin spelling (เ◌ีย ia or ea: Chiaravanont, Chearavanont; ฤ ri or ru; เ◌ียน
   * ian or ien), and the vowels vary most between spellings of one name. */
  if (q_len == n_len && q_len >= THAI_FOLD_NEAR_MIN && differ_in_one_vowel (qf, nf, q_len))
    return THAI_FOLD_NEAR_SIM;
  return 0.0;
}

/* @fold's skeleton (_ld_name_thai_skeleton()) into @out (MAX_THAI_FOLD), its length
 * returned and its vowels in @vowels. */
static gsize
skeleton_of (const char *fold,
             guint       len,
             gboolean    without_ks,
             char       *out,
             guint      *vowels)
{
  return _ld_name_thai_skeleton (fold, len, out, MAX_THAI_FOLD, without_ks, vowels);
}

/* Two folds with one skeleton of THAI_SKELETON_MIN consonants or more, one of them
 * perhaps without the s after k (see _ld_name_thai_skeleton()), as many vowels besides
 * the inherent a give or take one, both starting with a vowel or neither: one Thai word
 * whose vowels, syllable breaks and finals two spellings write differently. */
static gboolean
folds_share_skeleton (const char *qf,
                      guint       q_len,
                      const char *nf,
                      guint       n_len)
{
  char qs[MAX_THAI_FOLD], ns[MAX_THAI_FOLD];
  guint q_vowels, n_vowels;
  gsize qs_len, ns_len;

  if ((strchr ("aeiou", qf[0]) == NULL) != (strchr ("aeiou", nf[0]) == NULL))
    return FALSE;
  for (guint variant = 0; variant < 3; variant++)
    {
      qs_len = skeleton_of (qf, q_len, variant == 1, qs, &q_vowels);
      ns_len = skeleton_of (nf, n_len, variant == 2, ns, &n_vowels);
      if (qs_len >= THAI_SKELETON_MIN && qs_len == ns_len && memcmp (qs, ns, qs_len) == 0
          && (q_vowels > n_vowels ? q_vowels - n_vowels : n_vowels - q_vowels) <= 1)
        return TRUE;
    }
  return FALSE;
}

/* Two folds, @q_thai and @n_thai saying which were read from Thai letters, with one
 * skeleton, or the Thai one without a last silent syllable (see drops_silent_syllable()). */
static gboolean
same_skeleton (const char *qf,
               guint       q_len,
               gboolean    q_thai,
               const char *nf,
               guint       n_len,
               gboolean    n_thai)
{
  if (folds_share_skeleton (qf, q_len, nf, n_len))
    return TRUE;
  if (q_thai && !n_thai && has_silent_syllable (qf, q_len))
    return folds_share_skeleton (qf, q_len - 2, nf, n_len);
  if (n_thai && !q_thai && has_silent_syllable (nf, n_len))
    return folds_share_skeleton (qf, q_len, nf, n_len - 2);
  return FALSE;
}

/*
 * A word of a Thai name against a word of another: the Latin spellings of Thai names
 * write each letter with its Indic value or its Thai sound as the bearer chose (จ:
 * Chulanont, Juangroongruangkit), so one spelling of the word cannot meet them all.
 * Folded so that those letters are one (_ld_name_thai_fold()), the two are spelt
 * alike, or one has a letter more in a word long enough that this is no other name. A
 * Thai word is compared by the fold of its bearer's reading and by that of its Indic
 * reading (ld_name_normalizer_indic_spellings()), whichever is nearer. Failing those,
 * two folds with one consonant skeleton (same_skeleton()) are as near: bearers write a
 * Thai word's vowels, syllable breaks and unsaid letters each their own way, and its
 * consonants much less so. Only pairs with a Thai word pay for it: the other word is
 * folded here, on the stack.
 */
static double
thai_fold_similarity (const Unit *q,
                      const Unit *n)
{
  char q_buffer[MAX_THAI_FOLD], n_buffer[MAX_THAI_FOLD];
  guint q_len, n_len;
  const char *qf, *nf;
  double best, sim;

  if ((q->thai_fold == NULL && n->thai_fold == NULL) || q->initial || n->initial)
    return 0.0;
  qf = thai_fold_of (q, q_buffer, &q_len);
  nf = thai_fold_of (n, n_buffer, &n_len);
  if (qf == NULL || nf == NULL)
    return 0.0;
  best = folds_similarity (qf, q_len, q->thai_fold != NULL, nf, n_len, n->thai_fold != NULL);
  if (best < SKELETON_SIM && q->thai_indic_fold != NULL
      && (sim = folds_similarity (q->thai_indic_fold, q->thai_indic_fold_len, TRUE, nf, n_len, n->thai_fold != NULL)) > best)
    best = sim;
  if (best < SKELETON_SIM && n->thai_indic_fold != NULL
      && (sim = folds_similarity (qf, q_len, q->thai_fold != NULL, n->thai_indic_fold, n->thai_indic_fold_len, TRUE)) > best)
    best = sim;
  if (best < THAI_SKELETON_SIM
      && (same_skeleton (qf, q_len, q->thai_fold != NULL, nf, n_len, n->thai_fold != NULL)
          || (q->thai_indic_fold != NULL
              && same_skeleton (q->thai_indic_fold, q->thai_indic_fold_len, TRUE, nf, n_len, n->thai_fold != NULL))
          || (n->thai_indic_fold != NULL
              && same_skeleton (qf, q_len, q->thai_fold != NULL, n->thai_indic_fold, n->thai_indic_fold_len, TRUE))))
    best = THAI_SKELETON_SIM;
  return best;
}

/* One of @q and @n a word of a Thai name, the other Latin words written together, no
 * particle or number among them: Thai writes a compound as one word, which bearers
 * write as two in Latin letters (เจริญโภคภัณฑ์ Charoen Pokphand, มิตรผล Mitr Phol,
 * เครืองาม Krea-ngam). Compared by the folds as one word is. */
static gboolean
thai_word_against_joined (const Unit *q,
                          const Unit *n)
{
  const Unit *thai = q->thai_fold != NULL ? q : n, *joined = thai == q ? n : q;

  return thai->thai_fold != NULL && thai->n_covered == 1 && joined->thai_fold == NULL && joined->n_covered > 1
         && !q->noise && !n->noise && !q->number && !n->number;
}

/* Keeps the better of @best and the similarity of @q and @n, with its kind. */
static inline void
take_better (const Spelling *q,
             const Spelling *n,
             gboolean        typos,
             double         *best,
             SimKind        *kind)
{
  SimKind k;
  double sim = spelling_similarity (q, n, typos, &k);

  if (sim > *best)
    *best = sim, *kind = k;
}

/* The third spellings (Korean as South Koreans write it) against every spelling of the
 * other unit: out of the way of the units that have none, which are most. */
G_GNUC_NO_INLINE static double
third_spelling_similarity (const Unit *q,
                           const Unit *n,
                           gboolean    typos,
                           double      best,
                           SimKind    *kind)
{
  Spelling qc = canonical_spelling (q), nc = canonical_spelling (n);
  Spelling qr = raw_spelling (q), nr = raw_spelling (n);
  Spelling qa = alt_spelling (q), na = alt_spelling (n);

  if (q->alt != NULL)
    {
      take_better (&qa, &nc, typos, &best, kind);
      if (n->raw != NULL)
        take_better (&qa, &nr, typos, &best, kind);
      if (n->alt != NULL)
        take_better (&qa, &na, typos, &best, kind);
    }
  if (n->alt != NULL)
    {
      take_better (&qc, &na, typos, &best, kind);
      if (q->raw != NULL)
        take_better (&qr, &na, typos, &best, kind);
    }
  return best;
}

/* Whether @word is one of the other spellings (variants) of @u. */
static gboolean
is_variant_of (const char *word,
               const Unit *u)
{
  if (word == NULL)
    return FALSE;
  for (guint i = 0; u->variants[i] != NULL; i++)
    if (strcmp (u->variants[i], word) == 0)
      return TRUE;
  return FALSE;
}

/* A syllable's other spellings (Chung for 정, Hah for 하) against the spellings of the
 * other unit: spelt alike or not at all, as syllables are compared. Only units read
 * from Hangul have them, so most pairs never come here. */
G_GNUC_NO_INLINE static gboolean
variant_spelt_alike (const Unit *q,
                     const Unit *n)
{
  if (q->variants != NULL && (is_variant_of (n->text, q) || is_variant_of (n->raw, q) || is_variant_of (n->alt, q)))
    return TRUE;
  return n->variants != NULL && (is_variant_of (q->text, n) || is_variant_of (q->raw, n) || is_variant_of (q->alt, n));
}

/* The best similarity over the spellings of both units (canonical, original, third). */
static double
unit_similarity (const Unit *q,
                 const Unit *n,
                 SimKind    *kind)
{
  Spelling qc, nc, qr, nr;
  double best, sim;
  gboolean typos;

  if (q->initial != n->initial && initial_of (q->initial ? q : n, q->initial ? n : q))
    {
      *kind = SIM_INITIAL;
      return INITIAL_SIM;
    }
  /* “Abu” one letter from “Abud”, “Al” from “Ali”: particles match only themselves.
   * Tokens the query writes together (saddamhussein) must be spelt as the list
   * writes them apart; this also keeps the query's keys few (see query_unit_keys()). */
  if (q->noise || n->noise || q->n_covered > 1 || q->number || n->number)
    {
      gboolean equal = spelt_alike (q, n);

      if (!equal && thai_word_against_joined (q, n) && (sim = thai_fold_similarity (q, n)) > 0.0)
        {
          *kind = SIM_VARIANT;
          return sim;
        }
      *kind = equal ? SIM_EQUAL : SIM_NONE;
      return equal ? 1.0 : 0.0;
    }
  /* A syllable one letter from another is another syllable (see prepare_words()). */
  typos = !q->syllable && !n->syllable;
  qc = canonical_spelling (q);
  nc = canonical_spelling (n);
  best = spelling_similarity (&qc, &nc, typos, kind);
  if (best >= 1.0)
    return best;
  qr = raw_spelling (q);
  nr = raw_spelling (n);
  if (q->raw != NULL)
    take_better (&qr, &nc, typos, &best, kind);
  if (n->raw != NULL)
    take_better (&qc, &nr, typos, &best, kind);
  if (q->raw != NULL && n->raw != NULL)
    take_better (&qr, &nr, typos, &best, kind);
  if (q->alt != NULL || n->alt != NULL)
    best = third_spelling_similarity (q, n, typos, best, kind);
  if (best < 1.0 && (q->variants != NULL || n->variants != NULL) && variant_spelt_alike (q, n))
    {
      *kind = SIM_EQUAL;
      return 1.0;
    }
  /* Only a spelling written alike is kept when the short words' readings disagree. */
  if (best < 1.0 && (q->hebrew_readings != NULL || n->hebrew_readings != NULL) && hebrew_readings_disagree (q, n))
    best = 0.0, *kind = SIM_NONE;
  if (best < SKELETON_SIM && (sim = thai_fold_similarity (q, n)) > best)
    best = sim, *kind = SIM_VARIANT;
  /* Most pairs have no Hebrew on either side: two pointers read. */
  if ((q->hebrew_keys != NULL || n->hebrew_keys != NULL || q->hebrew_readings != NULL || n->hebrew_readings != NULL)
      && (sim = hebrew_letters_similarity (q, n)) > best)
    best = sim, *kind = SIM_VARIANT;
  return best;
}
/* ---- scoring ---- */

typedef struct
{
  guint  q;
  guint  n;
  double sim;
  float  weight;
  SimKind kind;
} Pairing;

static int
compare_pairings (gconstpointer a,
                  gconstpointer b)
{
  const Pairing *pa = a, *pb = b;

  if (pa->sim != pb->sim)
    return pa->sim > pb->sim ? -1 : 1;
  if (pa->weight != pb->weight)
    return pa->weight > pb->weight ? -1 : 1;
  if (pa->q != pb->q)
    return pa->q < pb->q ? -1 : 1;
  return pa->n < pb->n ? -1 : (pa->n > pb->n);
}

static float
covered_weight (const PreparedName *name,
                const Unit         *unit)
{
  float w = 0;

  for (guint i = unit->first; i < unit->first + unit->n_covered; i++)
    w += name->weights[i];
  return w;
}

static gboolean
covered_free (const gboolean *used,
              const Unit     *unit)
{
  for (guint i = unit->first; i < unit->first + unit->n_covered; i++)
    if (used[i])
      return FALSE;
  return TRUE;
}

static void
mark_covered (gboolean   *used,
              const Unit *unit)
{
  for (guint i = unit->first; i < unit->first + unit->n_covered; i++)
    used[i] = TRUE;
}

static guint
collect_pairings (const PreparedName *query,
                  const PreparedName *name,
                  Pairing            *pairings)
{
  guint n_pairings = 0;

  for (guint i = 0; i < query->n_units; i++)
    for (guint j = 0; j < name->n_units; j++)
      {
        SimKind kind;
        double sim;

        /* Tokens written together meet single tokens; two joined runs add nothing the
         * single tokens inside them do not already match. */
        if (query->units[i].n_covered > 1 && name->units[j].n_covered > 1)
          continue;
        sim = unit_similarity (&query->units[i], &name->units[j], &kind);
        if (sim <= 0.0)
          continue;
        pairings[n_pairings].q = i;
        pairings[n_pairings].n = j;
        pairings[n_pairings].sim = sim;
        pairings[n_pairings].kind = kind;
        pairings[n_pairings].weight = covered_weight (name, &name->units[j]);
        n_pairings++;
      }
  return n_pairings;
}

static void
count_pairing (MatchStats    *stats,
               const Pairing *p,
               const Unit    *qu,
               const Unit    *nu,
               gboolean       telling,
               guint          min_strong_typo)
{
  stats->matched_query_tokens += qu->n_covered;
  stats->matched_name_tokens += nu->n_covered;
  if (qu->n_covered != nu->n_covered)
    stats->n_joined++;
  if (telling && (p->kind == SIM_EQUAL || (p->kind == SIM_TYPO && MIN (qu->len, nu->len) >= min_strong_typo)))
    stats->n_strong++;
  if (p->kind == SIM_EQUAL && strcmp (written (qu), written (nu)) != 0)
    stats->n_respelt++;
  if (p->kind == SIM_INITIAL)
    stats->n_initial++;
  else if (p->kind == SIM_EQUAL)
    stats->n_equal++;
  else if (p->kind == SIM_VARIANT)
    stats->n_variant++;
  else
    stats->n_typo++;
}

/* Whether the matched tokens come in another order in the name than in the
 * query. Pairs are accepted best first, so the order is read here, by the
 * query's tokens: @name_token_at[i] is the name token matched to query token
 * i, or -1. */
static gboolean
matched_in_other_order (const int *name_token_at,
                        guint      n_query_tokens)
{
  int last = -1;

  for (guint i = 0; i < n_query_tokens; i++)
    {
      if (name_token_at[i] < 0)
        continue;
      if (name_token_at[i] < last)
        return TRUE;
      last = name_token_at[i];
    }
  return FALSE;
}

/* Tokens that are not particles or company words (those in @used, if given). */
static guint
count_telling (const PreparedName *name,
               const gboolean     *used)
{
  guint n = 0;

  for (guint i = 0; i < name->n_tokens; i++)
    if (name->weights[i] > NOISE_WEIGHT && (used == NULL || used[i]))
      n++;
  return n;
}

static gboolean
all_telling_tokens_used (const PreparedName *name,
                         const gboolean     *used)
{
  for (guint i = 0; i < name->n_tokens; i++)
    if (!used[i] && name->weights[i] > NOISE_WEIGHT)
      return FALSE;
  return TRUE;
}

/*
 * A syllable read from Hangul that nothing in the other name matched, while the other
 * name has a telling word of its own left over: Korean brothers and cousins share one
 * syllable of their given name, the generation name (Shin Dong-bin and Shin Dong-joo
 * are brothers), so a surname and one given syllable in common name a family, not a
 * person. A syllable spelt otherwise is still matched (weakly) and does not count.
 */
static gboolean
syllable_replaced (const PreparedName *name,
                   const gboolean     *used,
                   const PreparedName *other,
                   const gboolean     *other_used)
{
  gboolean syllable_left = FALSE;

  for (guint i = 0; i < name->n_tokens && i < MAX_TOKENS; i++)
    syllable_left |= name->syllable[i] && !used[i] && name->weights[i] > NOISE_WEIGHT;
  return syllable_left && !all_telling_tokens_used (other, other_used);
}

/* A number in each name that found no equal in the other: two other numbers (Fund
 * VIII, Fund IX; 21st, 20th Century). */
static gboolean
numbers_differ (const PreparedName *name,
                const gboolean     *used,
                const PreparedName *query,
                const gboolean     *q_used)
{
  gboolean name_has = FALSE, query_has = FALSE;

  for (guint i = 0; i < name->n_tokens && i < MAX_TOKENS; i++)
    name_has |= !used[i] && ld_name_forms_is_number (name->tokens[i]);
  for (guint i = 0; i < query->n_tokens && i < MAX_TOKENS; i++)
    query_has |= !q_used[i] && ld_name_forms_is_number (query->tokens[i]);
  return name_has && query_has;
}

/*
 * Initials complete a name whose other telling words are written alike (J.-C. Juncker,
 * Jean-Claude Juncker), not one misspelt (J.-C. Junker): one letter and a near
 * spelling together are too little to raise an alert.
 */
static double
cap_for_initials (double            score,
                  const MatchStats *stats)
{
  if (stats->n_strong == 0 || stats->n_variant + stats->n_typo + stats->n_respelt > 0)
    return MIN (score, SINGLE_TOKEN_CAP);
  return MIN (score, INITIALS_CAP);
}

static gboolean
initial_left_over (const PreparedName *query,
                   const gboolean     *q_used)
{
  for (guint i = 0; i < query->n_tokens && i < MAX_TOKENS; i++)
    if (query->units[i].initial && !q_used[i])
      return TRUE;
  return FALSE;
}

/* A query written as an acronym of the name (PLA, People's Liberation Army). */
static gboolean
acronym_score (const PreparedName *query,
               const PreparedName *name,
               MatchStats         *stats)
{
  /* The words as written: acronyms take their letters (C of Corps), not the
   * canonical spellings' (korps). */
  if (query->acronym == NULL || name->quality == LD_NAME_QUALITY_LOW
      || !ld_name_acronym_matches (query->acronym, name->words, g_strv_length (name->words)))
    return FALSE;
  stats->acronym = TRUE;
  stats->matched_query_tokens = query->n_tokens;
  stats->matched_name_tokens = name->n_tokens;
  return TRUE;
}

/* The name score of @name for @query, 0 when they do not match at all. */
double
_ld_name_matcher_score_names (const PreparedName *query,
                              const PreparedName *name,
                              MatchStats         *stats)
{
  Pairing *pairings = g_newa (Pairing, query->n_units * name->n_units + 1);
  gboolean q_used[MAX_TOKENS] = { FALSE }, n_used[MAX_TOKENS] = { FALSE };
  guint n_pairings;
  double q_matched = 0, n_matched = 0;
  gboolean rare_matched = FALSE, rare_equal = FALSE;
  int name_token_at[MAX_TOKENS];
  double score;

  memset (stats, 0, sizeof *stats);
  for (guint i = 0; i < MAX_TOKENS; i++)
    name_token_at[i] = -1;
  if (name->quality == LD_NAME_QUALITY_LOW)
    return strcmp (query->exact_key, name->exact_key) == 0 ? 1.0 : 0.0;
  if (acronym_score (query, name, stats))
    return ACRONYM_SCORE;
  n_pairings = collect_pairings (query, name, pairings);
  if (n_pairings == 0)
    return 0.0;
  qsort (pairings, n_pairings, sizeof (Pairing), compare_pairings);
  for (guint k = 0; k < n_pairings; k++)
    {
      const Unit *qu = &query->units[pairings[k].q];
      const Unit *nu = &name->units[pairings[k].n];

      if (!covered_free (q_used, qu) || !covered_free (n_used, nu))
        continue;
      mark_covered (q_used, qu);
      mark_covered (n_used, nu);
      q_matched += pairings[k].sim * covered_weight (query, qu);
      n_matched += pairings[k].sim * covered_weight (name, nu);
      /* An initial never stands for the rare word: the index finds names through
       * their rare words, and one letter is not one. */
      for (guint t = nu->first; t < nu->first + nu->n_covered && pairings[k].kind != SIM_INITIAL; t++)
        {
          rare_matched |= name->rare[t];
          rare_equal |= name->rare[t] && pairings[k].kind != SIM_VARIANT;
        }
      /* A four-letter typo is strong evidence within a longer name (Abu Akrm), not
       * as the whole name (Akrm, AQIM). */
      count_pairing (stats, &pairings[k], qu, nu,
                     covered_weight (name, nu) > NOISE_WEIGHT * nu->n_covered,
                     name->n_tokens >= 2 ? 4 : 5);
      name_token_at[qu->first] = (int) nu->first;
    }
  stats->reordered = matched_in_other_order (name_token_at, MIN (query->n_tokens, MAX_TOKENS));
  if (name->has_rare && !rare_matched)
    return 0.0;
  /* The query's share counts more: an applicant often gives part of a listed name, and
   * all of what they gave matching is the stronger signal. */
  score = pow (q_matched / query->total_weight, QUERY_SHARE_EXPONENT)
          * pow (n_matched / name->total_weight, 1.0 - QUERY_SHARE_EXPONENT);
  /* Only common tokens matched (Mohammed, Ali) and part of the name is missing: two
   * common names together are not enough to raise an alert. */
  if (!rare_matched && !all_telling_tokens_used (name, n_used))
    score *= COMMON_ONLY_FACTOR;
  /* Nor are they when the rare word is only spelt alike (Mensah, Manshah) and part of
   * the name is missing. */
  else if (!rare_equal && !all_telling_tokens_used (name, n_used))
    score *= RARE_VARIANT_FACTOR;
  /* One shared surname and nothing else (Johnson Trading Corporation, Johnson Andre)
   * is not an alert when the listed name has more to say: it is logged. A particle
   * matched as well (Abu Bashir, Abu Bakar Bashir) keeps the alert. */
  if (count_telling (name, n_used) < MIN (2, count_telling (name, NULL)) && stats->matched_name_tokens < 2)
    score = MIN (score, SINGLE_TOKEN_CAP);
  /* Nor is one telling token that is only spelt alike (Smith, Somad). */
  if (count_telling (name, n_used) == 1 && stats->n_strong == 0)
    score = MIN (score, SINGLE_TOKEN_CAP);
  /* Different numbers are different parties, however alike the rest: logged only. */
  if (numbers_differ (name, n_used, query, q_used))
    score = MIN (score, SINGLE_TOKEN_CAP);
  if (syllable_replaced (query, q_used, name, n_used) || syllable_replaced (name, n_used, query, q_used))
    score = MIN (score, SINGLE_TOKEN_CAP);
  if (stats->n_initial > 0)
    score = cap_for_initials (score, stats);
  /* An initial that is no word of the name, which has a word left over: another first
   * name (T. Smith, John Smith). */
  if (initial_left_over (query, q_used) && !all_telling_tokens_used (name, n_used))
    score = MIN (score, SINGLE_TOKEN_CAP);
  return score;
}
