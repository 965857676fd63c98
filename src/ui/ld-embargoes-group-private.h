/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-embargo-row.h"
#include "ld-embargoes-group.h"

G_BEGIN_DECLS

struct _LdEmbargoesGroup
{
  AdwPreferencesGroup  parent_instance;

  /* template children */
  GtkWidget           *import_button;
  AdwExpanderRow      *add_row;
  GtkEditable         *add_id_row;
  GtkEditable         *add_name_row;
  GtkEditable         *add_countries_row;
  GtkEditable         *add_resolutions_row;
  AdwComboRow         *add_scope_row;
  GtkEditable         *add_since_row;
  GtkEditable         *add_source_row;
  GtkLabel            *add_error;
  GtkLabel            *edit_error;
  GtkListBox          *embargo_list;

  GHashTable          *entry_rows;    /* entry id → its LdEmbargoRow in embargo_list */
  LdEmbargoTable      *table;
  char                *origin;
  char                *problem;
  LdStore             *store;
  LdActor             *actor;
  GCancellable        *cancellable;
  gboolean             busy;
  gboolean             loaded;
};

void         _ld_embargoes_group_class_install_actions (GtkWidgetClass   *klass);
void         _ld_embargoes_group_update_actions        (LdEmbargoesGroup *self);
void         _ld_embargoes_group_add                   (LdEmbargoesGroup *self);
void         _ld_embargoes_group_change                (LdEmbargoesGroup *self,
                                                        const char       *id);
void         _ld_embargoes_group_end                   (LdEmbargoesGroup *self,
                                                        const char       *id);
void         _ld_embargoes_group_choose_import         (LdEmbargoesGroup *self);

/* For the tests. */
GtkEditable *_ld_embargoes_group_get_field             (LdEmbargoesGroup *self,
                                                        const char       *id,
                                                        guint             field);
const char  *_ld_embargoes_group_get_edit_error        (LdEmbargoesGroup *self);

G_END_DECLS
