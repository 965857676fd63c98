/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_VERIFY_DIALOG (ld_verify_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LdVerifyDialog, ld_verify_dialog, LD, VERIFY_DIALOG, AdwWindow)

LdVerifyDialog *ld_verify_dialog_new           (GtkWindow      *parent);
void            ld_verify_dialog_set_payload   (LdVerifyDialog *self,
                                                const char     *payload);
void            ld_verify_dialog_set_key_file  (LdVerifyDialog *self,
                                                const char     *path);
void            ld_verify_dialog_verify        (LdVerifyDialog *self);
gboolean        ld_verify_dialog_is_busy       (LdVerifyDialog *self);
const char     *ld_verify_dialog_get_verdict   (LdVerifyDialog *self);
const char     *ld_verify_dialog_get_message   (LdVerifyDialog *self);
const char     *ld_verify_dialog_get_fact      (LdVerifyDialog *self,
                                                const char     *name);

G_END_DECLS
