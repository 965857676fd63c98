/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-case-form.h"
#include "ld-case-item-editor.h"
#include "ld-case-party-editor.h"
#include "ld-form-field.h"

G_BEGIN_DECLS

/* For ld-case-form-actions.c */
void              _ld_case_form_install_actions  (GtkWidgetClass *widget_class);
void              _ld_case_form_update_actions   (LdCaseForm     *self);
void              _ld_case_form_save             (LdCaseForm     *self);
void              _ld_case_form_remove_party     (LdCaseForm     *self,
                                                  guint           n);
void              _ld_case_form_remove_item      (LdCaseForm     *self,
                                                  guint           n);
void              _ld_case_form_remove_transit   (LdCaseForm     *self,
                                                  guint           n);
void              _ld_case_form_import_serials_file (LdCaseForm  *self,
                                                     guint        line,
                                                     GFile       *file);
gboolean          _ld_case_form_can_save         (LdCaseForm     *self);
guint             _ld_case_form_get_n_items      (LdCaseForm     *self);

/* For the tests: what the officer sees, by field name ("destination",
 * "transit1", "party2.country", "applicant.name" (the first applicant),
 * "item1.quantity"). */
LdFormField       *ld_case_form_get_form_field   (LdCaseForm     *self,
                                                  const char     *name);
GtkEditable       *ld_case_form_get_field        (LdCaseForm     *self,
                                                  const char     *name);
const char        *ld_case_form_get_field_error  (LdCaseForm     *self,
                                                  const char     *name);
LdCasePartyEditor *ld_case_form_get_party_editor (LdCaseForm     *self,
                                                  guint           n);
LdCaseItemEditor  *ld_case_form_get_item_editor  (LdCaseForm     *self,
                                                  guint           n);
guint              ld_case_form_get_n_parties    (LdCaseForm     *self);
void               ld_case_form_paste_serials    (LdCaseForm     *self,
                                                  guint           line,
                                                  const char     *text);
void               ld_case_form_set_kind         (LdCaseForm     *self,
                                                  const char     *kind);
void               ld_case_form_set_temporary    (LdCaseForm     *self,
                                                  gboolean        temporary);
const char        *ld_case_form_get_message      (LdCaseForm     *self);
gboolean           ld_case_form_is_valid         (LdCaseForm     *self);
GtkWidget         *ld_case_form_get_save_button  (LdCaseForm     *self);
gboolean           ld_case_form_use_known_party  (LdCaseForm     *self,
                                                  const char     *role,
                                                  const char     *name);
void               ld_case_form_scroll_to        (LdCaseForm     *self,
                                                  GtkWidget      *child);

G_END_DECLS
