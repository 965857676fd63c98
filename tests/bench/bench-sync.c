/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Figures for the central database (issue 13), against a real PostgreSQL 15
 * this benchmark starts; it prints, it never fails on time:
 *   - fault schedules (LD_BENCH_SCHEDULES, default 1,000): mutations lost and
 *     duplicated, conflicts, outbox drain time after the link comes back;
 *   - push rate: mutations per second from one desk's outbox;
 *   - propagation: a change at one desk seen at another (LISTEN/NOTIFY, pull);
 *   - initial sync (a new desk's bootstrap) of LD_BENCH_RECORDS records
 *     (default 100,000) against a raw COPY of the same rows, as a ratio
 *     (LD_BENCH_BOOTSTRAPS pairs in turns, default 3, and their median);
 *   - short fault schedules (only when LD_BENCH_PARTS names "short-faults"):
 *     LD_BENCH_SHORT_SCHEDULES (default 10,000) schedules of 12 steps, the
 *     server left running, as the pg suite's test runs 1,000 of them.
 *   - initial sync into the registers (a desk whose profile receives pulled
 *     brokers), LD_BENCH_REGISTER_RECORDS (default 20,000);
 *     then, on the same desk, as many audit entries alone (bare, and with the
 *     broker row's digest): the floor of a fill that keeps one per record;
 *   - the same for a mixed office (initial-sync-office): LD_BENCH_OFFICE_RECORDS
 *     (default 20,000), half brokers, a quarter applications, an eighth
 *     licences and an eighth end-use certificates;
 * LD_BENCH_PARTS picks parts by name, comma-separated: push, propagation,
 * initial-sync, initial-sync-registers, initial-sync-office, faults,
 * short-faults (default: all but short-faults).
 * Desk stores and the server live under /dev/shm when it exists, so the
 * figures measure sync rather than this machine's disk. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "ld-sync-loop.h"
#include "ld-sync-server.h"
#include "ld-test-desk.h"
#include "ld-test-faults.h"
#include "ld-test-pg.h"
#include "ld-user-repo.h"

#define PASSWORD "bench-pass-2026"

static guint
env_uint (const char *name,
          guint       fallback)
{
  const char *value = g_getenv (name);

  return value && *value ? (guint) g_ascii_strtoull (value, NULL, 10) : fallback;
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

static void
bench_fault_schedules (void)
{
  guint32 seed = env_uint ("LD_FAULT_SEED", g_random_int ());
  guint schedules = env_uint ("LD_BENCH_SCHEDULES", 1000);
  gint64 start = g_get_monotonic_time ();
  LdFaultFigures f;

  g_print ("fault schedules: seed %u, %u schedules of 40 steps, 4 desks\n", seed, schedules);
  ld_test_faults_run (seed, schedules, 40, &f);
  g_print ("  mutations %u: applied %u, conflicts %u, refused %u\n", f.mutations, f.applied, f.conflicts, f.refused);
  g_print ("  lost %u, duplicated %u, desks differing from the server %u\n", f.lost, f.duplicated, f.diverged_desks);
  g_print ("  faults injected %u, connections cut %u, server restarts %u, old mutations pushed again %u, "
           "licences %u (gapless)\n", f.faults, f.cuts, f.restarts, f.replays, f.licences);
  g_print ("  drain after the link came back: max %.3f s, mean %.3f s\n", f.max_drain_seconds,
           f.total_drain_seconds / MAX (f.schedules, 1));
  g_print ("  run took %.1f s\n", seconds_since (start));
}

/* Issue 13's longer run: 10,000 randomised schedules. Short ones (no server
 * restart, about a second each) fit in an hour or two; LD_FAULT_PROGRESS=N
 * prints how far the run got every N schedules. */
static void
bench_short_fault_schedules (void)
{
  guint32 seed = env_uint ("LD_FAULT_SEED", g_random_int ());
  guint schedules = env_uint ("LD_BENCH_SHORT_SCHEDULES", 10000);
  gint64 start = g_get_monotonic_time ();
  LdFaultFigures f;

  g_print ("short fault schedules: seed %u (replay with LD_FAULT_SEED=%u), %u schedules of 12 steps, 4 desks\n",
           seed, seed, schedules);
  ld_test_faults_run_short (seed, schedules, 12, &f);
  g_print ("  %u schedules, mutations %u: applied %u, conflicts %u, refused %u\n", f.schedules, f.mutations,
           f.applied, f.conflicts, f.refused);
  g_print ("  lost %u, duplicated %u, desks differing from the server %u\n", f.lost, f.duplicated, f.diverged_desks);
  g_print ("  faults injected %u, connections cut %u, old mutations pushed again %u, licences %u (gapless)\n",
           f.faults, f.cuts, f.replays, f.licences);
  g_print ("  drain after the link came back: max %.3f s, mean %.3f s\n", f.max_drain_seconds,
           f.total_drain_seconds / MAX (f.schedules, 1));
  g_print ("  run took %.1f s\n", seconds_since (start));
}

static void
bench_push_rate (LdTestPg *server)
{
  g_autofree char *uri = ld_test_pg_uri (server, "bench1", 0);
  g_autoptr(LdTestDesk) desk = ld_test_desk_new ("bench1", uri, PASSWORD);
  guint n = env_uint ("LD_BENCH_MUTATIONS", 20000);
  g_autoptr(GError) error = NULL;
  LdSyncStats stats = { 0 };
  gint64 start;
  double took;

  /* Ten mutations per local transaction, as a form saving a record with its details would. */
  for (guint i = 0; i < n; i += 10)
    {
      g_assert_true (ld_store_begin (desk->store, &error));
      for (guint k = 0; k < 10; k++)
        {
          g_autofree char *id = g_strdup_printf ("push-%u", i + k);
          g_autofree char *after = g_strdup_printf ("{\"legal_name\":\"Broker %u\",\"country\":\"NO\"}", i + k);

          g_assert_true (ld_store_record_change (desk->store, desk->actor, "create", "note", id, 0, NULL, after,
                                                 &error));
        }
      g_assert_true (ld_store_commit (desk->store, &error));
    }
  start = g_get_monotonic_time ();
  g_assert_true (ld_sync_engine_push (desk->engine, &stats, &error));
  took = seconds_since (start);
  g_print ("push: %u mutations in %u server transactions in %.2f s: %.0f mutations/s (target 5,000)\n",
           stats.pushed, stats.transactions, took, stats.pushed / took);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

typedef struct
{
  LdTestDesk *desk;
  const char *waiting_for;
  gboolean    seen;
} Arrival;

/* Desk B's store says a broker changed: the pull that brought it committed. */
static void
broker_changed_cb (LdStore    *store,
                   const char *entity,
                   Arrival    *arrival)
{
  if (arrival->waiting_for == NULL || g_strcmp0 (entity, "broker") != 0)
    return;
  arrival->seen = ld_test_desk_count_with (arrival->desk, "SELECT count(*) FROM broker WHERE id = ?1",
                                           arrival->waiting_for, NULL) == 1;
}

/* Desk B runs the window's automatic sync (LdSyncLoop: LISTEN, pull); desk A
 * writes a broker, commits and pushes; the time is until the broker is in
 * desk B's register (its store's "changed" after the pull's commit). */
static void
bench_propagation (LdTestPg *server)
{
  g_autofree char *uri_a = ld_test_pg_uri (server, "bench1", 0);
  g_autofree char *uri_b = ld_test_pg_uri (server, "bench2", 0);
  g_autoptr(LdTestDesk) a = ld_test_desk_new ("bench1", uri_a, PASSWORD);
  g_autoptr(LdTestDesk) b = ld_test_desk_new ("bench2", uri_b, PASSWORD);
  g_autoptr(LdActor) profile = NULL;
  g_autoptr(LdSyncLoop) loop = NULL;
  guint n = env_uint ("LD_BENCH_PROPAGATIONS", 200);
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  Arrival arrival = { b, NULL, FALSE };

  /* A profile for the server login, so pulled brokers land in the register. */
  profile = ld_user_repo_add (b->store, NULL, "bench2", "Bench Two", LD_ROLE_CLERK, &error);
  g_assert_no_error (error);
  ld_test_desk_sync (b);
  g_signal_connect (b->store, "changed", G_CALLBACK (broker_changed_cb), &arrival);
  loop = ld_sync_loop_new_with_engine (b->store, b->engine, 30000);
  ld_sync_loop_start (loop);
  while (ld_sync_loop_get_state (loop) != LD_SYNC_LOOP_LISTENING)
    g_main_context_iteration (NULL, FALSE);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_uuid_string_random ();
      g_autofree char *image = g_strdup_printf ("{\"legal_name\":\"Propagated %u\",\"country\":\"NO\","
                                                "\"status\":\"draft\"}", i);
      LdSyncStats stats = { 0 };
      gint64 start = g_get_monotonic_time ();
      double ms;

      arrival.waiting_for = id;
      arrival.seen = FALSE;
      g_free (ld_test_desk_write (a, "broker", id, "create", NULL, image));
      g_assert_true (ld_sync_engine_push (a->engine, &stats, &error));
      while (!arrival.seen)
        g_main_context_iteration (NULL, TRUE);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      arrival.waiting_for = NULL;
      g_array_append_val (latencies, ms);
    }
  ld_sync_loop_stop_and_wait (loop);
  g_signal_handlers_disconnect_by_data (b->store, &arrival);
  g_array_sort (latencies, compare_doubles);
  g_print ("propagation (write and push at desk A; desk B's automatic sync hears NOTIFY, pulls, and the broker is in "
           "its register) over %u changes: median %.1f ms, p95 %.1f ms, max %.1f ms (target: median 50 ms)\n", n,
           g_array_index (latencies, double, n / 2), g_array_index (latencies, double, n * 95 / 100),
           g_array_index (latencies, double, n - 1));
}

/* Server rows made in bulk by the owner, as an office's register would be. */
static void
fill_server (LdTestPg *server,
             guint     records)
{
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);
  g_autofree char *sql = g_strdup_printf (
    "BEGIN;"
    "INSERT INTO ld.record SELECT 'broker', 'bulk-' || i, 1, jsonb_build_object('legal_name', 'Broker ' || i, "
    "  'country', 'NO', 'status', 'registered'), 'ld_owner' FROM generate_series(1, %u) AS i;"
    "INSERT INTO ld.change_log (entity, record_id, row_version, action, fields, mutation_id, desk_id)"
    "  SELECT entity, record_id, 1, 'create', fields, gen_random_uuid(), 'bulk' FROM ld.record"
    "  WHERE record_id LIKE 'bulk-%%';"
    "COMMIT", records);

  ld_test_pg_exec (owner, sql);
}

static double
time_raw_copy (LdTestPg   *server,
               const char *copy_sql)
{
  g_autofree char *uri = ld_test_pg_uri (server, "bench1", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGconn) conn = ld_sync_server_connect (uri, PASSWORD, &error);
  gint64 start = g_get_monotonic_time ();
  g_autoptr(PGresult) copy = PQexec (conn, copy_sql);
  char *line;
  int n;

  g_assert_cmpint (PQresultStatus (copy), ==, PGRES_COPY_OUT);
  while ((n = PQgetCopyData (conn, &line, 0)) > 0)
    PQfreemem (line);
  return seconds_since (start);
}

/* One new desk's first pull, timed; what it holds is checked: every record
 * of the server, once. */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

/* @out_cpu: the desk's processor time (its threads together), steadier than
 * the wall clock on a shared machine */
static double
time_bootstrap (LdTestPg *server,
                guint     records,
                guint    *out_copied,
                double   *out_cpu)
{
  g_autofree char *uri = ld_test_pg_uri (server, "bench3", 0);
  g_autoptr(LdTestDesk) fresh = ld_test_desk_new ("bench3", uri, PASSWORD);
  g_autoptr(GError) error = NULL;
  LdSyncStats stats = { 0 };
  double cpu, seconds;
  gint64 start;

  /* Connected first, as the raw COPY is: both figures leave out the login. */
  g_assert_true (ld_sync_engine_connect (fresh->engine, &error));
  cpu = cpu_seconds ();
  start = g_get_monotonic_time ();

  g_assert_true (ld_sync_engine_pull (fresh->engine, &stats, &error));
  seconds = seconds_since (start);
  *out_cpu = cpu_seconds () - cpu;
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT count(*) FROM sync_record WHERE record_id LIKE 'bulk-%'"), ==,
                   records);
  *out_copied = stats.bootstrapped;
  return seconds;
}

/* The raw COPY and the bootstrap, in turns (LD_BENCH_BOOTSTRAPS pairs,
 * default 3), each pair's ratio and their median: the machine is shared, and
 * a pair run back to back sees the same load. */
static void
bench_initial_sync (LdTestPg *server)
{
  guint records = env_uint ("LD_BENCH_RECORDS", 100000);
  guint pairs = MAX (env_uint ("LD_BENCH_BOOTSTRAPS", 3), 1);
  g_autoptr(GArray) ratios = g_array_new (FALSE, FALSE, sizeof (double));
  double log_seconds;

  fill_server (server, records);
  /* As earlier runs measured it: the whole change log in commit order. */
  log_seconds = time_raw_copy (server, "COPY (SELECT xid, seq, entity, record_id, row_version, fields FROM "
                                       "ld.change_log ORDER BY xid, seq) TO STDOUT");
  for (guint i = 0; i < pairs; i++)
    {
      /* The rows a new desk copies: every record the server holds, in no order. */
      double copy_seconds = time_raw_copy (server, "COPY (SELECT entity, record_id, row_version, fields, updated_by "
                                                   "FROM ld.record) TO STDOUT");
      guint copied = 0;
      double cpu = 0;
      double pull_seconds = time_bootstrap (server, records, &copied, &cpu);
      double ratio = copy_seconds / pull_seconds;

      g_array_append_val (ratios, ratio);
      g_print ("initial sync %u/%u: a new desk copied %u records (bootstrap, resumable) in %.2f s (%.0f rows/s, the "
               "desk's processor time %.2f s); raw COPY of the same rows %.2f s (%.0f rows/s): %.2f of COPY's speed\n",
               i + 1, pairs, copied, pull_seconds, copied / pull_seconds, cpu, copy_seconds, copied / copy_seconds,
               ratio);
      if (i == 0)
        g_print ("  against a raw COPY of the whole change log in commit order (%.2f s, the figure of earlier runs): "
                 "%.2f\n", log_seconds, log_seconds / pull_seconds);
    }
  g_array_sort (ratios, compare_doubles);
  g_print ("initial sync of %u records: the bootstrap runs at %.2f of a raw COPY's speed (median of %u; min %.2f, "
           "max %.2f; target at least 0.5)\n", records, g_array_index (ratios, double, pairs / 2), pairs,
           g_array_index (ratios, double, 0), g_array_index (ratios, double, pairs - 1));
}

/* The rest of an office beside its brokers, made in bulk by the owner as
 * the desks' images would be: @cases applications (submitted, one line of
 * three serial numbers each), a licence issued on every other one, and as
 * many end-use certificates as licences. */
static void
fill_server_cases (LdTestPg *server,
                   guint     cases)
{
  g_autoptr(PGconn) owner = ld_test_pg_connect_owner (server);
  g_autofree char *sql = g_strdup_printf (
    "BEGIN;"
    "INSERT INTO ld.record SELECT 'application', 'bulk-app-' || i, 1, jsonb_build_object("
    "  'reference', 'EXP-2026-' || lpad(i::text, 7, '0'), 'kind', 'export', 'status', 'submitted',"
    "  'current_version', 1, 'row_version', 1,"
    "  'route', jsonb_build_object('origin', 'SE', 'export', 'SE', 'destination', 'KE'),"
    "  'parties', jsonb_build_array(jsonb_build_object('role', 'applicant', 'type', 'commercial',"
    "    'name', 'Applicant ' || i || ' AB', 'country', 'SE')),"
    "  'items', jsonb_build_array(jsonb_build_object('category', 'rifles_carbines', 'description', 'Rifles 7.62 mm',"
    "    'quantity', 3, 'serials', jsonb_build_array('SN-' || i || '-1', 'SN-' || i || '-2', 'SN-' || i || '-3')))),"
    "  'ld_owner' FROM generate_series(1, %u) AS i;"
    "INSERT INTO ld.record SELECT 'licence', 'bulk-lic-' || i, 1, jsonb_build_object("
    "  'number', 'LIC/EX/2026/' || lpad(i::text, 7, '0'), 'application', 'EXP-2026-' || lpad(i::text, 7, '0'),"
    "  'application_version', 1, 'kind', 'export', 'holder', 'Applicant ' || i || ' AB',"
    "  'destination_country', 'KE', 'status', 'issued', 'stored_status', 'issued', 'valid_from', '2026-02-01',"
    "  'valid_until', '2027-01-31', 'issued_on', '2026-02-01', 'issued_by', 'senior1', 'row_version', 1,"
    "  'conditions', jsonb_build_array('No re-export without consent.'), 'serials', 3,"
    "  'lines', jsonb_build_array(jsonb_build_object('line', 1, 'category', 'rifles_carbines',"
    "    'description', 'Rifles 7.62 mm', 'quantity', 3, 'shipped', 0, 'remaining', 3)),"
    "  'history', jsonb_build_array(jsonb_build_object('action', 'issue', 'from', null, 'to', 'issued',"
    "    'by', 'senior1', 'role', 'senior_officer', 'at', '2026-02-01T09:00:00Z', 'reason', null)),"
    "  'shipments', '[]'::jsonb, 'voided_shipments', '[]'::jsonb),"
    "  'ld_owner' FROM generate_series(1, %u, 2) AS i;"
    "INSERT INTO ld.record SELECT 'euc', 'bulk-euc-' || i, 1, jsonb_build_object("
    "  'certificate_number', 'EUC/KE/2026/' || lpad(i::text, 7, '0'), 'issuing_country', 'KE',"
    "  'issuing_authority', 'Ministry of Interior', 'issued_on', '2026-01-10', 'expires_on', '2027-01-10',"
    "  'item_description', 'Rifles 7.62x51 mm', 'quantity', 3, 'destination_country', 'KE',"
    "  'end_use', 'Police service weapons', 'exporter_name', 'Applicant ' || i || ' AB',"
    "  'end_user_name', 'National Police Service ' || i, 'undertakes_no_reexport', true,"
    "  'verification_status', 'unverified', 'row_version', 1),"
    "  'ld_owner' FROM generate_series(2, %u, 2) AS i;"
    "COMMIT", cases, cases, cases);

  ld_test_pg_exec (owner, sql);
}

/* What stands in the way of a register fill: @n audit entries alone, as
 * the fill writes one per record, 2,000 to a transaction, on @desk's store,
 * timed (wall and processor). @entity "note" is no register's table: bare
 * entries (chained, hashed, authenticated when the desk has its key);
 * "broker" adds the digest of the broker's row read back at commit. The
 * records are @desk's bulk brokers, their images from its server copy. */
static void
time_audit_entries (LdTestDesk    *desk,
                    const LdActor *actor,
                    const char    *entity,
                    guint          n,
                    double        *out_seconds,
                    double        *out_cpu)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  double cpu;
  gint64 start;

  g_assert_true (ld_store_begin_read (desk->store, &error));
  stmt = ld_store_prepare (desk->store, "SELECT record_id, fields FROM sync_record WHERE entity = 'broker'"
                                        " AND record_id LIKE 'bulk-%' ORDER BY record_id LIMIT ?", &error);
  g_assert_no_error (error);
  sqlite3_bind_int (stmt, 1, (int) n);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      g_ptr_array_add (images, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
    }
  sqlite3_reset (stmt);
  ld_store_rollback (desk->store);
  g_assert_cmpuint (ids->len, ==, n);

  cpu = cpu_seconds ();
  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i += 2000)
    {
      g_assert_true (ld_store_begin (desk->store, &error));
      ld_store_set_from_server (desk->store, TRUE);
      for (guint k = i; k < MIN (n, i + 2000); k++)
        g_assert_true (ld_store_record_change (desk->store, actor, "pull-bootstrap from ld_owner", entity,
                                               g_ptr_array_index (ids, k), 1, NULL, g_ptr_array_index (images, k),
                                               &error));
      g_assert_true (ld_store_commit (desk->store, &error));
    }
  *out_seconds = seconds_since (start);
  *out_cpu = cpu_seconds () - cpu;
}

/* The floor of a fill that keeps one audit entry per record: after the
 * fill of @desk (@n brokers, a raw COPY of them in @copy_seconds), @n more
 * entries, bare and with the broker row's digest. */
static void
bench_audit_floor (LdTestDesk    *desk,
                   const LdActor *actor,
                   guint          n,
                   double         copy_seconds)
{
  const char *entities[] = { "note", "broker" };
  const char *what[] = { "bare audit entries (chain, hash, key)", "audit entries with the broker row's digest" };

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      double seconds = 0, cpu = 0;

      time_audit_entries (desk, actor, entities[i], n, &seconds, &cpu);
      g_print ("  the floor: %u %s, 2,000 to a transaction, in %.2f s: %.0f entries/s, processor time %.2f s (%.0f "
               "per processor second); alone they run at %.3f of COPY's speed\n", n, what[i], seconds, n / seconds,
               cpu, n / cpu, copy_seconds / seconds);
    }
  ld_test_desk_assert_audit_verifies (desk);
}

/* A new desk whose profile has the server login writes every copied record
 * into its register through the audited write path (search keys, audit
 * entry): LD_BENCH_REGISTER_RECORDS (default 20,000) brokers and, for a
 * mixed office (@cases > 0), @cases applications with half as many licences
 * and end-use certificates. Its own server, so the figure is for these
 * records alone. */
static void
bench_initial_sync_registers (const char *office,
                              guint       brokers,
                              guint       cases)
{
  g_autoptr(LdTestPg) server = ld_test_pg_start ();
  g_autofree char *uri = NULL;
  g_autoptr(LdTestDesk) fresh = NULL;
  g_autoptr(LdActor) profile = NULL;
  g_autoptr(GError) error = NULL;
  LdSyncStats stats = { 0 };
  double copy_seconds, pull_seconds, cpu;
  guint records = brokers + cases + (cases + 1) / 2 + cases / 2;
  gint64 start;

  ld_test_pg_install_schema (server);
  ld_test_pg_add_login (server, "bench1", PASSWORD, "ld_senior");
  ld_test_pg_add_login (server, "bench3", PASSWORD, "ld_senior");
  fill_server (server, brokers);
  if (cases > 0)
    fill_server_cases (server, cases);
  uri = ld_test_pg_uri (server, "bench3", 0);
  fresh = ld_test_desk_new ("bench3", uri, PASSWORD);
  profile = ld_user_repo_add (fresh->store, NULL, "bench3", "Bench Three", LD_ROLE_CLERK, &error);
  g_assert_no_error (error);
  copy_seconds = time_raw_copy (server, "COPY (SELECT entity, record_id, row_version, fields, updated_by FROM "
                                        "ld.record) TO STDOUT");
  g_assert_true (ld_sync_engine_connect (fresh->engine, &error));
  cpu = cpu_seconds ();
  start = g_get_monotonic_time ();
  g_assert_true (ld_sync_engine_pull (fresh->engine, &stats, &error));
  pull_seconds = seconds_since (start);
  cpu = cpu_seconds () - cpu;
  /* Every record is in its register: none refused, none left in the server copy alone. */
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT count(*) FROM broker WHERE id LIKE 'bulk-%'"), ==, brokers);
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT count(*) FROM application WHERE id LIKE 'bulk-%'"), ==, cases);
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT count(*) FROM licence WHERE id LIKE 'bulk-%'"), ==,
                   (cases + 1) / 2);
  g_assert_cmpint (ld_test_desk_count (fresh, "SELECT count(*) FROM euc WHERE id LIKE 'bulk-%'"), ==, cases / 2);
  g_assert_cmpuint (stats.applied_locally, ==, records);
  g_print ("initial sync into the registers (%s: %u brokers, %u applications, %u licences, %u end-use certificates):"
           " a new desk with a profile copied %u records and wrote %u into its registers (audited, search index) in"
           " %.2f s: %.0f records/s, the desk's processor time %.2f s (%.0f records per processor second); raw COPY"
           " %.3f s: %.3f of COPY's speed\n", office, brokers, cases, (cases + 1) / 2, cases / 2,
           stats.bootstrapped, stats.applied_locally, pull_seconds, stats.bootstrapped / pull_seconds, cpu,
           stats.bootstrapped / cpu, copy_seconds, copy_seconds / pull_seconds);
  if (cases == 0)
    bench_audit_floor (fresh, profile, brokers, copy_seconds);
}

/* Whether LD_BENCH_PARTS names @part (unset: every part but short-faults). */
static gboolean
part_wanted (const char *part)
{
  const char *parts = g_getenv ("LD_BENCH_PARTS");
  g_auto(GStrv) names = NULL;

  if (parts == NULL || *parts == '\0')
    return !g_str_equal (part, "short-faults");
  names = g_strsplit (parts, ",", -1);
  return g_strv_contains ((const char * const *) names, part);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(LdTestPg) server = NULL;

  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR))
    g_setenv ("TMPDIR", "/dev/shm", TRUE);
  if (part_wanted ("push") || part_wanted ("propagation") || part_wanted ("initial-sync"))
    {
      server = ld_test_pg_start ();
      ld_test_pg_install_schema (server);
      ld_test_pg_add_login (server, "bench1", PASSWORD, "ld_senior");
      ld_test_pg_add_login (server, "bench2", PASSWORD, "ld_senior");
      ld_test_pg_add_login (server, "bench3", PASSWORD, "ld_senior");
    }
  if (part_wanted ("push"))
    bench_push_rate (server);
  if (part_wanted ("propagation"))
    bench_propagation (server);
  if (part_wanted ("initial-sync"))
    bench_initial_sync (server);
  if (part_wanted ("initial-sync-registers"))
    bench_initial_sync_registers ("brokers", env_uint ("LD_BENCH_REGISTER_RECORDS", 20000), 0);
  if (part_wanted ("initial-sync-office"))
    {
      guint records = env_uint ("LD_BENCH_OFFICE_RECORDS", 20000);

      /* Half brokers, a quarter applications, an eighth each licences and certificates. */
      bench_initial_sync_registers ("mixed office", records / 2, records / 4);
    }
  if (part_wanted ("faults"))
    bench_fault_schedules ();
  if (part_wanted ("short-faults"))
    bench_short_fault_schedules ();
  return 0;
}
