/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-name-matcher"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ld-name-acronym.h"
#include "ld-name-normalizer.h"
#include "ld-name-thai-letters.h"
#include "ld-name-hebrew-letters.h"
#include "ld-name-matcher-private.h"

/* The candidate index: keys of list names' units, built once, looked up per query. */

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
void
_ld_name_matcher_key_index_freeze (KeyIndex *index,
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

void
_ld_name_matcher_key_index_clear (KeyIndex *index)
{
  g_clear_pointer (&index->slots, g_free);
  g_clear_pointer (&index->pool, g_free);
}

void
_ld_name_matcher_key_table_init (KeyTable *table)
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

void
_ld_name_matcher_key_table_clear (KeyTable *table)
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
    len = MAX_KEY_LEN - 1;  /* names are at most 500 characters; a run this long is noise */
  func (hash_string (text, len), data);
  if (len >= 4)
    foreach_deletion_key (text, len, func, data);
  if (skeleton != NULL)
    {
      /* Skeleton matches need the same class of first letter: part of the key. */
      char key[MAX_KEY_LEN + 3];
      gsize slen = MIN (strlen (skeleton), MAX_KEY_LEN);

      key[0] = '#';
      key[1] = _ld_name_matcher_initial_class (text[0]);
      memcpy (key + 2, skeleton, slen);
      func (hash_string (key, slen + 2), data);
    }
}

/*
 * Calls @func for every key of @unit, in each of its spellings: the text, its one-letter
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
  if (unit->alt != NULL)
    foreach_spelling_key (unit->alt, unit->alt_len, unit->alt_skeleton, func, data);
  /* A syllable's other spellings match only exactly (variant_spelt_alike()). */
  for (guint i = 0; unit->variants != NULL && unit->variants[i] != NULL; i++)
    func (hash_string (unit->variants[i], MIN (strlen (unit->variants[i]), MAX_KEY_LEN - 1)), data);
}

/*
 * Keys of the Thai fold (see thai_fold_similarity()), in two spaces so that a word of
 * a Thai name meets a word of any other name through them, and two words of other
 * names never do: an other word's fold is a key in the first, a Thai word's folds
 * within reach (its own, with a letter fewer, with a letter more, with a vowel
 * changed) are keys in the second, and each side looks its fold up in the space the
 * other side fills. The many keys are a Thai word's alone; any other word has one.
 */
#define FOLD_SPACE_OTHER '<'
#define FOLD_SPACE_THAI  '>'

/* The letters a fold is written in (see _ld_name_thai_fold()). */
static const char fold_letters[] = "aeijklmnoprstuz";

static void
fold_key (char        space,
          const char *fold,
          guint       len,
          KeyFunc     func,
          gpointer    data)
{
  char key[MAX_THAI_FOLD + 2];

  key[0] = space;
  memcpy (key + 1, fold, len);
  func (hash_string (key, len + 1), data);
}

/* The vowels of a fold, which thai_fold_similarity() lets one spelling write otherwise. */
static const char fold_vowels[] = "aeiou";

/* @fold and the folds one letter longer or shorter than it or with one vowel changed,
 * as far as thai_fold_similarity() meets them. A fold never has a letter twice in a row, so
 * neither do these. */
static void
fold_neighbour_keys (char        space,
                     const char *fold,
                     guint       len,
                     KeyFunc     func,
                     gpointer    data)
{
  char other[MAX_THAI_FOLD + 1];

  fold_key (space, fold, len, func, data);
  for (guint i = 0; len > THAI_FOLD_NEAR_MIN && i < len; i++)
    {
      if (i > 0 && i + 1 < len && fold[i - 1] == fold[i + 1])
        continue;
      memcpy (other, fold, i);
      memcpy (other + i, fold + i + 1, len - i - 1);
      fold_key (space, other, len - 1, func, data);
    }
  for (guint i = 0; len >= THAI_FOLD_NEAR_MIN && i < len; i++)
    for (const char *c = fold_vowels; strchr (fold_vowels, fold[i]) != NULL && *c != '\0'; c++)
      {
        if (fold[i] == *c || (i > 0 && fold[i - 1] == *c) || (i + 1 < len && fold[i + 1] == *c))
          continue;
        memcpy (other, fold, len);
        other[i] = *c;
        fold_key (space, other, len, func, data);
      }
  for (guint i = 0; len >= THAI_FOLD_NEAR_MIN && len + 1 < MAX_THAI_FOLD && i <= len; i++)
    for (const char *c = fold_letters; *c != '\0'; c++)
      {
        if ((i > 0 && fold[i - 1] == *c) || (i < len && fold[i] == *c))
          continue;
        memcpy (other, fold, i);
        other[i] = *c;
        memcpy (other + i + 1, fold + i, len - i);
        fold_key (space, other, len + 1, func, data);
      }
}

/* A Thai word's fold without a last stop and short vowel, which bearers may leave out
 * (see drops_silent_syllable() in ld-name-matcher-score.c), as a key in @space. */
static void
fold_without_silent_syllable (char        space,
                              const char *fold,
                              guint       len,
                              KeyFunc     func,
                              gpointer    data)
{
  if (len >= THAI_FOLD_NEAR_MIN + 2 && strchr ("tkp", fold[len - 2]) != NULL && strchr ("iu", fold[len - 1]) != NULL)
    fold_key (space, fold, len - 2, func, data);
}

/*
 * A word's skeleton keys (see folds_share_skeleton() in ld-name-matcher-score.c): the
 * skeleton of its fold, and the one without the s after k when that is another, as
 * keys in @space; a Thai word's (@thai) also those of its fold without a last silent
 * syllable. A Thai word's skeletons are keys in the second space, any other word's in
 * the first, and each side looks its own up in the space the other side fills.
 */
#define SKELETON_SPACE_OTHER '{'
#define SKELETON_SPACE_THAI  '}'

static void
skeleton_keys_of_fold (char        space,
                       const char *fold,
                       guint       len,
                       KeyFunc     func,
                       gpointer    data)
{
  char plain[MAX_THAI_FOLD], without_ks[MAX_THAI_FOLD];
  guint vowels;
  gsize plain_len = _ld_name_thai_skeleton (fold, len, plain, sizeof plain, FALSE, &vowels);
  gsize without_len = _ld_name_thai_skeleton (fold, len, without_ks, sizeof without_ks, TRUE, &vowels);

  if (plain_len >= THAI_SKELETON_MIN)
    fold_key (space, plain, plain_len, func, data);
  if (without_len >= THAI_SKELETON_MIN && without_len != plain_len)
    fold_key (space, without_ks, without_len, func, data);
}

static void
skeleton_keys (char        space,
               const char *fold,
               guint       len,
               gboolean    thai,
               KeyFunc     func,
               gpointer    data)
{
  skeleton_keys_of_fold (space, fold, len, func, data);
  if (thai && len >= THAI_FOLD_NEAR_MIN + 2 && strchr ("tkp", fold[len - 2]) != NULL && strchr ("iu", fold[len - 1]) != NULL)
    skeleton_keys_of_fold (space, fold, len - 2, func, data);
}

/* The keys a listed Thai word's fold (of one of its readings) is found by: its
 * neighbours, itself without its silent syllable and its skeletons, in the Thai spaces. */
static void
listed_thai_fold_keys (const char *fold,
                       guint       len,
                       KeyFunc     func,
                       gpointer    data)
{
  fold_neighbour_keys (FOLD_SPACE_THAI, fold, len, func, data);
  fold_without_silent_syllable (FOLD_SPACE_THAI, fold, len, func, data);
  skeleton_keys (SKELETON_SPACE_THAI, fold, len, TRUE, func, data);
}

/* What a query's Thai word looks up with the fold of one of its readings: the other
 * words within reach of it and the Thai words folded alike. */
static void
query_thai_fold_keys (const char *fold,
                      guint       len,
                      KeyFunc     func,
                      gpointer    data)
{
  fold_neighbour_keys (FOLD_SPACE_OTHER, fold, len, func, data);
  fold_without_silent_syllable (FOLD_SPACE_OTHER, fold, len, func, data);
  fold_key (FOLD_SPACE_THAI, fold, len, func, data);
  skeleton_keys (SKELETON_SPACE_OTHER, fold, len, TRUE, func, data);
}

/* A listed word's fold keys. */
static void
index_fold_keys (const Unit *unit,
                 KeyFunc     func,
                 gpointer    data)
{
  char buffer[MAX_THAI_FOLD];
  guint len;

  if (unit->noise || unit->number || unit->initial)
    return;
  /* Words written together are keyed too: they meet a Thai compound written as one
   * word (see thai_word_against_joined() in ld-name-matcher-score.c). */
  if (unit->thai_fold != NULL)
    {
      listed_thai_fold_keys (unit->thai_fold, unit->thai_fold_len, func, data);
      /* and those of its Indic reading, when it has one */
      if (unit->thai_indic_fold != NULL)
        listed_thai_fold_keys (unit->thai_indic_fold, unit->thai_indic_fold_len, func, data);
    }
  else if ((len = _ld_name_thai_fold (unit->raw != NULL ? unit->raw : unit->text, buffer, sizeof buffer)) > 0)
    {
      fold_key (FOLD_SPACE_OTHER, buffer, len, func, data);
      skeleton_keys (SKELETON_SPACE_OTHER, buffer, len, FALSE, func, data);
    }
}

/* A query word's fold keys: a Thai word looks up its folds within reach among the other
 * words and its own among the Thai ones; any other word its fold among the Thai ones,
 * when the list has any (most lists have none, and the fold and look-up are saved). */
static void
query_fold_keys (const Unit *unit,
                 gboolean    list_has_thai,
                 KeyFunc     func,
                 gpointer    data)
{
  char buffer[MAX_THAI_FOLD];
  guint len;

  if (unit->noise || unit->number || unit->initial)
    return;
  if (unit->thai_fold != NULL)
    {
      query_thai_fold_keys (unit->thai_fold, unit->thai_fold_len, func, data);
      if (unit->thai_indic_fold != NULL)
        query_thai_fold_keys (unit->thai_indic_fold, unit->thai_indic_fold_len, func, data);
    }
  else if (list_has_thai
           && (len = _ld_name_thai_fold (unit->raw != NULL ? unit->raw : unit->text, buffer, sizeof buffer)) > 0)
    {
      fold_key (FOLD_SPACE_THAI, buffer, len, func, data);
      skeleton_keys (SKELETON_SPACE_THAI, buffer, len, FALSE, func, data);
    }
}

/* hash_string() of @side and @key, without building that string. */
static KeyHash
hebrew_key_hash (char        side,
                 const char *key)
{
  KeyHash h = (guchar) '%' + 1;

  h = h * HASH_BASE + (guchar) side + 1;
  for (const char *p = key; *p != '\0'; p++)
    h = h * HASH_BASE + (guchar) *p + 1;
  return h != 0 ? h : 1;
}

/*
 * The keys that meet a word in Latin letters with one in Hebrew letters by the
 * consonants they write (hebrew_letters_similarity()). They are marked with the
 * script of the list name's word, so that a Latin query meets only Hebrew list names
 * through them and a Hebrew query only Latin ones: two Latin words are compared by
 * their spellings, and their shared consonants would only add candidates.
 */
static void
foreach_hebrew_letters_key (const Unit *unit,
                            gboolean    of_list_name,
                            gboolean    list_has_hebrew,
                            KeyFunc     func,
                            gpointer    data)
{
  /* A Latin query's key can only meet a list name in Hebrew letters: most lists have
   * none, and the look-up is saved. */
  if (unit->latin_key != NULL && (of_list_name || list_has_hebrew))
    func (hebrew_key_hash (of_list_name ? 'L' : 'H', unit->latin_key), data);
  for (guint i = 0; unit->hebrew_keys != NULL && unit->hebrew_keys[i] != NULL; i++)
    func (hebrew_key_hash (of_list_name ? 'H' : 'L', unit->hebrew_keys[i]), data);
  /* Words of one consonant have no key: their whole reading is one (two consonants
   * are found by their key). */
  if (unit->latin_reading != NULL && (of_list_name || list_has_hebrew)
      && ld_name_hebrew_key_consonants (unit->latin_reading) == 1)
    func (hebrew_key_hash (of_list_name ? 'L' : 'H', unit->latin_reading), data);
  for (guint i = 0; unit->hebrew_readings != NULL && unit->hebrew_readings[i] != NULL; i++)
    if (ld_name_hebrew_key_consonants (unit->hebrew_readings[i]) == 1)
      func (hebrew_key_hash (of_list_name ? 'H' : 'L', unit->hebrew_readings[i]), data);
}

/* A query's joined units match only exactly, so their spellings are their only keys. */
static void
query_unit_keys (const Unit *unit,
                 gboolean    list_has_hebrew,
                 gboolean    list_has_thai,
                 KeyFunc     func,
                 gpointer    data)
{
  if (unit->n_covered == 1)
    {
      foreach_unit_key (unit, func, data);
      query_fold_keys (unit, list_has_thai, func, data);
      foreach_hebrew_letters_key (unit, FALSE, list_has_hebrew, func, data);
      return;
    }
  func (hash_string (unit->text, MIN (unit->len, MAX_KEY_LEN - 1)), data);
  if (unit->raw != NULL)
    func (hash_string (unit->raw, MIN (unit->raw_len, MAX_KEY_LEN - 1)), data);
  if (unit->alt != NULL)
    func (hash_string (unit->alt, MIN (unit->alt_len, MAX_KEY_LEN - 1)), data);
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
void
_ld_name_matcher_index_name (LdNameMatcher *self,
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
      index_fold_keys (unit, index_key_cb, &closure);
      self->has_thai |= unit->thai_fold != NULL;
      foreach_hebrew_letters_key (unit, TRUE, TRUE, index_key_cb, &closure);
      self->has_hebrew |= unit->hebrew_keys != NULL || unit->hebrew_readings != NULL;
    }
}

static guint32 noise_token_mask (const PreparedName *name);

void
_ld_name_matcher_fill_bound (NameBound          *bound,
                             const PreparedName *name)
{
  memcpy (bound->weights, name->weights, name->n_tokens * sizeof (float));
  bound->total_weight = name->total_weight;
  bound->noise_mask = noise_token_mask (name);
  bound->weak = name->quality == LD_NAME_QUALITY_LOW;
  bound->has_initials = name->has_initials;
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
                    gboolean            list_has_hebrew,
                    gboolean            list_has_thai,
                    Vec                *keys)
{
  KeyCollector collector = { keys, 0 };

  for (guint u = 0; u < query->n_units; u++)
    {
      collector.unit_tokens = token_mask (&query->units[u]);
      query_unit_keys (&query->units[u], list_has_hebrew, list_has_thai, collect_key_cb, &collector);
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
  /* An initial of the name may stand for any word of the query, which no key shows. */
  double cq = name->has_initials ? 1.0 : masked_weight (query->weights, q_mask) / query->total_weight;
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

GArray *
_ld_name_matcher_index_candidates (LdNameMatcher      *self,
                                   const PreparedName *query,
                                   LdMatchBand         min_band)
{
  Scratch *scratch = get_scratch (self->names->len);
  LookupClosure closure = { self, scratch->slot, scratch->seen, &scratch->candidates };
  Vec *runs = &scratch->runs;
  GArray *kept = g_array_new (FALSE, FALSE, sizeof (guint));
  guint32 query_noise = noise_token_mask (query);
  /* Qualifiers add at most 0.08 to a name score. */
  double floor = _ld_name_matcher_band_floor (min_band) - 0.08 - 1e-9;

  scratch->candidates.len = scratch->keys.len = scratch->runs.len = 0;
  collect_query_keys (query, self->has_hebrew, self->has_thai, &scratch->keys);
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
void
_ld_name_matcher_add_acronym_candidates (LdNameMatcher *self,
                                         const char    *acronym,
                                         GArray        *candidates)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (NULL, NULL);
  AcronymLookup lookup = { self->acronyms, candidates, seen };

  for (guint i = 0; i < candidates->len; i++)
    g_hash_table_add (seen, GUINT_TO_POINTER (g_array_index (candidates, guint, i) + 1));
  ld_name_acronym_foreach_lookup_key (acronym, acronym_key_cb, &lookup);
}
