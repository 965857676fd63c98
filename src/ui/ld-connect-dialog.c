/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-connect-dialog"

#include "config.h"

#include "ld-connect-dialog.h"

/* The Connect window of the Central Database section
 * (ui/ld-connect-dialog.ui). It only holds what was typed: its "connect"
 * signal asks the page to try, and the page answers with a message (the
 * form stays as typed) or closes it. */
struct _LdConnectDialog
{
  AdwWindow    parent_instance;

  GtkEditable *host;
  GtkEditable *port;
  GtkEditable *database;
  GtkEditable *login;
  GtkEditable *password;
  AdwComboRow *tls;
  GtkEditable *ca_file;
  GtkLabel    *message;
};

G_DEFINE_FINAL_TYPE (LdConnectDialog, ld_connect_dialog, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CONNECT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
connect_clicked_cb (LdConnectDialog *self)
{
  g_signal_emit (self, signals[SIGNAL_CONNECT], 0);
}

static void
ld_connect_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_CONNECT_DIALOG);
  G_OBJECT_CLASS (ld_connect_dialog_parent_class)->dispose (object);
}

static void
ld_connect_dialog_class_init (LdConnectDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_connect_dialog_dispose;
  signals[SIGNAL_CONNECT] = g_signal_new ("connect", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                          NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/licencedesk/LicenceDesk/ld-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, LdConnectDialog, host);
  gtk_widget_class_bind_template_child (widget_class, LdConnectDialog, port);
  gtk_widget_class_bind_template_child (widget_class, LdConnectDialog, database);
  gtk_widget_class_bind_template_child (widget_class, LdConnectDialog, login);
  gtk_widget_class_bind_template_child (widget_class, LdConnectDialog, password);
  gtk_widget_class_bind_template_child (widget_class, LdConnectDialog, tls);
  gtk_widget_class_bind_template_child (widget_class, LdConnectDialog, ca_file);
  gtk_widget_class_bind_template_child (widget_class, LdConnectDialog, message);
  gtk_widget_class_bind_template_callback (widget_class, connect_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ld_connect_dialog_init (LdConnectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_connect_dialog_new:
 * @login: (nullable): the login to offer, the signed-in officer's
 */
LdConnectDialog *
ld_connect_dialog_new (GtkWindow  *parent,
                       const char *login)
{
  LdConnectDialog *self = g_object_new (LD_TYPE_CONNECT_DIALOG, "transient-for", parent, NULL);

  if (login)
    gtk_editable_set_text (self->login, login);
  return self;
}

/**
 * ld_connect_dialog_get_text:
 * @field: "host", "port", "database", "login", "password" or "ca-file"
 */
const char *
ld_connect_dialog_get_text (LdConnectDialog *self,
                            const char      *field)
{
  GtkEditable *fields[] = { self->host, self->port, self->database, self->login, self->password, self->ca_file };
  static const char *names[] = { "host", "port", "database", "login", "password", "ca-file" };

  g_return_val_if_fail (LD_IS_CONNECT_DIALOG (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i], field))
      return gtk_editable_get_text (fields[i]);
  g_return_val_if_reached (NULL);
}

/* Returns: the TLS choice: 0 verify-full, 1 require, 2 disable */
guint
ld_connect_dialog_get_tls (LdConnectDialog *self)
{
  g_return_val_if_fail (LD_IS_CONNECT_DIALOG (self), 0);
  return adw_combo_row_get_selected (self->tls);
}

/**
 * ld_connect_dialog_show_message:
 * @message: (nullable): what is wrong and what to do; %NULL hides the message
 */
void
ld_connect_dialog_show_message (LdConnectDialog *self,
                                const char      *message)
{
  g_return_if_fail (LD_IS_CONNECT_DIALOG (self));

  gtk_label_set_text (self->message, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message), message != NULL);
}
