/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ld-case.h"
#include "ld-case-party-editor.h"

G_BEGIN_DECLS

#define LD_TYPE_CASE_ITEM_EDITOR (ld_case_item_editor_get_type ())
G_DECLARE_FINAL_TYPE (LdCaseItemEditor, ld_case_item_editor, LD, CASE_ITEM_EDITOR, GtkWidget)

GtkWidget  *ld_case_item_editor_new               (void);
void        ld_case_item_editor_set_number        (LdCaseItemEditor *self,
                                                   guint             n);
LdCaseItem *ld_case_item_editor_to_item           (LdCaseItemEditor *self,
                                                   GError          **error);
void        ld_case_item_editor_set_item          (LdCaseItemEditor *self,
                                                   const LdCaseItem *item);
gboolean    ld_case_item_editor_is_empty          (LdCaseItemEditor *self);
gboolean    ld_case_item_editor_validate          (LdCaseItemEditor *self);
void        ld_case_item_editor_foreach_field     (LdCaseItemEditor *self,
                                                   LdFieldFunc       func,
                                                   gpointer          user_data);
char       *ld_case_item_editor_get_serials_text  (LdCaseItemEditor *self);
void        ld_case_item_editor_set_serials_text  (LdCaseItemEditor *self,
                                                   const char       *text);
void        ld_case_item_editor_set_serials_error (LdCaseItemEditor *self,
                                                   const char       *message);
guint       ld_case_item_editor_get_n_problems    (LdCaseItemEditor *self);
gboolean    ld_case_item_editor_show_problem      (LdCaseItemEditor *self,
                                                   guint             index);
void        ld_case_item_editor_save_to           (LdCaseItemEditor *self,
                                                   GKeyFile         *keys,
                                                   const char       *group);
void        ld_case_item_editor_restore_from      (LdCaseItemEditor *self,
                                                   GKeyFile         *keys,
                                                   const char       *group);
gboolean    ld_case_item_editor_set_category      (LdCaseItemEditor *self,
                                                   const char       *code);
GtkCheckButton *ld_case_item_editor_get_check     (LdCaseItemEditor *self,
                                                   const char       *name);

G_END_DECLS
