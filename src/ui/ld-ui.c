/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-ui.h"
#include "ld-ui-resources.h"

/* GTK 4.8 gives a button made with a mnemonic ("_Screen") that raw text as
 * its accessible label, and a screen reader then reads the underscore and the
 * label's text after it ("_Screen Screen"). Without the property, the name
 * comes from the button's content, which is the text as shown. */
static void
button_name_from_content (GtkButton *button)
{
  if (gtk_button_get_use_underline (button))
    gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
button_label_notify_cb (GObject    *button,
                        GParamSpec *pspec,
                        gpointer    user_data)
{
  /* GTK sets the property again whenever the label changes. */
  button_name_from_content (GTK_BUTTON (button));
}

static void
name_button_by_its_text (GtkButton *button)
{
  if (g_object_get_data (G_OBJECT (button), "ld-name-from-content"))
    return;
  g_object_set_data (G_OBJECT (button), "ld-name-from-content", GINT_TO_POINTER (TRUE));
  g_signal_connect (button, "notify::label", G_CALLBACK (button_label_notify_cb), NULL);
  g_signal_connect (button, "notify::use-underline", G_CALLBACK (button_label_notify_cb), NULL);
  button_name_from_content (button);
}

static void
name_buttons_within (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    name_button_by_its_text (GTK_BUTTON (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    name_buttons_within (child);
}

static gboolean
button_mapped_hook (GSignalInvocationHint *hint,
                    guint                  n_values,
                    const GValue          *values,
                    gpointer               user_data)
{
  GtkWidget *widget = g_value_get_object (&values[0]);

  if (GTK_IS_ROOT (widget))
    name_buttons_within (widget);
  else if (GTK_IS_BUTTON (widget))
    name_button_by_its_text (GTK_BUTTON (widget));
  return TRUE;
}

/* A window names every button it holds when it maps, those of pages not shown
 * yet included (assistive tools list them too); a button built later, in a
 * row or a dialog, is named when it maps, before anyone can reach it. */
static void
name_buttons_by_their_text (void)
{
  g_type_class_unref (g_type_class_ref (GTK_TYPE_BUTTON));
  g_signal_add_emission_hook (g_signal_lookup ("map", GTK_TYPE_WIDGET), 0,
                              button_mapped_hook, NULL, NULL);
}

/**
 * ld_ui_init:
 *
 * Registers the widgets' templates and style sheet, and names mnemonic
 * buttons for assistive tools by their text. Call once before making any
 * widget of this layer; the application and the display tests do.
 */
void
ld_ui_init (void)
{
  static gsize done;

  if (g_once_init_enter (&done))
    {
      ld_ui_register_resource ();
      name_buttons_by_their_text ();
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
