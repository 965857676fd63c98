/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-screening-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-case-screening.h"
#include "ld-embargo-repo.h"
#include "ld-country.h"
#include "ld-embargo-table.h"
#include "ld-denial-repo.h"
#include "ld-denials-group.h"
#include "ld-embargoes-group.h"
#include "ld-format.h"
#include "ld-list-updater.h"
#include "ld-matcher-cache.h"
#include "ld-name-check-group.h"
#include "ld-name-matcher.h"
#include "ld-rescreen-group.h"
#include "ld-screening-page-private.h"

/* The Screening section: which list is in force, its update, screening
 * everything again, a quick check of a name, the embargo table and the denial
 * register. Reading the list and building its index
 * happen in a worker thread. */
struct _LdScreeningPage
{
  GtkWidget       parent_instance;

  GtkWidget      *page;
  GtkButton      *update_button;
  AdwActionRow   *generated_row;
  AdwActionRow   *entries_row;
  AdwActionRow   *hash_row;
  GtkProgressBar *progress_bar;
  LdNameCheckGroup *name_check_group;
  LdEmbargoesGroup *embargoes_group;
  LdDenialsGroup *denials_group;
  LdRescreenGroup *rescreen_group;

  GSettings      *settings;
  LdStore        *store;
  LdActor        *actor;
  char           *list_dir;
  LdNameMatcher  *matcher;
  gboolean        reload_pending;  /* the person changed while loading */
  gboolean        loaded;
  gboolean        may_update;
  gboolean        busy;
};

G_DEFINE_FINAL_TYPE (LdScreeningPage, ld_screening_page, GTK_TYPE_WIDGET)

static void load (LdScreeningPage *self);

typedef struct
{
  LdNameMatcher  *matcher;
  char           *list_problem;
} Loaded;

/* What the loading thread reads: the installed list and its index. The
 * embargo table and the denial register are read by their own groups. */
typedef struct
{
  char    *list_dir;
  LdStore *store;
  LdActor *actor;    /* (nullable) who reads the denial register */
} LoadJob;

static void
loaded_free (Loaded *loaded)
{
  g_clear_object (&loaded->matcher);
  g_free (loaded->list_problem);
  g_free (loaded);
}

static void
load_job_free (LoadJob *job)
{
  g_free (job->list_dir);
  g_clear_object (&job->store);
  ld_actor_free (job->actor);
  g_free (job);
}

static void
update_sensitivity (LdScreeningPage *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->update_button), self->may_update && !self->busy);
  gtk_widget_set_visible (GTK_WIDGET (self->update_button), self->may_update);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadJob *job = task_data;
  Loaded *loaded = g_new0 (Loaded, 1);
  g_autoptr(LdListUpdater) updater = ld_list_updater_new (job->list_dir);
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
show_list (LdScreeningPage *self,
           const char      *problem)
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
  LdScreeningPage *self = LD_SCREENING_PAGE (object);
  Loaded *loaded = g_task_propagate_pointer (G_TASK (result), NULL);

  g_set_object (&self->matcher, loaded->matcher);
  show_list (self, loaded->list_problem);
  ld_rescreen_group_set_list_ready (self->rescreen_group, self->matcher != NULL);
  ld_name_check_group_set_matcher (self->name_check_group, self->matcher);
  ld_rescreen_group_load (self->rescreen_group);
  /* The groups read their registers once the section is first shown. */
  if (!self->loaded)
    ld_embargoes_group_load (self->embargoes_group);
  self->loaded = TRUE;
  self->busy = FALSE;
  update_sensitivity (self);
  loaded_free (loaded);
  if (self->reload_pending)
    {
      self->reload_pending = FALSE;
      load (self);
    }
}

static void
load (LdScreeningPage *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, load_done_cb, NULL);
  LoadJob *job = g_new0 (LoadJob, 1);

  job->list_dir = g_strdup (self->list_dir);
  job->store = self->store != NULL ? g_object_ref (self->store) : NULL;
  job->actor = self->actor != NULL ? ld_actor_copy (self->actor) : NULL;
  self->busy = TRUE;
  update_sensitivity (self);
  g_task_set_source_tag (task, load);
  g_task_set_task_data (task, job, (GDestroyNotify) load_job_free);
  g_task_run_in_thread (task, load_thread);
}

typedef struct
{
  LdScreeningPage *self;
  double           fraction;
} Progress;

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
toast (LdScreeningPage *self,
       const char      *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

/* A new list, or a new version of the embargo table, reaches the cases
 * already in the office, and the brokers on the register, at once. */
static void
rescreen_open_cases (LdScreeningPage *self)
{
  ld_rescreen_group_start (self->rescreen_group);
}

static void
update_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(LdScreeningPage) self = user_data;
  g_autoptr(GError) error = NULL;
  LdListUpdateResult outcome;

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  if (!ld_list_updater_update_finish (LD_LIST_UPDATER (object), result, &outcome, &error))
    {
      g_autofree char *message = g_strdup_printf (_("The list was not updated: %s"), error->message);

      toast (self, message);
      self->busy = FALSE;
      update_sensitivity (self);
      return;
    }
  toast (self, outcome == LD_LIST_UPDATE_INSTALLED ? _("A new list was installed.")
                                                   : _("The installed list is current."));
  load (self);
  if (outcome == LD_LIST_UPDATE_INSTALLED)
    rescreen_open_cases (self);
}

static void
update_clicked_cb (LdScreeningPage *self)
{
  g_autoptr(LdListUpdater) updater = ld_list_updater_new (self->list_dir);
  g_autofree char *url = g_settings_get_string (self->settings, "sanctions-list-url");

  self->busy = TRUE;
  update_sensitivity (self);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, url);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  ld_list_updater_set_progress_func (updater, download_progress, self, NULL);
  ld_list_updater_update_async (updater, url, NULL, update_done_cb, g_object_ref (self));
}

/* A new version of the embargo table made in this window reaches the cases
 * already in the office at once. */
static void
table_changed_cb (LdScreeningPage *self,
                  const char      *label)
{
  g_autofree char *message = g_strdup_printf (_("Embargo table version %s is in force."), label);

  toast (self, message);
  rescreen_open_cases (self);
}

/* Ctrl+N on the Screening section: a new denial (the window's new-record). */
static void
new_record_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ld_denials_group_begin_record (LD_SCREENING_PAGE (widget)->denials_group);
}

/* Reading the list and building its index takes a second of work: done when
 * the section is first shown, not at every start of the desk. */
static void
ld_screening_page_map (GtkWidget *widget)
{
  LdScreeningPage *self = LD_SCREENING_PAGE (widget);

  GTK_WIDGET_CLASS (ld_screening_page_parent_class)->map (widget);
  if (!self->loaded && !self->busy)
    load (self);
}

static void
ld_screening_page_dispose (GObject *object)
{
  LdScreeningPage *self = LD_SCREENING_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_SCREENING_PAGE);
  g_clear_object (&self->matcher);
  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, ld_actor_free);
  g_clear_pointer (&self->list_dir, g_free);
  G_OBJECT_CLASS (ld_screening_page_parent_class)->dispose (object);
}

static void
ld_screening_page_class_init (LdScreeningPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_screening_page_dispose;
  widget_class->map = ld_screening_page_map;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ld-screening-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdScreeningPage, page);
  gtk_widget_class_bind_template_child (widget_class, LdScreeningPage, update_button);
  gtk_widget_class_bind_template_child (widget_class, LdScreeningPage, generated_row);
  gtk_widget_class_bind_template_child (widget_class, LdScreeningPage, entries_row);
  gtk_widget_class_bind_template_child (widget_class, LdScreeningPage, hash_row);
  gtk_widget_class_bind_template_child (widget_class, LdScreeningPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, LdScreeningPage, embargoes_group);
  gtk_widget_class_bind_template_child (widget_class, LdScreeningPage, denials_group);
  gtk_widget_class_bind_template_child (widget_class, LdScreeningPage, rescreen_group);
  gtk_widget_class_bind_template_child (widget_class, LdScreeningPage, name_check_group);
  gtk_widget_class_bind_template_callback (widget_class, update_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, table_changed_cb);
  gtk_widget_class_install_action (widget_class, "page.new-record", NULL, new_record_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ld_screening_page_init (LdScreeningPage *self)
{
  g_type_ensure (LD_TYPE_EMBARGOES_GROUP);
  g_type_ensure (LD_TYPE_DENIALS_GROUP);
  g_type_ensure (LD_TYPE_RESCREEN_GROUP);
  g_type_ensure (LD_TYPE_NAME_CHECK_GROUP);
  gtk_widget_init_template (GTK_WIDGET (self));
  ld_name_check_group_set_denials_group (self->name_check_group, self->denials_group);
}

/**
 * ld_screening_page_new:
 * @list_dir: (nullable): where the installed list lives; %NULL for the desk's default
 */
GtkWidget *
ld_screening_page_new (GSettings  *settings,
                       const char *list_dir)
{
  LdScreeningPage *self = g_object_new (LD_TYPE_SCREENING_PAGE, NULL);

  self->settings = g_object_ref (settings);
  self->list_dir = list_dir ? g_strdup (list_dir) : ld_list_updater_default_dir ();
  ld_rescreen_group_set_list_dir (self->rescreen_group, self->list_dir);
  return GTK_WIDGET (self);
}

/* Updating the list and the embargo table are an administrator's acts; the
 * buttons are hidden for others (and the store refuses them anyway). */
void
ld_screening_page_set_actor (LdScreeningPage *self,
                             const LdActor   *actor)
{
  gboolean writable;

  g_return_if_fail (LD_IS_SCREENING_PAGE (self));

  /* A read-only store shows its screening data but takes no changes. */
  writable = self->store != NULL && !ld_store_is_read_only (self->store);
  self->may_update = writable && actor && ld_role_can (actor->role, LD_PERMISSION_MANAGE_REFERENCE_DATA);
  g_clear_pointer (&self->actor, ld_actor_free);
  self->actor = actor ? ld_actor_copy (actor) : NULL;
  ld_embargoes_group_set_actor (self->embargoes_group, actor);
  ld_denials_group_set_actor (self->denials_group, actor);
  ld_rescreen_group_set_actor (self->rescreen_group, actor);
  update_sensitivity (self);
}

/* The store whose embargo table is in force, and whose undecided cases are
 * screened again after an update. */
void
ld_screening_page_set_store (LdScreeningPage *self,
                             LdStore         *store)
{
  g_return_if_fail (LD_IS_SCREENING_PAGE (self));
  g_return_if_fail (self->store == NULL);

  if (store == NULL)
    return;
  self->store = g_object_ref (store);
  ld_embargoes_group_set_store (self->embargoes_group, store);
  ld_denials_group_set_store (self->denials_group, store);
  ld_rescreen_group_set_store (self->rescreen_group, store);
  update_sensitivity (self);
}

gboolean
ld_screening_page_is_ready (LdScreeningPage *self)
{
  g_return_val_if_fail (LD_IS_SCREENING_PAGE (self), FALSE);

  return self->loaded && !self->busy && ld_embargoes_group_is_ready (self->embargoes_group) &&
         ld_denials_group_is_ready (self->denials_group) &&
         ld_rescreen_group_is_ready (self->rescreen_group) &&
         !ld_name_check_group_is_busy (self->name_check_group);
}

/**
 * ld_screening_page_get_n_denials:
 *
 * Returns: how many denials in force the page lists
 */
guint
ld_screening_page_get_n_denials (LdScreeningPage *self)
{
  GPtrArray *denials = ld_denials_group_get_denials (self->denials_group);

  g_return_val_if_fail (LD_IS_SCREENING_PAGE (self), 0);

  return denials ? denials->len : 0;
}

guint
ld_screening_page_get_n_embargoes (LdScreeningPage *self)
{
  LdEmbargoTable *table = ld_embargoes_group_get_table (self->embargoes_group);

  g_return_val_if_fail (LD_IS_SCREENING_PAGE (self), 0);

  return table ? ld_embargo_table_get_n_embargoes (table) : 0;
}

/**
 * ld_screening_page_get_embargo_version:
 *
 * Returns: (nullable): the version of the embargo table shown, the one in force
 */
const char *
ld_screening_page_get_embargo_version (LdScreeningPage *self)
{
  LdEmbargoTable *table = ld_embargoes_group_get_table (self->embargoes_group);

  g_return_val_if_fail (LD_IS_SCREENING_PAGE (self), NULL);

  return table ? ld_embargo_table_get_version (table) : NULL;
}

/**
 * ld_screening_page_import_embargoes:
 * @file: a whole embargo table in the shipped file's format
 *
 * Puts the table in force as a new version, as the acting administrator, in a
 * worker thread; the file is checked whole before anything is written. Open
 * cases are then screened again.
 */
void
ld_screening_page_import_embargoes (LdScreeningPage *self,
                                    GFile           *file)
{
  g_return_if_fail (LD_IS_SCREENING_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  ld_embargoes_group_import (self->embargoes_group, file);
}

/**
 * ld_screening_page_check_name:
 *
 * Screens @name (and the optional two-letter @country) against the installed
 * list and the denial register in a worker thread and shows the matches.
 */
void
ld_screening_page_check_name (LdScreeningPage *self,
                              const char      *name,
                              const char      *country)
{
  g_return_if_fail (LD_IS_SCREENING_PAGE (self));

  ld_name_check_group_check (self->name_check_group, name, country);
}

guint
ld_screening_page_get_n_results (LdScreeningPage *self)
{
  g_return_val_if_fail (LD_IS_SCREENING_PAGE (self), 0);

  return ld_name_check_group_get_n_results (self->name_check_group);
}

/**
 * ld_screening_page_is_rescreening:
 *
 * Returns: whether undecided cases and brokers are being screened again
 */
gboolean
ld_screening_page_is_rescreening (LdScreeningPage *self)
{
  g_return_val_if_fail (LD_IS_SCREENING_PAGE (self), FALSE);

  return ld_rescreen_group_is_running (self->rescreen_group);
}

/**
 * ld_screening_page_get_rescreen_status:
 *
 * Returns: (transfer none): what the page says of the last re-screening
 */
const char *
ld_screening_page_get_rescreen_status (LdScreeningPage *self)
{
  g_return_val_if_fail (LD_IS_SCREENING_PAGE (self), NULL);

  return ld_rescreen_group_get_status (self->rescreen_group);
}

LdDenialsGroup *
_ld_screening_page_get_denials_group (LdScreeningPage *self)
{
  return self->denials_group;
}

LdEmbargoesGroup *
_ld_screening_page_get_embargoes_group (LdScreeningPage *self)
{
  return self->embargoes_group;
}
