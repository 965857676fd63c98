/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-form"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-case-form-private.h"
#include "ld-ui.h"

/* The case form's widget actions ("form.*"): its buttons and menus name
 * them, and _ld_case_form_update_actions() alone decides which are enabled
 * (Save only when the case reads and checks, and not while saving). */

#define MAX_SERIAL_FILE_BYTES (16 * 1024 * 1024)

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _ld_case_form_save (LD_CASE_FORM (widget));
}

static void
add_item_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ld_case_form_add_item_line (LD_CASE_FORM (widget));
}

static void
remove_item_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LdCaseForm *self = LD_CASE_FORM (widget);
  guint n = g_variant_get_uint32 (parameter);

  if (n >= 1 && n <= _ld_case_form_get_n_items (self))
    _ld_case_form_remove_item (self, n);
}

static void
add_party_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ld_case_form_add_party (LD_CASE_FORM (widget), g_variant_get_string (parameter, NULL));
}

static void
remove_party_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  LdCaseForm *self = LD_CASE_FORM (widget);
  guint n = g_variant_get_uint32 (parameter);

  if (n >= 1 && n <= ld_case_form_get_n_parties (self))
    _ld_case_form_remove_party (self, n);
}

static void
add_transit_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  ld_case_form_add_transit (LD_CASE_FORM (widget));
}

static void
remove_transit_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LdCaseForm *self = LD_CASE_FORM (widget);
  guint n = g_variant_get_uint32 (parameter);
  g_autofree char *key = g_strdup_printf ("transit%u", n);

  if (n >= 1 && ld_case_form_get_form_field (self, key) != NULL)
    _ld_case_form_remove_transit (self, n);
}

/* ---- serial numbers from a file --------------------------------------------- */

typedef struct
{
  LdCaseForm *form;
  guint       line;
} SerialImport;

static void
serial_import_free (SerialImport *import)
{
  g_clear_object (&import->form);
  g_free (import);
}

static void
serials_loaded_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SerialImport *import = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gsize length;

  if (!g_file_load_contents_finish (G_FILE (source), result, &text, &length, NULL, &error) ||
      import->line > _ld_case_form_get_n_items (import->form))
    {
      if (error && import->line <= _ld_case_form_get_n_items (import->form))
        {
          g_autofree char *message = g_strdup_printf (_("Could not read %s: %s. Choose another file."),
                                                      g_file_peek_path (G_FILE (source)), error->message);

          ld_case_item_editor_set_serials_error (ld_case_form_get_item_editor (import->form, import->line), message);
        }
      serial_import_free (import);
      return;
    }
  if (length > MAX_SERIAL_FILE_BYTES || !g_utf8_validate_len (text, length, NULL))
    {
      ld_case_item_editor_set_serials_error (ld_case_form_get_item_editor (import->form, import->line),
                                             _("The file is not a list of serial numbers (text, one a line, at most "
                                               "16 MB); choose a text or CSV file."));
      serial_import_free (import);
      return;
    }
  /* Bad lines are listed under the text, where they can be corrected. */
  ld_case_form_paste_serials (import->form, import->line, text);
  serial_import_free (import);
}

static GtkFileFilter *
serials_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Serial number lists (text, CSV)"));
  gtk_file_filter_add_mime_type (filter, "text/plain");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_filter_add_suffix (filter, "txt");
  return filter;
}

static void
import_serials_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LdCaseForm *self = LD_CASE_FORM (widget);
  g_autoptr(GtkFileFilter) filter = serials_filter ();
  guint line = g_variant_get_uint32 (parameter);

  if (line < 1 || line > _ld_case_form_get_n_items (self))
    return;
  /* The chooser is modal, so one line waits for a file at a time. */
  g_object_set_data (G_OBJECT (self), "ld-serials-line", GUINT_TO_POINTER (line));
  ld_ui_choose_file_for_action (widget, _("Import Serial Numbers"), _("_Import"), filter, "form.import-serials-from");
}

/* The chosen file's path, for the line Import Serial Numbers was asked on. */
static void
import_serials_from_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));
  guint line = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), "ld-serials-line"));

  if (line >= 1 && line <= _ld_case_form_get_n_items (LD_CASE_FORM (widget)))
    _ld_case_form_import_serials_file (LD_CASE_FORM (widget), line, file);
}

/**
 * _ld_case_form_import_serials_file:
 *
 * What choosing @file in the Import dialog does (and the tests do): reads
 * it without blocking the window, however large the list.
 */
void
_ld_case_form_import_serials_file (LdCaseForm *self,
                                   guint       line,
                                   GFile      *file)
{
  SerialImport *import = g_new0 (SerialImport, 1);

  import->form = g_object_ref (self);
  import->line = line;
  g_file_load_contents_async (file, NULL, serials_loaded_cb, import);
}

void
_ld_case_form_update_actions (LdCaseForm *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "form.save", _ld_case_form_can_save (self));
  /* A case keeps at least one item line to type into. */
  gtk_widget_action_set_enabled (widget, "form.remove-item", _ld_case_form_get_n_items (self) > 1);
}

void
_ld_case_form_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "form.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "form.add-item", NULL, add_item_action);
  gtk_widget_class_install_action (widget_class, "form.remove-item", "u", remove_item_action);
  gtk_widget_class_install_action (widget_class, "form.add-party", "s", add_party_action);
  gtk_widget_class_install_action (widget_class, "form.remove-party", "u", remove_party_action);
  gtk_widget_class_install_action (widget_class, "form.add-transit", NULL, add_transit_action);
  gtk_widget_class_install_action (widget_class, "form.remove-transit", "u", remove_transit_action);
  gtk_widget_class_install_action (widget_class, "form.import-serials", "u", import_serials_action);
  gtk_widget_class_install_action (widget_class, "form.import-serials-from", "s", import_serials_from_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "form.save", NULL);
}
