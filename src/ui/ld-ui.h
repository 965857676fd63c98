/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       ld_ui_init          (void);
GtkWidget *ld_ui_open_case_button (GtkWindow  *page_window,
                                   const char *application);
void       ld_ui_choose_file_for_action (GtkWidget     *widget,
                                         const char    *title,
                                         const char    *accept_label,
                                         GtkFileFilter *filter,
                                         const char    *action_name);

void       ld_ui_label_say              (GtkLabel      *label,
                                         const char    *text);

G_END_DECLS
