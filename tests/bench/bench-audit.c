/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Figures for the keyed audit log: the write cost per record of the new audit
 * fields (row digest, MAC by the desk's key, anchor) against the old hash
 * chain alone, measured in the same run on the same records, batched as the
 * demo writes and one record per transaction as a desk does; and the time
 * `audit verify` takes per entry and on a 1,000,000-record store.
 *
 * The 1,000,000-record figure needs a store made once with
 *   licence-desk-admin demo --store FILE --scale 1000000
 * in the same keyring session, given as LD_BENCH_AUDIT_STORE=FILE; without it
 * the verify time is measured on this run's own stores and projected. Needs a
 * Secret Service: run it under build-aux/with-display.sh. Prints figures;
 * never passes or fails on time. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <glib/gstdio.h>

#include "ld-audit-log.h"
#include "ld-demo.h"
#include "ld-store-private.h"
#include "ld-store.h"

#define BATCHED_RECORDS 20000
#define SINGLE_RECORDS 400
#define ROUNDS 3

typedef struct
{
  char    *dir;
  LdStore *keyed;
  LdStore *chained;
  LdActor *keyed_admin;
  LdActor *chained_admin;
} Bench;

static LdStore *
open_store (const char  *dir,
            const char  *name,
            LdActor    **out_admin)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  LdStore *store = ld_store_open (path, &error);

  g_assert_no_error (error);
  *out_admin = ld_demo_ensure_profiles (store, &error);
  g_assert_no_error (error);
  return store;
}

/* Seconds per record for @n records written @per_transaction at a time. */
static double
time_writes (LdStore       *store,
             const LdActor *admin,
             gint64         n,
             gint64         per_transaction,
             guint32        seed)
{
  g_autoptr(GError) error = NULL;
  gint64 started = g_get_monotonic_time ();

  for (gint64 done = 0; done < n; done += per_transaction)
    if (!ld_demo_generate (store, admin, per_transaction, seed + done, NULL, NULL, NULL, &error))
      g_error ("%s", error->message);
  return (g_get_monotonic_time () - started) / 1e6 / n;
}

/* Alternates the two stores, so that both see the same load from the rest of
 * the machine; the best round of each counts. */
static void
compare_writes (Bench      *b,
                const char *label,
                gint64      n,
                gint64      per_transaction)
{
  double keyed = G_MAXDOUBLE, chained = G_MAXDOUBLE;

  for (guint round = 0; round < ROUNDS; round++)
    {
      chained = MIN (chained, time_writes (b->chained, b->chained_admin, n, per_transaction, round * 7919));
      keyed = MIN (keyed, time_writes (b->keyed, b->keyed_admin, n, per_transaction, round * 7919));
    }
  printf ("write, %s: keyed audit %.1f µs/record, hash chain alone %.1f µs/record, ratio %.2f\n",
          label, keyed * 1e6, chained * 1e6, keyed / chained);
}

static gint64
peak_resident_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || !(line = strstr (status, "VmHWM:")))
    return -1;
  return g_ascii_strtoll (line + 6, NULL, 10);
}

/* This process's processor time: on a shared machine the elapsed time also
 * counts other programs' turns. */
static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static void
time_verify (LdStore    *store,
             const char *label)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdAuditReport) report = NULL;
  gint64 started = g_get_monotonic_time ();
  double cpu_started = cpu_seconds ();
  double seconds, cpu;
  gint64 n;

  report = ld_audit_log_verify (store, NULL, &error);
  g_assert_no_error (error);
  seconds = (g_get_monotonic_time () - started) / 1e6;
  cpu = cpu_seconds () - cpu_started;
  n = MAX (report->n_entries, 1);
  printf ("verify, %s: %.2f s elapsed, %.2f s processor, for %" G_GINT64_FORMAT " entries and %" G_GINT64_FORMAT
          " rows (%.1f µs/entry elapsed, %.1f processor; %" G_GINT64_FORMAT " findings, %" G_GINT64_FORMAT
          " authenticated); peak memory %" G_GINT64_FORMAT " MiB; projected for 1,000,000 entries: %.0f s elapsed,"
          " %.0f s processor\n",
          label, seconds, cpu, report->n_entries, report->n_rows_checked, seconds * 1e6 / n, cpu * 1e6 / n,
          report->n_findings, report->n_authenticated, peak_resident_kib () / 1024, seconds / n * 1e6,
          cpu / n * 1e6);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      g_unlink (child);
    }
  g_rmdir (path);
}

int
main (int    argc,
      char **argv)
{
  const char *large = g_getenv ("LD_BENCH_AUDIT_STORE");
  Bench b = { 0 };

  b.dir = g_dir_make_tmp ("ld-bench-audit-XXXXXX", NULL);
  b.keyed = open_store (b.dir, "keyed.sqlite", &b.keyed_admin);
  b.chained = open_store (b.dir, "chained.sqlite", &b.chained_admin);
  _ld_store_set_chained_only_audit (b.chained, TRUE);

  compare_writes (&b, "one record per transaction", SINGLE_RECORDS, 1);
  compare_writes (&b, "5,000 records per transaction", BATCHED_RECORDS, 5000);
  time_verify (b.keyed, "this run's keyed store");

  if (large != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(LdStore) store = ld_store_open (large, &error);

      g_assert_no_error (error);
      time_verify (store, large);
    }
  else
    printf ("verify, 1,000,000 records: set LD_BENCH_AUDIT_STORE to a store made by "
            "`licence-desk-admin demo --scale 1000000` in the same session\n");

  g_clear_object (&b.keyed);
  g_clear_object (&b.chained);
  ld_actor_free (b.keyed_admin);
  ld_actor_free (b.chained_admin);
  remove_dir (b.dir);
  g_free (b.dir);
  return 0;
}
