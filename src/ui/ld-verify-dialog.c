/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-verify-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-qr-signature.h"
#include "ld-verify-dialog.h"

/*
 * "Verify a Licence": a scanned QR payload checked against the office's
 * public key, as `licence-desk-admin verify-qr` does, saying genuine,
 * altered, forged, unknown key or damaged and showing what the code claims.
 * The key file is read on a worker thread.
 */

struct _LdVerifyDialog
{
  AdwWindow      parent_instance;

  AdwEntryRow   *payload_row;
  AdwActionRow  *key_row;
  GtkButton     *verify_button;
  GtkLabel      *verdict_label;
  AdwPreferencesGroup *facts_group;
  GHashTable    *facts;        /* name -> AdwActionRow */

  char          *key_file;     /* NULL: this desk's own signing key */
  char          *verdict;
  char          *message;
  GCancellable  *cancellable;
  gboolean       busy;
};

G_DEFINE_FINAL_TYPE (LdVerifyDialog, ld_verify_dialog, ADW_TYPE_WINDOW)

typedef struct
{
  char        *payload;
  char        *key_file;
  LdQrVerdict  verdict;
  LdQrData    *data;
} Check;

static void
check_free (Check *check)
{
  g_free (check->payload);
  g_free (check->key_file);
  g_clear_pointer (&check->data, ld_qr_data_free);
  g_free (check);
}

static const struct { const char *name; const char *title; } fact_rows[] = {
  { "licence_number", N_("Licence number") },
  { "licence_type", N_("Licence type") },
  { "valid_from", N_("Valid from") },
  { "valid_until", N_("Valid until") },
  { "digest", N_("Content digest") },
  { "key_id", N_("Signed with key") },
};

static LdPublicKey *
load_key (const char  *key_file,
          GError     **error)
{
  g_autofree char *own = NULL;
  g_autoptr(LdSigningKey) key = NULL;

  if (key_file != NULL)
    return ld_public_key_load (key_file, error);
  own = ld_signing_key_default_path ();
  key = ld_signing_key_load (own, error);
  return key ? g_memdup2 (ld_signing_key_get_public (key), sizeof (LdPublicKey)) : NULL;
}

static void
check_in_thread (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  Check *check = task_data;
  GError *error = NULL;
  g_autoptr(LdPublicKey) key = load_key (check->key_file, &error);

  if (key == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  check->verdict = ld_qr_payload_verify (check->payload, key, &check->data, NULL);
  g_task_return_boolean (task, TRUE);
}

static void
show_facts (LdVerifyDialog *self,
            const LdQrData *data)
{
  const char *values[G_N_ELEMENTS (fact_rows)] = { 0 };

  if (data)
    {
      values[0] = data->licence_number; values[1] = data->licence_type; values[2] = data->valid_from;
      values[3] = data->valid_until; values[4] = data->digest; values[5] = data->key_id;
    }
  for (guint i = 0; i < G_N_ELEMENTS (fact_rows); i++)
    adw_action_row_set_subtitle (g_hash_table_lookup (self->facts, fact_rows[i].name), values[i] ? values[i] : "");
  gtk_widget_set_visible (GTK_WIDGET (self->facts_group), data != NULL);
}

static void
show_verdict (LdVerifyDialog *self,
              const char     *verdict,
              const char     *message)
{
  g_free (self->verdict);
  self->verdict = g_strdup (verdict);
  g_free (self->message);
  self->message = g_strdup (message);
  gtk_label_set_text (self->verdict_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_label), message != NULL);
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->verdict_label), "error");
  if (verdict)
    gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label),
                              g_str_equal (verdict, "genuine") ? "success" : "error");
}

static void
update_actions (LdVerifyDialog *self)
{
  const char *payload = gtk_editable_get_text (GTK_EDITABLE (self->payload_row));

  gtk_widget_set_sensitive (GTK_WIDGET (self->verify_button), !self->busy && payload[0] != '\0');
}

static void
checked_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LdVerifyDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  Check *check = g_task_get_task_data (G_TASK (result));

  self->busy = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      show_verdict (self, "no-key", error->message);
      show_facts (self, NULL);
    }
  else
    {
      show_verdict (self, ld_qr_verdict_to_string (check->verdict), ld_qr_verdict_explain (check->verdict));
      show_facts (self, check->data);
    }
  update_actions (self);
}

void
ld_verify_dialog_verify (LdVerifyDialog *self)
{
  g_autoptr(GTask) task = NULL;
  Check *check;

  g_return_if_fail (LD_IS_VERIFY_DIALOG (self));

  if (self->busy)
    return;
  check = g_new0 (Check, 1);
  check->payload = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->payload_row)));
  check->key_file = g_strdup (self->key_file);
  self->busy = TRUE;
  update_actions (self);
  task = g_task_new (NULL, self->cancellable, checked_cb, g_object_ref (self));
  g_task_set_source_tag (task, ld_verify_dialog_verify);
  g_task_set_task_data (task, check, (GDestroyNotify) check_free);
  g_task_run_in_thread (task, check_in_thread);
}

static void
key_chosen_cb (GtkNativeDialog *chooser,
               int              response,
               LdVerifyDialog  *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = g_file_get_path (file);

      ld_verify_dialog_set_key_file (self, path);
    }
  g_object_unref (chooser);
}

static void
choose_key_cb (LdVerifyDialog *self)
{
  GtkFileChooserNative *chooser = gtk_file_chooser_native_new (_("Choose the Office's Public Key"), GTK_WINDOW (self),
                                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"), NULL);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (key_chosen_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
payload_changed_cb (LdVerifyDialog *self)
{
  update_actions (self);
}

static void
build_input (LdVerifyDialog     *self,
             AdwPreferencesPage *page)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *choose = gtk_button_new_with_mnemonic (_("_Choose…"));

  adw_preferences_group_set_title (group, _("Scanned Code"));
  adw_preferences_group_set_description (group, _("Scan the licence's QR code into the field, or type the text printed beside it."));
  self->payload_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->payload_row), _("Code"));
  adw_entry_row_set_activates_default (self->payload_row, TRUE);
  g_signal_connect_swapped (self->payload_row, "changed", G_CALLBACK (payload_changed_cb), self);
  g_signal_connect_swapped (self->payload_row, "entry-activated", G_CALLBACK (ld_verify_dialog_verify), self);
  adw_preferences_group_add (group, GTK_WIDGET (self->payload_row));
  self->key_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->key_row), _("Public key"));
  adw_action_row_set_subtitle (self->key_row, _("This desk's own signing key"));
  gtk_widget_set_valign (choose, GTK_ALIGN_CENTER);
  g_signal_connect_swapped (choose, "clicked", G_CALLBACK (choose_key_cb), self);
  adw_action_row_add_suffix (self->key_row, choose);
  adw_preferences_group_add (group, GTK_WIDGET (self->key_row));
  self->verify_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Verify")));
  gtk_widget_add_css_class (GTK_WIDGET (self->verify_button), "suggested-action");
  gtk_widget_set_halign (GTK_WIDGET (self->verify_button), GTK_ALIGN_END);
  gtk_widget_set_margin_top (GTK_WIDGET (self->verify_button), 12);
  g_signal_connect_swapped (self->verify_button, "clicked", G_CALLBACK (ld_verify_dialog_verify), self);
  adw_preferences_group_add (group, GTK_WIDGET (self->verify_button));
  adw_preferences_page_add (page, group);
}

static void
build_result (LdVerifyDialog     *self,
              AdwPreferencesPage *page)
{
  AdwPreferencesGroup *verdict_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  self->verdict_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->verdict_label, TRUE);
  gtk_label_set_xalign (self->verdict_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->verdict_label), "title-4");
  gtk_widget_set_visible (GTK_WIDGET (self->verdict_label), FALSE);
  adw_preferences_group_add (verdict_group, GTK_WIDGET (self->verdict_label));
  adw_preferences_page_add (page, verdict_group);
  self->facts_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->facts_group, _("What the Code Says"));
  for (guint i = 0; i < G_N_ELEMENTS (fact_rows); i++)
    {
      AdwActionRow *row = ADW_ACTION_ROW (adw_action_row_new ());

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(fact_rows[i].title));
      gtk_widget_add_css_class (GTK_WIDGET (row), "property");
      g_hash_table_insert (self->facts, (gpointer) fact_rows[i].name, row);
      adw_preferences_group_add (self->facts_group, GTK_WIDGET (row));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->facts_group), FALSE);
  adw_preferences_page_add (page, self->facts_group);
}

static void
ld_verify_dialog_dispose (GObject *object)
{
  LdVerifyDialog *self = LD_VERIFY_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->facts, g_hash_table_unref);
  G_OBJECT_CLASS (ld_verify_dialog_parent_class)->dispose (object);
}

static void
ld_verify_dialog_finalize (GObject *object)
{
  LdVerifyDialog *self = LD_VERIFY_DIALOG (object);

  g_free (self->key_file);
  g_free (self->verdict);
  g_free (self->message);
  G_OBJECT_CLASS (ld_verify_dialog_parent_class)->finalize (object);
}

static void
ld_verify_dialog_class_init (LdVerifyDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_verify_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = ld_verify_dialog_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ld_verify_dialog_init (LdVerifyDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  AdwPreferencesPage *page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());

  self->cancellable = g_cancellable_new ();
  self->facts = g_hash_table_new (g_str_hash, g_str_equal);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("Verify a Licence"), NULL));
  gtk_box_append (GTK_BOX (box), header);
  gtk_widget_set_vexpand (GTK_WIDGET (page), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (page));
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 640);
  build_input (self, page);
  build_result (self, page);
  update_actions (self);
}

LdVerifyDialog *
ld_verify_dialog_new (GtkWindow *parent)
{
  return g_object_new (LD_TYPE_VERIFY_DIALOG, "transient-for", parent, "modal", TRUE, NULL);
}

void
ld_verify_dialog_set_payload (LdVerifyDialog *self,
                              const char     *payload)
{
  gtk_editable_set_text (GTK_EDITABLE (self->payload_row), payload);
}

void
ld_verify_dialog_set_key_file (LdVerifyDialog *self,
                               const char     *path)
{
  g_free (self->key_file);
  self->key_file = g_strdup (path);
  adw_action_row_set_subtitle (self->key_row, path ? path : _("This desk's own signing key"));
}

gboolean
ld_verify_dialog_is_busy (LdVerifyDialog *self)
{
  return self->busy;
}

/**
 * ld_verify_dialog_get_verdict:
 *
 * Returns: (nullable): "genuine", "altered", "forged", "unknown-key",
 *   "damaged", or "no-key" when the key could not be read
 */
const char *
ld_verify_dialog_get_verdict (LdVerifyDialog *self)
{
  return self->verdict;
}

const char *
ld_verify_dialog_get_message (LdVerifyDialog *self)
{
  return self->message;
}

const char *
ld_verify_dialog_get_fact (LdVerifyDialog *self,
                           const char     *name)
{
  AdwActionRow *row = g_hash_table_lookup (self->facts, name);

  return row ? adw_action_row_get_subtitle (row) : NULL;
}
