/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ld-paged-model.h"

G_BEGIN_DECLS

#define LD_TYPE_RECORD_PAGE (ld_record_page_get_type ())
G_DECLARE_FINAL_TYPE (LdRecordPage, ld_record_page, LD, RECORD_PAGE, GtkWidget)

GtkWidget     *ld_record_page_new           (LdStore         *store,
                                             const LdSection *section);
LdPagedModel  *ld_record_page_get_model     (LdRecordPage    *self);
void           ld_record_page_focus_search  (LdRecordPage    *self);
const char    *ld_record_page_get_state     (LdRecordPage    *self);
void           ld_record_page_search        (LdRecordPage    *self,
                                             const char      *text);
GtkColumnView *ld_record_page_get_column_view (LdRecordPage  *self);

G_END_DECLS
