/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-profile-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-credential.h"
#include "ld-profile-dialog.h"
#include "ld-user-repo.h"

/* Asks who is at the desk: the person chooses their profile and proves it
 * with its credential, or, in a store without profiles, creates its first
 * administrator with one. The credential is checked (Argon2id, slow on
 * purpose) in a GTask thread. Emits "profile-chosen" with the signed-in
 * LdActor, and only then closes. */
struct _LdProfileDialog
{
  AdwWindow             parent_instance;

  GtkButton            *back_button;
  GtkStack             *stack;
  AdwPreferencesGroup  *existing_group;
  GtkListBox           *profiles_list;
  AdwPreferencesGroup  *sign_in_group;
  AdwEntryRow          *credential_row;
  GtkLabel             *sign_in_error;
  GtkButton            *sign_in_button;
  AdwPreferencesGroup  *new_group;
  AdwEntryRow          *name_row;
  AdwEntryRow          *login_row;
  AdwEntryRow          *person_row;
  AdwEntryRow          *new_credential_row;
  AdwEntryRow          *confirm_row;
  GtkLabel             *error_label;
  GtkButton            *create_button;

  LdStore              *store;
  GPtrArray            *users;
  const LdActor        *chosen;   /* (nullable) in users: whose credential is asked */
  gboolean              login_edited;
  gboolean              busy;
};

G_DEFINE_FINAL_TYPE (LdProfileDialog, ld_profile_dialog, ADW_TYPE_WINDOW)

enum {
  PROFILE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* What a GTask thread needs; the credential is overwritten when freed. */
typedef struct
{
  LdStore      *store;
  char         *credential;
  char         *login;
  char         *name;
  char         *person;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->store);
  ld_credential_free (request->credential);
  g_free (request->login);
  g_free (request->name);
  g_free (request->person);
  g_free (request);
}

static void
choose (LdProfileDialog *self,
        const LdActor   *actor)
{
  g_signal_emit (self, signals[PROFILE_CHOSEN], 0, actor);
  /* Take the focus off the credential first: GTK 4.8 warns when a focused
   * text field goes away with its window. */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
show_error (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_text (label, message);
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
set_busy (LdProfileDialog *self,
          gboolean         busy)
{
  self->busy = busy;
  /* The field keeps its focus (and stays sensitive) while the credential is
   * checked; a second Enter meanwhile is ignored. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->sign_in_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->back_button), !busy);
}

/* ---- Signing in ------------------------------------------------------------ */

static void
show_sign_in (LdProfileDialog *self,
              const LdActor   *user)
{
  g_autofree char *title = g_strdup_printf (_("Sign In as %s"), user->display_name);

  self->chosen = user;
  adw_preferences_group_set_title (self->sign_in_group, title);
  adw_preferences_group_set_description (self->sign_in_group, ld_role_get_title (user->role));
  gtk_editable_set_text (GTK_EDITABLE (self->credential_row), "");
  show_error (self->sign_in_error, NULL);
  gtk_stack_set_visible_child_name (self->stack, "sign-in");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), self->users->len > 1);
  gtk_widget_grab_focus (GTK_WIDGET (self->credential_row));
}

static void
profile_activated_cb (LdProfileDialog *self,
                      GtkListBoxRow   *row,
                      GtkListBox      *list)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "ld-index"));

  show_sign_in (self, g_ptr_array_index (self->users, index));
}

static void
back_clicked_cb (LdProfileDialog *self)
{
  self->chosen = NULL;
  gtk_editable_set_text (GTK_EDITABLE (self->credential_row), "");
  gtk_stack_set_visible_child_name (self->stack, "choose");
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), FALSE);
}

static void
credential_changed_cb (LdProfileDialog *self)
{
  if (gtk_editable_get_text (GTK_EDITABLE (self->credential_row))[0] != '\0')
    show_error (self->sign_in_error, NULL);
}

static void
sign_in_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Request *request = task_data;
  GError *error = NULL;
  LdActor *actor = ld_user_repo_sign_in (request->store, request->login, request->credential, &error);

  if (actor)
    g_task_return_pointer (task, actor, (GDestroyNotify) ld_actor_free);
  else
    g_task_return_error (task, error);
}

static void
sign_in_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  LdProfileDialog *self = LD_PROFILE_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) actor = g_task_propagate_pointer (G_TASK (result), &error);

  set_busy (self, FALSE);
  if (actor == NULL)
    {
      /* A wrong credential is typed again from scratch, not edited. */
      gtk_editable_set_text (GTK_EDITABLE (self->credential_row), "");
      show_error (self->sign_in_error, error->message);
      gtk_widget_grab_focus (GTK_WIDGET (self->credential_row));
      return;
    }
  choose (self, actor);
}

static void
sign_in_clicked_cb (LdProfileDialog *self)
{
  const char *credential = gtk_editable_get_text (GTK_EDITABLE (self->credential_row));
  g_autoptr(GTask) task = NULL;
  Request *request;

  if (self->busy || self->chosen == NULL)
    return;
  if (credential[0] == '\0')
    {
      show_error (self->sign_in_error, _("Type your credential, then press Sign In."));
      return;
    }
  request = g_new0 (Request, 1);
  request->store = g_object_ref (self->store);
  request->login = g_strdup (self->chosen->login);
  request->credential = g_strdup (credential);
  set_busy (self, TRUE);
  task = g_task_new (self, NULL, sign_in_done_cb, NULL);
  g_task_set_source_tag (task, sign_in_clicked_cb);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  g_task_run_in_thread (task, sign_in_thread);
}

/* ---- A new store's first administrator -------------------------------------- */

/* Suggest a login from the name (“María Fernández” → “maria.fernandez”) until
 * the person types one of their own. */
static char *
suggest_login (const char *name)
{
  g_autofree char *ascii = g_str_to_ascii (name, "C");
  g_autofree char *lower = g_ascii_strdown (ascii, -1);
  GString *login = g_string_new (NULL);

  for (const char *p = lower; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (login, *p);
      else if (login->len > 0 && login->str[login->len - 1] != '.')
        g_string_append_c (login, '.');
    }
  while (login->len > 0 && login->str[login->len - 1] == '.')
    g_string_truncate (login, login->len - 1);
  return g_string_free (login, FALSE);
}

static const char *
text_of (AdwEntryRow *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (row));
}

static void
form_changed_cb (LdProfileDialog *self,
                 GtkEditable     *editable)
{
  if (editable == GTK_EDITABLE (self->name_row) && !self->login_edited)
    {
      g_autofree char *suggestion = suggest_login (text_of (self->name_row));

      g_signal_handlers_block_by_func (self->login_row, form_changed_cb, self);
      gtk_editable_set_text (GTK_EDITABLE (self->login_row), suggestion);
      g_signal_handlers_unblock_by_func (self->login_row, form_changed_cb, self);
    }
  else if (editable == GTK_EDITABLE (self->login_row))
    self->login_edited = TRUE;

  show_error (self->error_label, NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button),
                            !self->busy && text_of (self->name_row)[0] && text_of (self->login_row)[0] &&
                            text_of (self->person_row)[0] && text_of (self->new_credential_row)[0] &&
                            text_of (self->confirm_row)[0]);
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Request *request = task_data;
  const LdNewProfile profile = { request->login, request->name, LD_ROLE_ADMINISTRATOR, request->person,
                                 request->credential };
  GError *error = NULL;
  LdActor *actor = ld_user_repo_create (request->store, NULL, &profile, &error);

  if (actor)
    g_task_return_pointer (task, actor, (GDestroyNotify) ld_actor_free);
  else
    g_task_return_error (task, error);
}

static void
create_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  LdProfileDialog *self = LD_PROFILE_DIALOG (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) actor = g_task_propagate_pointer (G_TASK (result), &error);

  self->busy = FALSE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), TRUE);
  if (actor == NULL)
    {
      /* What was typed stays in the form; the message says what to change. */
      show_error (self->error_label, error->message);
      return;
    }
  choose (self, actor);
}

static void
create_clicked_cb (LdProfileDialog *self)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  if (self->busy || !gtk_widget_get_sensitive (GTK_WIDGET (self->create_button)))
    return;
  if (!g_str_equal (text_of (self->new_credential_row), text_of (self->confirm_row)))
    {
      /* Emptied first: a change in the form hides the message. */
      gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), "");
      show_error (self->error_label, _("The two credentials differ; type the same one in both fields."));
      gtk_widget_grab_focus (GTK_WIDGET (self->confirm_row));
      return;
    }
  request = g_new0 (Request, 1);
  request->store = g_object_ref (self->store);
  request->name = g_strdup (text_of (self->name_row));
  request->login = g_strdup (text_of (self->login_row));
  request->person = g_strdup (text_of (self->person_row));
  request->credential = g_strdup (text_of (self->new_credential_row));

  self->busy = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), FALSE);
  task = g_task_new (self, NULL, create_done_cb, NULL);
  g_task_set_source_tag (task, create_clicked_cb);
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);
  g_task_run_in_thread (task, create_thread);
}

static void
choose_clicked_cb (GtkButton       *button,
                   LdProfileDialog *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "ld-index"));

  show_sign_in (self, g_ptr_array_index (self->users, index));
}

/* The row's arrow is a button named for the person: list rows have no
 * action that assistive tools can invoke in GTK 4.8, a button has. */
static GtkWidget *
choose_button (LdProfileDialog *self,
               const LdActor   *user,
               guint            index)
{
  GtkWidget *button = gtk_button_new_from_icon_name ("go-next-symbolic");
  g_autofree char *label = g_strdup_printf (_("Choose %s"), user->display_name);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_object_set_data (G_OBJECT (button), "ld-index", GUINT_TO_POINTER (index));
  g_signal_connect (button, "clicked", G_CALLBACK (choose_clicked_cb), self);
  return button;
}

static void
fill_profiles (LdProfileDialog *self)
{
  for (guint i = 0; i < self->users->len; i++)
    {
      LdActor *user = g_ptr_array_index (self->users, i);
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());
      g_autofree char *subtitle = g_strdup_printf ("%s · %s", ld_role_get_title (user->role), user->login);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), user->display_name);
      adw_action_row_set_subtitle (row, subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (row, choose_button (self, user, i));
      g_object_set_data (G_OBJECT (row), "ld-index", GUINT_TO_POINTER (i));
      gtk_list_box_append (self->profiles_list, GTK_WIDGET (row));
    }
  if (self->users->len == 0)
    gtk_stack_set_visible_child_name (self->stack, "first-run");
  else if (self->users->len == 1)
    show_sign_in (self, g_ptr_array_index (self->users, 0));
}

static void
ld_profile_dialog_dispose (GObject *object)
{
  LdProfileDialog *self = LD_PROFILE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_PROFILE_DIALOG);
  g_clear_object (&self->store);
  self->chosen = NULL;
  g_clear_pointer (&self->users, g_ptr_array_unref);
  G_OBJECT_CLASS (ld_profile_dialog_parent_class)->dispose (object);
}

static void
ld_profile_dialog_class_init (LdProfileDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_profile_dialog_dispose;

  signals[PROFILE_CHOSEN] = g_signal_new ("profile-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 1, LD_TYPE_ACTOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ld-profile-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, existing_group);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, profiles_list);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, sign_in_group);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, credential_row);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, sign_in_error);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, sign_in_button);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, new_group);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, login_row);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, person_row);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, new_credential_row);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, confirm_row);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, create_button);
  gtk_widget_class_bind_template_callback (widget_class, profile_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, credential_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_in_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
}

static void
ld_profile_dialog_init (LdProfileDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), FALSE);
}

/**
 * ld_profile_dialog_new:
 * @users: (element-type LdActor): the store's profiles; none for a new store,
 *   whose first administrator the dialog then creates
 */
LdProfileDialog *
ld_profile_dialog_new (GtkWindow *parent,
                       LdStore   *store,
                       GPtrArray *users)
{
  LdProfileDialog *self = g_object_new (LD_TYPE_PROFILE_DIALOG, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  self->users = g_ptr_array_ref (users);
  fill_profiles (self);
  return self;
}

/**
 * ld_profile_dialog_ask_for:
 *
 * Goes straight to asking for the credential of @login (the profile given
 * with --user, or the last one used at this desk), if the store has it.
 *
 * Returns: whether @login is one of the store's profiles
 */
gboolean
ld_profile_dialog_ask_for (LdProfileDialog *self,
                           const char      *login)
{
  g_return_val_if_fail (LD_IS_PROFILE_DIALOG (self), FALSE);

  for (guint i = 0; login && i < self->users->len; i++)
    {
      const LdActor *user = g_ptr_array_index (self->users, i);

      if (g_str_equal (user->login, login))
        {
          show_sign_in (self, user);
          gtk_widget_set_visible (GTK_WIDGET (self->back_button), TRUE);
          return TRUE;
        }
    }
  return FALSE;
}

/**
 * ld_profile_dialog_sign_in:
 *
 * Types @credential for @login into the dialog and presses Sign In, through
 * the same path as a person at the desk: for tests.
 */
void
ld_profile_dialog_sign_in (LdProfileDialog *self,
                           const char      *login,
                           const char      *credential)
{
  g_return_if_fail (LD_IS_PROFILE_DIALOG (self));

  if (!ld_profile_dialog_ask_for (self, login))
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->credential_row), credential);
  sign_in_clicked_cb (self);
}

/**
 * ld_profile_dialog_get_error:
 *
 * Returns: (nullable): the message shown under the credential or the new
 *   profile's form, if any
 */
const char *
ld_profile_dialog_get_error (LdProfileDialog *self)
{
  GtkLabel *label;

  g_return_val_if_fail (LD_IS_PROFILE_DIALOG (self), NULL);

  label = g_str_equal (gtk_stack_get_visible_child_name (self->stack), "first-run") ? self->error_label
                                                                                    : self->sign_in_error;
  return gtk_widget_get_visible (GTK_WIDGET (label)) ? gtk_label_get_text (label) : NULL;
}

gboolean
ld_profile_dialog_is_busy (LdProfileDialog *self)
{
  g_return_val_if_fail (LD_IS_PROFILE_DIALOG (self), FALSE);

  return self->busy;
}

/**
 * ld_profile_dialog_create_first:
 *
 * Fills the first administrator's form (the login is suggested from @name)
 * and presses its button, through the same path as a person: for tests.
 *
 * Returns: whether the dialog is asking for a first administrator
 */
gboolean
ld_profile_dialog_create_first (LdProfileDialog *self,
                                const char      *name,
                                const char      *person,
                                const char      *credential,
                                const char      *confirm)
{
  g_return_val_if_fail (LD_IS_PROFILE_DIALOG (self), FALSE);

  if (!g_str_equal (gtk_stack_get_visible_child_name (self->stack), "first-run"))
    return FALSE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name);
  gtk_editable_set_text (GTK_EDITABLE (self->person_row), person);
  gtk_editable_set_text (GTK_EDITABLE (self->new_credential_row), credential);
  gtk_editable_set_text (GTK_EDITABLE (self->confirm_row), confirm);
  create_clicked_cb (self);
  return TRUE;
}
