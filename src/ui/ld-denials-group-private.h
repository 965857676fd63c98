/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-denials-group.h"

G_BEGIN_DECLS

struct _LdDenialsGroup
{
  AdwPreferencesGroup  parent_instance;

  /* template children */
  AdwExpanderRow      *record_row;
  GtkEditable         *reference_row;
  GtkEditable         *name_row;
  GtkEditable         *other_names_row;
  AdwComboRow         *type_row;
  GtkEditable         *country_row;
  GtkEditable         *denied_on_row;
  GtkEditable         *reason_row;
  GtkEditable         *source_row;
  GtkLabel            *record_error;
  GtkLabel            *void_error;
  GtkListBox          *denial_list;

  GHashTable          *void_reasons;  /* reference → the row's "why voided" field */
  GPtrArray           *denials;       /* (element-type LdDenial) in force */
  LdStore             *store;
  LdActor             *actor;
  GCancellable        *cancellable;
  char                *problem;       /* why the register cannot be shown */
  gboolean             busy;
  gboolean             loaded;
};

void         _ld_denials_group_class_install_actions (GtkWidgetClass *klass);
void         _ld_denials_group_update_actions        (LdDenialsGroup *self);
void         _ld_denials_group_record                (LdDenialsGroup *self);
void         _ld_denials_group_void                  (LdDenialsGroup *self,
                                                      const char     *reference);

/* For the tests. */
GtkEditable *_ld_denials_group_get_field             (LdDenialsGroup *self,
                                                      const char     *name);
GtkEditable *_ld_denials_group_get_void_reason       (LdDenialsGroup *self,
                                                      const char     *reference);
const char  *_ld_denials_group_get_record_error      (LdDenialsGroup *self);
const char  *_ld_denials_group_get_void_error        (LdDenialsGroup *self);

G_END_DECLS
