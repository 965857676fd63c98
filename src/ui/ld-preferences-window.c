/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-preferences-window"

#include "config.h"

#include "ld-preferences-window.h"

/* Preferences: the store this desk works on (chosen with --store, shown
 * here) and the address the UN list is downloaded from, a setting. */
struct _LdPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  AdwActionRow         *store_row;
  AdwEntryRow          *list_url_row;
};

G_DEFINE_FINAL_TYPE (LdPreferencesWindow, ld_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
ld_preferences_window_class_init (LdPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ld-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LdPreferencesWindow, store_row);
  gtk_widget_class_bind_template_child (widget_class, LdPreferencesWindow, list_url_row);
}

static void
ld_preferences_window_init (LdPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_preferences_window_new:
 * @store_path: (nullable): the store open at this desk
 */
GtkWidget *
ld_preferences_window_new (GtkWindow  *parent,
                           GSettings  *settings,
                           const char *store_path)
{
  LdPreferencesWindow *self = g_object_new (LD_TYPE_PREFERENCES_WINDOW, "transient-for", parent, NULL);

  if (store_path)
    adw_action_row_set_subtitle (self->store_row, store_path);
  g_settings_bind (settings, "sanctions-list-url", self->list_url_row, "text", G_SETTINGS_BIND_DEFAULT);
  return GTK_WIDGET (self);
}

const char *
ld_preferences_window_get_store_path (LdPreferencesWindow *self)
{
  return adw_action_row_get_subtitle (self->store_row);
}

GtkEditable *
ld_preferences_window_get_list_url_row (LdPreferencesWindow *self)
{
  return GTK_EDITABLE (self->list_url_row);
}
