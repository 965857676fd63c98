/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-store.h"

G_BEGIN_DECLS

#define LD_TYPE_EUC_AUTHORITIES_WINDOW (ld_euc_authorities_window_get_type ())
G_DECLARE_FINAL_TYPE (LdEucAuthoritiesWindow, ld_euc_authorities_window, LD, EUC_AUTHORITIES_WINDOW, AdwWindow)

LdEucAuthoritiesWindow *ld_euc_authorities_window_new (GtkWindow   *parent,
                                                       LdStore     *store,
                                                       const char  *certificate);
void         ld_euc_authorities_window_compare        (LdEucAuthoritiesWindow *self,
                                                       const char             *certificate);
gboolean     ld_euc_authorities_window_is_busy        (LdEucAuthoritiesWindow *self);
guint        ld_euc_authorities_window_get_n_authorities (LdEucAuthoritiesWindow *self);
const char  *ld_euc_authorities_window_get_selected   (LdEucAuthoritiesWindow *self);
const char  *ld_euc_authorities_window_get_verdict    (LdEucAuthoritiesWindow *self);
GdkTexture  *ld_euc_authorities_window_get_specimen   (LdEucAuthoritiesWindow *self);
GdkTexture  *ld_euc_authorities_window_get_certificate_scan (LdEucAuthoritiesWindow *self);

G_END_DECLS
