/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_CONFLICT_FIELD_ROW (ld_conflict_field_row_get_type ())
G_DECLARE_FINAL_TYPE (LdConflictFieldRow, ld_conflict_field_row, LD, CONFLICT_FIELD_ROW, AdwActionRow)

GtkWidget  *ld_conflict_field_row_new       (const char         *field,
                                             const char         *base,
                                             const char         *mine,
                                             const char         *theirs,
                                             gboolean            clashing);
const char *ld_conflict_field_row_get_field (LdConflictFieldRow *self);
gboolean    ld_conflict_field_row_get_keep  (LdConflictFieldRow *self);

G_END_DECLS
