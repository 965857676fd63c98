/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fault injection against a real PostgreSQL 15: several desks edit the same
 * records and issue licences while their engines are stopped at the worst
 * moments (mid-push, after the server's commit before the desk's record of
 * it, mid-pull), their process restarts, the server stops and starts, the
 * link through a relay the test controls is cut or down, and old mutations
 * are pushed again out of order.
 * A checker then proves: every mutation applied exactly once or listed as a
 * conflict or refusal, every desk's copy equal to the server's, licence
 * numbers unique and gapless, each desk's audit chain intact.
 *
 * Schedules are random from a printed seed: LD_FAULT_SEED=N replays one run,
 * LD_FAULT_SCHEDULES=N sets how many (tests/bench/bench-sync runs 1,000+).
 * A second test runs many short schedules (12 steps, the server left running;
 * LD_FAULT_SHORT_SCHEDULES=N, default 1,000). */
#include "config.h"

#include "ld-test-faults.h"

int
main (int    argc,
      char **argv)
{
  /* The desks' stores in memory when the machine has it, as the benchmark
   * does: the schedules measure sync, not this disk's fsync. */
  if (g_file_test ("/dev/shm", G_FILE_TEST_IS_DIR))
    g_setenv ("TMPDIR", "/dev/shm", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/pg/faults/randomised-schedules", ld_test_faults_run_default);
  g_test_add_func ("/pg/faults/many-short-schedules", ld_test_faults_run_many);
  return g_test_run ();
}
