/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-print-day"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-licence-repo.h"
#include "ld-print-day.h"
#include "ld-print.h"

/*
 * The issuance desk prints the day's licences at once: every licence issued
 * through the desk on a day, in number order, as one print job through GTK's
 * print dialog (printer, copies and page ranges as chosen there). Each is
 * printed from the store as ld_documents_licence_reprint() makes it: a COPY
 * once its original is stored. The list and the PDFs are made on a worker
 * thread.
 */

#define DIALOG_KEY "ld-print-day-dialog"

/* The day's licences, or a sentence saying there are none. */
static GPtrArray *
licences_of_day (LdStore     *store,
                 const char  *day,
                 GError     **error)
{
  g_autoptr(GPtrArray) numbers = ld_licence_repo_issued_on (store, day, error);

  if (numbers != NULL && numbers->len == 0)
    {
      g_set_error (error, LD_LICENCE_ERROR, LD_LICENCE_ERROR_INVALID,
                   _("No licence was issued through the desk on %s, so there is nothing to print. Check the day."),
                   day);
      return NULL;
    }
  return g_steal_pointer (&numbers);
}

/**
 * ld_print_day_async:
 * @day: YYYY-MM-DD
 * @settings: (nullable): print settings to start from
 * @export_path: (nullable): write the pages there without a dialog (tests)
 *
 * Prints every licence issued on @day as one job. The result is %TRUE once
 * printed, %FALSE when the officer cancelled; an error says why nothing
 * printed (a day written wrong, no licence that day).
 */
void
ld_print_day_async (GtkWindow          *parent,
                    LdStore            *store,
                    const char         *day,
                    GtkPrintSettings   *settings,
                    const char         *export_path,
                    GAsyncReadyCallback callback,
                    gpointer            user_data)
{
  ld_print_batch_async (parent, store, licences_of_day, ld_documents_licence_reprint, day, settings, export_path,
                        NULL, callback, user_data);
}

gboolean
ld_print_day_finish (GAsyncResult  *result,
                     GError       **error)
{
  return ld_print_document_finish (result, error);
}

typedef struct
{
  GtkWindow *parent;
  LdStore   *store;
  char      *day;
} Asked;

static void
asked_free (Asked *a)
{
  g_clear_object (&a->parent);
  g_clear_object (&a->store);
  g_free (a->day);
  g_free (a);
}

/* A refused day comes back to the dialog, the text as typed and the reason
 * under it. */
static void
printed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Asked *a = user_data;
  g_autoptr(GError) error = NULL;

  if (!ld_print_day_finish (result, &error) && error != NULL)
    ld_print_day_present (a->parent, a->store, a->day, error->message);
  asked_free (a);
}

static void
response_cb (AdwMessageDialog *dialog,
             const char       *response,
             Asked            *a)
{
  GtkEditable *entry = g_object_get_data (G_OBJECT (dialog), "ld-day-entry");

  g_object_set_data (G_OBJECT (a->parent), DIALOG_KEY, NULL);
  if (g_strcmp0 (response, "print") != 0)
    {
      asked_free (a);
      return;
    }
  a->day = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  ld_print_day_async (a->parent, a->store, a->day, NULL, NULL, printed_cb, a);
}

/**
 * ld_print_day_present:
 * @day: (nullable): the day to offer; today when %NULL
 * @error_text: (nullable): why the last try printed nothing, shown under the day
 *
 * Asks which day's licences to print, then prints them.
 */
void
ld_print_day_present (GtkWindow  *parent,
                      LdStore    *store,
                      const char *day,
                      const char *error_text)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *error = gtk_label_new (error_text);
  AdwMessageDialog *dialog;
  Asked *a = g_new0 (Asked, 1);

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (parent, _("Print a Day's Licences"),
    _("Every licence issued through the desk on the day is printed as one job, in number order; each is marked "
      "COPY once its original is stored.")));
  gtk_editable_set_text (GTK_EDITABLE (entry), day ? day : today);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Day of issue (YYYY-MM-DD)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Day of issue (YYYY-MM-DD)"),
                                  -1);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_label_set_wrap (GTK_LABEL (error), TRUE);
  gtk_label_set_xalign (GTK_LABEL (error), 0);
  gtk_widget_add_css_class (error, "error");
  gtk_widget_set_visible (error, error_text != NULL);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), error);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "print", _("_Print…"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "print", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "print");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data (G_OBJECT (dialog), "ld-day-entry", entry);
  a->parent = g_object_ref (parent);
  a->store = g_object_ref (store);
  g_signal_connect (dialog, "response", G_CALLBACK (response_cb), a);
  g_object_set_data (G_OBJECT (parent), DIALOG_KEY, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/**
 * ld_print_day_get_dialog:
 *
 * Returns: (transfer none) (nullable): the dialog asking for the day, while it is open
 */
GtkWidget *
ld_print_day_get_dialog (GtkWindow *parent)
{
  return g_object_get_data (G_OBJECT (parent), DIALOG_KEY);
}
