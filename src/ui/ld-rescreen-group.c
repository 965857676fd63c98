/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-rescreen-group"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-embargo-repo.h"
#include "ld-embargo-table.h"
#include "ld-list-updater.h"
#include "ld-matcher-cache.h"
#include "ld-rescreen.h"
#include "ld-rescreen-group-private.h"

/* Screening Again on the Screening page: every undecided case and every
 * broker on the register screened against the list in force, in the
 * background with a progress bar and Stop. It starts by itself after a list
 * update or a new embargo table, and from Screen Again; an interrupted run
 * goes on where it stopped. */

G_DEFINE_FINAL_TYPE (LdRescreenGroup, ld_rescreen_group, ADW_TYPE_PREFERENCES_GROUP)

typedef struct
{
  LdStore            *store;
  LdActor            *actor;
  char               *list_dir;
  GCancellable       *cancellable;
  LdRescreenProgress  cases;
  LdRescreenProgress  brokers;
  LdRescreenGroup    *self;        /* (owned) for the progress shown */
  gint64              last_tick;
} Rescreen;

typedef struct
{
  LdRescreenGroup *self;
  LdRescreenKind   kind;
  gint64           done;
  gint64           total;
  gint64           open;
} RescreenTick;

static void
rescreen_free (Rescreen *job)
{
  g_clear_object (&job->store);
  g_clear_pointer (&job->actor, ld_actor_free);
  g_free (job->list_dir);
  g_clear_object (&job->cancellable);
  ld_rescreen_progress_clear (&job->cases);
  ld_rescreen_progress_clear (&job->brokers);
  g_clear_object (&job->self);
  g_free (job);
}

static void
toast (LdRescreenGroup *self,
       const char      *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

/* ---- an interrupted run, said for an officer to go on with it ---- */

/* Runs in a worker thread. */
static char *
describe_unfinished (LdStore *store)
{
  g_auto(LdRescreenProgress) cases = { 0 };
  g_auto(LdRescreenProgress) brokers = { 0 };
  gboolean cases_found = FALSE, brokers_found = FALSE;

  if (!ld_rescreen_find_unfinished (store, LD_RESCREEN_CASES, &cases, &cases_found, NULL) ||
      !ld_rescreen_find_unfinished (store, LD_RESCREEN_BROKERS, &brokers, &brokers_found, NULL))
    return NULL;
  if (cases_found)
    return g_strdup_printf (_("Screening of undecided cases was interrupted after %" G_GINT64_FORMAT " of %"
                              G_GINT64_FORMAT "; Screen Again goes on from there."),
                            cases.n_done + cases.n_skipped, cases.n_total);
  if (brokers_found)
    return g_strdup_printf (_("Screening of registered brokers was interrupted after %" G_GINT64_FORMAT " of %"
                              G_GINT64_FORMAT "; Screen Again goes on from there."),
                            brokers.n_done + brokers.n_skipped, brokers.n_total);
  return NULL;
}

static void
unfinished_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  g_task_return_pointer (task, describe_unfinished (task_data), g_free);
}

static void
unfinished_done_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LdRescreenGroup *self = LD_RESCREEN_GROUP (object);
  g_autofree char *note = g_task_propagate_pointer (G_TASK (result), NULL);

  self->loading = FALSE;
  if (note != NULL && self->cancellable == NULL && !self->disposed)
    adw_action_row_set_subtitle (self->status_row, note);
}

/* ---- the run ---- */

static gboolean
show_tick_cb (gpointer data)
{
  RescreenTick *tick = data;
  LdRescreenGroup *self = tick->self;
  g_autofree char *text = NULL;

  if (!self->disposed && self->cancellable != NULL)
    {
      text = g_strdup_printf (tick->kind == LD_RESCREEN_CASES
                              ? _("Undecided cases: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                                  " open hits")
                              : _("Registered brokers: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT ", %"
                                  G_GINT64_FORMAT " open hits"),
                              tick->done, tick->total, tick->open);
      gtk_progress_bar_set_fraction (self->progress_bar, tick->total > 0 ? (double) tick->done / tick->total : 1);
      gtk_progress_bar_set_text (self->progress_bar, text);
    }
  g_object_unref (tick->self);
  g_free (tick);
  return G_SOURCE_REMOVE;
}

/* On the job's thread after each batch: a few times a second at most. */
static void
rescreen_progress (const LdRescreenProgress *progress,
                   gpointer                  user_data)
{
  Rescreen *job = user_data;
  gint64 now = g_get_monotonic_time ();
  RescreenTick *tick;

  if (now - job->last_tick < G_USEC_PER_SEC / 5 && progress->n_done + progress->n_skipped < progress->n_total)
    return;
  job->last_tick = now;
  tick = g_new0 (RescreenTick, 1);
  *tick = (RescreenTick) { g_object_ref (job->self), progress->kind, progress->n_done + progress->n_skipped,
                           progress->n_total, progress->n_open };
  g_main_context_invoke (NULL, show_tick_cb, tick);
}

static void
rescreen_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Rescreen *job = task_data;
  g_autoptr(LdListUpdater) updater = ld_list_updater_new (job->list_dir);
  g_autofree char *path = ld_list_updater_get_list_path (updater);
  g_autoptr(LdNameMatcher) matcher = NULL;
  g_autoptr(LdEmbargoTable) embargoes = NULL;
  GError *error = NULL;

  /* Built here for the new list, and kept for the submissions that follow. */
  if (!(matcher = ld_matcher_cache_get (path, &error)) ||
      !(embargoes = ld_embargo_table_new_from_store (job->store, &error)) ||
      !ld_rescreen_run (job->store, job->actor, matcher, embargoes, LD_RESCREEN_CASES, NULL, rescreen_progress, job,
                        job->cancellable, &job->cases, &error) ||
      !ld_rescreen_run (job->store, job->actor, matcher, embargoes, LD_RESCREEN_BROKERS, NULL, rescreen_progress,
                        job, job->cancellable, &job->brokers, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static char *
rescreen_outcome (const Rescreen *job,
                  const GError   *error)
{
  const LdRescreenProgress *stopped = job->brokers.job_id != NULL ? &job->brokers : &job->cases;

  if (error == NULL)
    {
      g_autofree char *done = g_strdup_printf (_("Screened %" G_GINT64_FORMAT " undecided cases (%" G_GINT64_FORMAT
                                                 " with open hits) and %" G_GINT64_FORMAT " registered brokers (%"
                                                 G_GINT64_FORMAT " with open hits) again."), job->cases.n_done,
                                               job->cases.n_with_hits, job->brokers.n_done, job->brokers.n_with_hits);

      /* Consent requests name parties too (issue 14): the officer sees they
       * were not left out. */
      if (job->cases.n_consents == 0)
        return g_steal_pointer (&done);
      return g_strdup_printf (ngettext ("%s %u pending re-export consent request was screened with them.",
                                        "%s %u pending re-export consent requests were screened with them.",
                                        (gulong) job->cases.n_consents),
                              done, (guint) job->cases.n_consents);
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_strdup_printf (stopped->kind == LD_RESCREEN_CASES
                            ? _("Stopped after %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " undecided cases; what "
                                "was screened is kept, and Screen Again goes on from there.")
                            : _("Stopped after %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " registered brokers; "
                                "what was screened is kept, and Screen Again goes on from there."),
                            stopped->n_done + stopped->n_skipped, stopped->n_total);
  return g_strdup_printf (_("Undecided cases and brokers were NOT all screened again: %s"), error->message);
}

static void
rescreen_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  LdRescreenGroup *self = LD_RESCREEN_GROUP (object);
  Rescreen *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  if (self->disposed)
    return;
  message = rescreen_outcome (job, error);
  g_clear_object (&self->cancellable);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  adw_action_row_set_subtitle (self->status_row, message);
  _ld_rescreen_group_update_actions (self);
  toast (self, message);
}

/* ---- the widget ---- */

static void
ld_rescreen_group_dispose (GObject *object)
{
  LdRescreenGroup *self = LD_RESCREEN_GROUP (object);

  /* A running re-screening stops after its batch; it resumes next time. */
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->disposed = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_RESCREEN_GROUP);
  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, ld_actor_free);
  g_clear_pointer (&self->list_dir, g_free);
  G_OBJECT_CLASS (ld_rescreen_group_parent_class)->dispose (object);
}

static void
ld_rescreen_group_class_init (LdRescreenGroupClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_rescreen_group_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ld-rescreen-group.ui");
  gtk_widget_class_bind_template_child (widget_class, LdRescreenGroup, start_button);
  gtk_widget_class_bind_template_child (widget_class, LdRescreenGroup, status_row);
  gtk_widget_class_bind_template_child (widget_class, LdRescreenGroup, stop_button);
  gtk_widget_class_bind_template_child (widget_class, LdRescreenGroup, progress_bar);
  _ld_rescreen_group_class_install_actions (widget_class);
}

static void
ld_rescreen_group_init (LdRescreenGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  _ld_rescreen_group_update_actions (self);
}

/* ---- public API ---- */

/* The store whose undecided cases and brokers are screened again. */
void
ld_rescreen_group_set_store (LdRescreenGroup *self,
                             LdStore         *store)
{
  g_return_if_fail (LD_IS_RESCREEN_GROUP (self));

  g_set_object (&self->store, store);
  _ld_rescreen_group_update_actions (self);
}

void
ld_rescreen_group_set_actor (LdRescreenGroup *self,
                             const LdActor   *actor)
{
  g_return_if_fail (LD_IS_RESCREEN_GROUP (self));

  g_clear_pointer (&self->actor, ld_actor_free);
  self->actor = actor ? ld_actor_copy (actor) : NULL;
  _ld_rescreen_group_update_actions (self);
}

/**
 * ld_rescreen_group_set_list_dir:
 * @list_dir: where the installed list lives
 */
void
ld_rescreen_group_set_list_dir (LdRescreenGroup *self,
                                const char      *list_dir)
{
  g_return_if_fail (LD_IS_RESCREEN_GROUP (self));

  g_free (self->list_dir);
  self->list_dir = g_strdup (list_dir);
}

/* Screen Again waits until the page has read the installed list. */
void
ld_rescreen_group_set_list_ready (LdRescreenGroup *self,
                                  gboolean         ready)
{
  g_return_if_fail (LD_IS_RESCREEN_GROUP (self));

  self->list_ready = ready;
  _ld_rescreen_group_update_actions (self);
}

/**
 * ld_rescreen_group_load:
 *
 * Reads in a worker thread whether a re-screening was interrupted, here or
 * on another desk, and says so.
 */
void
ld_rescreen_group_load (LdRescreenGroup *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LD_IS_RESCREEN_GROUP (self));

  if (self->store == NULL || self->loading)
    return;
  self->loading = TRUE;
  task = g_task_new (self, NULL, unfinished_done_cb, NULL);
  g_task_set_source_tag (task, ld_rescreen_group_load);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, unfinished_thread);
}

/**
 * ld_rescreen_group_start:
 *
 * Screens every undecided case and every broker on the register again as the
 * person at the desk, in a worker thread, unless a run is under way already.
 */
void
ld_rescreen_group_start (LdRescreenGroup *self)
{
  g_autoptr(GTask) task = NULL;
  Rescreen *job;

  g_return_if_fail (LD_IS_RESCREEN_GROUP (self));

  if (self->store == NULL || self->actor == NULL || ld_store_is_read_only (self->store) ||
      self->cancellable != NULL)
    return;
  self->cancellable = g_cancellable_new ();
  job = g_new0 (Rescreen, 1);
  job->store = g_object_ref (self->store);
  job->actor = ld_actor_copy (self->actor);
  job->list_dir = g_strdup (self->list_dir);
  job->cancellable = g_object_ref (self->cancellable);
  job->self = g_object_ref (self);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, _("Reading the list and the cases…"));
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  adw_action_row_set_subtitle (self->status_row, _("Screening again in the background."));
  _ld_rescreen_group_update_actions (self);
  task = g_task_new (self, NULL, rescreen_done_cb, NULL);
  g_task_set_source_tag (task, ld_rescreen_group_start);
  g_task_set_task_data (task, job, (GDestroyNotify) rescreen_free);
  g_task_run_in_thread (task, rescreen_thread);
}

/* Stops after the batch being written; what was screened is kept. */
void
ld_rescreen_group_stop (LdRescreenGroup *self)
{
  g_return_if_fail (LD_IS_RESCREEN_GROUP (self));

  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  gtk_progress_bar_set_text (self->progress_bar, _("Stopping after the batch being written…"));
}

gboolean
ld_rescreen_group_is_ready (LdRescreenGroup *self)
{
  g_return_val_if_fail (LD_IS_RESCREEN_GROUP (self), FALSE);

  return !self->loading;
}

gboolean
ld_rescreen_group_is_running (LdRescreenGroup *self)
{
  g_return_val_if_fail (LD_IS_RESCREEN_GROUP (self), FALSE);

  return self->cancellable != NULL;
}

/**
 * ld_rescreen_group_get_status:
 *
 * Returns: (transfer none): what the group says of the last re-screening
 */
const char *
ld_rescreen_group_get_status (LdRescreenGroup *self)
{
  g_return_val_if_fail (LD_IS_RESCREEN_GROUP (self), NULL);

  return adw_action_row_get_subtitle (self->status_row);
}
