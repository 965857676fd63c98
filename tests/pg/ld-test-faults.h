/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The fault-injection runner, shared by the pg suite's test (a few schedules)
 * and tests/bench/bench-sync (1,000+ schedules, with figures). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint   schedules;
  guint   mutations;
  guint   applied;
  guint   conflicts;
  guint   refused;
  guint   lost;
  guint   duplicated;
  guint   diverged_desks;
  guint   faults;
  guint   cuts;
  guint   restarts;
  guint   replays;
  guint   licences;
  guint   shipments;          /* shipments pushed, and of them refused (over a licence's quantity) */
  guint   shipments_refused;
  gdouble max_drain_seconds;
  gdouble total_drain_seconds;
} LdFaultFigures;

void ld_test_faults_run         (guint32         seed,
                                 guint           schedules,
                                 guint           steps,
                                 LdFaultFigures *figures);
void ld_test_faults_run_short   (guint32         seed,
                                 guint           schedules,
                                 guint           steps,
                                 LdFaultFigures *figures);
void ld_test_faults_run_default (void);
void ld_test_faults_run_many    (void);

G_END_DECLS
