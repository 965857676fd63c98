/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-detail-row"

#include "config.h"

#include "ld-detail-row.h"
#include "ld-ui.h"

/* One LdDetailLine in a boxed list (ui/ld-detail-row.ui): title, subtitle
 * and a third text under each other; or side by side, as two versions are
 * compared; or with a button that hands the line's target to an action.
 * The constructors are GtkListBoxCreateWidgetFunc's for
 * gtk_list_box_bind_model(): a list box makes a row for every item, where a
 * list view outside a scrolled window of its own shows only the first 200. */
struct _LdDetailRow
{
  GtkListBoxRow  parent_instance;

  GtkWidget     *lines;
  GtkLabel      *title;
  GtkLabel      *subtitle;
  GtkLabel      *extra;
  GtkButton     *button;
  GtkWidget     *columns;
  GtkLabel      *column[3];
};

G_DEFINE_FINAL_TYPE (LdDetailRow, ld_detail_row, GTK_TYPE_LIST_BOX_ROW)

static void
ld_detail_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_DETAIL_ROW);
  G_OBJECT_CLASS (ld_detail_row_parent_class)->dispose (object);
}

static void
ld_detail_row_class_init (LdDetailRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *column[] = { "column_field", "column_before", "column_after" };

  G_OBJECT_CLASS (klass)->dispose = ld_detail_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/licencedesk/LicenceDesk/ld-detail-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LdDetailRow, lines);
  gtk_widget_class_bind_template_child (widget_class, LdDetailRow, title);
  gtk_widget_class_bind_template_child (widget_class, LdDetailRow, subtitle);
  gtk_widget_class_bind_template_child (widget_class, LdDetailRow, extra);
  gtk_widget_class_bind_template_child (widget_class, LdDetailRow, button);
  gtk_widget_class_bind_template_child (widget_class, LdDetailRow, columns);
  for (guint i = 0; i < G_N_ELEMENTS (column); i++)
    gtk_widget_class_bind_template_child_full (widget_class, column[i], FALSE,
                                               G_STRUCT_OFFSET (LdDetailRow, column) + i * sizeof (GtkLabel *));
}

static void
ld_detail_row_init (LdDetailRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_detail_row_new:
 * @line: (type LdDetailLine): the line
 *
 * Returns: (transfer floating): its row, the three texts under each other
 */
GtkWidget *
ld_detail_row_new (gpointer line,
                   gpointer unused)
{
  LdDetailRow *self = g_object_new (LD_TYPE_DETAIL_ROW, NULL);

  ld_ui_label_say (self->title, ld_detail_line_get_title (line));
  ld_ui_label_say (self->subtitle, ld_detail_line_get_subtitle (line));
  ld_ui_label_say (self->extra, ld_detail_line_get_extra (line));
  return GTK_WIDGET (self);
}

/**
 * ld_detail_row_new_columns:
 * @line: (type LdDetailLine): a field, its older value and its newer one
 *
 * Returns: (transfer floating): its row, the three texts side by side
 */
GtkWidget *
ld_detail_row_new_columns (gpointer line,
                           gpointer unused)
{
  LdDetailRow *self = g_object_new (LD_TYPE_DETAIL_ROW, NULL);

  gtk_widget_set_visible (self->lines, FALSE);
  gtk_widget_set_visible (self->columns, TRUE);
  gtk_label_set_text (self->column[0], ld_detail_line_get_title (line));
  gtk_label_set_text (self->column[1], ld_detail_line_get_subtitle (line));
  gtk_label_set_text (self->column[2], ld_detail_line_get_extra (line));
  return GTK_WIDGET (self);
}

/**
 * ld_detail_row_new_action:
 * @line: (type LdDetailLine): the line, with its target
 * @action_name: (type utf8): what its Open button does with the target
 *
 * Returns: (transfer floating): its row, with the button
 */
GtkWidget *
ld_detail_row_new_action (gpointer line,
                          gpointer action_name)
{
  LdDetailRow *self = LD_DETAIL_ROW (ld_detail_row_new (line, NULL));
  g_autoptr(GVariant) target = NULL;

  g_object_get (line, "target", &target, NULL);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (self->button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->button), action_name);
  gtk_widget_set_visible (GTK_WIDGET (self->button), TRUE);
  /* Many rows have an Open button: a screen reader says which record. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  ld_detail_line_get_title (line), -1);
  return GTK_WIDGET (self);
}
