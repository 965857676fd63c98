/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-actor.h"
#include "ld-store.h"

G_BEGIN_DECLS

#define LD_TYPE_RESET_CREDENTIAL_DIALOG (ld_reset_credential_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LdResetCredentialDialog, ld_reset_credential_dialog, LD, RESET_CREDENTIAL_DIALOG, AdwWindow)

LdResetCredentialDialog *ld_reset_credential_dialog_new       (GtkWindow               *parent,
                                                               LdStore                 *store,
                                                               const LdActor           *administrator,
                                                               GPtrArray               *users);
void                     ld_reset_credential_dialog_reset     (LdResetCredentialDialog *self,
                                                               const char              *login,
                                                               const char              *credential,
                                                               const char              *confirm);
const char              *ld_reset_credential_dialog_get_error (LdResetCredentialDialog *self);
gboolean                 ld_reset_credential_dialog_is_busy   (LdResetCredentialDialog *self);

G_END_DECLS
