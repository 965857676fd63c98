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
GtkWidget          *ld_case_page_get_screen_button (LdCasePage   *self);
GtkWidget          *ld_case_page_get_issue_button  (LdCasePage   *self);
const char         *ld_case_page_get_licence_number (LdCasePage  *self);
GtkWidget          *ld_case_page_get_step_button  (LdCasePage    *self,
                                                   LdCaseAction   action);
void                ld_case_page_set_refusal      (LdCasePage    *self,
                                                   const char    *criteria,
                                                   const char    *rationale);
guint               ld_case_page_get_n_compared   (LdCasePage    *self);
void                ld_case_page_print_refusal    (LdCasePage       *self,
                                                   GtkPrintSettings *settings,
                                                   const char       *export_path);
gboolean            ld_case_page_get_printing     (LdCasePage    *self);
GtkWidget          *ld_case_page_get_print_button (LdCasePage    *self);

G_END_DECLS
