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

G_END_DECLS
