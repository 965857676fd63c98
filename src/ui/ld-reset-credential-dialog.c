/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-reset-credential-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-credential.h"
#include "ld-reset-credential-dialog.h"
#include "ld-user-repo.h"

/* An administrator gives a profile a new credential and lifts its lock. The
 * credential is typed twice, hashed in a GTask thread, and never shown or
 * logged; the audit log says only who reset whose. Emits "reset" with the
 * profile's login once done, then closes. */
struct _LdResetCredentialDialog
{
  AdwWindow      parent_instance;

  AdwComboRow   *profile_row;
  AdwEntryRow   *credential_row;
  AdwEntryRow   *confirm_row;
  GtkLabel      *error_label;
  GtkButton     *reset_button;

  LdStore       *store;
  LdActor       *administrator;
  GPtrArray     *users;
  gboolean       busy;
};

G_DEFINE_FINAL_TYPE (LdResetCredentialDialog, ld_reset_credential_dialog, ADW_TYPE_WINDOW)

enum {
  RESET,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  LdStore *store;
  LdActor *administrator;
  char    *login;
  char    *credential;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->store);
  g_clear_pointer (&request->administrator, ld_actor_free);
  g_free (request->login);
  ld_credential_free (request->credential);
  g_free (request);
}

static void
show_error (LdResetCredentialDialog *self,
            const char              *message)
{
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
form_changed_cb (LdResetCredentialDialog *self)
{
  show_error (self, NULL);
}

static void
reset_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;

  if (ld_user_repo_reset_credential (request->store, request->administrator, request->login, request->credential,
                                     &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
reset_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  LdResetCredentialDialog *self = LD_RESET_CREDENTIAL_DIALOG (object);
  Request *request = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_button), TRUE);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[RESET], 0, request->login);
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
reset_clicked_cb (LdResetCredentialDialog *self)
{
  const char *credential = gtk_editable_get_text (GTK_EDITABLE (self->credential_row));
  guint index = adw_combo_row_get_selected (self->profile_row);
  g_autoptr(GTask) task = NULL;
  Request *request;

  if (self->busy || index >= self->users->len)
    return;
  if (!g_str_equal (credential, gtk_editable_get_text (GTK_EDITABLE (self->confirm_row))))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
      show_error (self, _("The two credentials differ; type the same one in both fields."));
      return;
    }
  request = g_new0 (Request, 1);
  request->store = g_object_ref (self->store);
  request->administrator = ld_actor_copy (self->administrator);
  request->login = g_strdup (((LdActor *) g_ptr_array_index (self->users, index))->login);
  request->credential = g_strdup (credential);
  self->busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_button), FALSE);
  task = g_task_new (self, NULL, reset_done_cb, NULL);
  g_task_set_source_tag (task, reset_clicked_cb);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  g_task_run_in_thread (task, reset_thread);
}

static AdwEntryRow *
password_row (AdwPreferencesGroup     *group,
              const char              *title,
              LdResetCredentialDialog *self)
{
  AdwEntryRow *row = ADW_ENTRY_ROW (adw_password_entry_row_new ());

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  g_signal_connect_swapped (row, "changed", G_CALLBACK (form_changed_cb), self);
  adw_preferences_group_add (group, GTK_WIDGET (row));
  return row;
}

static void
build (LdResetCredentialDialog *self)
{
  GtkBox *box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 0));
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *actions = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  gtk_window_set_title (GTK_WINDOW (self), _("Reset a Credential"));
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 540, 460);
  adw_preferences_group_set_description (group, _("Give the person their new credential yourself; it is not shown "
                                                  "again and never logged. Any lock on the profile is lifted."));
  self->profile_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->profile_row), _("Profile"));
  g_signal_connect_swapped (self->profile_row, "notify::selected", G_CALLBACK (form_changed_cb), self);
  adw_preferences_group_add (group, GTK_WIDGET (self->profile_row));
  self->credential_row = password_row (group, _("New credential (at least 8 characters)"), self);
  self->confirm_row = password_row (group, _("New credential again"), self);
  g_signal_connect_swapped (self->confirm_row, "entry-activated", G_CALLBACK (reset_clicked_cb), self);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  self->reset_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Reset Credential")));
  gtk_widget_set_halign (GTK_WIDGET (self->reset_button), GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (GTK_WIDGET (self->reset_button), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->reset_button), "destructive-action");
  gtk_widget_add_css_class (GTK_WIDGET (self->reset_button), "pill");
  g_signal_connect_swapped (self->reset_button, "clicked", G_CALLBACK (reset_clicked_cb), self);
  adw_preferences_group_add (actions, GTK_WIDGET (self->error_label));
  adw_preferences_group_add (actions, GTK_WIDGET (self->reset_button));

  adw_preferences_page_add (page, group);
  adw_preferences_page_add (page, actions);
  gtk_widget_set_vexpand (GTK_WIDGET (page), TRUE);
  gtk_box_append (box, adw_header_bar_new ());
  gtk_box_append (box, GTK_WIDGET (page));
  adw_window_set_content (ADW_WINDOW (self), GTK_WIDGET (box));
}

static void
ld_reset_credential_dialog_dispose (GObject *object)
{
  LdResetCredentialDialog *self = LD_RESET_CREDENTIAL_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->administrator, ld_actor_free);
  g_clear_pointer (&self->users, g_ptr_array_unref);
  G_OBJECT_CLASS (ld_reset_credential_dialog_parent_class)->dispose (object);
}

static void
ld_reset_credential_dialog_class_init (LdResetCredentialDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ld_reset_credential_dialog_dispose;
  signals[RESET] = g_signal_new ("reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ld_reset_credential_dialog_init (LdResetCredentialDialog *self)
{
  build (self);
}

/**
 * ld_reset_credential_dialog_new:
 * @administrator: who resets; the store checks that it is an administrator
 * @users: (element-type LdActor): the profiles to choose from
 */
LdResetCredentialDialog *
ld_reset_credential_dialog_new (GtkWindow     *parent,
                                LdStore       *store,
                                const LdActor *administrator,
                                GPtrArray     *users)
{
  LdResetCredentialDialog *self = g_object_new (LD_TYPE_RESET_CREDENTIAL_DIALOG, "transient-for", parent, NULL);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  self->store = g_object_ref (store);
  self->administrator = ld_actor_copy (administrator);
  self->users = g_ptr_array_ref (users);
  for (guint i = 0; i < users->len; i++)
    {
      const LdActor *user = g_ptr_array_index (users, i);
      g_autofree char *name = g_strdup_printf ("%s (%s)", user->display_name, user->login);

      gtk_string_list_append (names, name);
    }
  adw_combo_row_set_model (self->profile_row, G_LIST_MODEL (names));
  return self;
}

/**
 * ld_reset_credential_dialog_reset:
 *
 * Chooses @login, types the credential twice and presses Reset, through the
 * same path as the administrator at the desk: for tests.
 */
void
ld_reset_credential_dialog_reset (LdResetCredentialDialog *self,
                                  const char              *login,
                                  const char              *credential,
                                  const char              *confirm)
{
  g_return_if_fail (LD_IS_RESET_CREDENTIAL_DIALOG (self));

  for (guint i = 0; i < self->users->len; i++)
    if (g_str_equal (((LdActor *) g_ptr_array_index (self->users, i))->login, login))
      adw_combo_row_set_selected (self->profile_row, i);
  gtk_editable_set_text (GTK_EDITABLE (self->credential_row), credential);
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), confirm);
  reset_clicked_cb (self);
}

const char *
ld_reset_credential_dialog_get_error (LdResetCredentialDialog *self)
{
  g_return_val_if_fail (LD_IS_RESET_CREDENTIAL_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label)) ? gtk_label_get_text (self->error_label) : NULL;
}

gboolean
ld_reset_credential_dialog_is_busy (LdResetCredentialDialog *self)
{
  g_return_val_if_fail (LD_IS_RESET_CREDENTIAL_DIALOG (self), FALSE);

  return self->busy;
}
