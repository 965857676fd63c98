/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ld-detail-line.h"

G_BEGIN_DECLS

#define LD_TYPE_DETAIL_ROW (ld_detail_row_get_type ())
G_DECLARE_FINAL_TYPE (LdDetailRow, ld_detail_row, LD, DETAIL_ROW, GtkListBoxRow)

GtkWidget *ld_detail_row_new         (gpointer line,
                                      gpointer unused);
GtkWidget *ld_detail_row_new_columns (gpointer line,
                                      gpointer unused);
GtkWidget *ld_detail_row_new_action  (gpointer line,
                                      gpointer action_name);

G_END_DECLS
