/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ld-case-repo.h"

G_BEGIN_DECLS

#define LD_TYPE_CASE_FORM (ld_case_form_get_type ())
G_DECLARE_FINAL_TYPE (LdCaseForm, ld_case_form, LD, CASE_FORM, GtkWidget)

GtkWidget   *ld_case_form_new               (LdStore       *store);
void         ld_case_form_set_actor         (LdCaseForm    *self,
                                             const LdActor *actor);
void         ld_case_form_set_autosave_path (LdCaseForm    *self,
                                             const char    *path);
void         ld_case_form_add_item_line     (LdCaseForm    *self);
void         ld_case_form_add_party         (LdCaseForm    *self,
                                             const char    *role);
void         ld_case_form_add_transit       (LdCaseForm    *self);
void         ld_case_form_load_case         (LdCaseForm    *self,
                                             const LdCase  *c);
LdCase      *ld_case_form_get_case          (LdCaseForm    *self,
                                             GError       **error);
gboolean     ld_case_form_is_busy           (LdCaseForm    *self);
void         ld_case_form_clear             (LdCaseForm    *self);

G_END_DECLS
