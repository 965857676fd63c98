/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-sync-engine.h"

G_BEGIN_DECLS

#define LD_TYPE_CONFLICT_ROW (ld_conflict_row_get_type ())
G_DECLARE_FINAL_TYPE (LdConflictRow, ld_conflict_row, LD, CONFLICT_ROW, AdwActionRow)

GtkWidget *ld_conflict_row_new (const LdSyncConflict *conflict,
                                gboolean              may_resolve);

G_END_DECLS
