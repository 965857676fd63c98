/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-licence-repo.h"

G_BEGIN_DECLS

#define LD_TYPE_LICENCE_WINDOW (ld_licence_window_get_type ())
G_DECLARE_FINAL_TYPE (LdLicenceWindow, ld_licence_window, LD, LICENCE_WINDOW, AdwWindow)

LdLicenceWindow *ld_licence_window_new         (GtkWindow       *parent,
                                                LdStore         *store,
                                                const LdActor   *actor,
                                                const char      *number_or_id);
gboolean         ld_licence_window_is_busy     (LdLicenceWindow *self);
const LdLicence *ld_licence_window_get_licence (LdLicenceWindow *self);
const char      *ld_licence_window_get_message (LdLicenceWindow *self);
const char      *ld_licence_window_get_dvc     (LdLicenceWindow *self);
void             ld_licence_window_print       (LdLicenceWindow  *self,
                                                GtkPrintSettings *settings,
                                                const char       *export_path);
gboolean         ld_licence_window_get_printing (LdLicenceWindow *self);

G_END_DECLS
