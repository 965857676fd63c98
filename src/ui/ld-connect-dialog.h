/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_CONNECT_DIALOG (ld_connect_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LdConnectDialog, ld_connect_dialog, LD, CONNECT_DIALOG, AdwWindow)

LdConnectDialog *ld_connect_dialog_new          (GtkWindow       *parent,
                                                 const char      *login);
const char      *ld_connect_dialog_get_text     (LdConnectDialog *self,
                                                 const char      *field);
guint            ld_connect_dialog_get_tls      (LdConnectDialog *self);
void             ld_connect_dialog_show_message (LdConnectDialog *self,
                                                 const char      *message);

G_END_DECLS
