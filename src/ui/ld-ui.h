/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       ld_ui_init          (void);
GtkWidget *ld_ui_open_case_button (GtkWindow  *page_window,
                                   const char *application);

G_END_DECLS
