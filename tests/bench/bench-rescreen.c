/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Figures for re-screening at scale (issue 16): 250,000 undecided cases of
 * four parties each, 1,000,000 party names, screened again against the real
 * UN list as after a list update, through the re-screening job (batches on
 * worker threads, one transaction and one audit entry per batch); and,
 * in the same run, the same work one case at a time through
 * ld_case_screening_run() (each case its own transaction), measured on a
 * sample and scaled to the million. Also the matcher alone, per name, on one
 * thread and on all of them, to say where the time goes. Prints figures;
 * never passes or fails on time.
 *
 * The store is kept in $LD_BENCH_DIR (rescreen-250000.sqlite) and copied
 * before each run, so a run starts from cases screened against nothing yet.
 * Its cases are written with plain SQL, as demo data is (a version's case as
 * JSON): filling it through the audited path would take longer than the
 * benchmark; what is measured goes through the real path. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

#include "ld-case-screening.h"
#include "ld-case-json.h"
#include "ld-case.h"
#include "ld-demo.h"
#include "ld-embargo-table.h"
#include "ld-rescreen.h"
#include "ld-screening-work.h"
#include "ld-test-util.h"
#include "ld-user-repo.h"

/* LD_BENCH_RESCREEN_CASES changes it, for a quick look. */
#define DEFAULT_N_CASES 250000
#define PARTIES_PER_CASE 4
#define ONE_AT_A_TIME_SAMPLE 2000
#define MATCHER_SAMPLE 20000

static guint n_cases = DEFAULT_N_CASES;

static const char *given[] = {
  "Ahmed", "Maria", "Ivan", "Chen", "Fatima", "John", "Olena", "Kwame", "Lucía", "Dmitri", "Aisha", "Pierre",
  "Hans", "Yusuf", "Mei", "Sergei", "Amina", "Carlos", "Nadia", "Omar", "Анна", "Сергей", "محمد", "فاطمة", "伟",
};
static const char *family[] = {
  "Hassan", "García", "Petrov", "Wang", "Okafor", "Smith", "Kovalenko", "Mensah", "Fernández", "Ivanov",
  "Al-Rashid", "Dubois", "Müller", "Yilmaz", "Li", "Novak", "Diallo", "Silva", "Haddad", "Khan", "Иванова",
  "Смирнов", "العلي", "الحسن", "张",
};
static const char *company_first[] = {
  "Atlas", "Kestrel", "Nordvik", "Aurora", "Lindqvist", "Okonkwo", "Baltic", "Sahara", "Andes", "Danube",
  "Pacific", "Orion", "Meridian", "Falcon", "Granite", "Harbour", "Summit", "Vostok", "Al-Noor", "Great Wall",
  "Восток", "Сибирь", "النور", "الخليج", "长城", "华安",
};
static const char *company_trade[] = {
  "Trading", "Logistics", "Defence Systems", "Security", "Industries", "Freight", "Holdings", "Engineering",
  "Technologies", "Supplies", "Торговля", "Логистик", "للتجارة", "贸易",
};
static const char *company_form[] = {
  "Ltd", "GmbH", "S.A.", "LLC", "SARL", "AB", "Pty Ltd", "S.p.A.", "Kft.", "B.V.", "ООО", "有限公司",
};
static const char *roles[PARTIES_PER_CASE] = { "applicant", "consignee", "end_user", "intermediate_consignee" };
static const char *countries[] = { "SE", "DE", "KE", "BR", "IN", "AE", "UA", "CN", "FR", "NG", "TR", "RU" };

#define PICK(rand, array) (array[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

static const char *syllables[] = {
  "ka", "lo", "mir", "ten", "ba", "sol", "ri", "van", "du", "mek", "no", "tar", "el", "gos", "fi", "ran", "zu",
  "bel", "or", "ha", "ki", "mon", "sa", "tre", "lu", "dor", "pe", "nik", "ya", "vel",
};

/* A word no dictionary has, for names that repeat no more than real ones. */
static char *
made_up_word (GRand *rand)
{
  GString *word = g_string_new (NULL);
  guint n = g_rand_int_range (rand, 2, 4);

  for (guint i = 0; i < n; i++)
    g_string_append (word, PICK (rand, syllables));
  word->str[0] = g_ascii_toupper (word->str[0]);
  return g_string_free (word, FALSE);
}

/* A party name as cases hold them: one in ten from a pool of regular
 * applicants and partners, then companies and people of every kind, and now
 * and then (one in a thousand) a name from the list itself. */
static char *
party_name (GRand           *rand,
            LdSanctionsList *list)
{
  guint32 kind = g_rand_int_range (rand, 0, 1000);
  g_autofree char *word = NULL;

  if (kind == 0)
    {
      const LdSanctionsEntry *entry = ld_sanctions_list_get_entry (
        list, g_rand_int_range (rand, 0, ld_sanctions_list_get_n_entries (list)));

      return g_strdup (((LdSanctionsName *) g_ptr_array_index (entry->names, 0))->text);
    }
  if (kind < 100)
    return g_strdup_printf ("%s %s %s", company_first[kind % G_N_ELEMENTS (company_first)],
                            company_trade[kind % G_N_ELEMENTS (company_trade)],
                            company_form[kind % G_N_ELEMENTS (company_form)]);
  word = made_up_word (rand);
  if (kind < 350)
    return g_strdup_printf ("%s %s %s", PICK (rand, given), word, PICK (rand, family));
  return g_strdup_printf ("%s %s %s %s", PICK (rand, company_first), word, PICK (rand, company_trade),
                          PICK (rand, company_form));
}

static char *
case_json (GRand           *rand,
           LdSanctionsList *list)
{
  g_autoptr(LdCase) c = ld_case_new ();
  g_autoptr(LdCaseItem) line = ld_case_item_new ();

  c->kind = g_strdup ("export");
  c->origin_country = g_strdup ("SE");
  c->export_country = g_strdup ("SE");
  c->destination_country = g_strdup (PICK (rand, countries));
  for (guint p = 0; p < PARTIES_PER_CASE; p++)
    {
      LdCaseParty *party = ld_case_party_new ();

      party->role = g_strdup (roles[p]);
      party->party_type = g_strdup ("commercial");
      party->name = party_name (rand, list);
      party->country = g_strdup (PICK (rand, countries));
      g_ptr_array_add (c->parties, party);
    }
  line->category = g_strdup ("rifles_carbines");
  line->description = g_strdup ("Rifles 7.62x51 mm");
  line->quantity = 100;
  g_ptr_array_add (c->items, g_steal_pointer (&line));
  return ld_case_to_json (c, FALSE);
}

static void
insert_case (LdStore         *store,
             const LdActor   *actor,
             guint            n,
             GRand           *rand,
             LdSanctionsList *list)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *version_id = g_uuid_string_random ();
  g_autofree char *reference = g_strdup_printf ("EXP-2026-%07u", n);
  g_autofree char *json = case_json (rand, list);
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO application (id, reference, kind, status, applicant_name, destination_country, received_on,"
    " officer_login, created_at, updated_at, created_by) VALUES (?1, ?2, 'export', 'under_assessment',"
    " 'Bench Applicant', 'KE', '2026-01-02', 'demo.officer', '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z', ?3)",
    NULL);

  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, reference);
  ld_store_bind_text (stmt, 3, actor->user_id);
  g_assert_true (ld_store_step_done (store, stmt, NULL));
  stmt = ld_store_prepare (store, "INSERT INTO application_version (id, application_id, version, case_json,"
                                  " created_at, created_by) VALUES (?, ?, 1, ?, '2026-01-02T00:00:00Z', ?)", NULL);
  ld_store_bind_text (stmt, 1, version_id);
  ld_store_bind_text (stmt, 2, id);
  ld_store_bind_text (stmt, 3, json);
  ld_store_bind_text (stmt, 4, actor->user_id);
  g_assert_true (ld_store_step_done (store, stmt, NULL));
}

static char *
ensure_store (const char      *bench_dir,
              LdSanctionsList *list)
{
  g_autofree char *name = g_strdup_printf ("rescreen-%u.sqlite", n_cases);
  char *path = g_build_filename (bench_dir, name, NULL);
  g_autofree char *done_marker = g_strconcat (path, ".complete", NULL);
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdActor) admin = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (16);
  g_autoptr(GError) error = NULL;

  if (g_file_test (done_marker, G_FILE_TEST_EXISTS))
    return path;
  g_unlink (path);
  store = ld_store_open (path, &error);
  g_assert_no_error (error);
  admin = ld_demo_ensure_profiles (store, &error);
  g_assert_no_error (error);
  for (guint n = 0; n < n_cases; n += 10000)
    {
      g_assert_true (ld_store_begin (store, NULL));
      for (guint i = n; i < MIN (n_cases, n + 10000); i++)
        insert_case (store, admin, i, rand, list);
      g_assert_true (ld_store_commit (store, NULL));
      g_printerr ("  generating %s: %u/%u cases\n", name, MIN (n_cases, n + 10000), n_cases);
    }
  g_file_set_contents (done_marker, "", 0, NULL);
  return path;
}

static void
copy_file (const char *from_path,
           const char *to_path)
{
  g_autoptr(GFile) from = g_file_new_for_path (from_path);
  g_autoptr(GFile) to = g_file_new_for_path (to_path);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_copy (from, to, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
}

/* A fresh copy of the store for one measurement: the file and its WAL, and
 * none of an earlier copy's. */
static LdStore *
copy_store (const char *source,
            const char *copy)
{
  static const char *suffixes[] = { "", "-wal", ".anchor" };
  g_autoptr(GError) error = NULL;
  LdStore *store;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *from = g_strconcat (source, suffixes[i], NULL);
      g_autofree char *to = g_strconcat (copy, suffixes[i], NULL);

      g_unlink (to);
      if (g_file_test (from, G_FILE_TEST_EXISTS))
        copy_file (from, to);
    }
  {
    g_autofree char *shm = g_strconcat (copy, "-shm", NULL);

    g_unlink (shm);
  }
  store = ld_store_open (copy, &error);
  g_assert_no_error (error);
  return store;
}

/* CPU seconds this process has used on all its threads: other work on the
 * machine lengthens the wall time, not this. */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* The demo officer: the administrator generates data but does not screen. */
static LdActor *
officer (LdStore *store)
{
  g_autoptr(GError) error = NULL;
  LdActor *actor = ld_user_repo_find (store, "demo.officer", &error);

  g_assert_no_error (error);
  g_assert_nonnull (actor);
  return actor;
}

static GPtrArray *
undecided_ids (LdStore *store,
               guint    limit)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = ld_store_prepare (store, "SELECT id FROM application ORDER BY rowid LIMIT ?", NULL);

  sqlite3_bind_int (stmt, 1, (int) limit);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, ld_store_column_dup (stmt, 0));
  sqlite3_reset (stmt);
  return ids;
}

/* One case at a time, as before issue 16: seconds per case. */
static double
one_at_a_time (LdStore        *store,
               const LdActor  *actor,
               LdNameMatcher  *matcher,
               LdEmbargoTable *embargoes)
{
  g_autoptr(GPtrArray) ids = undecided_ids (store, ONE_AT_A_TIME_SAMPLE);
  gint64 started = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < ids->len; i++)
    if (!ld_case_screening_run (store, actor, matcher, embargoes, g_ptr_array_index (ids, i), NULL, &error))
      g_error ("%s", error->message);
  return (g_get_monotonic_time () - started) / 1e6 / ids->len;
}

static void
report (const LdRescreenProgress *p,
        gpointer                  user_data)
{
  gint64 *last = user_data;

  if (p->n_done - *last >= 50000 || p->n_done == p->n_total)
    {
      *last = p->n_done;
      g_printerr ("  re-screening: %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT " cases, %.1f s\n", p->n_done, p->n_total,
                  p->seconds);
    }
}

typedef struct
{
  LdNameMatcher *matcher;
  GPtrArray     *works;
} MatcherRun;

static void
screen_work (gpointer work,
             gpointer matcher)
{
  ld_screening_work_run (work, matcher, NULL);
}

/* The matcher alone on @n_threads threads: seconds per name. */
static double
matcher_alone (LdNameMatcher   *matcher,
               LdSanctionsList *list,
               guint            n_threads)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GPtrArray) works = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_screening_work_free);
  GThreadPool *pool = g_thread_pool_new (screen_work, matcher, (int) n_threads, TRUE, NULL);
  gint64 started;

  for (guint i = 0; i < MATCHER_SAMPLE; i++)
    {
      g_autofree char *name = party_name (rand, list);

      g_ptr_array_add (works, ld_screening_work_new (name, NULL, PICK (rand, countries)));
    }
  started = g_get_monotonic_time ();
  for (guint i = 0; i < works->len; i++)
    g_thread_pool_push (pool, g_ptr_array_index (works, i), NULL);
  g_thread_pool_free (pool, FALSE, TRUE);
  return (g_get_monotonic_time () - started) / 1e6 / works->len;
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *default_dir = g_build_filename (g_get_current_dir (), "bench-data", NULL);
  const char *bench_dir = g_getenv ("LD_BENCH_DIR") ? g_getenv ("LD_BENCH_DIR") : default_dir;
  g_autofree char *list_path = ld_test_un_list_path ();
  g_autofree char *source = NULL, *copy = NULL;
  g_autoptr(LdSanctionsList) list = NULL;
  g_autoptr(LdNameMatcher) matcher = NULL;
  g_autoptr(LdEmbargoTable) embargoes = NULL;
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdActor) actor = NULL;
  g_auto(LdRescreenProgress) progress = { 0 };
  g_autoptr(GError) error = NULL;
  double per_case_alone, per_name_one_thread, per_name_all_threads, scaled_alone;
  gint64 last = 0;
  double cpu_before;
  guint n_cpu = g_get_num_processors ();

  if (g_getenv ("LD_BENCH_RESCREEN_CASES"))
    n_cases = (guint) g_ascii_strtoull (g_getenv ("LD_BENCH_RESCREEN_CASES"), NULL, 10);
  g_mkdir_with_parents (bench_dir, 0700);
  list = ld_sanctions_list_new_from_file (list_path, &error);
  g_assert_no_error (error);
  matcher = ld_name_matcher_new (list);
  embargoes = ld_embargo_table_new_default (&error);
  g_assert_no_error (error);
  source = ensure_store (bench_dir, list);
  copy = g_build_filename (bench_dir, "rescreen-run.sqlite", NULL);

  /* LD_BENCH_RESCREEN_JOB_ONLY: the job alone, for a profiler; with
   * LD_BENCH_RESCREEN_BATCH, in batches of that many cases. */
  if (g_getenv ("LD_BENCH_RESCREEN_JOB_ONLY"))
    {
      LdRescreenOptions options = { 0 };

      if (g_getenv ("LD_BENCH_RESCREEN_BATCH"))
        options.batch_size = (guint) g_ascii_strtoull (g_getenv ("LD_BENCH_RESCREEN_BATCH"), NULL, 10);
      store = copy_store (source, copy);
      actor = officer (store);
      cpu_before = cpu_seconds ();
      g_assert_true (ld_rescreen_run (store, actor, matcher, embargoes, LD_RESCREEN_CASES, &options, NULL, NULL,
                                      NULL, &progress, NULL));
      printf ("re-screening job alone: %.1f s wall, %.1f s CPU (%.1f s of it the job's own thread, the one writer);"
              " reading %.1f s, waiting %.1f s, writing %.1f s\n",
              progress.seconds, cpu_seconds () - cpu_before, progress.cpu_seconds_job_thread,
              progress.seconds_reading, progress.seconds_waiting, progress.seconds_writing);
      return 0;
    }
  per_name_one_thread = matcher_alone (matcher, list, 1);
  per_name_all_threads = matcher_alone (matcher, list, n_cpu);
  printf ("matcher alone, %d names: %.1f µs a name on 1 thread, %.1f µs on %u threads (%.0f and %.0f names/s)\n",
          MATCHER_SAMPLE, per_name_one_thread * 1e6, per_name_all_threads * 1e6, n_cpu, 1 / per_name_one_thread,
          1 / per_name_all_threads);

  store = copy_store (source, copy);
  actor = officer (store);
  per_case_alone = one_at_a_time (store, actor, matcher, embargoes);
  scaled_alone = per_case_alone / PARTIES_PER_CASE * 1e6;
  printf ("one case at a time (ld_case_screening_run, %d cases): %.2f ms a case, %.1f µs a name; "
          "1,000,000 names would take %.0f s\n", ONE_AT_A_TIME_SAMPLE, per_case_alone * 1e3,
          per_case_alone / PARTIES_PER_CASE * 1e6, scaled_alone);
  g_clear_object (&store);

  store = copy_store (source, copy);
  cpu_before = cpu_seconds ();
  if (!ld_rescreen_run (store, actor, matcher, embargoes, LD_RESCREEN_CASES, NULL, report, &last, NULL, &progress,
                        &error))
    g_error ("%s", error->message);
  printf ("re-screening job, %" G_GINT64_FORMAT " cases, %" G_GINT64_FORMAT " names, %u threads, %" G_GINT64_FORMAT
          " batches: %.1f s wall, %.1f s CPU (%.0f names/s; target 30 s), %" G_GINT64_FORMAT " open hits in %"
          G_GINT64_FORMAT " cases\n", progress.n_done, progress.n_names, n_cpu, progress.n_batches, progress.seconds,
          cpu_seconds () - cpu_before,
          progress.n_names / progress.seconds, progress.n_open, progress.n_with_hits);
  printf ("  distinct names put through the matcher: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT "\n",
          progress.n_names_matched, progress.n_names);
  printf ("  of which reading batches %.1f s, waiting for the screening threads %.1f s, writing %.1f s;"
          " the job's own thread (the one writer) used %.1f s CPU\n",
          progress.seconds_reading, progress.seconds_waiting, progress.seconds_writing,
          progress.cpu_seconds_job_thread);
  printf ("re-screening job against one case at a time, same run, per 1,000,000 names: %.1f s against %.0f s, "
          "%.1f times faster\n", progress.seconds / progress.n_names * 1e6, scaled_alone,
          scaled_alone / (progress.seconds / progress.n_names * 1e6));
  printf ("share of the job that is the matcher's own work (1M names at the all-threads rate): %.0f%%\n",
          100.0 * per_name_all_threads * progress.n_names / progress.seconds);
  g_clear_object (&store);
  g_unlink (copy);
  return 0;
}
