/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define LD_TYPE_RECORD_ROW (ld_record_row_get_type ())
G_DECLARE_FINAL_TYPE (LdRecordRow, ld_record_row, LD, RECORD_ROW, GObject)

LdRecordRow *ld_record_row_new         (guint         n_values);
gint64       ld_record_row_get_rowid   (LdRecordRow  *self);
gboolean     ld_record_row_get_loaded  (LdRecordRow  *self);
const char  *ld_record_row_get_value   (LdRecordRow  *self,
                                        guint         column);
void         ld_record_row_fill        (LdRecordRow  *self,
                                        gint64        rowid,
                                        char        **values);

G_END_DECLS
