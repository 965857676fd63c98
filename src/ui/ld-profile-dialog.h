/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-actor.h"
#include "ld-store.h"

G_BEGIN_DECLS

#define LD_TYPE_PROFILE_DIALOG (ld_profile_dialog_get_type ())
G_DECLARE_FINAL_TYPE (LdProfileDialog, ld_profile_dialog, LD, PROFILE_DIALOG, AdwWindow)

LdProfileDialog *ld_profile_dialog_new (GtkWindow *parent,
                                        LdStore   *store,
                                        GPtrArray *users);
gboolean         ld_profile_dialog_ask_for   (LdProfileDialog *self,
                                              const char      *login);
void             ld_profile_dialog_sign_in   (LdProfileDialog *self,
                                              const char      *login,
                                              const char      *credential);
const char      *ld_profile_dialog_get_error (LdProfileDialog *self);
gboolean         ld_profile_dialog_is_busy   (LdProfileDialog *self);
gboolean         ld_profile_dialog_create_first (LdProfileDialog *self,
                                                 const char      *name,
                                                 const char      *person,
                                                 const char      *credential,
                                                 const char      *confirm);

G_END_DECLS
