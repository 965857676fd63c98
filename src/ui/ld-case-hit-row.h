/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ld-case-hit.h"

G_BEGIN_DECLS

#define LD_TYPE_CASE_HIT_ROW (ld_case_hit_row_get_type ())
G_DECLARE_FINAL_TYPE (LdCaseHitRow, ld_case_hit_row, LD, CASE_HIT_ROW, GtkWidget)

GtkWidget *ld_case_hit_row_new_for (gpointer      hit,
                                    gpointer      unused);
void       ld_case_hit_row_set_hit (LdCaseHitRow *self,
                                    LdCaseHit    *hit);

G_END_DECLS
