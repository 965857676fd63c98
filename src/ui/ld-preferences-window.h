/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_PREFERENCES_WINDOW (ld_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (LdPreferencesWindow, ld_preferences_window, LD, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget   *ld_preferences_window_new              (GtkWindow           *parent,
                                                     GSettings           *settings,
                                                     const char          *store_path);
const char  *ld_preferences_window_get_store_path   (LdPreferencesWindow *self);
GtkEditable *ld_preferences_window_get_list_url_row (LdPreferencesWindow *self);

G_END_DECLS
