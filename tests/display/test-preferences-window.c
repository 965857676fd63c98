/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The preferences window (issue 17), a template: it names the store the desk
 * works on, and the list address typed there is the setting, and back. */
#include "config.h"

#include <adwaita.h>

#include "ld-preferences-window.h"
#include "ld-ui.h"

static void
test_store_and_list_address (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *window = ld_preferences_window_new (NULL, settings, "/srv/desk/store.sqlite");
  LdPreferencesWindow *prefs = LD_PREFERENCES_WINDOW (window);
  g_autofree char *url = NULL;

  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (ld_preferences_window_get_store_path (prefs), ==, "/srv/desk/store.sqlite");
  g_settings_set_string (settings, "sanctions-list-url", "https://mirror.example.org/consolidated.xml");
  g_assert_cmpstr (gtk_editable_get_text (ld_preferences_window_get_list_url_row (prefs)), ==,
                   "https://mirror.example.org/consolidated.xml");
  gtk_editable_set_text (ld_preferences_window_get_list_url_row (prefs), "https://scsanctions.un.org/resources/xml");
  url = g_settings_get_string (settings, "sanctions-list-url");
  g_assert_cmpstr (url, ==, "https://scsanctions.un.org/resources/xml");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Without a store, it says so rather than showing an empty path. */
static void
test_no_store (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  GtkWidget *window = ld_preferences_window_new (NULL, settings, NULL);

  g_assert_cmpstr (ld_preferences_window_get_store_path (LD_PREFERENCES_WINDOW (window)), ==, "Not open");
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();
  ld_ui_init ();
  g_test_add_func ("/preferences-window/store-and-list-address", test_store_and_list_address);
  g_test_add_func ("/preferences-window/no-store", test_no_store);
  return g_test_run ();
}
