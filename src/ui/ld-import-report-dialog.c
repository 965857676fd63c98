/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-import-report-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-broker-import.h"
#include "ld-import-report-dialog.h"

/* The row-by-row report of a broker CSV import, as `licence-desk-admin broker
 * import --csv` prints it: each saved row with its draft, each rejected row
 * with its line and what to correct. */
struct _LdImportReportDialog
{
  AdwMessageDialog  parent_instance;

  GtkListBox       *rows;
  guint             n_saved;
  guint             n_rejected;
};

G_DEFINE_FINAL_TYPE (LdImportReportDialog, ld_import_report_dialog, ADW_TYPE_MESSAGE_DIALOG)

static GtkWidget *
report_row (const LdBrokerImportRow *r)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf (_("Row %u (line %u)"), r->row, r->line);
  g_autofree char *subtitle = r->id ? g_strdup_printf (_("Saved as draft %s"), r->id)
                                    : g_strdup_printf (_("Rejected: %s"), r->message);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (r->id == NULL)
    gtk_widget_add_css_class (row, "error");
  return row;
}

static void
ld_import_report_dialog_class_init (LdImportReportDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ld-import-report-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdImportReportDialog, rows);
}

static void
ld_import_report_dialog_init (LdImportReportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_import_report_dialog_new:
 * @rows: (element-type LdBrokerImportRow): what became of each row
 */
GtkWidget *
ld_import_report_dialog_new (GtkWindow  *parent,
                             const char *file_name,
                             GPtrArray  *rows)
{
  LdImportReportDialog *self = g_object_new (LD_TYPE_IMPORT_REPORT_DIALOG, "transient-for", parent, NULL);
  g_autofree char *body = NULL;

  for (guint i = 0; i < rows->len; i++)
    {
      const LdBrokerImportRow *r = g_ptr_array_index (rows, i);

      gtk_list_box_append (self->rows, report_row (r));
      if (r->id)
        self->n_saved++;
      else
        self->n_rejected++;
    }
  body = g_strdup_printf (_("%s: imported %u brokers as drafts; rejected %u rows. Correct the rejected rows in the "
                            "file and import them again."), file_name, self->n_saved, self->n_rejected);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (self), body);
  return GTK_WIDGET (self);
}

guint
ld_import_report_dialog_get_n_saved (LdImportReportDialog *self)
{
  return self->n_saved;
}

guint
ld_import_report_dialog_get_n_rejected (LdImportReportDialog *self)
{
  return self->n_rejected;
}
