/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-euc-repo.h"
#include "ld-store.h"

G_BEGIN_DECLS

#define LD_TYPE_EUC_WINDOW (ld_euc_window_get_type ())
G_DECLARE_FINAL_TYPE (LdEucWindow, ld_euc_window, LD, EUC_WINDOW, AdwWindow)

LdEucWindow *ld_euc_window_new              (GtkWindow      *parent,
                                             LdStore        *store,
                                             const LdActor  *actor,
                                             const char     *euc_id);
const char  *ld_euc_window_get_euc_id       (LdEucWindow    *self);
gboolean     ld_euc_window_is_busy          (LdEucWindow    *self);
const char  *ld_euc_window_get_field_message (LdEucWindow   *self,
                                              const char    *key);

const LdEucRecord *ld_euc_window_get_record (LdEucWindow *self);
GtkEditable *ld_euc_window_get_field        (LdEucWindow    *self,
                                             const char     *key);

GdkTexture  *ld_euc_window_get_scan         (LdEucWindow    *self);

G_END_DECLS
