/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-name-matcher"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ld-name-forms.h"
#include "ld-name-matcher.h"
#include "ld-name-acronym.h"
#include "ld-name-normalizer.h"

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
 * meets “Mohamed”.
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

#define RARE_SHARE      0.01
#define NOISE_WEIGHT    0.25f
#define SKELETON_SIM    0.88
#define MAX_TOKENS      16
#define COMMON_ONLY_FACTOR 0.85
#define RARE_VARIANT_FACTOR 0.95
#define QUERY_SHARE_EXPONENT 0.65
#define SINGLE_TOKEN_CAP 0.70
/* An initial (J. for John) is one letter of evidence: it completes a name whose other
 * words are equal, up to the review band and not beyond it. */
#define INITIAL_SIM     0.9
#define INITIALS_CAP    0.85
/* A query written as an acronym of a listed name (PLA) is for a person to review. */
#define ACRONYM_SCORE   0.80

typedef struct
{
  char  *text;
  char  *skeleton;      /* NULL when too short to be telling */
  char  *raw;           /* the spelling before canonical mapping, NULL if the same */
  char  *raw_skeleton;
  guint  first;         /* first token covered */
  guint  n_covered;     /* 1, or 2-3 for tokens written together */
  guint  len;
  guint  raw_len;
  guint  id;            /* interned ids of text, skeleton, raw and raw skeleton: */
  guint  skeleton_id;   /* equal ids are equal strings, 0 is a string no list name has */
  guint  raw_id;
  guint  raw_skeleton_id;
  gboolean noise;       /* a particle or company word: matches only itself */
  gboolean number;      /* has a digit: 8 and 9, 11 and 1 are other numbers, never typos */
  gboolean initial;     /* one letter, written for a word (J. for John) */
} Unit;

typedef struct
{
  guint          entry_index;
  guint          name_index;
  LdNameQuality  quality;
  guint          n_tokens;
  char         **tokens;
  char         **raw;     /* per token, NULL when the same as the token */
  char         **words;   /* the words before canonical mapping */
  guint         *word_of; /* per token, the index of its word */
  float         *weights;
  gboolean      *rare;
  gboolean       has_rare;
  float          total_weight;
  Unit          *units;
  guint          n_units;
  char          *exact_key;  /* sorted tokens, space-separated */
  char          *acronym;    /* a query written as an acronym: its letters, else NULL */
  gboolean       has_initials;
} PreparedName;

typedef struct
{
  guint matched_name_tokens;
  guint matched_query_tokens;
  guint n_equal;
  guint n_strong;   /* telling tokens equal, or one letter off in long enough a token */
  guint n_variant;
  guint n_typo;
  guint n_joined;
  guint n_initial;
  guint n_respelt;  /* equal only once spelt canonically (Junker, Juncker) */
  gboolean acronym;
  gboolean reordered;
} MatchStats;

/* While building, what a key points to: candidate-making postings, and common ones
 * (ascending). */
typedef struct
{
  GArray *rare;
  GArray *common;
} KeyPostings;

/*
 * Keys are 64-bit polynomial hashes of their strings, so a one-letter deletion's key
 * is computed from the word's prefix hashes without building the string. Two keys
 * colliding could only add a candidate (which is then scored) or loosen a bound:
 * never lose a match.
 */
typedef guint64 KeyHash;

#define HASH_BASE G_GUINT64_CONSTANT (0x100000001b3)
#define MAX_KEY_LEN 256

typedef struct
{
  KeyHash      hash;   /* 0: empty slot */
  KeyPostings  postings;
} KeySlot;

/* The index while it is built: open addressing, linear probing. */
typedef struct
{
  KeySlot *slots;
  gsize    capacity;   /* a power of two */
  gsize    used;
} KeyTable;

/*
 * The index once built: sixteen-byte slots, and all postings in one pool, a key's
 * run being [number of rare postings] [rare postings] [common postings]. Screening
 * reads one slot and one run per key; with a list per key, as while building, it read
 * two more scattered blocks, and each was a cache miss.
 */
typedef struct
{
  KeyHash hash;      /* 0: empty slot */
  guint32 offset;    /* of the key's run in the pool */
  guint32 n_postings;
} FrozenSlot;

typedef struct
{
  FrozenSlot *slots;
  gsize       capacity;   /* a power of two */
  guint32    *pool;
} KeyIndex;

/*
 * What candidate lookup needs of a list name, packed in one place: reading these from
 * the scattered PreparedName (its units, its weights) cost a cache miss per posting
 * and per candidate, which was most of the lookup's time once brute force or other
 * work had flushed the caches.
 */
typedef struct
{
  float    weights[MAX_TOKENS];
  float    total_weight;
  guint32  noise_mask;   /* tokens that are particles or company words */
  gboolean weak;         /* a QUALITY Low alias: matched on its exact token set only */
} NameBound;

/*
 * Strings of list names (unit texts and skeletons) and their ids, and for tokens how
 * many list names have them. Open addressing on a 64-bit hash, the strings in one
 * pool: a look-up reads a slot and, when the hash matches, the string. GHashTable
 * read a hash array, a key array, the key and a value array, each a cache miss when
 * screening runs after other work, and the ids and the counts were two tables.
 */
typedef struct
{
  guint64 hash;       /* 0: empty slot */
  guint32 id;         /* from 1, in the order strings were added */
  guint32 doc_freq;   /* list names that have the string as a token */
  gsize   text;       /* offset of the string in the pool */
} AtomSlot;

typedef struct
{
  AtomSlot *slots;
  gsize     capacity;   /* a power of two */
  gsize     used;
  GString  *pool;
} AtomTable;

struct _LdNameMatcher
{
  GObject          parent_instance;
  LdSanctionsList *list;
  GPtrArray       *names;       /* PreparedName* */
  KeyTable         building;    /* key hash -> KeyPostings, while the index is built */
  KeyIndex         index;       /* key hash -> postings, once built */
  NameBound       *bounds;      /* per name, in names order */
  AtomTable        atoms;       /* unit text or skeleton -> id, filled while building only */
  gboolean         counted;     /* document frequencies are known */
  float            max_weight;
  guint            rare_limit;
  GHashTable      *acronyms;    /* ld_name_acronym_index_key() -> GArray of name indices */
};

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
    }
  for (guint i = 0; i < name->n_tokens; i++)
    g_free (name->raw[i]);
  g_free (name->raw);
  g_strfreev (name->words);
  g_free (name->word_of);
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

static double
band_floor (LdMatchBand band)
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

/*
 * Strings of list names get ids while the index is built, so comparing units is
 * comparing integers. Queries only look ids up (the table is read-only once built, so
 * screening stays thread-safe); a string no list name has gets 0 and equals nothing.
 */
static guint64
atom_hash (const char *text)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);  /* FNV-1a */

  for (; *text != '\0'; text++)
    h = (h ^ (guchar) *text) * G_GUINT64_CONSTANT (0x100000001b3);
  return h != 0 ? h : 1;
}

static void
atom_table_init (AtomTable *table)
{
  table->capacity = 1 << 12;
  table->used = 0;
  table->slots = g_new0 (AtomSlot, table->capacity);
  table->pool = g_string_sized_new (1 << 16);
}

static void
atom_table_clear (AtomTable *table)
{
  g_clear_pointer (&table->slots, g_free);
  if (table->pool != NULL)
    g_string_free (g_steal_pointer (&table->pool), TRUE);
}

/* The slot of @text, or the empty slot where it would go. */
static AtomSlot *
atom_table_find (const AtomTable *table,
                 const char      *text,
                 guint64          hash)
{
  gsize i = (hash ^ (hash >> 29)) & (table->capacity - 1);

  while (table->slots[i].hash != 0
         && (table->slots[i].hash != hash || strcmp (table->pool->str + table->slots[i].text, text) != 0))
    i = (i + 1) & (table->capacity - 1);
  return &table->slots[i];
}

static void
atom_table_grow (AtomTable *table)
{
  AtomSlot *old = table->slots;
  gsize old_capacity = table->capacity;

  table->capacity *= 2;
  table->slots = g_new0 (AtomSlot, table->capacity);
  for (gsize i = 0; i < old_capacity; i++)
    if (old[i].hash != 0)
      *atom_table_find (table, table->pool->str + old[i].text, old[i].hash) = old[i];
  g_free (old);
}

static AtomSlot *
atom_table_add (AtomTable  *table,
                const char *text,
                guint64     hash)
{
  AtomSlot *slot;

  if ((table->used + 1) * 10 > table->capacity * 7)
    atom_table_grow (table);
  slot = atom_table_find (table, text, hash);
  if (slot->hash == 0)
    {
      slot->hash = hash;
      slot->id = ++table->used;
      slot->text = table->pool->len;
      g_string_append_len (table->pool, text, strlen (text) + 1);
    }
  return slot;
}

/* The slot of @text, NULL for a string no list name has. */
static const AtomSlot *
atom_lookup (const LdNameMatcher *self,
             const char          *text)
{
  const AtomSlot *slot = atom_table_find (&self->atoms, text, atom_hash (text));

  return slot->hash != 0 ? slot : NULL;
}

static guint
atom (LdNameMatcher *self,
      const char    *text,
      gboolean       intern)
{
  const AtomSlot *slot;

  if (text == NULL)
    return 0;
  slot = intern ? atom_table_add (&self->atoms, text, atom_hash (text)) : atom_lookup (self, text);
  return slot != NULL ? slot->id : 0;
}

static void
unit_init (LdNameMatcher *self,
           gboolean       intern,
           Unit          *unit,
           const char    *text,
           const char    *raw,
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
  unit->id = atom (self, unit->text, intern);
  unit->skeleton_id = atom (self, unit->skeleton, intern);
  unit->raw_id = atom (self, unit->raw, intern);
  unit->raw_skeleton_id = atom (self, unit->raw_skeleton, intern);
  unit->first = first;
  unit->n_covered = n_covered;
  unit->noise = single && ld_name_normalizer_is_noise (text);
  /* Written in digits: compared exactly. A number written as a word (third) keeps its
   * word, which may be misspelt like any other. */
  unit->number = ld_name_forms_is_number (raw != NULL ? raw : text);
  unit->initial = single && unit->len == 1 && g_ascii_isalpha (text[0]);
}

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
static char
initial_class (char c)
{
  if (is_open_letter (c))
    return 'a';
  if (c == 'c' || c == 'q')
    return 'k';
  return c;
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
  /* A skeleton of three letters from nine (Schneider, Shahidwror: “str”) is chance. */
  if (skeleton_len * 5 < 2 * longer)
    return FALSE;
  return initial_class (q[0]) == initial_class (n[0]);
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
                     SimKind        *kind)
{
  if (q->id != 0 && q->id == n->id)
    {
      *kind = SIM_EQUAL;
      return 1.0;
    }
  if (may_be_one_edit (q, n) && within_one_edit (q->text, q->len, n->text, n->len))
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

/* Whether @initial is the first letter of @word, a telling word of its own (not a
 * particle, a company word or a number, nor words written together). */
static gboolean
initial_of (const Unit *initial,
            const Unit *word)
{
  char letter = initial->text[0];

  if (word->noise || word->number || word->n_covered > 1 || word->len < 2)
    return FALSE;
  return word->text[0] == letter || (word->raw != NULL && word->raw[0] == letter);
}

/* The best similarity over the canonical and the original spellings of both units. */
static double
unit_similarity (const Unit *q,
                 const Unit *n,
                 SimKind    *kind)
{
  Spelling qc = canonical_spelling (q), nc = canonical_spelling (n);
  Spelling qr = raw_spelling (q), nr = raw_spelling (n);
  double best;
  SimKind k;
  double sim;

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
      gboolean equal = (q->id != 0 && (q->id == n->id || q->id == n->raw_id))
                       || (q->raw_id != 0 && (q->raw_id == n->id || q->raw_id == n->raw_id));

      *kind = equal ? SIM_EQUAL : SIM_NONE;
      return equal ? 1.0 : 0.0;
    }
  best = spelling_similarity (&qc, &nc, kind);
  if (best >= 1.0)
    return best;
  if (q->raw != NULL)
    {
      sim = spelling_similarity (&qr, &nc, &k);
      if (sim > best)
        best = sim, *kind = k;
    }
  if (n->raw != NULL)
    {
      sim = spelling_similarity (&qc, &nr, &k);
      if (sim > best)
        best = sim, *kind = k;
    }
  if (q->raw != NULL && n->raw != NULL)
    {
      sim = spelling_similarity (&qr, &nr, &k);
      if (sim > best)
        best = sim, *kind = k;
    }
  return best;
}

/* ---- preparing names ---- */

static float
token_weight (LdNameMatcher *self,
              const char    *token,
              gboolean      *rare)
{
  const AtomSlot *slot;
  guint df;

  *rare = FALSE;
  /* Titles (President, Sheikh) weigh as little as particles, but are compared like
   * any word, so a misspelt title still meets its title. Not Mr or Dr: two or three
   * letters are as often a name written without its vowels (عمر: mr). */
  if (ld_name_normalizer_is_noise (token) || (ld_name_forms_is_title (token) && strlen (token) > 3))
    return NOISE_WEIGHT;
  /* An initial says one letter of a word. */
  if (token[0] != '\0' && token[1] == '\0' && g_ascii_isalpha (token[0]))
    return NOISE_WEIGHT;
  if (!self->counted)
    return 1.0f;
  slot = atom_lookup (self, token);
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

/*
 * A unit for tokens [first, first + n) written together, in both spellings. When the
 * unit spans whole words, its original spelling is those words (Abdurochim, not the
 * canonical abd al rochim), so a typo in a split compound still meets it.
 */
static void
add_joined_unit (LdNameMatcher *self,
                 gboolean       intern,
                 PreparedName  *name,
                 guint          first,
                 guint          n)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) raw = g_string_new (NULL);
  gboolean aligned = starts_word (name, first) && ends_word (name, first + n - 1);

  for (guint i = first; i < first + n; i++)
    {
      g_string_append (text, name->tokens[i]);
      if (aligned && starts_word (name, i))
        g_string_append (raw, name->words[name->word_of[i]]);
      else if (!aligned)
        g_string_append (raw, name->raw[i] != NULL ? name->raw[i] : name->tokens[i]);
    }
  unit_init (self, intern, &name->units[name->n_units++], text->str, raw->str, first, n);
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

static PreparedName *
prepare_words (LdNameMatcher  *self,
               char          **words,
               LdNameQuality   quality,
               gboolean        intern)
{
  PreparedName *name = g_new0 (PreparedName, 1);
  GPtrArray *tokens = g_ptr_array_new ();
  GPtrArray *raw = g_ptr_array_new ();
  GArray *word_of = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint w = 0; words[w] != NULL && tokens->len < MAX_TOKENS; w++)
    {
      g_auto(GStrv) canonical = ld_name_normalizer_canonicalize (words[w]);
      gboolean mapped = g_strv_length (canonical) == 1 && strcmp (canonical[0], words[w]) != 0;

      for (guint c = 0; canonical[c] != NULL && tokens->len < MAX_TOKENS; c++)
        {
          g_ptr_array_add (tokens, g_strdup (canonical[c]));
          g_ptr_array_add (raw, mapped ? g_strdup (words[w]) : NULL);
          g_array_append_val (word_of, w);
        }
    }
  name->n_tokens = tokens->len;
  g_ptr_array_add (tokens, NULL);
  name->tokens = (char **) g_ptr_array_free (tokens, FALSE);
  name->raw = (char **) g_ptr_array_free (raw, FALSE);
  name->word_of = (guint *) g_array_free (word_of, FALSE);
  name->words = g_strdupv (words);
  name->quality = quality;
  name->weights = g_new (float, name->n_tokens);
  name->rare = g_new0 (gboolean, name->n_tokens);
  name->units = g_new0 (Unit, name->n_tokens * 3 + 1);
  for (guint i = 0; i < name->n_tokens; i++)
    {
      name->weights[i] = token_weight (self, name->tokens[i], &name->rare[i]);
      name->has_rare |= name->rare[i];
      name->total_weight += name->weights[i];
      unit_init (self, intern, &name->units[name->n_units++], name->tokens[i], name->raw[i], i, 1);
      name->has_initials |= name->units[i].initial;
    }
  for (guint i = 0; i + 1 < name->n_tokens; i++)
    add_joined_unit (self, intern, name, i, 2);
  for (guint i = 0; i + 2 < name->n_tokens; i++)
    add_joined_unit (self, intern, name, i, 3);
  for (guint i = 0; i + 3 < name->n_tokens; i++)
    if (is_split_word (name, i, 4))
      add_joined_unit (self, intern, name, i, 4);
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

  if (normal == NULL)
    return NULL;
  words = split_words (normal);
  return prepare_words (self, words, quality, intern);
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
static double
score_names (const PreparedName *query,
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
  if (stats->n_initial > 0)
    score = cap_for_initials (score, stats);
  /* An initial that is no word of the name, which has a word left over: another first
   * name (T. Smith, John Smith). */
  if (initial_left_over (query, q_used) && !all_telling_tokens_used (name, n_used))
    score = MIN (score, SINGLE_TOKEN_CAP);
  return score;
}

/* ---- qualifiers ---- */

static gboolean
country_tokens_match (const char *a,
                      const char *b)
{
  g_auto(GStrv) ta = ld_name_normalizer_tokenize (a, -1, LD_NAME_NORMALIZER_FLAGS_LENIENT, NULL);
  g_auto(GStrv) tb = ld_name_normalizer_tokenize (b, -1, LD_NAME_NORMALIZER_FLAGS_LENIENT, NULL);
  guint shared = 0, na = 0;

  if (ta == NULL || tb == NULL)
    return FALSE;
  /* “Iran (Islamic Republic of)” against ISO's “Iran, Islamic Republic of”: every
   * telling word of the shorter name must appear in the longer one. */
  for (guint i = 0; ta[i] != NULL; i++)
    {
      if (ld_name_normalizer_is_noise (ta[i]) || strcmp (ta[i], "republic") == 0)
        continue;
      na++;
      if (g_strv_contains ((const char * const *) tb, ta[i]))
        shared++;
    }
  return na > 0 && shared == na;
}

static gboolean
entry_in_country (const LdSanctionsEntry *entry,
                  const char             *country,
                  gboolean               *known)
{
  GPtrArray *lists[] = { entry->nationalities, entry->countries };

  *known = FALSE;
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lists[l]->len; i++)
      {
        const char *value = g_ptr_array_index (lists[l], i);

        *known = TRUE;
        if (country_tokens_match (country, value) || country_tokens_match (value, country))
          return TRUE;
      }
  return FALSE;
}

static int
birth_year_distance (const LdSanctionsEntry *entry,
                     int                     year)
{
  int best = G_MAXINT;

  for (guint i = 0; i < entry->birth_dates->len; i++)
    {
      const LdBirthDate *dob = &g_array_index (entry->birth_dates, LdBirthDate, i);
      int slack = dob->type == LD_BIRTH_DATE_APPROXIMATE ? 2 : 0;
      int d = 0;

      if (year < dob->from_year - slack)
        d = dob->from_year - slack - year;
      else if (year > dob->to_year + slack)
        d = year - dob->to_year - slack;
      best = MIN (best, d);
    }
  return best;
}

/*
 * Birth year and country move a score a little. They never bury a strong name match:
 * lists record wrong or several dates of birth, and people change nationality.
 */
static double
apply_qualifiers (const LdScreeningQuery *query,
                  const LdSanctionsEntry *entry,
                  double                  name_score,
                  GString                *reason)
{
  double score = name_score;
  gboolean known = FALSE;

  if (query->birth_year > 0 && entry->birth_dates->len > 0)
    {
      int d = birth_year_distance (entry, query->birth_year);

      if (d <= 1)
        {
          score += 0.05;
          g_string_append (reason, "; birth year agrees");
        }
      else if (d > 5)
        {
          score -= 0.10;
          g_string_append_printf (reason, "; birth year %d differs from the list", query->birth_year);
        }
    }
  if (query->country != NULL && *query->country != '\0')
    {
      if (entry_in_country (entry, query->country, &known))
        {
          score += 0.03;
          g_string_append (reason, "; country agrees");
        }
      else if (known)
        {
          score -= 0.05;
          g_string_append_printf (reason, "; country %s not recorded for this entry", query->country);
        }
    }
  if (name_score >= LD_NAME_MATCHER_PROBABLE_SCORE)
    score = MAX (score, LD_NAME_MATCHER_REVIEW_SCORE);
  return CLAMP (score, 0.0, 1.0);
}

/*
 * Appends @n in decimal. Reasons are written for every hit, and printf's code was
 * most of the instruction-cache misses of scoring a name once brute force or other
 * work had flushed the caches.
 */
static void
append_count (GString *out,
              guint    n)
{
  char digits[16];
  guint i = sizeof digits;

  do
    {
      digits[--i] = '0' + n % 10;
      n /= 10;
    }
  while (n > 0);
  g_string_append_len (out, digits + i, sizeof digits - i);
}

/* “, N thing”, or “, N things” for more than one. */
static void
append_counted (GString    *out,
                guint       n,
                const char *thing)
{
  g_string_append (out, ", ");
  append_count (out, n);
  g_string_append_c (out, ' ');
  g_string_append (out, thing);
  if (n > 1)
    g_string_append_c (out, 's');
}

static void
describe_match (GString            *reason,
                const PreparedName *query,
                const PreparedName *name,
                const MatchStats   *stats)
{
  if (name->quality == LD_NAME_QUALITY_LOW)
    {
      g_string_append (reason, "exact match on a weak alias");
      return;
    }
  append_count (reason, stats->matched_name_tokens);
  g_string_append (reason, " of ");
  append_count (reason, name->n_tokens);
  g_string_append (reason, " name tokens matched (");
  g_string_append (reason, ld_name_quality_to_string (name->quality));
  g_string_append_c (reason, ')');
  if (stats->matched_query_tokens < query->n_tokens)
    {
      g_string_append (reason, ", ");
      append_count (reason, query->n_tokens - stats->matched_query_tokens);
      g_string_append (reason, " query tokens unmatched");
    }
  if (stats->n_variant > 0)
    append_counted (reason, stats->n_variant, "spelling variant");
  if (stats->n_typo > 0)
    append_counted (reason, stats->n_typo, "one-letter difference");
  if (stats->n_joined > 0)
    g_string_append (reason, ", joined or split tokens");
  if (stats->n_initial > 0)
    append_counted (reason, stats->n_initial, "initial");
  if (stats->acronym)
    g_string_append (reason, ", written as an acronym");
  if (stats->reordered)
    g_string_append (reason, ", different order");
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
          atom_table_add (&self->atoms, name->tokens[t], atom_hash (name->tokens[t]))->doc_freq++;
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
      name->weights[i] = token_weight (self, name->tokens[i], &name->rare[i]);
      name->has_rare |= name->rare[i];
      name->total_weight += name->weights[i];
    }
}

/*
 * A posting is a name and one of its units, the unit given by the tokens it covers:
 * (name << UNIT_BITS) | (first << 2) | (n_covered - 1). A unit covers at most four of
 * at most sixteen tokens, so six bits hold it, and lookup reads the tokens a posting
 * covers without touching the name.
 */
#define UNIT_BITS 6
#define POSTING(name, unit) (((name) << UNIT_BITS) | ((unit)->first << 2) | ((unit)->n_covered - 1))
#define POSTING_NAME(posting) ((posting) >> UNIT_BITS)
#define POSTING_TOKENS(posting) \
  (((1u << (((posting) & 3) + 1)) - 1) << (((posting) >> 2) & (MAX_TOKENS - 1)))

G_STATIC_ASSERT (MAX_TOKENS == 16);
/* Postings of units that cover no rare token: they make no candidate, they only tell
 * may_reach() which tokens of a candidate found another way may match. */
#define COMMON_BIT (1u << 31)

static KeyHash
hash_string (const char *s,
             gsize       len)
{
  KeyHash h = 0;

  for (gsize i = 0; i < len; i++)
    h = h * HASH_BASE + (guchar) s[i] + 1;
  return h != 0 ? h : 1;
}

static inline gsize
key_bucket (KeyHash hash,
            gsize   capacity)
{
  return (hash ^ (hash >> 29)) & (capacity - 1);
}

static KeySlot *
key_table_find (const KeyTable *table,
                KeyHash         hash)
{
  gsize i = key_bucket (hash, table->capacity);

  while (table->slots[i].hash != 0 && table->slots[i].hash != hash)
    i = (i + 1) & (table->capacity - 1);
  return &table->slots[i];
}

static const FrozenSlot *
key_index_find (const KeyIndex *index,
                KeyHash         hash)
{
  gsize i = key_bucket (hash, index->capacity);

  while (index->slots[i].hash != 0 && index->slots[i].hash != hash)
    i = (i + 1) & (index->capacity - 1);
  return &index->slots[i];
}

static guint
array_len (const GArray *array)
{
  return array != NULL ? array->len : 0;
}

static void
copy_postings (guint32      *to,
               const GArray *array)
{
  if (array != NULL)
    memcpy (to, array->data, array->len * sizeof (guint32));
}

/* Moves the built table into one slot array and one pool, in the same slots. */
static void
key_index_freeze (KeyIndex *index,
                  KeyTable *table)
{
  gsize total = 0, offset = 0;

  for (gsize i = 0; i < table->capacity; i++)
    if (table->slots[i].hash != 0)
      total += 1 + array_len (table->slots[i].postings.rare) + array_len (table->slots[i].postings.common);
  g_assert (total <= G_MAXUINT32);
  index->capacity = table->capacity;
  index->slots = g_new0 (FrozenSlot, index->capacity);
  index->pool = g_new (guint32, MAX (total, 1));
  for (gsize i = 0; i < table->capacity; i++)
    {
      const KeySlot *from = &table->slots[i];
      guint n_rare = array_len (from->postings.rare), n_common = array_len (from->postings.common);

      if (from->hash == 0)
        continue;
      index->slots[i] = (FrozenSlot) { from->hash, offset, n_rare + n_common };
      index->pool[offset] = n_rare;
      copy_postings (&index->pool[offset + 1], from->postings.rare);
      copy_postings (&index->pool[offset + 1 + n_rare], from->postings.common);
      offset += 1 + n_rare + n_common;
    }
}

static void
key_index_clear (KeyIndex *index)
{
  g_clear_pointer (&index->slots, g_free);
  g_clear_pointer (&index->pool, g_free);
}

static void
key_table_init (KeyTable *table)
{
  table->capacity = 1 << 16;
  table->used = 0;
  table->slots = g_new0 (KeySlot, table->capacity);
}

static void
key_table_grow (KeyTable *table)
{
  KeySlot *old = table->slots;
  gsize old_capacity = table->capacity;

  table->capacity *= 2;
  table->slots = g_new0 (KeySlot, table->capacity);
  for (gsize i = 0; i < old_capacity; i++)
    if (old[i].hash != 0)
      *key_table_find (table, old[i].hash) = old[i];
  g_free (old);
}

static void
key_table_clear (KeyTable *table)
{
  for (gsize i = 0; table->slots != NULL && i < table->capacity; i++)
    {
      g_clear_pointer (&table->slots[i].postings.rare, g_array_unref);
      g_clear_pointer (&table->slots[i].postings.common, g_array_unref);
    }
  g_clear_pointer (&table->slots, g_free);
}

static void
append_posting (GArray **array,
                guint    posting)
{
  if (*array == NULL)
    *array = g_array_new (FALSE, FALSE, sizeof (guint));
  else if (g_array_index (*array, guint, (*array)->len - 1) == posting)
    return;
  g_array_append_val (*array, posting);
}

static void
index_add (LdNameMatcher *self,
           KeyHash        hash,
           guint          posting)
{
  KeySlot *slot;

  if ((self->building.used + 1) * 10 > self->building.capacity * 7)
    key_table_grow (&self->building);
  slot = key_table_find (&self->building, hash);
  if (slot->hash == 0)
    {
      slot->hash = hash;
      self->building.used++;
    }
  if (posting & COMMON_BIT)
    append_posting (&slot->postings.common, posting & ~COMMON_BIT);
  else
    append_posting (&slot->postings.rare, posting);
}

typedef void (*KeyFunc) (KeyHash hash, gpointer data);

static KeyHash
hash_power (guint n)
{
  static KeyHash powers[MAX_KEY_LEN + 1];

  if (g_once_init_enter (&powers[0]))
    {
      KeyHash p = 1;

      for (guint i = 1; i <= MAX_KEY_LEN; i++)
        {
          p *= HASH_BASE;
          powers[i] = p;
        }
      g_once_init_leave (&powers[0], 1);
    }
  return powers[n];
}

/* The hashes of @text without one letter, each in O(1) from prefix hashes. */
static void
foreach_deletion_key (const char *text,
                      guint       len,
                      KeyFunc     func,
                      gpointer    data)
{
  KeyHash prefix[MAX_KEY_LEN + 1];
  KeyHash whole;

  prefix[0] = 0;
  for (guint i = 0; i < len; i++)
    prefix[i + 1] = prefix[i] * HASH_BASE + (guchar) text[i] + 1;
  whole = prefix[len];
  for (guint i = 0; i < len; i++)
    {
      KeyHash shift = hash_power (len - 1 - i);
      KeyHash h = prefix[i] * shift + (whole - prefix[i + 1] * shift);

      if (i > 0 && text[i] == text[i - 1])
        continue;  /* same deletion as the previous position */
      func (h != 0 ? h : 1, data);
    }
}

static void
foreach_spelling_key (const char *text,
                      guint       len,
                      const char *skeleton,
                      KeyFunc     func,
                      gpointer    data)
{
  if (len >= MAX_KEY_LEN)
    len = MAX_KEY_LEN - 1;  /* names are at most 400 characters; a run this long is noise */
  func (hash_string (text, len), data);
  if (len >= 4)
    foreach_deletion_key (text, len, func, data);
  if (skeleton != NULL)
    {
      /* Skeleton matches need the same class of first letter: part of the key. */
      char key[MAX_KEY_LEN + 3];
      gsize slen = MIN (strlen (skeleton), MAX_KEY_LEN);

      key[0] = '#';
      key[1] = initial_class (text[0]);
      memcpy (key + 2, skeleton, slen);
      func (hash_string (key, slen + 2), data);
    }
}

/*
 * Calls @func for every key of @unit, in both spellings: the text, its one-letter
 * deletions (two strings one edit apart always share one) and its skeleton with the
 * class of its first letter (similar_shape() requires both to agree).
 */
static void
foreach_unit_key (const Unit *unit,
                  KeyFunc     func,
                  gpointer    data)
{
  if (unit->noise)
    {
      func (hash_string (unit->text, unit->len), data);
      return;
    }
  foreach_spelling_key (unit->text, unit->len, unit->skeleton, func, data);
  if (unit->raw != NULL)
    foreach_spelling_key (unit->raw, unit->raw_len, unit->raw_skeleton, func, data);
}

/* A query's joined units match only exactly, so their spellings are their only keys. */
static void
query_unit_keys (const Unit *unit,
                 KeyFunc     func,
                 gpointer    data)
{
  if (unit->n_covered == 1)
    {
      foreach_unit_key (unit, func, data);
      return;
    }
  func (hash_string (unit->text, MIN (unit->len, MAX_KEY_LEN - 1)), data);
  if (unit->raw != NULL)
    func (hash_string (unit->raw, MIN (unit->raw_len, MAX_KEY_LEN - 1)), data);
}

typedef struct
{
  LdNameMatcher *self;
  guint          posting;
} IndexClosure;

static void
index_key_cb (KeyHash  hash,
              gpointer data)
{
  IndexClosure *closure = data;

  index_add (closure->self, hash, closure->posting);
}

/* hash_string() of “=” and the exact key, without building that string. */
static KeyHash
exact_key_hash (const PreparedName *name)
{
  KeyHash h = (guchar) '=' + 1;

  for (const char *p = name->exact_key; *p != '\0'; p++)
    h = h * HASH_BASE + (guchar) *p + 1;
  return h != 0 ? h : 1;
}

static gboolean
unit_covers_rare (const PreparedName *name,
                  const Unit         *unit)
{
  for (guint i = unit->first; i < unit->first + unit->n_covered; i++)
    if (name->rare[i])
      return TRUE;
  return FALSE;
}

/* Names an acronym may stand for, under the first letters of their telling words. */
static void
index_acronym (LdNameMatcher      *self,
               const PreparedName *name,
               guint               name_index)
{
  char *key = ld_name_acronym_index_key (name->words, g_strv_length (name->words));
  GArray *names;

  if (key == NULL)
    return;
  names = g_hash_table_lookup (self->acronyms, key);
  if (names == NULL)
    {
      names = g_array_new (FALSE, FALSE, sizeof (guint));
      g_hash_table_insert (self->acronyms, key, names);
    }
  else
    g_free (key);
  g_array_append_val (names, name_index);
}

/*
 * Units that cover a rare token go into the index as candidates. The others (common
 * tokens of a name that has rare ones) go in marked COMMON_BIT: they bound what a
 * candidate can score (see may_reach()) but make no candidate of their own.
 */
static void
index_name (LdNameMatcher *self,
            guint          name_index)
{
  PreparedName *name = g_ptr_array_index (self->names, name_index);
  IndexClosure closure = { self, 0 };

  if (name->quality == LD_NAME_QUALITY_LOW)
    {
      index_add (self, exact_key_hash (name), POSTING (name_index, &name->units[0]));
      return;
    }
  index_acronym (self, name, name_index);
  for (guint u = 0; u < name->n_units; u++)
    {
      const Unit *unit = &name->units[u];

      closure.posting = POSTING (name_index, unit);
      if (name->has_rare && !unit_covers_rare (name, unit))
        {
          /* Particles weigh little and are assumed matched by the bound instead. */
          if (unit->noise)
            continue;
          closure.posting |= COMMON_BIT;
        }
      foreach_unit_key (unit, index_key_cb, &closure);
    }
}

static guint32 noise_token_mask (const PreparedName *name);

static void
fill_bound (NameBound          *bound,
            const PreparedName *name)
{
  memcpy (bound->weights, name->weights, name->n_tokens * sizeof (float));
  bound->total_weight = name->total_weight;
  bound->noise_mask = noise_token_mask (name);
  bound->weak = name->quality == LD_NAME_QUALITY_LOW;
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

  key_table_clear (&self->building);
  key_index_clear (&self->index);
  g_clear_pointer (&self->acronyms, g_hash_table_unref);
  g_clear_pointer (&self->bounds, g_free);
  atom_table_clear (&self->atoms);
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
  key_table_init (&self->building);
  atom_table_init (&self->atoms);
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
      fill_bound (&self->bounds[i], g_ptr_array_index (self->names, i));
      index_name (self, i);
    }
  key_index_freeze (&self->index, &self->building);
  key_table_clear (&self->building);
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

/* ---- screening ---- */

/* What the index tells about one candidate: which tokens on each side may match. */
typedef struct
{
  guint   name;
  guint32 query_tokens;
  guint32 name_tokens;
} Candidate;

/*
 * A growable array for lookup's scratch. Appending is lookup's inner loop, and
 * g_array_append_val() costs a call and a copy per element.
 */
typedef struct
{
  gpointer items;
  guint    len;
  guint    capacity;
} Vec;

static inline gpointer
vec_push (Vec   *vec,
          gsize  item_size)
{
  if (G_UNLIKELY (vec->len == vec->capacity))
    {
      vec->capacity = MAX (64, vec->capacity * 2);
      vec->items = g_realloc_n (vec->items, vec->capacity, item_size);
    }
  return (char *) vec->items + (gsize) vec->len++ * item_size;
}

#define VEC_AT(vec, type, i) (((type *) (vec)->items)[i])

typedef struct
{
  LdNameMatcher *self;
  guint         *slot;      /* name -> position in candidates, valid when seen */
  guint8        *seen;
  Vec           *candidates; /* Candidate */
} LookupClosure;

/* A key of the query, and the query tokens of the unit it comes from. */
typedef struct
{
  KeyHash hash;
  guint32 unit_tokens;
} QueryKey;

typedef struct
{
  Vec     *keys;          /* QueryKey */
  guint32  unit_tokens;
} KeyCollector;

/* A query key the index has: its postings, and the query tokens that reached them. */
typedef struct
{
  const guint32 *rare;
  guint          n_rare;
  const guint32 *common;   /* ascending */
  guint          n_common;
  guint32        query_tokens;
} KeyRun;

/* A hint that @address will be read soon: lookups issue the reads of all their keys
 * before using any, so the cache misses overlap instead of following one another. */
#if defined(__GNUC__)
#define PREFETCH(address) __builtin_prefetch (address)
#else
#define PREFETCH(address) ((void) (address))
#endif

static guint32
token_mask (const Unit *unit)
{
  return ((1u << unit->n_covered) - 1) << unit->first;
}

/* The name tokens of a weak alias are never read: it is kept whatever they are. */
static void
add_posting (LookupClosure *closure,
             guint          posting,
             guint32        query_tokens)
{
  guint n = POSTING_NAME (posting);
  Candidate *c;

  if (!(closure->seen[n >> 3] & (1 << (n & 7))))
    {
      Candidate fresh = { n, 0, 0 };

      /* Read by may_reach(): a bound spans two cache lines. */
      PREFETCH (&closure->self->bounds[n]);
      PREFETCH ((const char *) &closure->self->bounds[n] + sizeof (NameBound) - 1);
      closure->seen[n >> 3] |= 1 << (n & 7);
      closure->slot[n] = closure->candidates->len;
      *(Candidate *) vec_push (closure->candidates, sizeof (Candidate)) = fresh;
    }
  c = &VEC_AT (closure->candidates, Candidate, closure->slot[n]);
  c->query_tokens |= query_tokens;
  c->name_tokens |= POSTING_TOKENS (posting);
}

static void
collect_key_cb (KeyHash  hash,
                gpointer data)
{
  KeyCollector *collector = data;
  QueryKey key = { hash, collector->unit_tokens };

  *(QueryKey *) vec_push (collector->keys, sizeof (QueryKey)) = key;
}

/* Every key of every unit of @query, and its exact token set (for weak aliases). */
static void
collect_query_keys (const PreparedName *query,
                    Vec                *keys)
{
  KeyCollector collector = { keys, 0 };

  for (guint u = 0; u < query->n_units; u++)
    {
      collector.unit_tokens = token_mask (&query->units[u]);
      query_unit_keys (&query->units[u], collect_key_cb, &collector);
    }
  collector.unit_tokens = 0;
  collect_key_cb (exact_key_hash (query), &collector);
}

/* The runs of the keys the index has, in two passes so that the reads of slots, and
 * then of runs, are all under way before the first is needed. */
static void
find_key_runs (const KeyIndex *index,
               const Vec      *keys,
               Vec            *runs)
{
  const QueryKey *k = keys->items;

  for (guint i = 0; i < keys->len; i++)
    PREFETCH (&index->slots[key_bucket (k[i].hash, index->capacity)]);
  for (guint i = 0; i < keys->len; i++)
    {
      const FrozenSlot *slot = key_index_find (index, k[i].hash);
      const guint32 *run;
      KeyRun found;

      if (slot->hash == 0)
        continue;
      run = &index->pool[slot->offset];
      PREFETCH (run);
      found.rare = run + 1;
      found.common = NULL;  /* known once the run is read */
      found.n_rare = 0;
      found.n_common = slot->n_postings;
      found.query_tokens = k[i].unit_tokens;
      *(KeyRun *) vec_push (runs, sizeof (KeyRun)) = found;
    }
  for (guint i = 0; i < runs->len; i++)
    {
      KeyRun *run = &VEC_AT (runs, KeyRun, i);
      guint n_postings = run->n_common;

      run->n_rare = run->rare[-1];
      run->common = run->rare + run->n_rare;
      run->n_common = n_postings - run->n_rare;
    }
}

static void
mark_common (LookupClosure *closure,
             guint          posting,
             guint32        query_tokens)
{
  Candidate *c = &VEC_AT (closure->candidates, Candidate, closure->slot[POSTING_NAME (posting)]);

  c->query_tokens |= query_tokens;
  c->name_tokens |= POSTING_TOKENS (posting);
}

/* First of @n @postings not below @value (postings are ascending). */
static guint
lower_bound (const guint32 *postings,
             guint          n,
             guint          value)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (postings[mid] < value)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/*
 * Common postings only add to candidates found through a rare token: a long list is
 * searched for each candidate, a short one walked.
 */
static void
apply_common (LookupClosure *closure,
              const KeyRun  *run)
{
  const guint32 *common = run->common;

  if (run->n_common <= 16 * closure->candidates->len)
    {
      for (guint i = 0; i < run->n_common; i++)
        {
          guint n = POSTING_NAME (common[i]);

          if (closure->seen[n >> 3] & (1 << (n & 7)))
            mark_common (closure, common[i], run->query_tokens);
        }
      return;
    }
  for (guint k = 0; k < closure->candidates->len; k++)
    {
      guint n = VEC_AT (closure->candidates, Candidate, k).name;

      for (guint i = lower_bound (common, run->n_common, n << UNIT_BITS);
           i < run->n_common && POSTING_NAME (common[i]) == n; i++)
        mark_common (closure, common[i], run->query_tokens);
    }
}

static inline guint
lowest_bit (guint32 mask)
{
#if defined(__GNUC__)
  return __builtin_ctz (mask);
#else
  return g_bit_nth_lsf (mask, -1);  /* a loop over the bits */
#endif
}

/* The sum of the weights of the tokens in @mask, lowest token first. */
static float
masked_weight (const float *weights,
               guint32      mask)
{
  float w = 0;

  for (; mask != 0; mask &= mask - 1)
    w += weights[lowest_bit (mask)];
  return w;
}

static guint32
noise_token_mask (const PreparedName *name)
{
  guint32 mask = 0;

  for (guint i = 0; i < name->n_tokens; i++)
    if (name->units[i].noise || name->units[i].initial)  /* the first n_tokens units are the single tokens */
      mask |= 1u << i;
  return mask;
}

/*
 * An upper bound of score_names() from what the index saw. Two units can only be
 * similar if they share a key, so a query token can only be matched through a unit
 * that hit this name, and a name token only through one of its units that was hit;
 * particles and initials are not in the index and are assumed matched. Similarities are at most 1
 * and every other factor of the score at most 1, so the bound holds.
 */
static gboolean
may_reach (const PreparedName *query,
           guint32             query_noise,
           const NameBound    *name,
           const Candidate    *c,
           double              floor)
{
  guint32 q_mask = c->query_tokens | query_noise;
  guint32 n_mask = c->name_tokens | name->noise_mask;
  double cq = masked_weight (query->weights, q_mask) / query->total_weight;
  /* An initial of the query may stand for any word of the name, which no key shows. */
  double cn = query->has_initials ? 1.0 : masked_weight (name->weights, n_mask) / name->total_weight;

  /* A weighted geometric mean lies between its two terms: decide without pow() when
   * both are on the same side of the floor. */
  if (cq >= floor && cn >= floor)
    return TRUE;
  if (cq < floor && cn < floor)
    return FALSE;
  return pow (cq, QUERY_SHARE_EXPONENT) * pow (cn, 1.0 - QUERY_SHARE_EXPONENT) >= floor;
}

/*
 * Per-thread scratch for candidate lookup, kept between queries: allocating and
 * clearing arrays the size of the list for every name cost more than the lookup.
 */
typedef struct
{
  guint   capacity;
  guint  *slot;
  guint8 *seen;
  Vec     candidates;  /* Candidate */
  Vec     keys;        /* QueryKey */
  Vec     runs;        /* KeyRun */
} Scratch;

static void
scratch_free (gpointer data)
{
  Scratch *scratch = data;

  if (scratch == NULL)
    return;
  g_free (scratch->slot);
  g_free (scratch->seen);
  g_free (scratch->candidates.items);
  g_free (scratch->keys.items);
  g_free (scratch->runs.items);
  g_free (scratch);
}

static GPrivate scratch_key = G_PRIVATE_INIT (scratch_free);

static Scratch *
get_scratch (guint n_names)
{
  Scratch *scratch = g_private_get (&scratch_key);

  if (scratch == NULL)
    {
      scratch = g_new0 (Scratch, 1);
      g_private_set (&scratch_key, scratch);
    }
  if (scratch->capacity < n_names)
    {
      g_free (scratch->slot);
      g_free (scratch->seen);
      scratch->capacity = n_names;
      scratch->slot = g_new (guint, n_names);
      scratch->seen = g_malloc0 (n_names / 8 + 1);
    }
  return scratch;
}

static GArray *
index_candidates (LdNameMatcher      *self,
                  const PreparedName *query,
                  LdMatchBand         min_band)
{
  Scratch *scratch = get_scratch (self->names->len);
  LookupClosure closure = { self, scratch->slot, scratch->seen, &scratch->candidates };
  Vec *runs = &scratch->runs;
  GArray *kept = g_array_new (FALSE, FALSE, sizeof (guint));
  guint32 query_noise = noise_token_mask (query);
  /* Qualifiers add at most 0.08 to a name score. */
  double floor = band_floor (min_band) - 0.08 - 1e-9;

  scratch->candidates.len = scratch->keys.len = scratch->runs.len = 0;
  collect_query_keys (query, &scratch->keys);
  find_key_runs (&self->index, &scratch->keys, runs);
  for (guint i = 0; i < runs->len; i++)
    {
      const KeyRun *run = &VEC_AT (runs, KeyRun, i);

      for (guint j = 0; j < run->n_rare; j++)
        add_posting (&closure, run->rare[j], run->query_tokens);
    }
  /* Common postings only add to candidates found through a rare token. */
  for (guint i = 0; closure.candidates->len > 0 && i < runs->len; i++)
    if (VEC_AT (runs, KeyRun, i).n_common > 0)
      apply_common (&closure, &VEC_AT (runs, KeyRun, i));
  for (guint i = 0; i < closure.candidates->len; i++)
    {
      const Candidate *c = &VEC_AT (closure.candidates, Candidate, i);
      const NameBound *bound = &self->bounds[c->name];

      if (bound->weak || may_reach (query, query_noise, bound, c, floor))
        g_array_append_val (kept, c->name);
      scratch->seen[c->name >> 3] = 0;  /* left clear for the next query */
    }
  return kept;
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

  describe_match (reason, prepared_query, name, stats);

  if (name->quality == LD_NAME_QUALITY_LOW)
    name_score = LD_NAME_MATCHER_WEAK_ALIAS_SCORE;
  hit->name_score = name_score;
  hit->score = apply_qualifiers (query, entry, name_score, reason);
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
      double name_score = score_names (prepared, name, &stats);

      if (name_score <= 0.0)
        continue;
      /* Qualifiers add at most 0.08; anything further below the band cannot reach it. */
      if (name->quality != LD_NAME_QUALITY_LOW && name_score + 0.08 < band_floor (min_band))
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

typedef struct
{
  GHashTable *acronyms;
  GArray     *candidates;
  GHashTable *seen;
} AcronymLookup;

static void
acronym_key_cb (const char *key,
                gpointer    data)
{
  AcronymLookup *lookup = data;
  GArray *names = g_hash_table_lookup (lookup->acronyms, key);

  for (guint i = 0; names != NULL && i < names->len; i++)
    {
      guint n = g_array_index (names, guint, i);

      if (g_hash_table_add (lookup->seen, GUINT_TO_POINTER (n + 1)))
        g_array_append_val (lookup->candidates, n);
    }
}

/* Names the query's letters may abbreviate, which share no key with it. */
static void
add_acronym_candidates (LdNameMatcher *self,
                        const char    *acronym,
                        GArray        *candidates)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  AcronymLookup lookup = { self->acronyms, candidates, seen };

  for (guint i = 0; i < candidates->len; i++)
    g_hash_table_add (seen, GUINT_TO_POINTER (g_array_index (candidates, guint, i) + 1));
  ld_name_acronym_foreach_lookup_key (acronym, acronym_key_cb, &lookup);
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
  candidates = index_candidates (self, prepared, min_band);
  if (prepared->acronym != NULL)
    add_acronym_candidates (self, prepared->acronym, candidates);
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
  *id = text != NULL ? atom_table_add (table, text, atom_hash (text))->id : 0;
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
      atom_table_clear (&table);
      return FALSE;
    }
  assign_pair_ids (&table, q);
  assign_pair_ids (&table, n);
  atom_table_clear (&table);
  *out_score = score_names (q, n, &stats);
  if (out_reason != NULL)
    {
      GString *reason = g_string_new (NULL);

      if (*out_score > 0.0)
        describe_match (reason, q, n, &stats);
      *out_reason = g_string_free (reason, FALSE);
    }
  return TRUE;
}
