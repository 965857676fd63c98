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

static void
ld_reset_credential_dialog_dispose (GObject *object)
{
  LdResetCredentialDialog *self = LD_RESET_CREDENTIAL_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->administrator, ld_actor_free);
  g_clear_pointer (&self->users, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_RESET_CREDENTIAL_DIALOG);
  G_OBJECT_CLASS (ld_reset_credential_dialog_parent_class)->dispose (object);
}

static void
ld_reset_credential_dialog_class_init (LdResetCredentialDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_reset_credential_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/licencedesk/LicenceDesk/ld-reset-credential-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdResetCredentialDialog, profile_row);
  gtk_widget_class_bind_template_child (widget_class, LdResetCredentialDialog, credential_row);
  gtk_widget_class_bind_template_child (widget_class, LdResetCredentialDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, LdResetCredentialDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LdResetCredentialDialog, reset_button);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, reset_clicked_cb);
  signals[RESET] = g_signal_new ("reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                 G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
ld_reset_credential_dialog_init (LdResetCredentialDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
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
