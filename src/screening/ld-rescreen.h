/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-embargo-table.h"
#include "ld-name-matcher.h"
#include "ld-store.h"

G_BEGIN_DECLS

typedef enum
{
  LD_RESCREEN_CASES,    /* every undecided case */
  LD_RESCREEN_BROKERS,  /* every broker on the register: registered or suspended */
} LdRescreenKind;

/* Where a re-screening job stands; counts include the batches an earlier,
 * interrupted run of the same job wrote. */
typedef struct
{
  LdRescreenKind kind;
  char          *job_id;
  gboolean       resumed;          /* this run took up an interrupted job */
  gint64         n_total;          /* cases or brokers to screen when the job began */
  gint64         n_done;           /* screened and written */
  gint64         n_done_before;    /* of which written before this run (a resumed job) */
  gint64         n_skipped;        /* decided, amended or taken off the register meanwhile */
  gint64         n_names;          /* names screened */
  gint64         n_names_matched;  /* of which this run put through the matcher: each distinct name once */
  gint64         n_open;           /* hits an officer must judge */
  gint64         n_logged;
  gint64         n_cleared_before;
  gint64         n_batches;        /* batches written, each in one transaction */
  gint64         n_with_hits;      /* cases or brokers with an open hit */
  gint64         n_consents;       /* pending re-export consent requests screened by this run (a case job) */
  double         seconds;          /* this run's time, of which: */
  double         seconds_reading;  /*   reading batches */
  double         seconds_waiting;  /*   waiting for the pool to finish screening a batch */
  double         seconds_writing;  /*   writing batches, commits included */
  double         cpu_seconds_job_thread; /* CPU time of the thread that reads and writes (the pool's not counted) */
} LdRescreenProgress;

typedef struct
{
  guint batch_size;   /* cases or brokers written per transaction; 0 for the default */
  guint n_threads;    /* screening threads; 0 for one per processor */
} LdRescreenOptions;

/* Called on the job's thread after each batch is written. */
typedef void (*LdRescreenProgressFunc) (const LdRescreenProgress *progress,
                                        gpointer                  user_data);

gboolean    ld_rescreen_run             (LdStore                  *store,
                                         const LdActor            *actor,
                                         LdNameMatcher            *matcher,
                                         LdEmbargoTable           *embargoes,
                                         LdRescreenKind            kind,
                                         const LdRescreenOptions  *options,
                                         LdRescreenProgressFunc    progress,
                                         gpointer                  user_data,
                                         GCancellable             *cancellable,
                                         LdRescreenProgress       *out_progress,
                                         GError                  **error);
gboolean    ld_rescreen_find_unfinished (LdStore                  *store,
                                         LdRescreenKind            kind,
                                         LdRescreenProgress       *out_progress,
                                         gboolean                 *out_found,
                                         GError                  **error);
void        ld_rescreen_progress_clear  (LdRescreenProgress       *progress);
const char *ld_rescreen_kind_to_string  (LdRescreenKind            kind);
char       *ld_rescreen_progress_to_json (const LdRescreenProgress *progress);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (LdRescreenProgress, ld_rescreen_progress_clear)

G_END_DECLS
