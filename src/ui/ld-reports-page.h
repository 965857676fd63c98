/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LD_TYPE_REPORTS_PAGE (ld_reports_page_get_type ())
G_DECLARE_FINAL_TYPE (LdReportsPage, ld_reports_page, LD, REPORTS_PAGE, GtkWidget)

GtkWidget *ld_reports_page_new (void);

G_END_DECLS
