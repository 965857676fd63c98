/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-embargoes-group"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-embargoes-group-private.h"
#include "ld-register-tasks.h"
#include "ld-ui.h"

/* The UN arms-embargo table in force on the Screening page. Administrators
 * add an entry, change one, or end one with its reason: each edit is a new
 * version of the table, checked whole by the store before it is written (as
 * `licence-desk-admin embargo add/set/end` does), and "table-changed" tells
 * the page to screen the undecided cases again. */

G_DEFINE_FINAL_TYPE (LdEmbargoesGroup, ld_embargoes_group, ADW_TYPE_PREFERENCES_GROUP)

enum { TABLE_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

static const LdEmbargoScope scopes[] = {
  LD_EMBARGO_SCOPE_FULL, LD_EMBARGO_SCOPE_FULL_WITH_EXEMPTIONS, LD_EMBARGO_SCOPE_NON_GOVERNMENTAL,
  LD_EMBARGO_SCOPE_DESIGNATED,
};

static void
set_label (GtkLabel   *label,
           const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static char *
text_or_null (GtkEditable *field)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (field)));

  return text[0] ? g_steal_pointer (&text) : NULL;
}

/* "KE, SO" and "1556 (2004), 2750 (2024)": the pieces between commas. */
static GStrv
split_list (GtkEditable *field,
            gboolean     upper)
{
  g_auto(GStrv) parts = g_strsplit_set (gtk_editable_get_text (field), ",;", -1);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; parts[i]; i++)
    {
      char *piece = g_strstrip (parts[i]);

      if (piece[0] && upper)
        {
          g_autofree char *code = g_ascii_strup (piece, -1);

          g_strv_builder_add (b, code);
        }
      else if (piece[0])
        g_strv_builder_add (b, piece);
    }
  return g_strv_builder_end (b);
}

static void
show_table (LdEmbargoesGroup *self)
{
  GtkWidget *child;
  g_autofree char *description = NULL;

  g_hash_table_remove_all (self->entry_rows);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->embargo_list))))
    gtk_list_box_remove (self->embargo_list, child);
  if (self->table == NULL)
    {
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), self->problem);
      return;
    }
  description = g_strdup_printf (_("Version %s, updated %s, %s. Every country on a route and every party's "
                                   "country is screened against it."),
                                 ld_embargo_table_get_version (self->table), ld_embargo_table_get_updated (self->table),
                                 self->origin ? self->origin : "");
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), description);
  for (guint i = 0; i < ld_embargo_table_get_n_embargoes (self->table); i++)
    {
      const LdEmbargo *e = ld_embargo_table_get_embargo (self->table, i);
      GtkWidget *row = ld_embargo_row_new (e);

      gtk_list_box_append (self->embargo_list, row);
      g_hash_table_insert (self->entry_rows, g_strdup (e->id), row);
    }
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(LdEmbargoesGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdEmbargoTableInForce) in_force = ld_embargo_repo_read_finish (res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  self->loaded = TRUE;
  g_clear_object (&self->table);
  g_clear_pointer (&self->origin, g_free);
  g_clear_pointer (&self->problem, g_free);
  if (in_force)
    {
      self->table = g_steal_pointer (&in_force->table);
      self->origin = g_steal_pointer (&in_force->origin);
    }
  else
    self->problem = g_strdup_printf (_("The embargo table cannot be read: %s"), error->message);
  show_table (self);
  _ld_embargoes_group_update_actions (self);
}

/**
 * ld_embargoes_group_load:
 *
 * Reads the table in force in a worker thread; without a store, the one
 * shipped with the release is shown.
 */
void
ld_embargoes_group_load (LdEmbargoesGroup *self)
{
  g_return_if_fail (LD_IS_EMBARGOES_GROUP (self));

  if (self->store == NULL)
    {
      g_autoptr(GError) error = NULL;

      g_clear_object (&self->table);
      if (!(self->table = ld_embargo_table_new_default (&error)))
        self->problem = g_strdup_printf (_("The embargo table cannot be read: %s"), error->message);
      self->origin = g_strdup (_("as shipped with Licence Desk"));
      self->loaded = TRUE;
      show_table (self);
      return;
    }
  self->busy = TRUE;
  _ld_embargoes_group_update_actions (self);
  ld_embargo_repo_read_async (self->store, self->cancellable, loaded_cb, g_object_ref (self));
}

/* An edit committed on this desk, here or elsewhere in the window, shows at once. */
static void
store_changed_cb (LdEmbargoesGroup *self,
                  const char       *entity)
{
  if (g_strcmp0 (entity, "embargo_version") == 0 && self->loaded && !self->busy)
    ld_embargoes_group_load (self);
}

/* ---- edits --------------------------------------------------------------- */

static void
edited_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(LdEmbargoesGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *label = ld_embargo_repo_edit_finish (res, &error);

  self->busy = FALSE;
  _ld_embargoes_group_update_actions (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (label == NULL)
    {
      /* The form keeps what was typed; the table in force is unchanged. */
      set_label (gtk_widget_get_visible (GTK_WIDGET (self->add_row)) &&
                 adw_expander_row_get_expanded (self->add_row) ? self->add_error : self->edit_error,
                 error->message);
      return;
    }
  set_label (self->add_error, NULL);
  set_label (self->edit_error, NULL);
  adw_expander_row_set_expanded (self->add_row, FALSE);
  g_signal_emit (self, signals[TABLE_CHANGED], 0, label);
  ld_embargoes_group_load (self);
}

static void
begin_edit (LdEmbargoesGroup *self)
{
  set_label (self->add_error, NULL);
  set_label (self->edit_error, NULL);
  self->busy = TRUE;
  _ld_embargoes_group_update_actions (self);
}

void
_ld_embargoes_group_add (LdEmbargoesGroup *self)
{
  guint scope = adw_combo_row_get_selected (self->add_scope_row);
  g_autofree char *id = text_or_null (self->add_id_row);
  g_autofree char *name = text_or_null (self->add_name_row);
  g_autofree char *since = text_or_null (self->add_since_row);
  g_autofree char *source = text_or_null (self->add_source_row);
  g_auto(GStrv) countries = split_list (self->add_countries_row, TRUE);
  g_auto(GStrv) resolutions = split_list (self->add_resolutions_row, FALSE);
  LdEmbargoChange change = { id, name, countries, NULL, resolutions,
                             scope < G_N_ELEMENTS (scopes) ? ld_embargo_scope_to_string (scopes[scope]) : NULL,
                             NULL, since, source };

  if (self->busy || self->store == NULL)
    return;
  begin_edit (self);
  ld_embargo_repo_add_async (self->store, self->actor, &change, self->cancellable, edited_cb, g_object_ref (self));
}

/* Saves the fields under entry @id as they now read. */
void
_ld_embargoes_group_change (LdEmbargoesGroup *self,
                            const char       *id)
{
  LdEmbargoRow *row = g_hash_table_lookup (self->entry_rows, id);
  g_autofree char *name = NULL, *since = NULL, *source = NULL;
  g_auto(GStrv) countries = NULL;
  g_auto(GStrv) resolutions = NULL;

  if (row == NULL || self->busy || self->store == NULL)
    return;
  name = text_or_null (ld_embargo_row_get_field (row, LD_EMBARGO_FIELD_NAME));
  since = text_or_null (ld_embargo_row_get_field (row, LD_EMBARGO_FIELD_SINCE));
  source = text_or_null (ld_embargo_row_get_field (row, LD_EMBARGO_FIELD_SOURCE));
  countries = split_list (ld_embargo_row_get_field (row, LD_EMBARGO_FIELD_COUNTRIES), TRUE);
  resolutions = split_list (ld_embargo_row_get_field (row, LD_EMBARGO_FIELD_RESOLUTIONS), FALSE);
  {
    LdEmbargoChange change = { id, name, countries, NULL, resolutions, NULL, NULL, since, source };

    begin_edit (self);
    ld_embargo_repo_set_async (self->store, self->actor, &change, self->cancellable, edited_cb, g_object_ref (self));
  }
}

/* Ends entry @id with the reason typed under it: it stays in the table,
 * marked ended, and is no longer screened. */
void
_ld_embargoes_group_end (LdEmbargoesGroup *self,
                         const char       *id)
{
  LdEmbargoRow *row = g_hash_table_lookup (self->entry_rows, id);
  g_autofree char *reason = row ? text_or_null (ld_embargo_row_get_field (row, LD_EMBARGO_FIELD_END_REASON)) : NULL;

  if (row == NULL || self->busy || self->store == NULL)
    return;
  begin_edit (self);
  ld_embargo_repo_end_async (self->store, self->actor, id, reason, self->cancellable, edited_cb, g_object_ref (self));
}

/* ---- importing a whole table ---------------------------------------------- */

typedef struct
{
  LdActor *actor;
  GFile   *file;
} Import;

static void
import_free (Import *job)
{
  ld_actor_free (job->actor);
  g_clear_object (&job->file);
  g_free (job);
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Import *job = data;
  g_autoptr(GBytes) bytes = g_file_load_bytes (job->file, cancellable, NULL, NULL);
  GError *error = NULL;
  char *label = NULL;

  if (bytes == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (job->file);

      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("%s cannot be read."), name);
    }
  else
    label = ld_embargo_repo_import (source, job->actor, bytes, NULL, &error);
  if (label == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, label, g_free);
}

/**
 * ld_embargoes_group_import:
 * @file: a whole embargo table in the shipped file's format
 *
 * Puts the table in force as a new version, as the acting administrator, in
 * a worker thread; the file is checked whole before anything is written.
 */
void
ld_embargoes_group_import (LdEmbargoesGroup *self,
                           GFile            *file)
{
  g_autoptr(GTask) task = NULL;
  Import *job;

  g_return_if_fail (LD_IS_EMBARGOES_GROUP (self));
  g_return_if_fail (self->store != NULL);

  job = g_new0 (Import, 1);
  job->actor = self->actor ? ld_actor_copy (self->actor) : NULL;
  job->file = g_object_ref (file);
  begin_edit (self);
  task = g_task_new (self->store, self->cancellable, edited_cb, g_object_ref (self));
  g_task_set_source_tag (task, ld_embargoes_group_import);
  g_task_set_task_data (task, job, (GDestroyNotify) import_free);
  g_task_run_in_thread (task, import_thread);
}

/* The chooser hands the file's path to embargoes.import-file. */
void
_ld_embargoes_group_choose_import (LdEmbargoesGroup *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Embargo table (JSON)"));
  gtk_file_filter_add_suffix (filter, "json");
  ld_ui_choose_file_for_action (GTK_WIDGET (self), _("Import Embargo Table"), _("_Import"), filter,
                                "embargoes.import-file");
}

/* ---- the widget ---------------------------------------------------------- */

static void
ld_embargoes_group_dispose (GObject *object)
{
  LdEmbargoesGroup *self = LD_EMBARGOES_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_EMBARGOES_GROUP);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->entry_rows, g_hash_table_unref);
  g_clear_object (&self->table);
  g_clear_pointer (&self->origin, g_free);
  g_clear_pointer (&self->problem, g_free);
  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, ld_actor_free);
  G_OBJECT_CLASS (ld_embargoes_group_parent_class)->dispose (object);
}

static void
ld_embargoes_group_class_init (LdEmbargoesGroupClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_embargoes_group_dispose;

  /**
   * LdEmbargoesGroup::table-changed:
   * @label: the version now in force
   *
   * A new version of the table is in force, made here.
   */
  signals[TABLE_CHANGED] = g_signal_new ("table-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                         NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ld-embargoes-group.ui");
  gtk_widget_class_bind_template_child (widget_class, LdEmbargoesGroup, import_button);
  gtk_widget_class_bind_template_child (widget_class, LdEmbargoesGroup, add_row);
  gtk_widget_class_bind_template_child (widget_class, LdEmbargoesGroup, add_id_row);
  gtk_widget_class_bind_template_child (widget_class, LdEmbargoesGroup, add_name_row);
  gtk_widget_class_bind_template_child (widget_class, LdEmbargoesGroup, add_countries_row);
  gtk_widget_class_bind_template_child (widget_class, LdEmbargoesGroup, add_resolutions_row);
  gtk_widget_class_bind_template_child (widget_class, LdEmbargoesGroup, add_scope_row);
  gtk_widget_class_bind_template_child (widget_class, LdEmbargoesGroup, add_since_row);
  gtk_widget_class_bind_template_child (widget_class, LdEmbargoesGroup, add_source_row);
  gtk_widget_class_bind_template_child (widget_class, LdEmbargoesGroup, add_error);
  gtk_widget_class_bind_template_child (widget_class, LdEmbargoesGroup, edit_error);
  gtk_widget_class_bind_template_child (widget_class, LdEmbargoesGroup, embargo_list);
  _ld_embargoes_group_class_install_actions (widget_class);
}

static void
ld_embargoes_group_init (LdEmbargoesGroup *self)
{
  g_autoptr(GtkStringList) scope_names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->entry_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  for (guint i = 0; i < G_N_ELEMENTS (scopes); i++)
    gtk_string_list_append (scope_names, ld_embargo_scope_to_string (scopes[i]));
  adw_combo_row_set_model (self->add_scope_row, G_LIST_MODEL (scope_names));
  set_label (self->add_error, NULL);
  _ld_embargoes_group_update_actions (self);
}

void
ld_embargoes_group_set_store (LdEmbargoesGroup *self,
                              LdStore          *store)
{
  g_return_if_fail (LD_IS_EMBARGOES_GROUP (self));
  g_return_if_fail (self->store == NULL);

  if (store == NULL)
    return;
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  _ld_embargoes_group_update_actions (self);
}

void
ld_embargoes_group_set_actor (LdEmbargoesGroup *self,
                              const LdActor    *actor)
{
  g_return_if_fail (LD_IS_EMBARGOES_GROUP (self));

  g_clear_pointer (&self->actor, ld_actor_free);
  self->actor = actor ? ld_actor_copy (actor) : NULL;
  _ld_embargoes_group_update_actions (self);
}

gboolean
ld_embargoes_group_is_ready (LdEmbargoesGroup *self)
{
  g_return_val_if_fail (LD_IS_EMBARGOES_GROUP (self), FALSE);

  return self->loaded && !self->busy;
}

/**
 * ld_embargoes_group_get_table:
 *
 * Returns: (transfer none) (nullable): the table in force, as shown
 */
LdEmbargoTable *
ld_embargoes_group_get_table (LdEmbargoesGroup *self)
{
  g_return_val_if_fail (LD_IS_EMBARGOES_GROUP (self), NULL);

  return self->table;
}

GtkEditable *
_ld_embargoes_group_get_field (LdEmbargoesGroup *self,
                               const char       *id,
                               guint             field)
{
  LdEmbargoRow *row = g_hash_table_lookup (self->entry_rows, id);

  g_return_val_if_fail (field < LD_EMBARGO_N_FIELDS, NULL);
  return row ? ld_embargo_row_get_field (row, field) : NULL;
}

const char *
_ld_embargoes_group_get_edit_error (LdEmbargoesGroup *self)
{
  if (gtk_widget_get_visible (GTK_WIDGET (self->edit_error)))
    return gtk_label_get_text (self->edit_error);
  return gtk_widget_get_visible (GTK_WIDGET (self->add_error)) ? gtk_label_get_text (self->add_error) : NULL;
}
