/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-application"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "ld-application.h"
#include "ld-applications-page.h"
#include "ld-preferences-window.h"
#include "ld-profile-dialog.h"
#include "ld-record-page.h"
#include "ld-reset-credential-dialog.h"
#include "ld-ui.h"
#include "ld-user-repo.h"
#include "ld-window.h"

struct _LdApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *store_path;
  char           *user_login;
  char           *section;
  LdStore        *store;
  LdActor        *actor;
  LdWindow       *window;

  /* Start-up figures for tests/bench: see report_startup(). */
  gint64          started_at;
  gboolean        bench;
};

G_DEFINE_FINAL_TYPE (LdApplication, ld_application, ADW_TYPE_APPLICATION)

typedef struct
{
  LdStore   *store;
  GPtrArray *users;
} OpenResult;

static void
open_result_free (OpenResult *result)
{
  g_clear_object (&result->store);
  g_clear_pointer (&result->users, g_ptr_array_unref);
  g_free (result);
}

static void
bench_print (LdApplication *self,
             const char    *event)
{
  if (!self->bench)
    return;
  printf ("LD_BENCH %s %.3f\n", event, (g_get_monotonic_time () - self->started_at) / 1000.0);
  fflush (stdout);
}

/* "list-shown" when the first page of rows is in the list, "list-ready"
 * once the exact count has arrived too. */
static void
list_ready_cb (GObject       *model,
               GParamSpec    *pspec,
               LdApplication *self)
{
  if (!ld_paged_model_get_counted (LD_PAGED_MODEL (model)))
    return;
  if (g_object_get_data (model, "ld-bench-shown") == NULL)
    {
      g_object_set_data (model, "ld-bench-shown", GINT_TO_POINTER (1));
      bench_print (self, "list-shown");
    }
  if (ld_paged_model_get_loading (LD_PAGED_MODEL (model)))
    return;
  g_signal_handlers_disconnect_by_func (model, list_ready_cb, self);
  bench_print (self, "list-ready");
}

static void
after_first_paint_cb (GdkFrameClock *clock,
                      LdApplication *self)
{
  g_signal_handlers_disconnect_by_func (clock, after_first_paint_cb, self);
  bench_print (self, "first-frame");
}

static void
window_realized_cb (GtkWidget     *window,
                    LdApplication *self)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_first_paint_cb), self);
}

/* With LD_BENCH_STARTUP set, prints when the first frame is painted and when
 * the visible list has its first page, measured from process start-up. */
static void
report_startup (LdApplication *self)
{
  GtkWidget *page;

  if (!self->bench)
    return;
  page = ld_window_get_page (self->window, ld_window_get_section (self->window));
  /* The Applications section holds its register list inside its own page. */
  if (LD_IS_APPLICATIONS_PAGE (page))
    page = GTK_WIDGET (ld_applications_page_get_record_page (LD_APPLICATIONS_PAGE (page)));
  if (LD_IS_RECORD_PAGE (page))
    {
      LdPagedModel *model = ld_record_page_get_model (LD_RECORD_PAGE (page));

      g_signal_connect (model, "notify::loading", G_CALLBACK (list_ready_cb), self);
      g_signal_connect (model, "notify::counted", G_CALLBACK (list_ready_cb), self);
      list_ready_cb (G_OBJECT (model), NULL, self);
    }
}

/* Only an administrator is offered to reset credentials. */
static void
update_actions (LdApplication *self)
{
  GAction *reset = g_action_map_lookup_action (G_ACTION_MAP (self), "reset-credential");

  g_simple_action_set_enabled (G_SIMPLE_ACTION (reset),
                               self->actor && ld_role_can (self->actor->role, LD_PERMISSION_MANAGE_USERS));
}

static void
set_actor (LdApplication *self,
           const LdActor *actor)
{
  g_clear_pointer (&self->actor, ld_actor_free);
  self->actor = ld_actor_copy (actor);
  update_actions (self);
  g_settings_set_string (self->settings, "last-user", actor->login);
  ld_window_set_actor (self->window, self->actor);
}

static void
profile_chosen_cb (LdProfileDialog *dialog,
                   LdActor         *actor,
                   LdApplication   *self)
{
  set_actor (self, actor);
}

/* Nobody is signed in until they give their profile's credential: --user
 * (or the last profile used at this desk) only chooses whose is asked for. */
static void
ask_who_is_at_the_desk (LdApplication *self,
                        GPtrArray     *users,
                        const char    *login)
{
  LdProfileDialog *dialog = ld_profile_dialog_new (GTK_WINDOW (self->window), self->store, users);

  g_signal_connect_object (dialog, "profile-chosen", G_CALLBACK (profile_chosen_cb), self, 0);
  ld_profile_dialog_ask_for (dialog, login);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
choose_actor (LdApplication *self,
              GPtrArray     *users)
{
  g_autofree char *last = g_settings_get_string (self->settings, "last-user");

  ld_window_set_actor (self->window, NULL);
  ask_who_is_at_the_desk (self, users, self->user_login ? self->user_login : last);
}

typedef struct
{
  char             *path;
  LdStoreOpenFlags  flags;
} OpenRequest;

static void
open_request_free (OpenRequest *request)
{
  g_free (request->path);
  g_free (request);
}

static void
open_store_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  const OpenRequest *request = task_data;
  OpenResult *result = g_new0 (OpenResult, 1);
  GError *error = NULL;
  g_autofree char *dir = g_path_get_dirname (request->path);

  /* Only the desk's default folder is created, with a new store; a path
   * given with --store must be in a folder that exists. */
  if ((request->flags & LD_STORE_OPEN_CREATE) &&
      (g_getenv ("LD_CREATE_STORE_DIR") || g_str_has_prefix (request->path, g_get_user_data_dir ())))
    g_mkdir_with_parents (dir, 0700);

  if ((result->store = ld_store_open_full (request->path, request->flags, &error)) == NULL ||
      (result->users = ld_user_repo_list (result->store, &error)) == NULL)
    {
      open_result_free (result);
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, result, (GDestroyNotify) open_result_free);
}

static void open_store (LdApplication    *self,
                        LdStoreOpenFlags  flags);

static void
new_store_response_cb (AdwMessageDialog *dialog,
                       const char       *response,
                       LdApplication    *self)
{
  if (g_str_equal (response, "create"))
    open_store (self, LD_STORE_OPEN_CREATE);
}

/* The first run: there is no store yet. It is made only when the person at
 * the desk says so, so that a mistyped --store never becomes an empty store. */
static void
offer_new_store (LdApplication *self)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self->window), _("Create a New Store?"), NULL);
  g_autofree char *path = self->store_path ? g_strdup (self->store_path) : ld_store_default_path ();

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("There is no store at %s yet. If this is the desk's first start, create it: "
                                    "a new store starts empty, and the first profile you then add is the desk's "
                                    "administrator. If you expected records here, check the path instead."), path);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Not Now"),
                                    "create", _("_Create Store"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "create", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "create");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (new_store_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
open_store_done_cb (GObject      *object,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  LdApplication *self = LD_APPLICATION (object);
  g_autoptr(GError) error = NULL;
  OpenResult *result = g_task_propagate_pointer (G_TASK (res), &error);

  if (result == NULL)
    {
      g_printerr ("licence-desk: %s\n", error->message);
      ld_window_show_store_error (self->window, error);
      bench_print (self, "store-error");
      if (g_error_matches (error, LD_STORE_ERROR, LD_STORE_ERROR_MISSING))
        offer_new_store (self);
      return;
    }
  self->store = g_object_ref (result->store);
  if (ld_store_is_read_only (self->store))
    g_printerr (_("licence-desk: %s cannot be written, so it was opened read-only: it can be read, not changed.\n"),
                ld_store_get_path (self->store));
  ld_window_set_store (self->window, self->store);
  choose_actor (self, result->users);
  open_result_free (result);
  report_startup (self);
}

static void
open_store (LdApplication    *self,
            LdStoreOpenFlags  flags)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, open_store_done_cb, NULL);
  OpenRequest *request = g_new0 (OpenRequest, 1);

  request->path = self->store_path ? g_strdup (self->store_path) : ld_store_default_path ();
  request->flags = flags;
  g_task_set_source_tag (task, open_store);
  g_task_set_task_data (task, request, (GDestroyNotify) open_request_free);
  g_task_run_in_thread (task, open_store_thread);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  LdApplication *self = user_data;

  if (self->window)
    gtk_window_close (GTK_WINDOW (self->window));
  g_application_quit (G_APPLICATION (self));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  LdApplication *self = user_data;
  static const char *developers[] = { "The Licence Desk developers", NULL };

  adw_show_about_window (GTK_WINDOW (self->window),
                         "application-name", _("Licence Desk"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "developer-name", _("The Licence Desk developers"),
                         "developers", developers,
                         "comments", _("Licensing of transfers and brokering of small arms and light weapons, "
                                       "under the UN Programme of Action and the International Tracing Instrument."),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "website", "https://licencedesk.org/",
                         NULL);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  LdApplication *self = user_data;
  GtkWidget *window = ld_preferences_window_new (GTK_WINDOW (self->window), self->settings,
                                                 self->store ? ld_store_get_path (self->store) : NULL);

  gtk_window_present (GTK_WINDOW (window));
}

static void
list_users_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *users = ld_user_repo_list (LD_STORE (task_data), &error);

  if (users)
    g_task_return_pointer (task, users, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

static void
users_listed_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LdApplication *self = LD_APPLICATION (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = g_task_propagate_pointer (G_TASK (result), &error);

  if (users == NULL)
    {
      ld_window_add_toast (self->window, error->message);
      return;
    }
  /* Whoever is signed in stays so until someone else signs in. */
  ask_who_is_at_the_desk (self, users, NULL);
}

/* The profiles are read off the UI thread, then offered in the dialog. */
static void
switch_user_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  LdApplication *self = user_data;
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL)
    return;
  task = g_task_new (self, NULL, users_listed_cb, NULL);
  g_task_set_source_tag (task, switch_user_action);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, list_users_thread);
}

static void
credential_reset_cb (LdResetCredentialDialog *dialog,
                     const char              *login,
                     LdApplication           *self)
{
  g_autofree char *message = g_strdup_printf (_("The credential of %s is reset; any lock is lifted."), login);

  ld_window_add_toast (self->window, message);
}

static void
users_for_reset_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  LdApplication *self = LD_APPLICATION (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) users = g_task_propagate_pointer (G_TASK (result), &error);
  LdResetCredentialDialog *dialog;

  if (users == NULL || self->actor == NULL)
    {
      if (error)
        ld_window_add_toast (self->window, error->message);
      return;
    }
  dialog = ld_reset_credential_dialog_new (GTK_WINDOW (self->window), self->store, self->actor, users);
  g_signal_connect_object (dialog, "reset", G_CALLBACK (credential_reset_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reset_credential_action (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  LdApplication *self = user_data;
  g_autoptr(GTask) task = NULL;

  if (self->store == NULL || self->actor == NULL)
    return;
  task = g_task_new (self, NULL, users_for_reset_cb, NULL);
  g_task_set_source_tag (task, reset_credential_action);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, list_users_thread);
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "switch-user", switch_user_action },
  { "reset-credential", reset_credential_action },
};

static void
ld_application_startup (GApplication *application)
{
  LdApplication *self = LD_APPLICATION (application);
  static const char *quit_accels[] = { "<Primary>q", NULL };
  static const char *preferences_accels[] = { "<Primary>comma", NULL };
  static const char *help_accels[] = { "<Primary>question", NULL };

  ld_ui_init ();
  G_APPLICATION_CLASS (ld_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  update_actions (self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences", preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.show-help-overlay", help_accels);
  self->settings = g_settings_new (APP_ID);
}

static void
ld_application_activate (GApplication *application)
{
  LdApplication *self = LD_APPLICATION (application);

  if (self->window)
    {
      gtk_window_present (GTK_WINDOW (self->window));
      return;
    }
  self->window = ld_window_new (GTK_APPLICATION (self), self->settings);
  if (self->section)
    ld_window_select_section (self->window, self->section);
  if (self->bench)
    g_signal_connect (self->window, "realize", G_CALLBACK (window_realized_cb), self);
  gtk_window_present (GTK_WINDOW (self->window));
  open_store (self, LD_STORE_OPEN_DEFAULT);
}

static int
ld_application_handle_local_options (GApplication *application,
                                     GVariantDict *options)
{
  LdApplication *self = LD_APPLICATION (application);

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("licence-desk %s\n", PACKAGE_VERSION);
      return 0;
    }
  g_variant_dict_lookup (options, "store", "^ay", &self->store_path);
  g_variant_dict_lookup (options, "user", "s", &self->user_login);
  g_variant_dict_lookup (options, "section", "s", &self->section);
  return -1;
}

static void
ld_application_dispose (GObject *object)
{
  LdApplication *self = LD_APPLICATION (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, ld_actor_free);
  g_clear_pointer (&self->store_path, g_free);
  g_clear_pointer (&self->user_login, g_free);
  g_clear_pointer (&self->section, g_free);
  G_OBJECT_CLASS (ld_application_parent_class)->dispose (object);
}

static void
ld_application_class_init (LdApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = ld_application_dispose;
  app_class->startup = ld_application_startup;
  app_class->activate = ld_application_activate;
  app_class->handle_local_options = ld_application_handle_local_options;
}

static void
ld_application_init (LdApplication *self)
{
  static const GOptionEntry options[] = {
    { "store", 's', 0, G_OPTION_ARG_FILENAME, NULL, N_("Work on this store file instead of the desk's own"), N_("PATH") },
    { "user", 'u', 0, G_OPTION_ARG_STRING, NULL, N_("Ask for the credential of this user profile first"), N_("LOGIN") },
    { "section", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Open this section: brokers, applications, eucs, licences, screening, reports or central"), N_("ID") },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL, N_("Print the version and exit"), NULL },
    { NULL }
  };

  self->started_at = g_get_monotonic_time ();
  self->bench = g_getenv ("LD_BENCH_STARTUP") != NULL;
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

LdApplication *
ld_application_new (void)
{
  /* NON_UNIQUE: each desk window works on the store it was started with; a
   * second instance with another --store must not be folded into the first. */
  return g_object_new (LD_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
