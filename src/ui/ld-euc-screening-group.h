/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_EUC_SCREENING_GROUP (ld_euc_screening_group_get_type ())
G_DECLARE_FINAL_TYPE (LdEucScreeningGroup, ld_euc_screening_group, LD, EUC_SCREENING_GROUP,
                      AdwPreferencesGroup)

GtkWidget *ld_euc_screening_group_new          (gint64                 seq,
                                                  const char            *screened);
void       ld_euc_screening_group_ask_reason   (LdEucScreeningGroup *self,
                                                  const char            *key);
void       ld_euc_screening_group_offer_screen (LdEucScreeningGroup *self);

G_END_DECLS
