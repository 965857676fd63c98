/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "test-name-matcher"

#include "config.h"

#include <math.h>

#include <locale.h>
#include <string.h>

#include "ld-name-matcher.h"
#include "ld-name-normalizer.h"
#include "ld-screening-test-util.h"

/*
 * The labelled set. True matches are made from every name of the real list by
 * transforming it as applicants and clerks do: reordering, dropping or joining tokens,
 * splitting a long token, one-letter typos, missing diacritics, spelling variants, and
 * writing the Latin name in Cyrillic or Greek script (then read back by the matcher's own
 * transliteration). Negatives are made-up names in Latin, Cyrillic, Arabic, Chinese,
 * Greek and Korean script, company names built from the list's own company words, and
 * near misses: list names whose telling tokens were replaced by surnames found nowhere
 * in the list, keeping only the common ones (Mohammed, Al, Trading, Company).
 */

typedef enum
{
  T_UNTREATED,
  T_REORDERED,
  T_DROPPED,
  T_JOINED,
  T_SPLIT,
  T_TYPO,
  T_NO_DIACRITICS,
  T_VARIANT,
  T_CYRILLIC,
  T_GREEK,
  N_TRANSFORMS
} Transform;

static const char * const transform_names[N_TRANSFORMS] = {
  "untreated", "reordered", "dropped token", "joined tokens", "split token", "typo",
  "no diacritics", "spelling variant", "written in Cyrillic", "written in Greek",
};

typedef struct
{
  guint total;
  guint found[LD_MATCH_BAND_PROBABLE + 1];  /* expected entry found at >= band */
} Tally;

static LdSanctionsList *real_list;
static LdNameMatcher *matcher;

static gboolean
ensure_matcher (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (matcher != NULL)
    return TRUE;
  path = ld_test_real_list_path ();
  real_list = ld_sanctions_list_new_from_file (path, &error);
  g_assert_no_error (error);
  matcher = ld_name_matcher_new (real_list);
  return TRUE;
}

/* ---- transformations on the words of a name ---- */

static char *
join_words (GPtrArray *words)
{
  g_ptr_array_add (words, NULL);
  return g_strjoinv (" ", (char **) words->pdata);
}

static GPtrArray *
split_words (const char *name)
{
  g_auto(GStrv) parts = g_strsplit_set (name, " ", -1);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i] != NULL; i++)
    if (*parts[i] != '\0')
      g_ptr_array_add (words, g_strdup (parts[i]));
  return words;
}

static guint
longest_word (GPtrArray *words)
{
  guint best = 0;

  for (guint i = 1; i < words->len; i++)
    if (g_utf8_strlen (words->pdata[i], -1) > g_utf8_strlen (words->pdata[best], -1))
      best = i;
  return best;
}

static char *
make_reordered (GPtrArray *words)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();

  if (words->len < 2)
    return NULL;
  for (guint i = words->len; i > 0; i--)
    g_ptr_array_add (out, words->pdata[i - 1]);
  return join_words (out);
}

/* Drops one word, never the longest (the most telling one), from names of 3+ words. */
static char *
make_dropped (GPtrArray *words,
              GRand     *rand)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  guint keep = longest_word (words);
  guint drop;

  if (words->len < 3)
    return NULL;
  do
    drop = g_rand_int_range (rand, 0, words->len);
  while (drop == keep);
  for (guint i = 0; i < words->len; i++)
    if (i != drop)
      g_ptr_array_add (out, words->pdata[i]);
  return join_words (out);
}

static char *
make_joined (GPtrArray *words,
             GRand     *rand)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  guint at;

  if (words->len < 2)
    return NULL;
  at = g_rand_int_range (rand, 0, words->len - 1);
  for (guint i = 0; i < words->len; i++)
    {
      if (i == at)
        {
          g_ptr_array_add (out, g_strconcat (words->pdata[i], words->pdata[i + 1], NULL));
          i++;
        }
      else
        g_ptr_array_add (out, g_strdup (words->pdata[i]));
    }
  return join_words (out);
}

static char *
make_split (GPtrArray *words)
{
  guint at = longest_word (words);
  const char *word = words->pdata[at];
  glong len = g_utf8_strlen (word, -1);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);

  if (len < 8 || !g_str_is_ascii (word))
    return NULL;
  for (guint i = 0; i < words->len; i++)
    {
      if (i == at)
        {
          g_ptr_array_add (out, g_strndup (word, len / 2));
          g_ptr_array_add (out, g_strdup (word + len / 2));
        }
      else
        g_ptr_array_add (out, g_strdup (words->pdata[i]));
    }
  return join_words (out);
}

/* One keyboard slip in the longest word: substitution, deletion, insertion or swap. */
static char *
make_typo (GPtrArray *words,
           GRand     *rand)
{
  guint at = longest_word (words);
  GString *word = g_string_new (words->pdata[at]);
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  guint pos;
  char tmp;

  if (word->len < 5 || !g_str_is_ascii (word->str))
    {
      g_string_free (word, TRUE);
      return NULL;
    }
  pos = g_rand_int_range (rand, 1, word->len - 1);
  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0: word->str[pos] = word->str[pos] == 'x' ? 'z' : 'x'; break;
    case 1: g_string_erase (word, pos, 1); break;
    case 2: g_string_insert_c (word, pos, 'e'); break;
    default:
      tmp = word->str[pos];
      word->str[pos] = word->str[pos + 1];
      word->str[pos + 1] = tmp;
      break;
    }
  for (guint i = 0; i < words->len; i++)
    g_ptr_array_add (out, i == at ? g_strdup (word->str) : g_strdup (words->pdata[i]));
  g_string_free (word, TRUE);
  return join_words (out);
}

static char *
make_no_diacritics (const char *name)
{
  gboolean latin_with_marks = FALSE;

  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xC0 && c < 0x250)
        latin_with_marks = TRUE;
    }
  if (!latin_with_marks)
    return NULL;
  return g_str_to_ascii (name, "C");
}

static char *
make_variant (const char *name)
{
  static const char * const swaps[][2] = {
    { "MOHAMMED", "Muhammad" }, { "Mohammed", "Muhammad" }, { "MUHAMMAD", "Mohamed" },
    { "Muhammad", "Mohamed" }, { "MOHAMMAD", "Mohammed" }, { "Mohammad", "Mohammed" },
    { "HUSSEIN", "Husayn" }, { "Hussein", "Husayn" }, { "HUSAYN", "Hussein" },
    { "ABDUL ", "Abd al-" }, { "Abdul ", "Abd al-" }, { "ABD AL-", "Abdul " },
    { "Abd al-", "Abdul " }, { "AHMED", "Ahmad" }, { "AHMAD", "Ahmed" },
    { "Ahmed", "Ahmad" }, { "Ahmad", "Ahmed" }, { "YUSUF", "Yousef" }, { "Yusuf", "Yousef" },
    { "OMAR", "Umar" }, { "Omar", "Umar" }, { "HASSAN", "Hasan" }, { "Hassan", "Hasan" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (swaps); i++)
    {
      const char *at = strstr (name, swaps[i][0]);

      if (at != NULL)
        return g_strdup_printf ("%.*s%s%s", (int) (at - name), name, swaps[i][1], at + strlen (swaps[i][0]));
    }
  return NULL;
}

/*
 * Latin names as a Russian or Greek clerk would write them (Шейх, Μπαντέγκε), by
 * longest-match rules; ICU's own Latin-Cyrillic and Latin-Greek transliterate letter by
 * letter (sh becomes сх), which nobody writes.
 */
typedef struct { const char *latin; const char *script; } Rule;

static const Rule cyrillic_rules[] = {
  { "shch", "щ" }, { "sh", "ш" }, { "ch", "ч" }, { "kh", "х" }, { "zh", "ж" }, { "ts", "ц" },
  { "ya", "я" }, { "yu", "ю" }, { "ye", "е" }, { "dj", "дж" }, { "j", "дж" }, { "th", "т" },
  { "ph", "ф" }, { "gh", "г" }, { "ee", "и" }, { "oo", "у" }, { "ou", "у" }, { "ck", "к" },
  { "q", "к" }, { "c", "к" }, { "w", "в" }, { "x", "кс" }, { "y", "й" }, { "h", "х" },
  { "a", "а" }, { "b", "б" }, { "d", "д" }, { "e", "е" }, { "f", "ф" }, { "g", "г" },
  { "i", "и" }, { "k", "к" }, { "l", "л" }, { "m", "м" }, { "n", "н" }, { "o", "о" },
  { "p", "п" }, { "r", "р" }, { "s", "с" }, { "t", "т" }, { "u", "у" }, { "v", "в" },
  { "z", "з" },
};

static const Rule greek_rules[] = {
  { "th", "θ" }, { "ph", "φ" }, { "ch", "χ" }, { "kh", "χ" }, { "ps", "ψ" }, { "sh", "σ" },
  { "ks", "ξ" }, { "x", "ξ" }, { "ou", "ου" }, { "oo", "ου" }, { "ee", "ι" }, { "j", "τζ" },
  { "b", "μπ" }, { "d", "ντ" }, { "g", "γκ" }, { "w", "ου" }, { "y", "ι" }, { "c", "κ" },
  { "q", "κ" }, { "h", "χ" }, { "u", "ου" }, { "a", "α" }, { "e", "ε" }, { "f", "φ" },
  { "i", "ι" }, { "k", "κ" }, { "l", "λ" }, { "m", "μ" }, { "n", "ν" }, { "o", "ο" },
  { "p", "π" }, { "r", "ρ" }, { "s", "σ" }, { "t", "τ" }, { "v", "β" }, { "z", "ζ" },
};

static char *
apply_rules (const char *name,
             const Rule *rules,
             guint       n_rules)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);
  GString *out = g_string_new (NULL);

  for (const char *p = lower; *p != '\0';)
    {
      guint r;

      for (r = 0; r < n_rules; r++)
        if (g_str_has_prefix (p, rules[r].latin))
          break;
      if (r < n_rules)
        {
          g_string_append (out, rules[r].script);
          p += strlen (rules[r].latin);
        }
      else
        g_string_append_c (out, *p++);
    }
  return g_string_free (out, FALSE);
}

static char *
make_script (const char *name,
             const Rule *rules,
             guint       n_rules)
{
  if (!g_str_is_ascii (name))
    return NULL;
  return apply_rules (name, rules, n_rules);
}

static char *
make_transform (Transform   t,
                const char *name,
                GRand      *rand)
{
  g_autoptr(GPtrArray) words = split_words (name);

  switch (t)
    {
    case T_UNTREATED: return g_strdup (name);
    case T_REORDERED: return make_reordered (words);
    case T_DROPPED: return make_dropped (words, rand);
    case T_JOINED: return make_joined (words, rand);
    case T_SPLIT: return make_split (words);
    case T_TYPO: return make_typo (words, rand);
    case T_NO_DIACRITICS: return make_no_diacritics (name);
    case T_VARIANT: return make_variant (name);
    case T_CYRILLIC: return make_script (name, cyrillic_rules, G_N_ELEMENTS (cyrillic_rules));
    case T_GREEK: return make_script (name, greek_rules, G_N_ELEMENTS (greek_rules));
    case N_TRANSFORMS:
    default: g_assert_not_reached ();
    }
  return NULL;
}

static LdMatchBand
band_of_entry (GPtrArray              *hits,
               const LdSanctionsEntry *entry)
{
  for (guint i = 0; i < hits->len; i++)
    {
      LdScreeningHit *hit = g_ptr_array_index (hits, i);

      if (hit->entry == entry)
        return hit->band;
    }
  return LD_MATCH_BAND_NONE;
}

static double
percent (guint n,
         guint total)
{
  return total > 0 ? 100.0 * n / total : 100.0;
}

static void
tally_query (Tally                  *tally,
             const char             *query_text,
             const LdSanctionsEntry *entry,
             const char             *original,
             Transform               t)
{
  LdScreeningQuery query = { query_text, 0, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = ld_name_matcher_screen (matcher, &query, LD_MATCH_BAND_LOGGED, &error);
  LdMatchBand band;

  if (hits == NULL)
    {
      /* A transform can leave nothing to compare (a name of one symbol): not a query. */
      g_assert_error (error, LD_NAME_NORMALIZER_ERROR, LD_NAME_NORMALIZER_ERROR_EMPTY);
      return;
    }
  band = band_of_entry (hits, entry);
  tally->total++;
  for (int b = LD_MATCH_BAND_LOGGED; b <= LD_MATCH_BAND_PROBABLE; b++)
    if (band >= (LdMatchBand) b)
      tally->found[b]++;
  if (band < LD_MATCH_BAND_REVIEW && g_test_verbose ())
    g_test_message ("missed (%s): “%s” for %s “%s”", transform_names[t], query_text,
                    entry->reference_number, original);
}

static void
test_labelled_true_matches (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260227);
  Tally tallies[N_TRANSFORMS] = { { 0 } };
  Tally transformed = { 0 };

  if (!ensure_matcher ())
    return;
  for (guint e = 0; e < ld_sanctions_list_get_n_entries (real_list); e++)
    {
      const LdSanctionsEntry *entry = ld_sanctions_list_get_entry (real_list, e);

      for (guint n = 0; n < entry->names->len; n++)
        {
          const LdSanctionsName *name = g_ptr_array_index (entry->names, n);

          for (Transform t = 0; t < N_TRANSFORMS; t++)
            {
              g_autofree char *query = NULL;

              /* Weak aliases match exactly only, by design. */
              if (name->quality == LD_NAME_QUALITY_LOW && t != T_UNTREATED)
                continue;
              query = make_transform (t, name->text, rand);
              if (query == NULL)
                continue;
              tally_query (&tallies[t], query, entry, name->text, t);
            }
        }
    }

  g_printerr ("\n%-22s %7s %9s %9s %9s\n", "true matches", "count", "probable", "review+", "logged+");
  for (Transform t = 0; t < N_TRANSFORMS; t++)
    {
      g_printerr ("%-22s %7u %8.2f%% %8.2f%% %8.2f%%\n", transform_names[t], tallies[t].total,
                  percent (tallies[t].found[LD_MATCH_BAND_PROBABLE], tallies[t].total),
                  percent (tallies[t].found[LD_MATCH_BAND_REVIEW], tallies[t].total),
                  percent (tallies[t].found[LD_MATCH_BAND_LOGGED], tallies[t].total));
      if (t == T_UNTREATED)
        continue;
      transformed.total += tallies[t].total;
      for (int b = 0; b <= LD_MATCH_BAND_PROBABLE; b++)
        transformed.found[b] += tallies[t].found[b];
    }
  g_printerr ("%-22s %7u %8.2f%% %8.2f%% %8.2f%%\n", "all transformed", transformed.total,
              percent (transformed.found[LD_MATCH_BAND_PROBABLE], transformed.total),
              percent (transformed.found[LD_MATCH_BAND_REVIEW], transformed.total),
              percent (transformed.found[LD_MATCH_BAND_LOGGED], transformed.total));

  g_assert_cmpuint (tallies[T_UNTREATED].total, >, 4000);
  g_assert_cmpuint (tallies[T_UNTREATED].found[LD_MATCH_BAND_REVIEW], ==, tallies[T_UNTREATED].total);
  g_assert_cmpuint (transformed.total, >, 10000);
  g_assert_cmpfloat (percent (transformed.found[LD_MATCH_BAND_REVIEW], transformed.total), >=, 98.0);
}

/* ---- negatives ---- */

static const char * const latin_given[] = {
  "John", "Mary", "Peter", "Anna", "Lucas", "Sophie", "Pierre", "Camille", "Hans", "Greta",
  "Carlos", "Lucia", "Giovanni", "Chiara", "Jan", "Agnieszka", "Mehmet", "Ayse", "Kwame",
  "Amina", "Olusegun", "Chinedu", "Thabo", "Nomvula", "Raj", "Priya", "Nguyen", "Lars",
  "Ingrid", "Pedro", "Fatima", "Tomasz", "Elena", "Miguel", "Isabel", "Dmitri", "Olga",
};
static const char * const latin_family[] = {
  "Smith", "Johnson", "Dubois", "Lefevre", "Mueller", "Schneider", "Garcia", "Fernandez",
  "Rossi", "Bianchi", "Kowalski", "Nowak", "Yilmaz", "Demir", "Mensah", "Okafor",
  "Adeyemi", "Nkosi", "Dlamini", "Sharma", "Patel", "Tran", "Andersson", "Johansson",
  "Silva", "Santos", "Wisniewski", "Papadakis", "Moreno", "Torres", "Ivanova", "Petersen",
};
static const char * const cyrillic_names[] = {
  "Иван", "Петров", "Сергей", "Смирнова", "Анна", "Кузнецов", "Ольга", "Попова", "Дмитрий",
  "Соколов", "Мария", "Лебедева", "Николай", "Козлов", "Татьяна", "Новикова", "Андрей",
  "Морозов", "Елена", "Волкова", "Алексей", "Зайцев", "Наталья", "Павлова",
};
static const char * const arabic_names[] = {
  "يوسف", "الحربي", "خالد", "الشمري", "فاطمة", "الزهراني", "نورة", "القحطاني", "سلمان",
  "العتيبي", "ريم", "الدوسري", "طارق", "المطيري", "هند", "الغامدي", "ماجد", "السبيعي",
  "ليلى", "الشهري", "فيصل", "العنزي", "سارة", "البلوشي",
};
static const char * const chinese_names[] = {
  "王伟", "李娜", "张敏", "刘洋", "陈静", "杨磊", "赵丽", "黄强", "周杰", "吴芳", "徐明",
  "孙燕", "马超", "朱琳", "胡军", "郭涛", "何平", "高峰", "林婷", "罗斌",
};
static const char * const greek_names[] = {
  "Γιώργος", "Παπαδόπουλος", "Μαρία", "Νικολάου", "Κώστας", "Γεωργίου", "Ελένη",
  "Δημητρίου", "Νίκος", "Ιωάννου", "Σοφία", "Αθανασίου",
};
static const char * const korean_names[] = {
  "이민호", "박지성", "최수진", "정우성", "강다니엘", "조현우", "윤아름", "장서연", "임하늘", "한지민",
};
static const char * const company_words[] = {
  "Nordic", "Sunrise", "Blue", "Harbour", "Alpine", "Meridian", "Atlas", "Pioneer",
  "Cedar", "Summit", "Coastal", "Phoenix", "Orion", "Delta", "Silverline", "Greenfield",
};
static const char * const company_kinds[] = {
  "Trading Company", "LLC", "General Trading LLC", "International Ltd", "Shipping Co.",
  "Industrial Group", "Holding JSC", "Import Export SARL", "Technology Company",
};

#define PICK(array) (array[g_rand_int_range (rand, 0, G_N_ELEMENTS (array))])

static char *
make_negative (guint  kind,
               GRand *rand)
{
  switch (kind % 8)
    {
    case 0: return g_strdup_printf ("%s %s", PICK (latin_given), PICK (latin_family));
    case 1: return g_strdup_printf ("%s %s %s", PICK (latin_given), PICK (latin_given), PICK (latin_family));
    case 2: return g_strdup_printf ("%s %s", PICK (cyrillic_names), PICK (cyrillic_names));
    case 3: return g_strdup_printf ("%s %s", PICK (arabic_names), PICK (arabic_names));
    case 4: return g_strdup_printf ("%s", PICK (chinese_names));
    case 5: return g_strdup_printf ("%s %s", PICK (greek_names), PICK (greek_names));
    case 6: return g_strdup_printf ("%s", PICK (korean_names));
    default: return g_strdup_printf ("%s %s %s", PICK (company_words), PICK (company_words), PICK (company_kinds));
    }
}

static GHashTable *list_tokens;

/* Is @word, normalised, a token of any list name? */
static gboolean
is_list_token (const char *word)
{
  g_auto(GStrv) tokens = ld_name_normalizer_tokenize (word, -1, LD_NAME_NORMALIZER_FLAGS_NONE, NULL);

  return tokens != NULL && g_hash_table_contains (list_tokens, tokens[0]);
}

static gboolean
has_token_ignoring_case (char       **tokens,
                         const char  *word)
{
  for (guint i = 0; tokens[i] != NULL; i++)
    if (g_ascii_strcasecmp (tokens[i], word) == 0)
      return TRUE;
  return FALSE;
}

/*
 * A near miss keeps a list name's common tokens (Mohammed, Al, Abu, Trading) and
 * replaces its telling ones with unrelated words.
 */
static char *
make_near_miss (LdNameMatcher          *m,
                const LdSanctionsName  *name,
                GRand                  *rand)
{
  g_auto(GStrv) tokens = ld_name_normalizer_tokenize (name->text, -1, LD_NAME_NORMALIZER_FLAGS_LENIENT, NULL);
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  gboolean replaced = FALSE, kept = FALSE;
  static const char * const common[] = { "muhammad", "ali", "ahmad", "abd", "al", "abu", "bin", "hasan" };

  if (tokens == NULL || g_strv_length (tokens) < 2)
    return NULL;
  for (guint i = 0; tokens[i] != NULL; i++)
    {
      gboolean is_common = ld_name_normalizer_is_noise (tokens[i]);

      for (guint c = 0; c < G_N_ELEMENTS (common); c++)
        is_common |= g_str_equal (tokens[i], common[c]);
      if (is_common)
        {
          g_ptr_array_add (out, tokens[i]);
          kept = TRUE;
        }
      else
        {
          const char *other;

          /* Never the same surname by chance: that would be a true match. */
          do
            other = PICK (latin_family);
          while (has_token_ignoring_case (tokens, other) || is_list_token (other));
          g_ptr_array_add (out, (char *) other);
          replaced = TRUE;
        }
    }
  if (!replaced || !kept)
    return NULL;
  g_ptr_array_add (out, NULL);
  return g_strjoinv (" ", (char **) out->pdata);
}

/* Is @text, as tokens, exactly some list name? Then it is a true match, not a negative. */
static gboolean
is_exactly_listed (GHashTable *listed,
                   const char *text)
{
  g_auto(GStrv) tokens = ld_name_normalizer_tokenize (text, -1, LD_NAME_NORMALIZER_FLAGS_NONE, NULL);
  g_autofree char *key = NULL;

  if (tokens == NULL)
    return FALSE;
  qsort (tokens, g_strv_length (tokens), sizeof (char *), (GCompareFunc) g_strcmp0);
  key = g_strjoinv (" ", tokens);
  return g_hash_table_contains (listed, key);
}

static int
compare_str_ptrs (gconstpointer a,
                  gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

static GHashTable *
listed_token_sets (void)
{
  GHashTable *listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  list_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint e = 0; e < ld_sanctions_list_get_n_entries (real_list); e++)
    {
      const LdSanctionsEntry *entry = ld_sanctions_list_get_entry (real_list, e);

      for (guint n = 0; n < entry->names->len; n++)
        {
          const LdSanctionsName *name = g_ptr_array_index (entry->names, n);
          g_auto(GStrv) tokens = ld_name_normalizer_tokenize (name->text, -1, LD_NAME_NORMALIZER_FLAGS_LENIENT, NULL);

          if (tokens == NULL)
            continue;
          for (guint t = 0; tokens[t] != NULL; t++)
            g_hash_table_add (list_tokens, g_strdup (tokens[t]));
          qsort (tokens, g_strv_length (tokens), sizeof (char *), compare_str_ptrs);
          g_hash_table_add (listed, g_strjoinv (" ", tokens));
        }
    }
  return listed;
}

static void
count_negative (const char *text,
                guint      *total,
                guint      *alerts,
                guint      *logged)
{
  LdScreeningQuery query = { text, 0, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = ld_name_matcher_screen (matcher, &query, LD_MATCH_BAND_LOGGED, &error);

  g_assert_no_error (error);
  (*total)++;
  if (hits->len == 0)
    return;
  if (((LdScreeningHit *) hits->pdata[0])->band >= LD_MATCH_BAND_REVIEW)
    {
      (*alerts)++;
      if (g_test_verbose ())
        g_test_message ("false alert: “%s” → %s “%s” %.3f (%s)", text,
                        ((LdScreeningHit *) hits->pdata[0])->entry->reference_number,
                        ((LdScreeningHit *) hits->pdata[0])->matched_name,
                        ((LdScreeningHit *) hits->pdata[0])->score,
                        ((LdScreeningHit *) hits->pdata[0])->reason);
    }
  else
    (*logged)++;
}

static void
test_labelled_negatives (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);
  g_autoptr(GHashTable) listed = NULL;
  guint total = 0, alerts = 0, logged = 0, excluded = 0;
  guint near_total = 0, near_alerts = 0, near_logged = 0;

  if (!ensure_matcher ())
    return;
  listed = listed_token_sets ();
  for (guint i = 0; i < 4000; i++)
    {
      g_autofree char *text = make_negative (i, rand);

      if (is_exactly_listed (listed, text))
        {
          excluded++;
          continue;
        }
      count_negative (text, &total, &alerts, &logged);
    }
  for (guint e = 0; e < ld_sanctions_list_get_n_entries (real_list); e++)
    {
      const LdSanctionsEntry *entry = ld_sanctions_list_get_entry (real_list, e);

      for (guint n = 0; n < entry->names->len; n++)
        {
          const LdSanctionsName *name = g_ptr_array_index (entry->names, n);
          g_autofree char *text = NULL;

          if (name->quality == LD_NAME_QUALITY_LOW)
            continue;
          text = make_near_miss (matcher, name, rand);
          if (text == NULL || is_exactly_listed (listed, text))
            continue;
          count_negative (text, &near_total, &near_alerts, &near_logged);
        }
    }
  g_printerr ("\n%-22s %7s %9s %9s\n", "negatives", "count", "alerts", "logged");
  g_printerr ("%-22s %7u %8.2f%% %8.2f%%   (%u made-up names were listed names, left out)\n",
              "made-up names", total, percent (alerts, total), percent (logged, total), excluded);
  g_printerr ("%-22s %7u %8.2f%% %8.2f%%\n", "near misses", near_total,
              percent (near_alerts, near_total), percent (near_logged, near_total));
  g_printerr ("%-22s %7u %8.2f%%\n", "all negatives", total + near_total,
              percent (alerts + near_alerts, total + near_total));
  g_assert_cmpuint (total, >, 3000);
  g_assert_cmpuint (near_total, >, 500);
  g_assert_cmpfloat (percent (alerts + near_alerts, total + near_total), <=, 1.0);
}


/* ---- the index against brute force ---- */

static gboolean
same_hits (GPtrArray *a,
           GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    {
      LdScreeningHit *ha = g_ptr_array_index (a, i), *hb = g_ptr_array_index (b, i);

      if (ha->entry != hb->entry || ha->score != hb->score || ha->matched_name != hb->matched_name)
        return FALSE;
    }
  return TRUE;
}

static void
compare_paths (const char *text,
               guint      *n_queries,
               guint      *n_hits)
{
  LdScreeningQuery query = { text, 0, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) indexed = ld_name_matcher_screen (matcher, &query, LD_MATCH_BAND_LOGGED, &error);
  g_autoptr(GPtrArray) brute = NULL;

  if (indexed == NULL)
    return;
  brute = ld_name_matcher_screen_brute_force (matcher, &query, LD_MATCH_BAND_LOGGED, &error);
  g_assert_no_error (error);
  if (!same_hits (indexed, brute))
    g_error ("index and brute force disagree for “%s”: %u against %u hits", text, indexed->len, brute->len);
  (*n_queries)++;
  *n_hits += brute->len;
}

/* The first letters of @text's words in capitals (PLA), or NULL for a single word. */
static char *
make_acronym (const char *text)
{
  g_auto(GStrv) words = g_strsplit_set (text, " -", -1);
  GString *acronym = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL && acronym->len < 8; i++)
    if (g_ascii_isalpha (words[i][0]))
      g_string_append_c (acronym, g_ascii_toupper (words[i][0]));
  if (acronym->len < 3)
    return (g_string_free (acronym, TRUE), NULL);
  return g_string_free (acronym, FALSE);
}

/* @text with its first word written as an initial (J. Smith), or NULL. */
static char *
make_initialled (const char *text)
{
  const char *space = strchr (text, ' ');

  if (space == NULL || !g_ascii_isalpha (text[0]))
    return NULL;
  return g_strdup_printf ("%c.%s", text[0], space);
}

/*
 * Every list name, untreated and transformed, and made-up names: the index must return
 * exactly the hits brute force finds (every band down to logged, which is stricter than
 * the review threshold the index promises).
 */
static void
test_index_equals_brute_force (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint n_queries = 0, n_hits = 0;
  static const Transform transforms[] = { T_UNTREATED, T_TYPO, T_JOINED, T_DROPPED, T_CYRILLIC, T_GREEK };

  if (!ensure_matcher ())
    return;
  for (guint e = 0; e < ld_sanctions_list_get_n_entries (real_list); e++)
    {
      const LdSanctionsEntry *entry = ld_sanctions_list_get_entry (real_list, e);

      for (guint n = 0; n < entry->names->len; n++)
        {
          const LdSanctionsName *name = g_ptr_array_index (entry->names, n);
          Transform t = transforms[g_rand_int_range (rand, 0, G_N_ELEMENTS (transforms))];
          g_autofree char *query = make_transform (t, name->text, rand);

          g_autofree char *acronym = make_acronym (name->text);
          g_autofree char *initialled = make_initialled (name->text);

          compare_paths (name->text, &n_queries, &n_hits);
          if (query != NULL)
            compare_paths (query, &n_queries, &n_hits);
          /* Acronyms and initials match words no key of the index shares. */
          if (acronym != NULL)
            compare_paths (acronym, &n_queries, &n_hits);
          if (initialled != NULL)
            compare_paths (initialled, &n_queries, &n_hits);
        }
    }
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *text = make_negative (i, rand);

      compare_paths (text, &n_queries, &n_hits);
    }
  g_test_message ("%u queries, %u hits, identical on both paths", n_queries, n_hits);
  g_assert_cmpuint (n_queries, >, 8000);
  g_assert_cmpuint (n_hits, >, n_queries);
}

/* Hits of @text whose name score pair scoring must reproduce; returns how many it checked. */
static guint
compare_pair_scores (const char *text)
{
  LdScreeningQuery query = { text, 0, NULL };
  g_autoptr(GPtrArray) hits = ld_name_matcher_screen_brute_force (matcher, &query, LD_MATCH_BAND_LOGGED, NULL);
  guint n = 0;

  for (guint i = 0; hits != NULL && i < hits->len; i++)
    {
      const LdScreeningHit *hit = g_ptr_array_index (hits, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *reason = NULL;
      double score = -1;

      /* Weak aliases are matched on their exact token set only, which a pair does not know. */
      if (hit->quality == LD_NAME_QUALITY_LOW)
        continue;
      g_assert_true (ld_name_matcher_score_pair (matcher, text, hit->matched_name, &score, &reason, &error));
      g_assert_no_error (error);
      if (fabs (score - hit->name_score) > 1e-9)
        g_error ("pair scoring gives %f for “%s” against “%s”, the list %f", score, text, hit->matched_name,
                 hit->name_score);
      g_assert_cmpstr (reason, !=, "");
      n++;
    }
  return n;
}

/*
 * The national denial register is screened one pair at a time: a pair must score as
 * the list scores the same two names, in every script and spelling the list meets.
 */
static void
test_pair_scores_as_list (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  static const Transform transforms[] = { T_UNTREATED, T_TYPO, T_JOINED, T_DROPPED, T_CYRILLIC, T_GREEK };
  guint n_pairs = 0;
  double score = -1;

  if (!ensure_matcher ())
    return;
  for (guint e = 0; e < ld_sanctions_list_get_n_entries (real_list); e += 5)
    {
      const LdSanctionsName *name = g_ptr_array_index (ld_sanctions_list_get_entry (real_list, e)->names, 0);
      Transform t = transforms[g_rand_int_range (rand, 0, G_N_ELEMENTS (transforms))];
      g_autofree char *query = make_transform (t, name->text, rand);

      n_pairs += compare_pair_scores (query != NULL ? query : name->text);
    }
  g_test_message ("%u pairs scored as the list scores them", n_pairs);
  g_assert_cmpuint (n_pairs, >, 200);

  /* Names no list name has still match themselves, reordered and in Cyrillic. */
  g_assert_true (ld_name_matcher_score_pair (matcher, "Петренко Виктор", "Viktor Petrenko", &score, NULL, NULL));
  g_assert_cmpfloat (score, >=, LD_NAME_MATCHER_PROBABLE_SCORE);
  g_assert_true (ld_name_matcher_score_pair (matcher, "Nordvik Arms AB", "Viktor Petrenko", &score, NULL, NULL));
  g_assert_cmpfloat (score, <, LD_NAME_MATCHER_LOGGED_SCORE);
}

/* ---- Thai names ---- */

static const char thai_list[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<CONSOLIDATED_LIST dateGenerated=\"2026-01-15T10:00:00.000Z\"><INDIVIDUALS>\n"
  "<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>Surayud Chulanont</FIRST_NAME><UN_LIST_TYPE>T</UN_LIST_TYPE>"
  "<REFERENCE_NUMBER>T.1</REFERENCE_NUMBER><LISTED_ON>2003-06-27</LISTED_ON></INDIVIDUAL>\n"
  "<INDIVIDUAL><DATAID>2</DATAID><FIRST_NAME>Supachai Panitchpakdi</FIRST_NAME><UN_LIST_TYPE>T</UN_LIST_TYPE>"
  "<REFERENCE_NUMBER>T.2</REFERENCE_NUMBER><LISTED_ON>2003-06-27</LISTED_ON></INDIVIDUAL>\n"
  "<INDIVIDUAL><DATAID>3</DATAID><FIRST_NAME>Thanathorn Juangroongruangkit</FIRST_NAME><UN_LIST_TYPE>T</UN_LIST_TYPE>"
  "<REFERENCE_NUMBER>T.3</REFERENCE_NUMBER><LISTED_ON>2003-06-27</LISTED_ON></INDIVIDUAL>\n"
  "<INDIVIDUAL><DATAID>4</DATAID><FIRST_NAME>ชัชชาติ สิทธิพันธุ์</FIRST_NAME><UN_LIST_TYPE>T</UN_LIST_TYPE>"
  "<REFERENCE_NUMBER>T.4</REFERENCE_NUMBER><LISTED_ON>2003-06-27</LISTED_ON></INDIVIDUAL>\n"
  "<INDIVIDUAL><DATAID>5</DATAID><FIRST_NAME>Viktor Petrenko</FIRST_NAME><UN_LIST_TYPE>T</UN_LIST_TYPE>"
  "<REFERENCE_NUMBER>T.5</REFERENCE_NUMBER><LISTED_ON>2003-06-27</LISTED_ON></INDIVIDUAL>\n"
  "<INDIVIDUAL><DATAID>6</DATAID><FIRST_NAME>Sanoh Tiandong</FIRST_NAME><UN_LIST_TYPE>T</UN_LIST_TYPE>"
  "<REFERENCE_NUMBER>T.6</REFERENCE_NUMBER><LISTED_ON>2003-06-27</LISTED_ON></INDIVIDUAL>\n"
  "<INDIVIDUAL><DATAID>7</DATAID><FIRST_NAME>Korbsak Sabhavasu</FIRST_NAME><UN_LIST_TYPE>T</UN_LIST_TYPE>"
  "<REFERENCE_NUMBER>T.7</REFERENCE_NUMBER><LISTED_ON>2003-06-27</LISTED_ON></INDIVIDUAL>\n"
  "<INDIVIDUAL><DATAID>8</DATAID><FIRST_NAME>Kasit Piromya</FIRST_NAME><UN_LIST_TYPE>T</UN_LIST_TYPE>"
  "<REFERENCE_NUMBER>T.8</REFERENCE_NUMBER><LISTED_ON>2003-06-27</LISTED_ON></INDIVIDUAL>\n"
  "<INDIVIDUAL><DATAID>9</DATAID><FIRST_NAME>Charoen Pokphand</FIRST_NAME><UN_LIST_TYPE>T</UN_LIST_TYPE>"
  "<REFERENCE_NUMBER>T.9</REFERENCE_NUMBER><LISTED_ON>2003-06-27</LISTED_ON></INDIVIDUAL>\n"
  "<INDIVIDUAL><DATAID>10</DATAID><FIRST_NAME>ประเวศ วะสี</FIRST_NAME><UN_LIST_TYPE>T</UN_LIST_TYPE>"
  "<REFERENCE_NUMBER>T.10</REFERENCE_NUMBER><LISTED_ON>2003-06-27</LISTED_ON></INDIVIDUAL>\n"
  "<INDIVIDUAL><DATAID>11</DATAID><FIRST_NAME>Wichai Sophonpanich</FIRST_NAME><UN_LIST_TYPE>T</UN_LIST_TYPE>"
  "<REFERENCE_NUMBER>T.11</REFERENCE_NUMBER><LISTED_ON>2003-06-27</LISTED_ON></INDIVIDUAL>\n"
  "<INDIVIDUAL><DATAID>12</DATAID><FIRST_NAME>ประพันธ์ ธีรสกุล</FIRST_NAME><UN_LIST_TYPE>T</UN_LIST_TYPE>"
  "<REFERENCE_NUMBER>T.12</REFERENCE_NUMBER><LISTED_ON>2003-06-27</LISTED_ON></INDIVIDUAL>\n"
  "<INDIVIDUAL><DATAID>13</DATAID><FIRST_NAME>Chuvit Kamolrat</FIRST_NAME><UN_LIST_TYPE>T</UN_LIST_TYPE>"
  "<REFERENCE_NUMBER>T.13</REFERENCE_NUMBER><LISTED_ON>2003-06-27</LISTED_ON></INDIVIDUAL>\n"
  "<INDIVIDUAL><DATAID>14</DATAID><FIRST_NAME>Pongsuk Rattanawong</FIRST_NAME><UN_LIST_TYPE>T</UN_LIST_TYPE>"
  "<REFERENCE_NUMBER>T.14</REFERENCE_NUMBER><LISTED_ON>2003-06-27</LISTED_ON></INDIVIDUAL>\n"
  "</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>\n";

/* The reference of @query's best hit at the review band or above, through the index
 * and by brute force, which must agree; NULL for none. */
static const char *
thai_best_hit (LdNameMatcher *thai_matcher,
               const char    *query_text)
{
  LdScreeningQuery query = { query_text, 0, NULL };
  g_autoptr(GPtrArray) indexed = ld_name_matcher_screen (thai_matcher, &query, LD_MATCH_BAND_REVIEW, NULL);
  g_autoptr(GPtrArray) brute = ld_name_matcher_screen_brute_force (thai_matcher, &query, LD_MATCH_BAND_REVIEW, NULL);
  const LdScreeningHit *hit;

  g_assert_nonnull (indexed);
  g_assert_nonnull (brute);
  g_assert_cmpuint (indexed->len, ==, brute->len);
  if (indexed->len == 0)
    return NULL;
  hit = g_ptr_array_index (indexed, 0);
  g_assert_true (hit->entry == ((const LdScreeningHit *) g_ptr_array_index (brute, 0))->entry);
  return hit->entry->reference_number;
}

/*
 * A Thai name meets the Latin spelling its bearer writes, which takes each letter's
 * Indic value or its Thai sound as the bearer chose (จ: Chulanont, Juangroongruangkit;
 * ภ: Supachai): through the index as by brute force, whichever side is in Thai. Two
 * Latin names do not meet so (Julanont is not Chulanont), nor does a Thai name one
 * letter of another class away (Thanakorn, Thanathorn). Chadchart meets ชัชชาติ
 * (chajjart) one letter longer once the English r is left out of both (jatjat, jajat).
 */
static void
test_thai_spellings (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (thai_list, strlen (thai_list));
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSanctionsList) list = ld_sanctions_list_new_from_bytes (bytes, &error);
  g_autoptr(LdNameMatcher) thai_matcher = NULL;

  g_assert_no_error (error);
  thai_matcher = ld_name_matcher_new (list);
  g_assert_cmpstr (thai_best_hit (thai_matcher, "สุรยุทธ์ จุลานนท์"), ==, "T.1");
  g_assert_cmpstr (thai_best_hit (thai_matcher, "ศุภชัย พานิชภักดิ์"), ==, "T.2");
  g_assert_cmpstr (thai_best_hit (thai_matcher, "ธนาธร จึงรุ่งเรืองกิจ"), ==, "T.3");
  g_assert_cmpstr (thai_best_hit (thai_matcher, "Chadchart Sittipunt"), ==, "T.4");
  g_assert_null (thai_best_hit (thai_matcher, "ธนากร จึงรุ่งเรืองกิจ"));
  g_assert_null (thai_best_hit (thai_matcher, "Surayud Julanont"));
  g_assert_null (thai_best_hit (thai_matcher, "Supachai Banijbakdi"));
  /* One vowel written otherwise (เ◌ียน ian, as RTGS writes it, where the bearer's
   * reading has ien) with ท as d, through the index too; a changed consonant is
   * another name. */
  g_assert_cmpstr (thai_best_hit (thai_matcher, "เสนาะ เทียนทอง"), ==, "T.6");
  g_assert_null (thai_best_hit (thai_matcher, "เสนาะ เทียนพงษ์"));
  /* ศักดิ์ read sakdi meets Korbsak, which leaves the silent syllable out. */
  g_assert_cmpstr (thai_best_hit (thai_matcher, "กอร์ปศักดิ์ สภาวสุ"), ==, "T.7");
  /* The Indic reading (ภิรมย์ bhiromya) meets Piromya; a given name of another
   * consonant is another man. */
  g_assert_cmpstr (thai_best_hit (thai_matcher, "กษิต ภิรมย์"), ==, "T.8");
  g_assert_null (thai_best_hit (thai_matcher, "กษม ภิรมย์"));
  /* A Thai compound, one word, meets its bearer's two Latin words, and a Latin query
   * the Thai name through the fold's English final e (Prawase: ประเวศ). */
  g_assert_cmpstr (thai_best_hit (thai_matcher, "เจริญโภคภัณฑ์"), ==, "T.9");
  g_assert_cmpstr (thai_best_hit (thai_matcher, "Prawase Wasi"), ==, "T.10");
  g_assert_null (thai_best_hit (thai_matcher, "Prasert Wasi"));
  /* One skeleton, through the index too: vowels and syllable breaks written otherwise
   * (โสภณพนิช sobhanopnij, Sophonpanich), ส read as the final t (ธีรสกุล thirotkul,
   * Teerasakul). A surname sharing its first element with another is another family's
   * (กมลวิศิษฎ์, Kamolrat). */
  g_assert_cmpstr (thai_best_hit (thai_matcher, "วิชัย โสภณพนิช"), ==, "T.11");
  g_assert_cmpstr (thai_best_hit (thai_matcher, "Praphan Teerasakul"), ==, "T.12");
  g_assert_null (thai_best_hit (thai_matcher, "ชูวิทย์ กมลวิศิษฎ์"));
  /* and without the silent syllable, the vowel written otherwise (ศักดิ์ sakdi, suk). */
  g_assert_cmpstr (thai_best_hit (thai_matcher, "พงศ์ศักดิ์ รัตนวงศ์"), ==, "T.14");
}

/*
 * Korean names in Hangul meet the Latin spellings they are written in: McCune-Reischauer
 * as the list writes North Korean names (found through the index exactly as brute force
 * finds them), and the spellings South Koreans write, which follow neither system (손
 * Sohn, 석 Suk, 희 Hee, 우 Woo). A syllable is a word of the name: one letter from
 * another syllable is another name (명 Myung, 영 Young), and 두 (du) is no particle.
 * Given names are written as one word as often as two (Moohyun, Moo-hyun).
 */
static void
test_korean_names (void)
{
  static const char * const listed[] = { "리수용", "박춘일", "김영철", "리재일", "유철우", "최춘식" };
  static const struct { const char *hangul; const char *latin; gboolean same; } pairs[] = {
    { "손석희", "Sohn Suk-hee", TRUE },
    { "백건우", "Paik Kun-woo", TRUE },
    { "허정무", "Huh Jung-moo", TRUE },
    { "김영삼", "Kim Young-sam", TRUE },
    { "고두심", "Koh Doo-shim", TRUE },
    { "박명수", "Park Myung-soo", TRUE },
    { "박명수", "Park Young-soo", FALSE },
    /* Given names written as one word, in either spelling. */
    { "노무현", "Roh Moohyun", TRUE },
    { "박근혜", "Park Geunhye", TRUE },
    { "이재명", "Lee Jaeyong", FALSE },
    { "백건우", "Paik Kun-wook", FALSE },
    { "허정무", "Huh Jung-mook", FALSE },
    { "고두심", "Koh Il-shim", FALSE },
    /* A syllable's other customary spellings (ld_name_normalizer_customary_variants()):
     * the surname as its family writes it, given-name syllables voiced or voiceless,
     * with eo or ou, or a vowel marked with h. */
    { "정홍원", "Chung Hong-won", TRUE },
    { "정홍원", "Chung Hong-sik", FALSE },
    { "이종찬", "Rhee Jong-chan", TRUE },
    { "노사연", "Noh Sa-yeon", TRUE },
    { "김진표", "Kim Chin-pyo", TRUE },
    { "김진표", "Kim Chin-ho", FALSE },
    { "이경훈", "Lee Kyeong-hoon", TRUE },
    { "이명박", "Lee Myoung-bak", TRUE },
    { "박성하", "Park Sung-hah", TRUE },
    /* A given name written as it is said (연아 Yu-na), another given name not found. */
    { "김연아", "Kim Yu-na", TRUE },
    { "박민아", "Park Mi-na", TRUE },
    { "김연아", "Kim Yu-ra", FALSE },
    /* ㅚ written oi as in Choi; a voiced syllable marked with h; 최 as the Chey family
     * writes it. */
    { "노회찬", "Roh Hoi-chan", TRUE },
    { "고영희", "Goh Young-hee", TRUE },
    { "최재원", "Chey Jae-won", TRUE },
    /* Brothers share a syllable of their given name (the generation name): a surname
     * and one given syllable in common are a family, not a person. */
    { "최재원", "Chey Tae-won", FALSE },
    { "신동빈", "Shin Dong-joo", FALSE },
  };
  guint n_queries = 0, n_hits = 0;

  if (!ensure_matcher ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (listed); i++)
    {
      LdScreeningQuery query = { listed[i], 0, NULL };
      g_autoptr(GPtrArray) hits = ld_name_matcher_screen (matcher, &query, LD_MATCH_BAND_REVIEW, NULL);

      g_assert_nonnull (hits);
      g_test_message ("%s: %u hits", listed[i], hits->len);
      g_assert_cmpuint (hits->len, >, 0);
      compare_paths (listed[i], &n_queries, &n_hits);
    }
  for (guint i = 0; i < G_N_ELEMENTS (pairs); i++)
    {
      double score = -1;

      g_assert_true (ld_name_matcher_score_pair (matcher, pairs[i].hangul, pairs[i].latin, &score, NULL, NULL));
      g_test_message ("%s / %s: %.3f", pairs[i].hangul, pairs[i].latin, score);
      if (pairs[i].same)
        g_assert_cmpfloat (score, >=, LD_NAME_MATCHER_REVIEW_SCORE);
      else
        g_assert_cmpfloat (score, <, LD_NAME_MATCHER_REVIEW_SCORE);
      compare_paths (pairs[i].hangul, &n_queries, &n_hits);
      compare_paths (pairs[i].latin, &n_queries, &n_hits);
    }
}

/* ---- qualifiers, weak aliases, provenance, bad input ---- */

static LdScreeningHit *
find_hit (GPtrArray  *hits,
          const char *reference)
{
  for (guint i = 0; i < hits->len; i++)
    {
      LdScreeningHit *hit = g_ptr_array_index (hits, i);

      if (g_str_equal (hit->entry->reference_number, reference))
        return hit;
    }
  return NULL;
}

static double
score_for (const char *name,
           int         birth_year,
           const char *country,
           const char *reference)
{
  LdScreeningQuery query = { name, birth_year, country };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = ld_name_matcher_screen (matcher, &query, LD_MATCH_BAND_LOGGED, &error);
  LdScreeningHit *hit;

  g_assert_no_error (error);
  hit = find_hit (hits, reference);
  return hit != NULL ? hit->score : 0.0;
}

static void
test_qualifiers (void)
{
  double plain, born, wrong_year, country, wrong_country, weak;

  if (!ensure_matcher ())
    return;
  /* Eric Badege: born 1971, Democratic Republic of the Congo. A typo keeps the name
   * score below 1 so a qualifier has room to raise it. */
  plain = score_for ("Eric Badegge", 0, NULL, "CDi.001");
  born = score_for ("Eric Badegge", 1971, NULL, "CDi.001");
  wrong_year = score_for ("Eric Badegge", 1999, NULL, "CDi.001");
  country = score_for ("Eric Badegge", 0, "Congo, The Democratic Republic of the", "CDi.001");
  wrong_country = score_for ("Eric Badegge", 0, "Norway", "CDi.001");
  g_test_message ("plain %.3f, born 1971 %.3f, born 1999 %.3f, DRC %.3f, Norway %.3f",
                  plain, born, wrong_year, country, wrong_country);
  g_assert_cmpfloat (plain, >=, LD_NAME_MATCHER_PROBABLE_SCORE);
  g_assert_cmpfloat (born, >, plain);
  g_assert_cmpfloat (wrong_year, <, plain);
  g_assert_cmpfloat (country, >, plain);
  g_assert_cmpfloat (wrong_country, <, plain);
  /* Both qualifiers against it: a strong name match is never buried below review. */
  weak = score_for ("Eric Badegge", 1999, "Norway", "CDi.001");
  g_assert_cmpfloat (weak, >=, LD_NAME_MATCHER_REVIEW_SCORE);
}

/* A weak (QUALITY Low) alias raises an alert when typed exactly, and only then. */
static void
test_weak_alias_exact_only (void)
{
  g_autofree char *typo = NULL;
  const LdSanctionsEntry *entry;
  const LdSanctionsName *weak = NULL;

  if (!ensure_matcher ())
    return;
  entry = ld_sanctions_list_lookup_reference (real_list, "CDi.009");  /* “Chief Kahwa”, Low */
  g_assert_nonnull (entry);
  for (guint i = 0; i < entry->names->len && weak == NULL; i++)
    {
      const LdSanctionsName *name = g_ptr_array_index (entry->names, i);

      if (name->quality == LD_NAME_QUALITY_LOW && strstr (name->text, "Chief") != NULL)
        weak = name;
    }
  g_assert_nonnull (weak);
  g_assert_cmpfloat (score_for (weak != NULL ? weak->text : "", 0, NULL, "CDi.009"), ==, LD_NAME_MATCHER_WEAK_ALIAS_SCORE);
  g_assert_cmpfloat (score_for ("CHIEF KAHWA", 0, NULL, "CDi.009"), ==, LD_NAME_MATCHER_WEAK_ALIAS_SCORE);
  /* One letter off: the weak alias no longer counts, so no alert from it. */
  g_assert_cmpfloat (score_for ("Chief Kahwe", 0, NULL, "CDi.009"), <, LD_NAME_MATCHER_REVIEW_SCORE);
}

static void
test_hit_provenance (void)
{
  LdScreeningQuery query = { "Saddam Hussein al-Tikriti", 0, NULL };
  g_autoptr(GPtrArray) hits = NULL;
  LdScreeningHit *hit;

  if (!ensure_matcher ())
    return;
  hits = ld_name_matcher_screen (matcher, &query, LD_MATCH_BAND_REVIEW, NULL);
  g_assert_cmpuint (hits->len, >, 0);
  hit = g_ptr_array_index (hits, 0);
  g_assert_cmpstr (hit->entry->reference_number, ==, "IQi.001");
  g_assert_cmpint (hit->band, ==, LD_MATCH_BAND_PROBABLE);
  g_assert_cmpstr (hit->list_date, ==, ld_sanctions_list_get_date_generated (real_list));
  g_assert_cmpstr (hit->list_sha256, ==, ld_sanctions_list_get_sha256 (real_list));
  g_assert_nonnull (hit->reason);
  /* The reason says "different order" only when the order differs. */
  {
    LdScreeningQuery in_order = { "Saddam Hussein al-Tikriti", 0, NULL };
    LdScreeningQuery reordered = { "al-Tikriti Saddam Hussein", 0, NULL };
    g_autoptr(GPtrArray) a = ld_name_matcher_screen (matcher, &in_order, LD_MATCH_BAND_REVIEW, NULL);
    g_autoptr(GPtrArray) b = ld_name_matcher_screen (matcher, &reordered, LD_MATCH_BAND_REVIEW, NULL);

    g_assert_cmpuint (a->len, >, 0);
    g_assert_cmpuint (b->len, >, 0);
    g_assert_null (strstr (((LdScreeningHit *) a->pdata[0])->reason, "different order"));
    g_assert_nonnull (strstr (((LdScreeningHit *) b->pdata[0])->reason, "different order"));
  }
  /* Common tokens alone raise nothing. */
  for (guint i = 0; i < 4; i++)
    {
      static const char * const common[] = { "Mohammed", "Al", "Trading Company LLC", "Abu Mohammed" };
      LdScreeningQuery q = { common[i], 0, NULL };
      g_autoptr(GPtrArray) none = ld_name_matcher_screen (matcher, &q, LD_MATCH_BAND_REVIEW, NULL);

      for (guint h = 0; h < none->len; h++)
        g_assert_cmpint (((LdScreeningHit *) none->pdata[h])->quality, ==, LD_NAME_QUALITY_LOW);
    }
}

typedef struct
{
  const char *text;
  gssize      length;
  int         code;
} BadName;

static void
test_bad_input (void)
{
  g_autofree char *long_name = g_strnfill (10000, 'a');
  static const char invalid_utf8[] = "Ali \xc3\x28 Hassan";
  static const char truncated_utf8[] = "Ali \xe2\x82";
  const BadName cases[] = {
    { long_name, -1, LD_NAME_NORMALIZER_ERROR_TOO_LONG },
    { "Ali\x01Hassan", -1, LD_NAME_NORMALIZER_ERROR_CONTROL_CHARACTER },
    { "Ali \x1b[31mHassan", -1, LD_NAME_NORMALIZER_ERROR_CONTROL_CHARACTER },
    { "Ali\xc2\x85Hassan", -1, LD_NAME_NORMALIZER_ERROR_CONTROL_CHARACTER },
    { invalid_utf8, -1, LD_NAME_NORMALIZER_ERROR_INVALID_UTF8 },
    { truncated_utf8, -1, LD_NAME_NORMALIZER_ERROR_INVALID_UTF8 },
    { "", -1, LD_NAME_NORMALIZER_ERROR_EMPTY },
    { " ,.-; ", -1, LD_NAME_NORMALIZER_ERROR_EMPTY },
  };

  if (!ensure_matcher ())
    return;
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      LdScreeningQuery query = { cases[i].text, 0, NULL };
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) hits = ld_name_matcher_screen (matcher, &query, LD_MATCH_BAND_LOGGED, &error);

      g_assert_null (hits);
      g_assert_error (error, LD_NAME_NORMALIZER_ERROR, cases[i].code);
      g_test_message ("case %u: %s", i, error->message);
      g_clear_error (&error);
      hits = ld_name_matcher_screen_brute_force (matcher, &query, LD_MATCH_BAND_LOGGED, &error);
      g_assert_null (hits);
      g_assert_error (error, LD_NAME_NORMALIZER_ERROR, cases[i].code);
    }
  /* Tabs and new lines are spaces, and 400 characters of real words still screen. */
  {
    g_autoptr(GString) many = g_string_new (NULL);
    LdScreeningQuery tabbed = { "Eric\tBadege\n", 0, NULL };
    LdScreeningQuery longish = { NULL, 0, NULL };
    g_autoptr(GPtrArray) hits = ld_name_matcher_screen (matcher, &tabbed, LD_MATCH_BAND_REVIEW, NULL);
    g_autoptr(GPtrArray) more = NULL;

    g_assert_nonnull (find_hit (hits, "CDi.001"));
    while (many->len < LD_NAME_NORMALIZER_MAX_CHARS - 12)
      g_string_append (many, "Mohammed Al ");
    longish.name = many->str;
    more = ld_name_matcher_screen (matcher, &longish, LD_MATCH_BAND_LOGGED, NULL);
    g_assert_nonnull (more);
  }
}

/* Screening is thread-safe: four threads screening the same names agree with one. */
typedef struct
{
  GPtrArray *names;
  GPtrArray *expected;  /* GUINT_TO_POINTER (number of hits) per name */
} ThreadWork;

static gpointer
screen_in_thread (gpointer data)
{
  ThreadWork *work = data;

  for (guint round = 0; round < 3; round++)
    for (guint i = 0; i < work->names->len; i++)
      {
        LdScreeningQuery query = { work->names->pdata[i], 0, NULL };
        g_autoptr(GPtrArray) hits = ld_name_matcher_screen (matcher, &query, LD_MATCH_BAND_LOGGED, NULL);

        if (hits == NULL || hits->len != GPOINTER_TO_UINT (work->expected->pdata[i]))
          return GUINT_TO_POINTER (FALSE);
      }
  return GUINT_TO_POINTER (TRUE);
}

static void
test_threads (void)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GPtrArray) expected = g_ptr_array_new ();
  ThreadWork work = { names, expected };
  GThread *threads[4];

  if (!ensure_matcher ())
    return;
  for (guint e = 0; e < ld_sanctions_list_get_n_entries (real_list); e += 7)
    {
      const LdSanctionsEntry *entry = ld_sanctions_list_get_entry (real_list, e);

      for (guint n = 0; n < entry->names->len; n++)
        {
          const LdSanctionsName *name = g_ptr_array_index (entry->names, n);
          LdScreeningQuery query = { name->text, 0, NULL };
          g_autoptr(GPtrArray) hits = ld_name_matcher_screen (matcher, &query, LD_MATCH_BAND_LOGGED, NULL);

          if (hits == NULL)
            continue;
          g_ptr_array_add (names, name->text);
          g_ptr_array_add (expected, GUINT_TO_POINTER (hits->len));
        }
    }
  g_assert_cmpuint (names->len, >, 300);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("screen", screen_in_thread, &work);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_true (GPOINTER_TO_UINT (g_thread_join (threads[i])));
}

/*
 * Unvowelled Hebrew meets Latin spellings by the consonants both write
 * (ld-name-hebrew-letters.c), through the index too: סולטאני מקנגה (swltʼny mqngh) is
 * the list's Sultani Makenga and אינוסנט כאינה Innocent Kaina, which no key of their
 * spellings finds: the index finds them as brute force does, and they score as pairs.
 * The same given name with another family name is no alert.
 */
static void
test_hebrew_letters (void)
{
  guint n_queries = 0, n_hits = 0;
  double score = -1;

  if (!ensure_matcher ())
    return;
  compare_paths ("סולטאני מקנגה", &n_queries, &n_hits);
  compare_paths ("אינוסנט כאינה", &n_queries, &n_hits);
  g_assert_cmpuint (n_hits, >=, 2);
  g_assert_cmpfloat (score_for ("סולטאני מקנגה", 0, NULL, "CDi.008"), >=, LD_NAME_MATCHER_REVIEW_SCORE);
  g_assert_cmpfloat (score_for ("אינוסנט כאינה", 0, NULL, "CDi.004"), >=, LD_NAME_MATCHER_REVIEW_SCORE);
  g_assert_cmpuint (compare_pair_scores ("סולטאני מקנגה"), >=, 1);
  /* And a Latin query meets a Hebrew name the same way, both ways round. */
  g_assert_true (ld_name_matcher_score_pair (matcher, "נפתלי בנט", "Naftali Bennett", &score, NULL, NULL));
  g_assert_cmpfloat (score, >=, LD_NAME_MATCHER_REVIEW_SCORE);
  g_assert_true (ld_name_matcher_score_pair (matcher, "Naftali Bennett", "נפתלי בנט", &score, NULL, NULL));
  g_assert_cmpfloat (score, >=, LD_NAME_MATCHER_REVIEW_SCORE);
  g_assert_true (ld_name_matcher_score_pair (matcher, "נפתלי בנט", "Naftali Herz", &score, NULL, NULL));
  g_assert_cmpfloat (score, <, LD_NAME_MATCHER_REVIEW_SCORE);
  /* Two Latin names are compared by their spellings, not their consonants. */
  g_assert_true (ld_name_matcher_score_pair (matcher, "Naftali Bennett", "Niftel Bont", &score, NULL, NULL));
  g_assert_cmpfloat (score, <, LD_NAME_MATCHER_REVIEW_SCORE);
  /* A given name of one consonant counts when its vowels agree (Avi, אבי), not when
   * another short name shares the consonant (Ava); two consonants need the vowels
   * Hebrew writes (רון is Ron, not Ran). */
  g_assert_true (ld_name_matcher_score_pair (matcher, "אבי דיכטר", "Avi Dichter", &score, NULL, NULL));
  g_assert_cmpfloat (score, >=, LD_NAME_MATCHER_REVIEW_SCORE);
  g_assert_true (ld_name_matcher_score_pair (matcher, "אבי דיכטר", "Ava Dichter", &score, NULL, NULL));
  g_assert_cmpfloat (score, <, LD_NAME_MATCHER_REVIEW_SCORE);
  g_assert_true (ld_name_matcher_score_pair (matcher, "רון חולדאי", "Ron Huldai", &score, NULL, NULL));
  g_assert_cmpfloat (score, >=, LD_NAME_MATCHER_REVIEW_SCORE);
  g_assert_true (ld_name_matcher_score_pair (matcher, "רון חולדאי", "Ran Huldai", &score, NULL, NULL));
  g_assert_cmpfloat (score, <, LD_NAME_MATCHER_REVIEW_SCORE);
  /* Nor does the spelling ICU reads (tumi) meet a short name one letter from it (Tami)
   * when the readings disagree. */
  g_assert_true (ld_name_matcher_score_pair (matcher, "טומי לפיד", "Tommy Lapid", &score, NULL, NULL));
  g_assert_cmpfloat (score, >=, LD_NAME_MATCHER_REVIEW_SCORE);
  g_assert_true (ld_name_matcher_score_pair (matcher, "טומי לפיד", "Tami Lapid", &score, NULL, NULL));
  g_assert_cmpfloat (score, <, LD_NAME_MATCHER_REVIEW_SCORE);
}

/* A list whose names are written in Hebrew letters (NAME_ORIGINAL_SCRIPT), and Latin. */
static const char hebrew_list_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<CONSOLIDATED_LIST dateGenerated=\"2026-01-15T10:00:00.000Z\"><INDIVIDUALS>"
  "<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>NAFTALI</FIRST_NAME><SECOND_NAME>BENET</SECOND_NAME>"
  "<UN_LIST_TYPE>Test</UN_LIST_TYPE><REFERENCE_NUMBER>TSi.001</REFERENCE_NUMBER>"
  "<NAME_ORIGINAL_SCRIPT>נפתלי בנט</NAME_ORIGINAL_SCRIPT></INDIVIDUAL>"
  "<INDIVIDUAL><DATAID>2</DATAID><FIRST_NAME>ISAAC</FIRST_NAME><SECOND_NAME>LEVI</SECOND_NAME>"
  "<UN_LIST_TYPE>Test</UN_LIST_TYPE><REFERENCE_NUMBER>TSi.002</REFERENCE_NUMBER>"
  "<NAME_ORIGINAL_SCRIPT>ראובן ריבלין</NAME_ORIGINAL_SCRIPT></INDIVIDUAL>"
  "<INDIVIDUAL><DATAID>3</DATAID><FIRST_NAME>DAVID</FIRST_NAME><SECOND_NAME>SMITH</SECOND_NAME>"
  "<UN_LIST_TYPE>Test</UN_LIST_TYPE><REFERENCE_NUMBER>TSi.003</REFERENCE_NUMBER></INDIVIDUAL>"
  "</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>";

/*
 * @query_text screened against a small list made of @xml, through the index and by
 * brute force, which must find the same hits at the logged band and above. Returns the
 * score of the hit on @reference (-1 when there is none), and the number of hits.
 */
static double
small_list_score (const char *xml,
                  const char *query_text,
                  const char *reference,
                  guint      *n_hits)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (xml, strlen (xml));
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSanctionsList) list = ld_sanctions_list_new_from_bytes (bytes, &error);
  g_autoptr(LdNameMatcher) small = NULL;
  LdScreeningQuery query = { query_text, 0, NULL };
  g_autoptr(GPtrArray) indexed = NULL;
  g_autoptr(GPtrArray) brute = NULL;
  double score = -1;

  g_assert_no_error (error);
  small = ld_name_matcher_new (list);
  indexed = ld_name_matcher_screen (small, &query, LD_MATCH_BAND_LOGGED, &error);
  g_assert_no_error (error);
  brute = ld_name_matcher_screen_brute_force (small, &query, LD_MATCH_BAND_LOGGED, &error);
  g_assert_no_error (error);
  g_assert_true (same_hits (indexed, brute));
  for (guint i = 0; i < indexed->len; i++)
    {
      const LdScreeningHit *hit = g_ptr_array_index (indexed, i);

      if (g_strcmp0 (hit->entry->reference_number, reference) == 0)
        score = hit->score;
    }
  *n_hits = indexed->len;
  return score;
}

/*
 * A Latin query meets a list name written in Hebrew letters through the index: Reuven
 * Rivlin is only the Hebrew name of TSi.002, which no key of its spelling (rewbn
 * ryblyn) finds. The index finds it as brute force does.
 */
static void
test_hebrew_list_names (void)
{
  guint n_hits = 0;

  g_assert_cmpfloat (small_list_score (hebrew_list_xml, "Reuven Rivlin", "TSi.002", &n_hits), >=,
                     LD_NAME_MATCHER_REVIEW_SCORE);
  g_assert_cmpuint (n_hits, ==, 1);
}

/* A list with Cambodian and Ethiopian names in Latin letters, and one written in Khmer
 * letters (NAME_ORIGINAL_SCRIPT). */
static const char khmer_amharic_list_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<CONSOLIDATED_LIST dateGenerated=\"2026-01-15T10:00:00.000Z\"><INDIVIDUALS>"
  "<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>HOR</FIRST_NAME><SECOND_NAME>NAMHONG</SECOND_NAME>"
  "<UN_LIST_TYPE>Test</UN_LIST_TYPE><REFERENCE_NUMBER>TKi.001</REFERENCE_NUMBER></INDIVIDUAL>"
  "<INDIVIDUAL><DATAID>2</DATAID><FIRST_NAME>SHIFERAW</FIRST_NAME><SECOND_NAME>SHIGUTE</SECOND_NAME>"
  "<UN_LIST_TYPE>Test</UN_LIST_TYPE><REFERENCE_NUMBER>TKi.002</REFERENCE_NUMBER></INDIVIDUAL>"
  "<INDIVIDUAL><DATAID>3</DATAID><FIRST_NAME>ISAAC</FIRST_NAME><SECOND_NAME>LEVI</SECOND_NAME>"
  "<UN_LIST_TYPE>Test</UN_LIST_TYPE><REFERENCE_NUMBER>TKi.003</REFERENCE_NUMBER>"
  "<NAME_ORIGINAL_SCRIPT>ទៀ សីហា</NAME_ORIGINAL_SCRIPT></INDIVIDUAL>"
  "<INDIVIDUAL><DATAID>4</DATAID><FIRST_NAME>HUN</FIRST_NAME><SECOND_NAME>MANY</SECOND_NAME>"
  "<UN_LIST_TYPE>Test</UN_LIST_TYPE><REFERENCE_NUMBER>TKi.004</REFERENCE_NUMBER></INDIVIDUAL>"
  "</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>";

/*
 * Khmer and Amharic names meet their bearers' Latin spellings through their second
 * spellings, through the index as by brute force: ហោ ណាំហុង (UNGEGN hao namhong) is
 * Hor Namhong, ሽፈራው ሽጉጤ (BGN sheferawi shegute) Shiferaw Shigute, and a Latin query
 * meets a list name in Khmer letters (ទៀ សីហា, tie siha: Tea Seiha).
 */
static void
test_khmer_amharic_list_names (void)
{
  guint n_hits = 0;

  g_assert_cmpfloat (small_list_score (khmer_amharic_list_xml, "ហោ ណាំហុង", "TKi.001", &n_hits), >=,
                     LD_NAME_MATCHER_REVIEW_SCORE);
  g_assert_cmpfloat (small_list_score (khmer_amharic_list_xml, "ሽፈራው ሽጉጤ", "TKi.002", &n_hits), >=,
                     LD_NAME_MATCHER_REVIEW_SCORE);
  g_assert_cmpfloat (small_list_score (khmer_amharic_list_xml, "Tea Seiha", "TKi.003", &n_hits), >=,
                     LD_NAME_MATCHER_REVIEW_SCORE);
  /* Hun Many is not Hun Manet. */
  g_assert_cmpfloat (small_list_score (khmer_amharic_list_xml, "ហ៊ុន ម៉ាណែត", "TKi.004", &n_hits), <,
                     LD_NAME_MATCHER_REVIEW_SCORE);
}

/* A list name in Hebrew letters whose words are all of one consonant (Eli Yishai). */
static const char hebrew_short_list_xml[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
  "<CONSOLIDATED_LIST dateGenerated=\"2026-01-15T10:00:00.000Z\"><INDIVIDUALS>"
  "<INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>ISAAC</FIRST_NAME><SECOND_NAME>LEVI</SECOND_NAME>"
  "<UN_LIST_TYPE>Test</UN_LIST_TYPE><REFERENCE_NUMBER>TSi.011</REFERENCE_NUMBER>"
  "<NAME_ORIGINAL_SCRIPT>אלי ישי</NAME_ORIGINAL_SCRIPT></INDIVIDUAL>"
  "<INDIVIDUAL><DATAID>2</DATAID><FIRST_NAME>ELLA</FIRST_NAME><SECOND_NAME>YISHAI</SECOND_NAME>"
  "<UN_LIST_TYPE>Test</UN_LIST_TYPE><REFERENCE_NUMBER>TSi.012</REFERENCE_NUMBER></INDIVIDUAL>"
  "</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>";

/*
 * Words of one consonant have no consonant key: the index finds them by their whole
 * reading, as brute force scores them, and a Latin query meets the Hebrew name.
 */
static void
test_hebrew_short_list_names (void)
{
  guint n_hits = 0;

  g_assert_cmpfloat (small_list_score (hebrew_short_list_xml, "Eli Yishai", "TSi.011", &n_hits), >=,
                     LD_NAME_MATCHER_REVIEW_SCORE);
}

int
main (int    argc,
      char **argv)
{
  int ret;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/screening/matcher/labelled-true-matches", test_labelled_true_matches);
  g_test_add_func ("/screening/matcher/labelled-negatives", test_labelled_negatives);
  g_test_add_func ("/screening/matcher/index-equals-brute-force", test_index_equals_brute_force);
  g_test_add_func ("/screening/matcher/pair-scores-as-list", test_pair_scores_as_list);
  g_test_add_func ("/screening/matcher/thai-spellings", test_thai_spellings);
  g_test_add_func ("/screening/matcher/korean-names", test_korean_names);
  g_test_add_func ("/screening/matcher/qualifiers", test_qualifiers);
  g_test_add_func ("/screening/matcher/weak-alias-exact-only", test_weak_alias_exact_only);
  g_test_add_func ("/screening/matcher/hit-provenance", test_hit_provenance);
  g_test_add_func ("/screening/matcher/bad-input", test_bad_input);
  g_test_add_func ("/screening/matcher/threads", test_threads);
  g_test_add_func ("/screening/matcher/hebrew-letters", test_hebrew_letters);
  g_test_add_func ("/screening/matcher/hebrew-list-names", test_hebrew_list_names);
  g_test_add_func ("/screening/matcher/hebrew-short-list-names", test_hebrew_short_list_names);
  g_test_add_func ("/screening/matcher/khmer-amharic-list-names", test_khmer_amharic_list_names);
  ret = g_test_run ();
  g_clear_object (&matcher);
  g_clear_object (&real_list);
  g_clear_pointer (&list_tokens, g_hash_table_unref);
  return ret;
}
