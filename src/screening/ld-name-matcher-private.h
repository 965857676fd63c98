/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/*
 * What the files of the name matcher share (see ld-name-matcher.c for how a name is
 * compared): a prepared name and its units, the index's tables, the matcher's
 * instance, and the functions one file calls in another. ld-name-matcher-atoms.c
 * interns strings, ld-name-matcher-score.c compares units and scores two names,
 * ld-name-matcher-explain.c applies qualifiers and writes reasons,
 * ld-name-matcher-index.c builds the index and finds candidates.
 */

#include <glib.h>

#include "ld-name-matcher.h"

G_BEGIN_DECLS

#define RARE_SHARE      0.01
#define NOISE_WEIGHT    0.25f
#define SKELETON_SIM    0.88
/* Thai names' Latin spellings folded alike (see unit_similarity()), longest fold kept,
 * and the least letters a fold needs to count one letter or one vowel apart: five, as
 * the fold leaves out the English r (Chadchart jatjat, ชัชชาติ jajat). */
#define MAX_THAI_FOLD   64
#define THAI_FOLD_NEAR_SIM 0.84
#define THAI_FOLD_NEAR_MIN 5
/* Two spellings of a Thai word with one consonant skeleton (folds_share_skeleton() in
 * ld-name-matcher-score.c) are as near as folds one letter apart, from four consonants:
 * fewer, and unrelated short words share one. */
#define THAI_SKELETON_SIM 0.84
#define THAI_SKELETON_MIN 4
/* A Hebrew word and a Latin one writing the same consonants: as telling as a shared
 * skeleton from three consonants, less from two (משה, Moshe) or from one consonant
 * and the vowels both write (אבי, Avi). */
#define HEBREW_LETTERS_SIM       SKELETON_SIM
#define HEBREW_LETTERS_SHORT_SIM 0.80
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
  char  *alt;           /* a third spelling (Korean as South Koreans write it), or NULL */
  char  *alt_skeleton;
  guint  first;         /* first token covered */
  guint  n_covered;     /* 1, or 2-3 for tokens written together */
  guint  len;
  guint  raw_len;
  guint  alt_len;
  guint  id;            /* interned ids of text, skeleton, raw and raw skeleton: */
  guint  skeleton_id;   /* equal ids are equal strings, 0 is a string no list name has */
  guint  raw_id;
  guint  raw_skeleton_id;
  guint  alt_id;
  guint  alt_skeleton_id;
  gboolean noise;       /* a particle or company word: matches only itself */
  gboolean number;      /* has a digit: 8 and 9, 11 and 1 are other numbers, never typos */
  gboolean initial;     /* one letter, written for a word (J. for John) */
  char    *thai_fold;   /* a word of a name in Thai: its spelling's _ld_name_thai_fold(), else NULL */
  guint    thai_fold_len;
  char    *thai_indic_fold;  /* and its Indic reading's, when another, else NULL */
  guint    thai_indic_fold_len;
  /* A single word compared with unvowelled Hebrew by its consonants
   * (ld-name-hebrew-letters.c): a word in Latin letters has one key, a word in Hebrew
   * letters one per way of reading it; NULL when too short or a particle. */
  char    *latin_key;
  char   **hebrew_keys;
  gboolean syllable;    /* read from Hangul syllables (see prepare_words()) */
  /* A short word (one or two consonants) read with the vowels Hebrew writes with vav
   * and yod (ld_name_hebrew_letter_readings()): one reading in Latin letters, one per
   * way of reading it in Hebrew letters; NULL for longer words. */
  char    *latin_reading;
  char   **hebrew_readings;
  /* A syllable's other spellings, beyond its three (the family spellings of a Korean
   * surname, Chung and Jeong for 정: ld_name_normalizer_customary_variants()), compared
   * as spelt alike only; NULL for nearly every unit. */
  char   **variants;
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
  gboolean      *syllable;   /* per token, read from a Hangul syllable */
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
  gboolean has_initials; /* a word of the query may meet one of its initials */
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
  gboolean         has_hebrew;  /* a list name has a word in Hebrew letters */
  gboolean         has_thai;    /* a list name has a word in Thai letters */
  float            max_weight;
  guint            rare_limit;
  GHashTable      *acronyms;    /* ld_name_acronym_index_key() -> GArray of name indices */
};

guint64 _ld_name_matcher_atom_hash (const char *text);
void _ld_name_matcher_atom_table_init (AtomTable *table);
void _ld_name_matcher_atom_table_clear (AtomTable *table);
AtomSlot * _ld_name_matcher_atom_table_add (AtomTable  *table, const char *text, guint64     hash);
const AtomSlot * _ld_name_matcher_atom_lookup (const LdNameMatcher *self, const char          *text);
guint _ld_name_matcher_atom (LdNameMatcher *self, const char    *text, gboolean       intern);
double _ld_name_matcher_apply_qualifiers (const LdScreeningQuery *query, const LdSanctionsEntry *entry, double                  name_score, GString                *reason);
void _ld_name_matcher_describe_match (GString            *reason, const PreparedName *query, const PreparedName *name, const MatchStats   *stats);
void _ld_name_matcher_key_index_freeze (KeyIndex *index, KeyTable *table);
void _ld_name_matcher_key_index_clear (KeyIndex *index);
void _ld_name_matcher_key_table_init (KeyTable *table);
void _ld_name_matcher_key_table_clear (KeyTable *table);
void _ld_name_matcher_index_name (LdNameMatcher *self, guint          name_index);
void _ld_name_matcher_fill_bound (NameBound          *bound, const PreparedName *name);
GArray * _ld_name_matcher_index_candidates (LdNameMatcher      *self, const PreparedName *query, LdMatchBand         min_band);
void _ld_name_matcher_add_acronym_candidates (LdNameMatcher *self, const char    *acronym, GArray        *candidates);
double _ld_name_matcher_band_floor (LdMatchBand band);
char _ld_name_matcher_initial_class (char c);
double _ld_name_matcher_score_names (const PreparedName *query, const PreparedName *name, MatchStats         *stats);

G_END_DECLS
