/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-denials-group"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-case.h"
#include "ld-denials-group-private.h"
#include "ld-register-tasks.h"

/* The national denial register on the Screening page: the denials in force,
 * read as the person at the desk, with Record a Denial and, under each, Void
 * with the reason. Every party of a case is screened against them. */

G_DEFINE_FINAL_TYPE (LdDenialsGroup, ld_denials_group, ADW_TYPE_PREFERENCES_GROUP)

static void load (LdDenialsGroup *self);

static void
set_label (GtkLabel   *label,
           const char *message)
{
  gtk_label_set_text (label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
describe (LdDenialsGroup *self)
{
  g_autofree char *text = NULL;

  if (self->problem)
    {
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), self->problem);
      return;
    }
  if (self->denials == NULL)
    return;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u denial in force. Every party of a case is screened against it.",
                                       "%u denials in force. Every party of a case is screened against them.",
                                       self->denials->len),
                          self->denials->len);
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (self), text);
}

/* One denial: what it is, and for those who keep the register, Void with
 * the reason it needs. */
static GtkWidget *
denial_row (LdDenialsGroup *self,
            const LdDenial *denial)
{
  GtkWidget *row = adw_expander_row_new ();
  GtkWidget *reason = adw_entry_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Void"));
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s · denied %s · %s"), denial->reference, denial->country,
                                               denial->denied_on, denial->source);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), denial->name);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (reason), _("Why it is voided"));
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "destructive-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "denials.void");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", denial->reference);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (reason), button);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), reason);
  g_hash_table_insert (self->void_reasons, g_strdup (denial->reference), reason);
  return row;
}

static void
show_denials (LdDenialsGroup *self)
{
  GtkWidget *child;

  g_hash_table_remove_all (self->void_reasons);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->denial_list))))
    gtk_list_box_remove (self->denial_list, child);
  for (guint i = 0; self->denials && i < self->denials->len; i++)
    gtk_list_box_append (self->denial_list, denial_row (self, g_ptr_array_index (self->denials, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->denial_list), self->denials != NULL);
  describe (self);
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(LdDenialsGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) denials = ld_denial_repo_list_finish (res, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  self->loaded = TRUE;
  g_clear_pointer (&self->problem, g_free);
  if (denials == NULL)
    self->problem = g_strdup_printf (_("The denial register cannot be read: %s"), error->message);
  g_clear_pointer (&self->denials, g_ptr_array_unref);
  self->denials = g_steal_pointer (&denials);
  show_denials (self);
  _ld_denials_group_update_actions (self);
}

static void
load (LdDenialsGroup *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->problem, g_free);
  if (self->store == NULL)
    return;
  if (self->actor == NULL)
    {
      self->problem = g_strdup (_("Choose who is at this desk to see the register."));
      g_clear_pointer (&self->denials, g_ptr_array_unref);
      self->loaded = TRUE;
      show_denials (self);
      return;
    }
  self->busy = TRUE;
  _ld_denials_group_update_actions (self);
  ld_denial_repo_list_async (self->store, self->actor, self->cancellable, loaded_cb, g_object_ref (self));
}

static void
store_changed_cb (LdDenialsGroup *self,
                  const char     *entity)
{
  if (g_strcmp0 (entity, "denial") == 0 && self->loaded && !self->busy)
    load (self);
}

/* ---- recording and voiding ---------------------------------------------- */

static char *
text_or_null (GtkEditable *field)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (field)));

  return text[0] ? g_steal_pointer (&text) : NULL;
}

static void
clear_form (LdDenialsGroup *self)
{
  GtkEditable *fields[] = { self->reference_row, self->name_row, self->other_names_row, self->country_row,
                            self->denied_on_row, self->reason_row, self->source_row };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    gtk_editable_set_text (fields[i], "");
}

static void
recorded_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(LdDenialsGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDenial) denial = ld_denial_repo_edit_finish (res, &error);

  self->busy = FALSE;
  _ld_denials_group_update_actions (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* Refused: the form keeps what was typed, the reason beside it. */
  set_label (self->record_error, error ? error->message : NULL);
  if (denial == NULL)
    return;
  clear_form (self);
  adw_expander_row_set_expanded (self->record_row, FALSE);
  load (self);
}

void
_ld_denials_group_record (LdDenialsGroup *self)
{
  guint n_types;
  const LdCaseCode *types = ld_case_party_types (&n_types);
  guint type = adw_combo_row_get_selected (self->type_row);
  g_autofree char *reference = text_or_null (self->reference_row);
  g_autofree char *name = text_or_null (self->name_row);
  g_autofree char *other_names = text_or_null (self->other_names_row);
  g_autofree char *country = text_or_null (self->country_row);
  g_autofree char *denied_on = text_or_null (self->denied_on_row);
  g_autofree char *reason = text_or_null (self->reason_row);
  g_autofree char *source = text_or_null (self->source_row);
  LdDenialChange change = { reference, name, other_names, type < n_types ? types[type].code : NULL, country,
                            denied_on, reason, source };

  if (self->busy || self->store == NULL)
    return;
  set_label (self->record_error, NULL);
  self->busy = TRUE;
  _ld_denials_group_update_actions (self);
  ld_denial_repo_add_async (self->store, self->actor, &change, self->cancellable, recorded_cb, g_object_ref (self));
}

static void
voided_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(LdDenialsGroup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdDenial) denial = ld_denial_repo_edit_finish (res, &error);

  self->busy = FALSE;
  _ld_denials_group_update_actions (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_label (self->void_error, error ? error->message : NULL);
  if (denial)
    load (self);
}

/* Voids the denial @reference with the reason typed under it; it stays in
 * the register, no longer screened. */
void
_ld_denials_group_void (LdDenialsGroup *self,
                        const char     *reference)
{
  GtkEditable *field = g_hash_table_lookup (self->void_reasons, reference);
  g_autofree char *reason = field ? text_or_null (field) : NULL;

  if (self->busy || self->store == NULL)
    return;
  set_label (self->void_error, NULL);
  self->busy = TRUE;
  _ld_denials_group_update_actions (self);
  ld_denial_repo_void_async (self->store, self->actor, reference, reason, self->cancellable, voided_cb,
                             g_object_ref (self));
}

/* ---- the widget ---------------------------------------------------------- */

static void
ld_denials_group_dispose (GObject *object)
{
  LdDenialsGroup *self = LD_DENIALS_GROUP (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_DENIALS_GROUP);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->void_reasons, g_hash_table_unref);
  g_clear_pointer (&self->denials, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, ld_actor_free);
  g_clear_pointer (&self->problem, g_free);
  G_OBJECT_CLASS (ld_denials_group_parent_class)->dispose (object);
}

static void
ld_denials_group_class_init (LdDenialsGroupClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_denials_group_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ld-denials-group.ui");
  gtk_widget_class_bind_template_child (widget_class, LdDenialsGroup, record_row);
  gtk_widget_class_bind_template_child (widget_class, LdDenialsGroup, reference_row);
  gtk_widget_class_bind_template_child (widget_class, LdDenialsGroup, name_row);
  gtk_widget_class_bind_template_child (widget_class, LdDenialsGroup, other_names_row);
  gtk_widget_class_bind_template_child (widget_class, LdDenialsGroup, type_row);
  gtk_widget_class_bind_template_child (widget_class, LdDenialsGroup, country_row);
  gtk_widget_class_bind_template_child (widget_class, LdDenialsGroup, denied_on_row);
  gtk_widget_class_bind_template_child (widget_class, LdDenialsGroup, reason_row);
  gtk_widget_class_bind_template_child (widget_class, LdDenialsGroup, source_row);
  gtk_widget_class_bind_template_child (widget_class, LdDenialsGroup, record_error);
  gtk_widget_class_bind_template_child (widget_class, LdDenialsGroup, void_error);
  gtk_widget_class_bind_template_child (widget_class, LdDenialsGroup, denial_list);
  _ld_denials_group_class_install_actions (widget_class);
}

/* The party types a denial may name, by their titles. */
static GListModel *
party_type_titles (void)
{
  guint n;
  const LdCaseCode *types = ld_case_party_types (&n);
  GtkStringList *titles = gtk_string_list_new (NULL);

  for (guint i = 0; i < n; i++)
    gtk_string_list_append (titles, _(types[i].title));
  return G_LIST_MODEL (titles);
}

static void
ld_denials_group_init (LdDenialsGroup *self)
{
  g_autoptr(GListModel) types = party_type_titles ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->void_reasons = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  adw_combo_row_set_model (self->type_row, types);
  set_label (self->record_error, NULL);
  _ld_denials_group_update_actions (self);
}

void
ld_denials_group_set_store (LdDenialsGroup *self,
                            LdStore        *store)
{
  g_return_if_fail (LD_IS_DENIALS_GROUP (self));
  g_return_if_fail (self->store == NULL);

  if (store == NULL)
    return;
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (store_changed_cb), self, G_CONNECT_SWAPPED);
  _ld_denials_group_update_actions (self);
}

/* The register is read as the person at the desk: read again for a new one. */
void
ld_denials_group_set_actor (LdDenialsGroup *self,
                            const LdActor  *actor)
{
  g_return_if_fail (LD_IS_DENIALS_GROUP (self));

  g_clear_pointer (&self->actor, ld_actor_free);
  self->actor = actor ? ld_actor_copy (actor) : NULL;
  self->busy = FALSE;
  load (self);
  _ld_denials_group_update_actions (self);
}

gboolean
ld_denials_group_is_ready (LdDenialsGroup *self)
{
  g_return_val_if_fail (LD_IS_DENIALS_GROUP (self), FALSE);

  return self->store == NULL || (self->loaded && !self->busy);
}

/**
 * ld_denials_group_get_denials:
 *
 * Returns: (transfer none) (nullable) (element-type LdDenial): the denials in force
 */
GPtrArray *
ld_denials_group_get_denials (LdDenialsGroup *self)
{
  g_return_val_if_fail (LD_IS_DENIALS_GROUP (self), NULL);

  return self->denials;
}

/* ---- for the tests ------------------------------------------------------- */

GtkEditable *
_ld_denials_group_get_field (LdDenialsGroup *self,
                             const char     *name)
{
  static const char *names[] = { "reference", "name", "other-names", "country", "denied-on", "reason", "source" };
  GtkEditable *fields[] = { self->reference_row, self->name_row, self->other_names_row, self->country_row,
                            self->denied_on_row, self->reason_row, self->source_row };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i], name))
      return fields[i];
  return NULL;
}

GtkEditable *
_ld_denials_group_get_void_reason (LdDenialsGroup *self,
                                   const char     *reference)
{
  return g_hash_table_lookup (self->void_reasons, reference);
}

const char *
_ld_denials_group_get_record_error (LdDenialsGroup *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->record_error)) ? gtk_label_get_text (self->record_error) : NULL;
}

const char *
_ld_denials_group_get_void_error (LdDenialsGroup *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->void_error)) ? gtk_label_get_text (self->void_error) : NULL;
}

/**
 * ld_denials_group_begin_record:
 *
 * Opens Record a Denial at its first field, for those who keep the register
 * (Ctrl+N on the Screening page); others are left where they are.
 */
void
ld_denials_group_begin_record (LdDenialsGroup *self)
{
  g_return_if_fail (LD_IS_DENIALS_GROUP (self));

  if (!gtk_widget_get_visible (GTK_WIDGET (self->record_row)))
    return;
  adw_expander_row_set_expanded (self->record_row, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->reference_row));
}
