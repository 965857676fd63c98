/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-list-group"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-format.h"
#include "ld-list-group.h"
#include "ld-list-updater.h"
#include "ld-matcher-cache.h"

/* The sanctions list in force on the Screening page: when it was generated,
 * how many entries it holds and its hash, and Update Now for an
 * administrator. Reading the list and building its index happen in a worker
 * thread; "list-loaded" tells the page the matcher is ready for the other
 * groups, "list-installed" that a new list is in force. */
struct _LdListGroup
{
  AdwPreferencesGroup  parent_instance;

  /* template children */
  GtkButton           *update_button;
  AdwActionRow        *generated_row;
  AdwActionRow        *entries_row;
  AdwActionRow        *hash_row;
  GtkProgressBar      *progress_bar;

  GSettings           *settings;
  char                *list_dir;
  LdNameMatcher       *matcher;
  gboolean             loaded;
  gboolean             may_update;
  gboolean             busy;
};

G_DEFINE_FINAL_TYPE (LdListGroup, ld_list_group, ADW_TYPE_PREFERENCES_GROUP)

enum { LIST_LOADED, LIST_INSTALLED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct
{
  LdNameMatcher  *matcher;
  char           *list_problem;
} Loaded;

typedef struct
{
  LdListGroup *self;
  double       fraction;
} Progress;

static void
loaded_free (Loaded *loaded)
{
  g_clear_object (&loaded->matcher);
  g_free (loaded->list_problem);
  g_free (loaded);
}

static void
toast (LdListGroup *self,
       const char  *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

/* One place decides whether Update Now can be used: an administrator's act,
 * not while the list is being read or downloaded. */
static void
update_actions (LdListGroup *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.update", self->may_update && !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->update_button), self->may_update);
}

/* ---- reading the installed list ---- */

/* Runs in a worker thread; the task data is the list folder. */
static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  const char *list_dir = task_data;
  Loaded *loaded = g_new0 (Loaded, 1);
  g_autoptr(LdListUpdater) updater = ld_list_updater_new (list_dir);
  g_autofree char *path = ld_list_updater_get_list_path (updater);
  g_autoptr(GError) error = NULL;

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    loaded->list_problem = g_strdup (_("No list is installed yet. An administrator installs it with "
                                       "Update Now or “licence-desk-admin screen update”."));
  /* The same matcher the submissions use (src/screening/ld-matcher-cache.c). */
  else if ((loaded->matcher = ld_matcher_cache_get (path, &error)) == NULL)
    loaded->list_problem = g_strdup_printf (_("The installed list cannot be read: %s"), error->message);
  g_task_return_pointer (task, loaded, (GDestroyNotify) loaded_free);
}

static void
show_list (LdListGroup *self,
           const char  *problem)
{
  LdSanctionsList *list = self->matcher ? ld_name_matcher_get_list (self->matcher) : NULL;
  g_autofree char *entries = NULL;
  g_autofree char *generated = NULL;

  if (list == NULL)
    {
      adw_action_row_set_subtitle (self->generated_row, problem);
      adw_action_row_set_subtitle (self->entries_row, "—");
      adw_action_row_set_subtitle (self->hash_row, "—");
      return;
    }
  entries = g_strdup_printf (_("%u individuals, %u entities"), ld_sanctions_list_get_n_individuals (list),
                             ld_sanctions_list_get_n_entities (list));
  generated = ld_format_instant (ld_sanctions_list_get_date_generated (list));
  adw_action_row_set_subtitle (self->generated_row, generated);
  adw_action_row_set_subtitle (self->entries_row, entries);
  adw_action_row_set_subtitle (self->hash_row, ld_sanctions_list_get_sha256 (list));
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LdListGroup *self = LD_LIST_GROUP (object);
  Loaded *loaded = g_task_propagate_pointer (G_TASK (result), NULL);

  g_set_object (&self->matcher, loaded->matcher);
  show_list (self, loaded->list_problem);
  loaded_free (loaded);
  /* Busy until the page has handed the matcher to the other groups, so
   * that the page is never seen ready with a half-given list. */
  g_signal_emit (self, signals[LIST_LOADED], 0);
  self->loaded = TRUE;
  self->busy = FALSE;
  update_actions (self);
}

/* ---- downloading a new list ---- */

static gboolean
show_progress_cb (gpointer data)
{
  Progress *progress = data;

  if (progress->fraction < 0)
    gtk_progress_bar_pulse (progress->self->progress_bar);
  else
    gtk_progress_bar_set_fraction (progress->self->progress_bar, progress->fraction);
  g_object_unref (progress->self);
  g_free (progress);
  return G_SOURCE_REMOVE;
}

/* Called in the updater's thread: hand the figure to the main thread. */
static void
download_progress (goffset  received,
                   goffset  total,
                   gpointer user_data)
{
  Progress *progress = g_new0 (Progress, 1);

  progress->self = g_object_ref (user_data);
  progress->fraction = total > 0 ? (double) received / total : -1;
  g_main_context_invoke (NULL, show_progress_cb, progress);
}

static void
update_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LdListGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  LdListUpdateResult outcome;

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  if (!ld_list_updater_update_finish (LD_LIST_UPDATER (object), result, &outcome, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The list was not updated: %s"), error->message);

      toast (self, message);
      self->busy = FALSE;
      update_actions (self);
      return;
    }
  toast (self, outcome == LD_LIST_UPDATE_INSTALLED ? _("A new list was installed.")
                                                   : _("The installed list is current."));
  ld_list_group_load (self);
  if (outcome == LD_LIST_UPDATE_INSTALLED)
    g_signal_emit (self, signals[LIST_INSTALLED], 0);
}

static void
update_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LdListGroup *self = LD_LIST_GROUP (widget);
  g_autoptr(LdListUpdater) updater = ld_list_updater_new (self->list_dir);
  g_autofree char *url = g_settings_get_string (self->settings, "sanctions-list-url");

  self->busy = TRUE;
  update_actions (self);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, url);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  ld_list_updater_set_progress_func (updater, download_progress, self, NULL);
  ld_list_updater_update_async (updater, url, NULL, update_done_cb, g_object_ref (self));
}

/* ---- the widget ---- */

static void
ld_list_group_dispose (GObject *object)
{
  LdListGroup *self = LD_LIST_GROUP (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_LIST_GROUP);
  g_clear_object (&self->matcher);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->list_dir, g_free);
  G_OBJECT_CLASS (ld_list_group_parent_class)->dispose (object);
}

static void
ld_list_group_class_init (LdListGroupClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_list_group_dispose;

  /**
   * LdListGroup::list-loaded:
   *
   * The installed list has been read (or found missing or unreadable):
   * ld_list_group_get_matcher() gives its index, or %NULL.
   */
  signals[LIST_LOADED] = g_signal_new ("list-loaded", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                       NULL, NULL, G_TYPE_NONE, 0);
  /**
   * LdListGroup::list-installed:
   *
   * Update Now installed a new list, now in force.
   */
  signals[LIST_INSTALLED] = g_signal_new ("list-installed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ld-list-group.ui");
  gtk_widget_class_bind_template_child (widget_class, LdListGroup, update_button);
  gtk_widget_class_bind_template_child (widget_class, LdListGroup, generated_row);
  gtk_widget_class_bind_template_child (widget_class, LdListGroup, entries_row);
  gtk_widget_class_bind_template_child (widget_class, LdListGroup, hash_row);
  gtk_widget_class_bind_template_child (widget_class, LdListGroup, progress_bar);
  gtk_widget_class_install_action (widget_class, "list.update", NULL, update_activated);
}

static void
ld_list_group_init (LdListGroup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->list_dir = ld_list_updater_default_dir ();
  update_actions (self);
}

/* ---- public API ---- */

/* Where Update Now reads the list's address ("sanctions-list-url"). */
void
ld_list_group_set_settings (LdListGroup *self,
                            GSettings   *settings)
{
  g_return_if_fail (LD_IS_LIST_GROUP (self));
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_set_object (&self->settings, settings);
}

/**
 * ld_list_group_set_list_dir:
 * @list_dir: where the installed list lives
 */
void
ld_list_group_set_list_dir (LdListGroup *self,
                            const char  *list_dir)
{
  g_return_if_fail (LD_IS_LIST_GROUP (self));
  g_return_if_fail (list_dir != NULL);

  g_free (self->list_dir);
  self->list_dir = g_strdup (list_dir);
}

/* Updating the list is an administrator's act on a writable store; the
 * button is hidden for others. */
void
ld_list_group_set_may_update (LdListGroup *self,
                              gboolean     may_update)
{
  g_return_if_fail (LD_IS_LIST_GROUP (self));

  self->may_update = may_update;
  update_actions (self);
}

/* Reads the installed list and builds its index in a worker thread. */
void
ld_list_group_load (LdListGroup *self)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (LD_IS_LIST_GROUP (self));

  task = g_task_new (self, NULL, load_done_cb, NULL);
  self->busy = TRUE;
  update_actions (self);
  g_task_set_source_tag (task, ld_list_group_load);
  g_task_set_task_data (task, g_strdup (self->list_dir), g_free);
  g_task_run_in_thread (task, load_thread);
}

/* Whether the installed list has been read at least once. */
gboolean
ld_list_group_is_loaded (LdListGroup *self)
{
  g_return_val_if_fail (LD_IS_LIST_GROUP (self), FALSE);

  return self->loaded;
}

/* Whether the list is being read or downloaded. */
gboolean
ld_list_group_is_busy (LdListGroup *self)
{
  g_return_val_if_fail (LD_IS_LIST_GROUP (self), FALSE);

  return self->busy;
}

/**
 * ld_list_group_get_matcher:
 *
 * Returns: (transfer none) (nullable): the index of the list in force, or
 *   %NULL when none is installed or it cannot be read
 */
LdNameMatcher *
ld_list_group_get_matcher (LdListGroup *self)
{
  g_return_val_if_fail (LD_IS_LIST_GROUP (self), NULL);

  return self->matcher;
}
