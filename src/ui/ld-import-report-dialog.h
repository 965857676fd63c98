/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_IMPORT_REPORT_DIALOG (ld_import_report_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LdImportReportDialog, ld_import_report_dialog, LD, IMPORT_REPORT_DIALOG, AdwMessageDialog)

GtkWidget *ld_import_report_dialog_new          (GtkWindow            *parent,
                                                 const char           *file_name,
                                                 GPtrArray            *rows);
guint      ld_import_report_dialog_get_n_saved  (LdImportReportDialog *self);
guint      ld_import_report_dialog_get_n_rejected (LdImportReportDialog *self);

G_END_DECLS
