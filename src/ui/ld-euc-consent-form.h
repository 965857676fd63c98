/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_EUC_CONSENT_FORM (ld_euc_consent_form_get_type ())
G_DECLARE_FINAL_TYPE (LdEucConsentForm, ld_euc_consent_form, LD, EUC_CONSENT_FORM, AdwPreferencesGroup)

GtkWidget *ld_euc_consent_form_new (const char *received_on);

G_END_DECLS
