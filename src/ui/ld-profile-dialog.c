/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-profile-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-profile-dialog.h"
#include "ld-user-repo.h"

/* Chooses who works at this desk in local mode, or creates the first profile
 * of a new store. Emits "profile-chosen" with the LdActor. */
struct _LdProfileDialog
{
  AdwWindow             parent_instance;

  AdwPreferencesGroup  *existing_group;
  GtkListBox           *profiles_list;
  AdwPreferencesGroup  *new_group;
  AdwEntryRow          *name_row;
  AdwEntryRow          *login_row;
  AdwComboRow          *role_row;
  GtkLabel             *error_label;
  GtkButton            *create_button;

  LdStore              *store;
  GPtrArray            *users;
  gboolean              login_edited;
};

G_DEFINE_FINAL_TYPE (LdProfileDialog, ld_profile_dialog, ADW_TYPE_WINDOW)

enum {
  PROFILE_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  char   *login;
  char   *name;
  LdRole  role;
} NewProfile;

static void
new_profile_free (NewProfile *profile)
{
  g_free (profile->login);
  g_free (profile->name);
  g_free (profile);
}

static void
choose (LdProfileDialog *self,
        const LdActor   *actor)
{
  g_signal_emit (self, signals[PROFILE_CHOSEN], 0, actor);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
profile_activated_cb (LdProfileDialog *self,
                      GtkListBoxRow   *row,
                      GtkListBox      *list)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "ld-index"));

  choose (self, g_ptr_array_index (self->users, index));
}

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

static void
form_changed_cb (LdProfileDialog *self,
                 GtkEditable     *editable)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *login = gtk_editable_get_text (GTK_EDITABLE (self->login_row));

  if (editable == GTK_EDITABLE (self->name_row) && !self->login_edited)
    {
      g_autofree char *suggestion = suggest_login (name);

      g_signal_handlers_block_by_func (self->login_row, form_changed_cb, self);
      gtk_editable_set_text (GTK_EDITABLE (self->login_row), suggestion);
      g_signal_handlers_unblock_by_func (self->login_row, form_changed_cb, self);
    }
  else if (editable == GTK_EDITABLE (self->login_row))
    self->login_edited = TRUE;

  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), name[0] != '\0' && login[0] != '\0');
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  LdProfileDialog *self = source_object;
  NewProfile *profile = task_data;
  GError *error = NULL;
  LdActor *actor = ld_user_repo_add (self->store, NULL, profile->login, profile->name, profile->role, &error);

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

  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), TRUE);
  if (actor == NULL)
    {
      /* What was typed stays in the form; the message says what to change. */
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }
  choose (self, actor);
}

static void
create_clicked_cb (LdProfileDialog *self)
{
  NewProfile *profile = g_new0 (NewProfile, 1);
  g_autoptr(GTask) task = NULL;

  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->create_button)))
    {
      new_profile_free (profile);
      return;
    }
  profile->name = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  profile->login = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->login_row)));
  profile->role = LD_ROLE_FIRST + adw_combo_row_get_selected (self->role_row);

  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), FALSE);
  task = g_task_new (self, NULL, create_done_cb, NULL);
  g_task_set_source_tag (task, create_clicked_cb);
  g_task_set_task_data (task, profile, (GDestroyNotify) new_profile_free);
  g_task_run_in_thread (task, create_thread);
}

static void
fill_profiles (LdProfileDialog *self)
{
  for (guint i = 0; i < self->users->len; i++)
    {
      LdActor *user = g_ptr_array_index (self->users, i);
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), user->display_name);
      adw_action_row_set_subtitle (row, ld_role_get_title (user->role));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (row, gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data (G_OBJECT (row), "ld-index", GUINT_TO_POINTER (i));
      gtk_list_box_append (self->profiles_list, GTK_WIDGET (row));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->existing_group), self->users->len > 0);
}

static void
fill_roles (LdProfileDialog *self)
{
  g_autoptr(GtkStringList) roles = gtk_string_list_new (NULL);

  for (LdRole role = LD_ROLE_FIRST; role <= LD_ROLE_LAST; role++)
    gtk_string_list_append (roles, ld_role_get_title (role));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));
  adw_combo_row_set_selected (self->role_row, LD_ROLE_LICENSING_OFFICER - LD_ROLE_FIRST);
}

static void
ld_profile_dialog_dispose (GObject *object)
{
  LdProfileDialog *self = LD_PROFILE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_PROFILE_DIALOG);
  g_clear_object (&self->store);
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
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, existing_group);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, profiles_list);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, new_group);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, name_row);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, login_row);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, role_row);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, LdProfileDialog, create_button);
  gtk_widget_class_bind_template_callback (widget_class, profile_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
}

static void
ld_profile_dialog_init (LdProfileDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  fill_roles (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->create_button), FALSE);
}

/**
 * ld_profile_dialog_new:
 * @users: (element-type LdActor): the store's profiles
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
