/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-embargo-table.h"

G_BEGIN_DECLS

/* The fields under one entry of the table. */
enum
{
  LD_EMBARGO_FIELD_NAME,
  LD_EMBARGO_FIELD_COUNTRIES,
  LD_EMBARGO_FIELD_RESOLUTIONS,
  LD_EMBARGO_FIELD_SINCE,
  LD_EMBARGO_FIELD_SOURCE,
  LD_EMBARGO_FIELD_END_REASON,
  LD_EMBARGO_N_FIELDS
};

#define LD_TYPE_EMBARGO_ROW (ld_embargo_row_get_type ())
G_DECLARE_FINAL_TYPE (LdEmbargoRow, ld_embargo_row, LD, EMBARGO_ROW, AdwExpanderRow)

GtkWidget   *ld_embargo_row_new       (const LdEmbargo *embargo);
GtkEditable *ld_embargo_row_get_field (LdEmbargoRow    *self,
                                       guint            field);

G_END_DECLS
