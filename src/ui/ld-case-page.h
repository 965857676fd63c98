/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ld-case-repo.h"

G_BEGIN_DECLS

#define LD_TYPE_CASE_PAGE (ld_case_page_get_type ())
G_DECLARE_FINAL_TYPE (LdCasePage, ld_case_page, LD, CASE_PAGE, GtkWidget)

GtkWidget          *ld_case_page_new              (LdStore       *store);
void                ld_case_page_set_actor        (LdCasePage    *self,
                                                   const LdActor *actor);
void                ld_case_page_open             (LdCasePage    *self,
                                                   const char    *id,
                                                   int            compare_version);
const LdCaseRecord *ld_case_page_get_record       (LdCasePage    *self);
gboolean            ld_case_page_is_busy          (LdCasePage    *self);
const char         *ld_case_page_get_error        (LdCasePage    *self);
const char         *ld_case_page_get_licence_number (LdCasePage  *self);
void                ld_case_page_print_refusal    (LdCasePage       *self,
                                                   GtkPrintSettings *settings,
                                                   const char       *export_path);
gboolean            ld_case_page_get_printing     (LdCasePage    *self);

G_END_DECLS
