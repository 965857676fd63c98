/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-actor.h"
#include "ld-store.h"

G_BEGIN_DECLS

#define LD_TYPE_WINDOW (ld_window_get_type ())
G_DECLARE_FINAL_TYPE (LdWindow, ld_window, LD, WINDOW, AdwApplicationWindow)

LdWindow    *ld_window_new               (GtkApplication *application,
                                          GSettings      *settings);
void         ld_window_set_store         (LdWindow       *self,
                                          LdStore        *store);
void         ld_window_set_actor         (LdWindow       *self,
                                          const LdActor  *actor);
void         ld_window_show_store_error  (LdWindow       *self,
                                          const GError   *error);
const char  *ld_window_get_store_error   (LdWindow       *self);
const char  *ld_window_get_read_only_notice (LdWindow    *self);
gboolean     ld_window_select_section    (LdWindow       *self,
                                          const char     *section_id);
const char  *ld_window_get_section       (LdWindow       *self);
GtkWidget   *ld_window_get_page          (LdWindow       *self,
                                          const char     *section_id);
void         ld_window_add_toast         (LdWindow       *self,
                                          const char     *message);

void         ld_window_import_brokers    (LdWindow       *self,
                                          GFile          *file);

G_END_DECLS
