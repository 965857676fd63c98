/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-ui.h"
#include "ld-ui-resources.h"

/**
 * ld_ui_init:
 *
 * Registers the widgets' templates and style sheet. Call once before making
 * any widget of this layer; the application and the display tests do.
 */
void
ld_ui_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      ld_ui_register_resource ();
      g_once_init_leave (&done, 1);
    }
}

static void
open_case_clicked_cb (GtkButton *button,
                      GtkWindow *page_window)
{
  GtkWindow *main_window = gtk_window_get_transient_for (page_window);
  const char *application = g_object_get_data (G_OBJECT (button), "ld-application");

  /* The desk's window shows cases; a page opened from it links back there. */
  if (main_window)
    gtk_widget_activate_action (GTK_WIDGET (main_window), "win.open-case", "s", application);
}

/**
 * ld_ui_open_case_button:
 * @page_window: a certificate's or licence's page, transient for the desk's window
 * @application: the case's reference
 *
 * Returns: (transfer floating): an Open Case button that shows the case in
 *   the desk's window
 */
GtkWidget *
ld_ui_open_case_button (GtkWindow  *page_window,
                        const char *application)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (_("Open _Case"));
  g_autofree char *description = g_strdup_printf (_("Open application %s in the desk's window"), application);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, description);
  g_object_set_data_full (G_OBJECT (button), "ld-application", g_strdup (application), g_free);
  g_signal_connect_object (button, "clicked", G_CALLBACK (open_case_clicked_cb), page_window, 0);
  return button;
}

static void
chosen_for_action_cb (GtkNativeDialog *chooser,
                      int              response,
                      GtkWidget       *widget)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_autofree char *path = file ? g_file_get_path (file) : NULL;
  const char *action_name = g_object_get_data (G_OBJECT (chooser), "ld-action");

  if (response == GTK_RESPONSE_ACCEPT && path)
    gtk_widget_activate_action (widget, action_name, "s", path);
  g_object_unref (chooser);
}

/**
 * ld_ui_choose_file_for_action:
 * @widget: a widget inside the window the chooser belongs to
 * @title: the chooser's title
 * @accept_label: its button, with a mnemonic
 * @filter: (nullable): the kind of files offered
 * @action_name: an action taking the file's path ("s"), activated on @widget
 *
 * Asks for a file to open, then hands its path to @action_name, so the
 * action does the work whether a person chose the file or a test named it.
 * (GtkFileDialog needs GTK 4.10; Debian 12 has 4.8.)
 */
void
ld_ui_choose_file_for_action (GtkWidget     *widget,
                              const char    *title,
                              const char    *accept_label,
                              GtkFileFilter *filter,
                              const char    *action_name)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, accept_label,
                                                               _("_Cancel"));

  if (filter != NULL)
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_object_set_data_full (G_OBJECT (chooser), "ld-action", g_strdup (action_name), g_free);
  g_signal_connect_object (chooser, "response", G_CALLBACK (chosen_for_action_cb), widget, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/**
 * ld_ui_label_say:
 * @text: (nullable): what the label says
 *
 * Sets @label to @text, or hides it when there is nothing to say.
 */
void
ld_ui_label_say (GtkLabel   *label,
                 const char *text)
{
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && text[0] != '\0');
}
