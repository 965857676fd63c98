/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_EUC_DVC_FORM (ld_euc_dvc_form_get_type ())
G_DECLARE_FINAL_TYPE (LdEucDvcForm, ld_euc_dvc_form, LD, EUC_DVC_FORM, AdwPreferencesGroup)

void       ld_euc_dvc_form_show (LdEucDvcForm *self,
                                 const char   *summary,
                                 gboolean      overdue,
                                 const char   *expected_by,
                                 gboolean      editable);

G_END_DECLS
