/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_EUC_DECIDE_FORM (ld_euc_decide_form_get_type ())
G_DECLARE_FINAL_TYPE (LdEucDecideForm, ld_euc_decide_form, LD, EUC_DECIDE_FORM, AdwPreferencesGroup)

GtkWidget *ld_euc_decide_form_new (gint64     seq,
                                   GPtrArray *unmet_grant,
                                   GPtrArray *unmet_refusal);

G_END_DECLS
