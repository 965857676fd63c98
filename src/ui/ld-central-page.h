/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-store.h"

G_BEGIN_DECLS

#define LD_TYPE_CENTRAL_PAGE (ld_central_page_get_type ())
G_DECLARE_FINAL_TYPE (LdCentralPage, ld_central_page, LD, CENTRAL_PAGE, GtkWidget)

GtkWidget *ld_central_page_new     (LdStore       *store);
void       ld_central_page_refresh (LdCentralPage *self);
void       ld_central_page_set_auto_sync (LdCentralPage *self,
                                          gboolean       auto_sync);
void       ld_central_page_set_actor (LdCentralPage *self,
                                      const LdActor *actor);
GtkWindow *ld_central_page_open_connect (LdCentralPage *self);
GtkWindow *ld_central_page_open_resolution (LdCentralPage *self,
                                            const char    *mutation_id);

G_END_DECLS
