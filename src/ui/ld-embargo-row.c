/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-embargo-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-embargo-row.h"

/* One entry of the embargo table on the Screening page
 * (ui/ld-embargo-row.ui): what it covers in the row, and when expanded its
 * fields to change and the reason to end it. Its buttons name the entry to
 * the group's actions (embargoes.change, embargoes.end), which read the
 * fields back through ld_embargo_row_get_field(). */
struct _LdEmbargoRow
{
  AdwExpanderRow  parent_instance;

  GtkEditable    *fields[LD_EMBARGO_N_FIELDS];
  GtkWidget      *save_button;
  GtkWidget      *end_button;
};

G_DEFINE_FINAL_TYPE (LdEmbargoRow, ld_embargo_row, ADW_TYPE_EXPANDER_ROW)

static void
ld_embargo_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_EMBARGO_ROW);
  G_OBJECT_CLASS (ld_embargo_row_parent_class)->dispose (object);
}

static void
ld_embargo_row_class_init (LdEmbargoRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *fields[] = {
    [LD_EMBARGO_FIELD_NAME] = "name_row",
    [LD_EMBARGO_FIELD_COUNTRIES] = "countries_row",
    [LD_EMBARGO_FIELD_RESOLUTIONS] = "resolutions_row",
    [LD_EMBARGO_FIELD_SINCE] = "since_row",
    [LD_EMBARGO_FIELD_SOURCE] = "source_row",
    [LD_EMBARGO_FIELD_END_REASON] = "end_reason_row",
  };

  G_OBJECT_CLASS (klass)->dispose = ld_embargo_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/licencedesk/LicenceDesk/ld-embargo-row.ui");
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    gtk_widget_class_bind_template_child_full (widget_class, fields[i], FALSE,
                                               G_STRUCT_OFFSET (LdEmbargoRow, fields) + i * sizeof (GtkEditable *));
  gtk_widget_class_bind_template_child (widget_class, LdEmbargoRow, save_button);
  gtk_widget_class_bind_template_child (widget_class, LdEmbargoRow, end_button);
}

static void
ld_embargo_row_init (LdEmbargoRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static void
set_field (LdEmbargoRow *self,
           guint         field,
           const char   *text)
{
  gtk_editable_set_text (self->fields[field], text ? text : "");
}

/**
 * ld_embargo_row_new:
 * @embargo: the entry, as the table in force has it
 *
 * Returns: (transfer floating): its row, the fields filled in
 */
GtkWidget *
ld_embargo_row_new (const LdEmbargo *e)
{
  LdEmbargoRow *self = g_object_new (LD_TYPE_EMBARGO_ROW, NULL);
  g_autofree char *countries = g_strjoinv (", ", e->countries);
  g_autofree char *resolutions = g_strjoinv (", ", e->resolutions);
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s · resolution %s · since %s"),
                                               countries[0] ? countries : "—", ld_embargo_scope_to_string (e->scope),
                                               resolutions, e->since ? e->since : "?");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), e->name);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), subtitle);
  set_field (self, LD_EMBARGO_FIELD_NAME, e->name);
  set_field (self, LD_EMBARGO_FIELD_COUNTRIES, countries);
  set_field (self, LD_EMBARGO_FIELD_RESOLUTIONS, resolutions);
  set_field (self, LD_EMBARGO_FIELD_SINCE, e->since);
  set_field (self, LD_EMBARGO_FIELD_SOURCE, e->source);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->save_button), "s", e->id);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->end_button), "s", e->id);
  return GTK_WIDGET (self);
}

GtkEditable *
ld_embargo_row_get_field (LdEmbargoRow *self,
                          guint         field)
{
  g_return_val_if_fail (LD_IS_EMBARGO_ROW (self), NULL);
  g_return_val_if_fail (field < LD_EMBARGO_N_FIELDS, NULL);
  return self->fields[field];
}
