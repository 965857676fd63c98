/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-euc-dvc-form.h"

G_BEGIN_DECLS

/* The record page's groups, in the order they are shown. */
typedef enum
{
  LD_EUC_RECORD_FINDINGS,
  LD_EUC_RECORD_VERIFICATION,
  LD_EUC_RECORD_APPLICATION,
  LD_EUC_RECORD_SCANS,
  LD_EUC_RECORD_CERTIFICATE,
  LD_EUC_RECORD_UNDERTAKINGS,
  LD_EUC_RECORD_VERIFY_FORM,
  LD_EUC_RECORD_LINK_FORM,
  LD_EUC_RECORD_CONSENTS,
  LD_EUC_RECORD_N_GROUPS
} LdEucRecordGroup;

#define LD_TYPE_EUC_RECORD_PAGE (ld_euc_record_page_get_type ())
G_DECLARE_FINAL_TYPE (LdEucRecordPage, ld_euc_record_page, LD, EUC_RECORD_PAGE, AdwPreferencesPage)

GtkWidget           *ld_euc_record_page_new              (void);
AdwPreferencesGroup *ld_euc_record_page_get_group        (LdEucRecordPage  *self,
                                                          LdEucRecordGroup  group);
AdwComboRow         *ld_euc_record_page_get_status_row   (LdEucRecordPage  *self);
LdEucDvcForm        *ld_euc_record_page_get_dvc          (LdEucRecordPage  *self);
void                 ld_euc_record_page_show_scan_buttons (LdEucRecordPage *self,
                                                          gboolean          compare,
                                                          gboolean          attach);

G_END_DECLS
