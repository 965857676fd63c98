/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-verify-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-qr-signature.h"
#include "ld-ui.h"
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

/* What the code says, one row each in ui/ld-verify-dialog.ui ("fact_NAME"). */
static const struct { const char *name; } fact_rows[] = {
  { "licence_number" }, { "licence_type" }, { "valid_from" }, { "valid_until" }, { "digest" }, { "key_id" },
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

/* The chooser hands the key file's path here (GTK 4.8 has no GtkFileDialog). */
static void
choose_key_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  ld_ui_choose_file_for_action (widget, _("Choose the Office's Public Key"), _("_Choose"), NULL, "verify.key-file");
}

static void
key_file_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ld_verify_dialog_set_key_file (LD_VERIFY_DIALOG (widget), g_variant_get_string (parameter, NULL));
}

static void
payload_changed_cb (LdVerifyDialog *self)
{
  update_actions (self);
}

static void
ld_verify_dialog_dispose (GObject *object)
{
  LdVerifyDialog *self = LD_VERIFY_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->facts, g_hash_table_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_VERIFY_DIALOG);
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
  gtk_widget_class_set_template_from_resource (widget_class, "/org/licencedesk/LicenceDesk/ld-verify-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdVerifyDialog, payload_row);
  gtk_widget_class_bind_template_child (widget_class, LdVerifyDialog, key_row);
  gtk_widget_class_bind_template_child (widget_class, LdVerifyDialog, verify_button);
  gtk_widget_class_bind_template_child (widget_class, LdVerifyDialog, verdict_label);
  gtk_widget_class_bind_template_child (widget_class, LdVerifyDialog, facts_group);
  for (guint i = 0; i < G_N_ELEMENTS (fact_rows); i++)
    {
      g_autofree char *id = g_strdup_printf ("fact_%s", fact_rows[i].name);

      gtk_widget_class_bind_template_child_full (widget_class, id, FALSE, 0);
    }
  gtk_widget_class_bind_template_callback (widget_class, payload_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ld_verify_dialog_verify);
  gtk_widget_class_install_action (widget_class, "verify.choose-key", NULL, choose_key_action);
  gtk_widget_class_install_action (widget_class, "verify.key-file", "s", key_file_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ld_verify_dialog_init (LdVerifyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->facts = g_hash_table_new (g_str_hash, g_str_equal);
  /* The rows of what the code says, declared in the .ui, by fact. */
  for (guint i = 0; i < G_N_ELEMENTS (fact_rows); i++)
    {
      g_autofree char *id = g_strdup_printf ("fact_%s", fact_rows[i].name);

      g_hash_table_insert (self->facts, (gpointer) fact_rows[i].name,
                           gtk_widget_get_template_child (GTK_WIDGET (self), LD_TYPE_VERIFY_DIALOG, id));
    }
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
