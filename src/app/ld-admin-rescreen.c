/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin-rescreen"

#include "config.h"

#include <signal.h>
#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-embargo-repo.h"
#include "ld-list-updater.h"
#include "ld-rescreen.h"

/* Re-screening every undecided case (case-screen rescreen-open) or every
 * broker on the register (broker rescreen), with its progress on standard
 * error. Ctrl+C stops it after the batch being written; the same command
 * goes on from there. */

static volatile sig_atomic_t interrupted;

typedef struct
{
  GCancellable *cancellable;
  gint64        last_report;
} Report;

static void
on_interrupt (int signum)
{
  interrupted = 1;
}

static const char *
subjects (LdRescreenKind kind)
{
  return kind == LD_RESCREEN_BROKERS ? _("brokers") : _("undecided cases");
}

/* On the job's thread, after each batch: at most a line a second. */
static void
report_progress (const LdRescreenProgress *p,
                 gpointer                  user_data)
{
  Report *report = user_data;
  gint64 now = g_get_monotonic_time ();

  if (interrupted)
    g_cancellable_cancel (report->cancellable);
  if (now - report->last_report < G_USEC_PER_SEC && p->n_done + p->n_skipped < p->n_total)
    return;
  report->last_report = now;
  g_printerr (_("Re-screening %s: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " (%.0f%%), %" G_GINT64_FORMAT
                " names, %" G_GINT64_FORMAT " open hits\n"),
              subjects (p->kind), p->n_done + p->n_skipped, p->n_total,
              p->n_total > 0 ? 100.0 * (p->n_done + p->n_skipped) / p->n_total : 100.0, p->n_names, p->n_open);
}

static LdNameMatcher *
load_matcher (const char  *list_file,
              const char  *list_dir,
              GError     **error)
{
  g_autoptr(LdListUpdater) updater = ld_list_updater_new (list_dir);
  g_autofree char *path = list_file ? g_strdup (list_file) : ld_list_updater_get_list_path (updater);
  g_autoptr(LdSanctionsList) list = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("No sanctions list is installed at %s; install it with “licence-desk-admin screen update”."),
                   path);
      return NULL;
    }
  list = ld_sanctions_list_new_from_file (path, error);
  return list ? ld_name_matcher_new (list) : NULL;
}

static void
print_outcome (const LdRescreenProgress *p,
               gboolean                  as_json)
{
  g_autofree char *json = NULL;

  if (as_json)
    {
      json = ld_rescreen_progress_to_json (p);
      g_print ("%s\n", json);
      return;
    }
  if (p->kind == LD_RESCREEN_CASES)
    {
      g_print (_("Screened %u undecided cases again: %u open hits to judge.\n"), (guint) p->n_done, (guint) p->n_open);
      if (p->n_consents > 0)
        g_print (_("Screened %u pending re-export consent requests again (their hits are counted above).\n"),
                 (guint) p->n_consents);
    }
  else
    g_print (_("Screened %u brokers on the register again: %u open hits to judge, %u brokers with one.\n"),
             (guint) p->n_done, (guint) p->n_open, (guint) p->n_with_hits);
  if (p->resumed)
    g_print (_("(Went on with the job interrupted earlier: %u were screened before this run.)\n"),
             (guint) p->n_done_before);
}

/**
 * ld_admin_rescreen:
 *
 * Runs a re-screening job for licence-desk-admin, reporting as it goes.
 */
int
ld_admin_rescreen (const LdAdminRescreenOptions *o)
{
  g_autoptr(LdStore) store = NULL;
  g_autoptr(LdActor) actor = NULL;
  g_autoptr(LdNameMatcher) matcher = NULL;
  g_autoptr(LdEmbargoTable) embargoes = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(LdRescreenProgress) progress = { 0 };
  LdRescreenOptions options = { o->batch_size > 0 ? (guint) o->batch_size : 0,
                                o->threads > 0 ? (guint) o->threads : 0 };
  Report report = { cancellable, 0 };
  struct sigaction action = { .sa_handler = on_interrupt };
  GError *error = NULL;
  gboolean ok;

  if (!(store = ld_admin_open_store (o->store_path, LD_STORE_OPEN_DEFAULT, &error)) ||
      !(actor = ld_admin_resolve_actor (store, o->as_login, &error)) ||
      !(matcher = load_matcher (o->list_file, o->list_dir, &error)) ||
      !(embargoes = ld_embargo_table_new_from_store (store, &error)))
    return ld_admin_fail (error);

  sigaction (SIGINT, &action, NULL);
  sigaction (SIGTERM, &action, NULL);
  ok = ld_rescreen_run (store, actor, matcher, embargoes, o->kind, &options, report_progress, &report, cancellable,
                        &progress, &error);
  signal (SIGINT, SIG_DFL);
  signal (SIGTERM, SIG_DFL);
  if (!ok && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_printerr (_("licence-desk-admin: stopped after %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " %s; what was "
                    "screened is kept. Run the same command again to go on from there.\n"),
                  progress.n_done + progress.n_skipped, progress.n_total, subjects (o->kind));
      if (o->as_json)
        print_outcome (&progress, TRUE);
      g_error_free (error);
      return LD_ADMIN_EXIT_FAILED;
    }
  if (!ok)
    return ld_admin_fail (error);
  print_outcome (&progress, o->as_json);
  return LD_ADMIN_EXIT_OK;
}
