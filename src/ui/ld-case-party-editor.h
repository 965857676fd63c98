/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ld-case.h"
#include "ld-form-field.h"
#include "ld-store.h"

G_BEGIN_DECLS

#define LD_TYPE_CASE_PARTY_EDITOR (ld_case_party_editor_get_type ())
G_DECLARE_FINAL_TYPE (LdCasePartyEditor, ld_case_party_editor, LD, CASE_PARTY_EDITOR, GtkWidget)

/* Called for each field with its member name ("name", "country", …). */
typedef void (*LdFieldFunc) (const char  *member,
                             LdFormField *field,
                             gpointer     user_data);

GtkWidget   *ld_case_party_editor_new            (LdStore           *store,
                                                  const char        *role);
void         ld_case_party_editor_set_number     (LdCasePartyEditor *self,
                                                  guint              n);
const char  *ld_case_party_editor_get_role       (LdCasePartyEditor *self);
LdCaseParty *ld_case_party_editor_to_party       (LdCasePartyEditor *self);
void         ld_case_party_editor_set_party      (LdCasePartyEditor *self,
                                                  const LdCaseParty *party);
gboolean     ld_case_party_editor_validate       (LdCasePartyEditor *self);
void         ld_case_party_editor_foreach_field  (LdCasePartyEditor *self,
                                                  LdFieldFunc        func,
                                                  gpointer           user_data);
gboolean     ld_case_party_editor_use_known_party (LdCasePartyEditor *self,
                                                   const char        *name);
void         ld_case_party_editor_refresh_known  (LdCasePartyEditor *self);
void         ld_case_party_editor_search_brokers (LdCasePartyEditor *self,
                                                  const char        *text);
guint        ld_case_party_editor_get_n_brokers  (LdCasePartyEditor *self);
gboolean     ld_case_party_editor_pick_broker    (LdCasePartyEditor *self,
                                                  guint              position);

G_END_DECLS
