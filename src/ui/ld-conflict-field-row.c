/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-conflict-field-row"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-conflict-field-row.h"

/* One field of a conflict (ui/ld-conflict-field-row.ui): the three values
 * and whether the officer keeps the desk's. A field the server found
 * clashing is marked. */
struct _LdConflictFieldRow
{
  AdwActionRow    parent_instance;

  GtkCheckButton *keep;
  char           *field;
};

G_DEFINE_FINAL_TYPE (LdConflictFieldRow, ld_conflict_field_row, ADW_TYPE_ACTION_ROW)

static void
ld_conflict_field_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_CONFLICT_FIELD_ROW);
  G_OBJECT_CLASS (ld_conflict_field_row_parent_class)->dispose (object);
}

static void
ld_conflict_field_row_finalize (GObject *object)
{
  g_free (LD_CONFLICT_FIELD_ROW (object)->field);
  G_OBJECT_CLASS (ld_conflict_field_row_parent_class)->finalize (object);
}

static void
ld_conflict_field_row_class_init (LdConflictFieldRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_conflict_field_row_dispose;
  object_class->finalize = ld_conflict_field_row_finalize;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/licencedesk/LicenceDesk/ld-conflict-field-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LdConflictFieldRow, keep);
}

static void
ld_conflict_field_row_init (LdConflictFieldRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ld_conflict_field_row_new (const char *field,
                           const char *base,
                           const char *mine,
                           const char *theirs,
                           gboolean    clashing)
{
  LdConflictFieldRow *self = g_object_new (LD_TYPE_CONFLICT_FIELD_ROW, "title", field, NULL);
  g_autofree char *subtitle = g_strdup_printf (_("Base: %s\nMine: %s\nTheirs: %s"), base, mine, theirs);

  self->field = g_strdup (field);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  if (clashing)
    gtk_widget_add_css_class (GTK_WIDGET (self), "warning");
  return GTK_WIDGET (self);
}

const char *
ld_conflict_field_row_get_field (LdConflictFieldRow *self)
{
  g_return_val_if_fail (LD_IS_CONFLICT_FIELD_ROW (self), NULL);
  return self->field;
}

gboolean
ld_conflict_field_row_get_keep (LdConflictFieldRow *self)
{
  g_return_val_if_fail (LD_IS_CONFLICT_FIELD_ROW (self), FALSE);
  return gtk_check_button_get_active (self->keep);
}
