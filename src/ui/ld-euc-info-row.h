/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_EUC_INFO_ROW (ld_euc_info_row_get_type ())
G_DECLARE_FINAL_TYPE (LdEucInfoRow, ld_euc_info_row, LD, EUC_INFO_ROW, AdwActionRow)

GtkWidget *ld_euc_info_row_new            (const char   *title,
                                           const char   *value);
void       ld_euc_info_row_flag           (LdEucInfoRow *self);
void       ld_euc_info_row_offer_verdicts (LdEucInfoRow *self,
                                           const char   *hit_id);

G_END_DECLS
