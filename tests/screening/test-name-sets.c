/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Names compared one way (issue 16), measured on labelled sets in tests/data/names:
 * the broker duplicate check on broker-name pairs, and screening's pair scoring (what
 * the denial register uses, and what the list index returns: test-name-matcher proves
 * the two agree) on names as people write them, per category. Figures are printed;
 * the targets are asserted.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include "ld-name-key.h"
#include "ld-name-matcher.h"
#include "ld-name-normalizer.h"
#include "ld-screening-test-util.h"

static LdSanctionsList *real_list;
static LdNameMatcher *matcher;

typedef struct
{
  char *category;
  gboolean positive;
  char *a;
  char *b;
} Pair;

static void
pair_free (gpointer data)
{
  Pair *p = data;

  g_free (p->category);
  g_free (p->a);
  g_free (p->b);
  g_free (p);
}

/* Lines of "category, label, name, name"; @positive_label says which label is a match. */
static GPtrArray *
load_pairs (const char *file,
            const char *positive_label,
            gboolean    label_first)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "names", file, NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *pairs = g_ptr_array_new_with_free_func (pair_free);

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) f = NULL;
      Pair *p;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      f = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (f), ==, 4);
      p = g_new0 (Pair, 1);
      p->category = g_strdup (label_first ? f[1] : f[0]);
      p->positive = g_str_equal (label_first ? f[0] : f[1], positive_label);
      p->a = g_strdup (f[2]);
      p->b = g_strdup (f[3]);
      g_ptr_array_add (pairs, p);
    }
  return pairs;
}

static void
ensure_matcher (void)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (matcher != NULL)
    return;
  path = ld_test_real_list_path ();
  real_list = ld_sanctions_list_new_from_file (path, &error);
  g_assert_no_error (error);
  matcher = ld_name_matcher_new (real_list);
}

static gboolean
duplicate (const char *a,
           const char *b)
{
  g_autoptr(LdNameKey) ka = ld_name_key_new (a);
  g_autoptr(LdNameKey) kb = ld_name_key_new (b);

  return ld_name_key_match (ka, kb);
}

static double
percent (guint n,
         guint total)
{
  return total > 0 ? 100.0 * n / total : 0.0;
}

typedef struct
{
  guint true_total;
  guint true_found;      /* review band or above */
  guint near_total;
  guint near_alerted;    /* review band or above */
  guint true_dup;        /* the duplicate check, on the same pairs */
  guint near_dup;
} Tally;

/* The duplicate check's figures per script (the categories named script-*), printed
 * next to the whole set's, so a script's pairs are read apart from the rest. */
static void
tally_duplicate (GHashTable *tallies,
                 GPtrArray  *order,
                 const Pair *p,
                 gboolean    dup)
{
  Tally *t;

  if (!g_str_has_prefix (p->category, "script-"))
    return;
  t = g_hash_table_lookup (tallies, p->category);
  if (t == NULL)
    {
      t = g_new0 (Tally, 1);
      g_hash_table_insert (tallies, p->category, t);
      g_ptr_array_add (order, p->category);
    }
  if (p->positive)
    t->true_total++, t->true_dup += dup;
  else
    t->near_total++, t->near_dup += dup;
}

static void
print_script_tallies (GHashTable *tallies,
                      GPtrArray  *order)
{
  for (guint i = 0; i < order->len; i++)
    {
      const char *category = g_ptr_array_index (order, i);
      Tally *t = g_hash_table_lookup (tallies, category);

      g_printerr ("  %-22s %6u %8.1f%%   (recall)   %u different %.1f%% flagged\n", category, t->true_total,
                  percent (t->true_dup, t->true_total), t->near_total, percent (t->near_dup, t->near_total));
    }
}

/*
 * Duplicates: at least 95% of the same companies found (across scripts included), at
 * most 1% of different companies flagged, both ways round.
 */
static void
test_broker_duplicates (void)
{
  g_autoptr(GPtrArray) pairs = load_pairs ("broker-duplicates.tsv", "same", TRUE);
  g_autoptr(GHashTable) tallies = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  guint same = 0, found = 0, different = 0, flagged = 0;

  for (guint i = 0; i < pairs->len; i++)
    {
      const Pair *p = g_ptr_array_index (pairs, i);
      gboolean dup = duplicate (p->a, p->b);

      /* The check is symmetric: whichever broker was registered first. */
      g_assert_cmpint (dup, ==, duplicate (p->b, p->a));
      if (p->positive)
        same++, found += dup;
      else
        different++, flagged += dup;
      tally_duplicate (tallies, order, p, dup);
      if (dup != p->positive)
        g_test_message ("%s (%s): “%s” / “%s”", p->positive ? "missed" : "false duplicate", p->category, p->a, p->b);
    }
  g_printerr ("\n%-24s %6s %9s\n", "broker duplicates", "pairs", "flagged");
  g_printerr ("%-24s %6u %8.1f%%   (recall)\n", "same company", same, percent (found, same));
  g_printerr ("%-24s %6u %8.1f%%   (false duplicates)%s\n", "different companies", different,
              percent (flagged, different), percent (found, same) >= 95.0 ? "" : "   RECALL BELOW TARGET");
  print_script_tallies (tallies, order);
  g_assert_cmpuint (same, >=, 60);
  g_assert_cmpuint (different, >=, 60);
  /* Three misses since Hebrew, Korean and Thai names are read as screening reads them
   * (ld-name-key-readings.c; a Korean person's name also given name first): Japanese kanji read as Chinese by ICU (Narita Boeki), a
   * customary Korean spelling the name module does not give (대 dai, Hyundai), and an
   * English r the Thai fold drops from one spelling only (Prasert, ประเสริฐ). A
   * regression below today's figure fails. */
  g_assert_cmpfloat (percent (found, same), >=, 97.0);
  g_assert_cmpfloat (percent (flagged, different), <=, 1.0);
}

static double
score (const char *query,
       const char *name)
{
  g_autoptr(GError) error = NULL;
  double s = 0;

  if (!ld_name_matcher_score_pair (matcher, query, name, &s, NULL, &error))
    g_error ("“%s” / “%s”: %s", query, name, error->message);
  return s;
}

/*
 * Categories that do not reach the target yet, with the figure they do reach: a
 * regression below it fails, and the figure is printed as below target. Every entry
 * here is named in the issue note.
 */
static const struct { const char *category; double min_recall; double max_near; } short_of_target[] = {
  /* Thai, at the target (91.9% of 198 with the lead's 11 pairs held out from thai24b, of
   * which 10 are found; near misses 1.9% of 103) since a Thai word also
   * meets a Latin spelling with its consonant skeleton (vowels and syllable breaks
   * written otherwise, a final t written by its letter, the s after k left out:
   * _ld_name_thai_skeleton()), has no entry. Measured on halves of the Thai pairs
   * (every other true pair and every other near pair, by line order), of which only the
   * first's misses were looked at: 81.9% -> 92.6% of 94 on that one, 87.1% -> 91.4% of
   * 93 on the other, near misses 0% and 2.0% (of 49 each) before and after. */
  /* Hebrew, at the target since unvowelled Hebrew is also compared with Latin spellings
   * by the consonants both write, and short words (Avi, Uri, Ron) by the vowels their
   * vav and yod write too (ld-name-hebrew-letters.c), has no entry. */
  /* Khmer and Amharic, at the target since their second spellings are the customary
   * ones their bearers write (ld-name-khmer.c; respell_ethiopic() in ld-name-romanize.c),
   * and their legal forms and titles are read (ld-name-forms.c), have no entry: Khmer 82
   * of 90 found, Amharic 59 of 64 (with the lead's pairs held out from khmer24), no near
   * miss alerted. Still missed: Khmer spellings
   * of one bearer (Rainsy, Sochua, Sunnix, Pichenda), a dropped
   * subscript (Sokunkanha), ទ as th (Monovithya), ៀ as ea before a final (Yeap); Amharic
   * doubled consonants Ethiopic does not write (Gessesse), Arabic, Greek and English
   * spellings (Mohammed, Gebremichael, Ethio), ገብረ joined to the next word
   * (Gebrselassie). */
  /* Korean, at the target (96.0% of 99; near misses 0% of 43) since a syllable is also
   * compared in the other spellings South Koreans give it (a surname's family spellings,
   * Chung for 정; Kyeong, Young, Chin, Hah, Goh, Hoi: ld_name_normalizer_customary_variants())
   * and a syllable replaced by another is a sibling's generation name, has no entry. */
  { NULL, 0.0, 0.0 },  /* the end: every category meets the target */
};

static void
targets_for (const char *category,
             double     *min_recall,
             double     *max_near)
{
  *min_recall = 90.0;
  *max_near = 5.0;
  for (guint i = 0; short_of_target[i].category != NULL; i++)
    if (g_strcmp0 (short_of_target[i].category, category) == 0)
      {
        *min_recall = short_of_target[i].min_recall;
        *max_near = short_of_target[i].max_near;
      }
}

static void
tally_pair (GHashTable *tallies,
            GPtrArray  *order,
            const Pair *p)
{
  Tally *t = g_hash_table_lookup (tallies, p->category);
  double s = score (p->a, p->b);
  gboolean alert = s >= LD_NAME_MATCHER_REVIEW_SCORE;
  gboolean dup = duplicate (p->a, p->b);

  if (t == NULL)
    {
      t = g_new0 (Tally, 1);
      g_hash_table_insert (tallies, p->category, t);
      g_ptr_array_add (order, p->category);
    }
  if (p->positive)
    t->true_total++, t->true_found += alert, t->true_dup += dup;
  else
    t->near_total++, t->near_alerted += alert, t->near_dup += dup;
  if (alert != p->positive)
    g_test_message ("%s (%s): “%s” / “%s” %.3f", p->positive ? "missed" : "near miss alerted", p->category,
                    p->a, p->b, s);
}

static void
test_as_people_write (void)
{
  g_autoptr(GPtrArray) pairs = load_pairs ("as-people-write.tsv", "true", FALSE);
  g_autoptr(GHashTable) tallies = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  gboolean all_met = TRUE;

  ensure_matcher ();
  for (guint i = 0; i < pairs->len; i++)
    tally_pair (tallies, order, g_ptr_array_index (pairs, i));
  g_printerr ("\n%-18s %5s %9s %5s %9s   %9s %9s\n", "as people write", "true", "review+", "near",
              "alerted", "dup true", "dup near");
  for (guint i = 0; i < order->len; i++)
    {
      const char *category = g_ptr_array_index (order, i);
      Tally *t = g_hash_table_lookup (tallies, category);
      double recall = percent (t->true_found, t->true_total), alerted = percent (t->near_alerted, t->near_total);
      double min_recall, max_near;
      gboolean met = recall >= 90.0 && alerted <= 5.0;

      targets_for (category, &min_recall, &max_near);
      g_printerr ("%-18s %5u %8.1f%% %5u %8.1f%%   %8.1f%% %8.1f%%%s\n", category, t->true_total, recall,
                  t->near_total, alerted, percent (t->true_dup, t->true_total), percent (t->near_dup, t->near_total),
                  met ? "" : "   BELOW TARGET");
      all_met &= met;
    }
  /* Asserted once every figure is printed. */
  for (guint i = 0; i < order->len; i++)
    {
      const char *category = g_ptr_array_index (order, i);
      Tally *t = g_hash_table_lookup (tallies, category);
      double min_recall, max_near;

      targets_for (category, &min_recall, &max_near);
      g_assert_cmpuint (t->true_total, >=, 3);
      g_assert_cmpuint (t->near_total, >=, 2);
      g_assert_cmpfloat (percent (t->true_found, t->true_total), >=, min_recall);
      g_assert_cmpfloat (percent (t->near_alerted, t->near_total), <=, max_near);
    }
  if (!all_met)
    g_test_message ("some categories are below the issue's targets (90%% found, 5%% near misses alerted)");
}

int
main (int    argc,
      char **argv)
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/names/broker-duplicates", test_broker_duplicates);
  g_test_add_func ("/names/as-people-write", test_as_people_write);
  status = g_test_run ();
  g_clear_object (&matcher);
  g_clear_object (&real_list);
  return status;
}
