/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-actor.h"
#include "ld-store.h"

G_BEGIN_DECLS

#define LD_TYPE_SCREENING_PAGE (ld_screening_page_get_type ())
G_DECLARE_FINAL_TYPE (LdScreeningPage, ld_screening_page, LD, SCREENING_PAGE, GtkWidget)

GtkWidget *ld_screening_page_new        (GSettings       *settings,
                                         const char      *list_dir);
void       ld_screening_page_set_actor  (LdScreeningPage *self,
                                         const LdActor   *actor);
void       ld_screening_page_set_store  (LdScreeningPage *self,
                                         LdStore         *store);
gboolean   ld_screening_page_is_ready   (LdScreeningPage *self);
guint      ld_screening_page_get_n_denials   (LdScreeningPage *self);
guint      ld_screening_page_get_n_embargoes (LdScreeningPage *self);
const char *ld_screening_page_get_embargo_version (LdScreeningPage *self);
void       ld_screening_page_import_embargoes (LdScreeningPage *self,
                                               GFile           *file);
void       ld_screening_page_check_name (LdScreeningPage *self,
                                         const char      *name,
                                         const char      *country);
guint      ld_screening_page_get_n_results (LdScreeningPage *self);
gboolean   ld_screening_page_is_rescreening (LdScreeningPage *self);
const char *ld_screening_page_get_rescreen_status (LdScreeningPage *self);

G_END_DECLS
