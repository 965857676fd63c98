/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ld-case-form.h"
#include "ld-case-page.h"
#include "ld-record-page.h"

G_BEGIN_DECLS

#define LD_TYPE_APPLICATIONS_PAGE (ld_applications_page_get_type ())
G_DECLARE_FINAL_TYPE (LdApplicationsPage, ld_applications_page, LD, APPLICATIONS_PAGE, GtkWidget)

GtkWidget    *ld_applications_page_new             (LdStore            *store);
void          ld_applications_page_set_actor       (LdApplicationsPage *self,
                                                    const LdActor      *actor);
LdRecordPage *ld_applications_page_get_record_page (LdApplicationsPage *self);
LdCasePage   *ld_applications_page_get_case_page   (LdApplicationsPage *self);
LdCaseForm   *ld_applications_page_get_form        (LdApplicationsPage *self);
void          ld_applications_page_new_case        (LdApplicationsPage *self);
void          ld_applications_page_open_case       (LdApplicationsPage *self,
                                                    const char         *id);
void          ld_applications_page_compare         (LdApplicationsPage *self);
void          ld_applications_page_set_filter      (LdApplicationsPage *self,
                                                    const char         *kind,
                                                    const char         *status,
                                                    const char         *officer,
                                                    const char         *country);
guint         ld_applications_page_get_n_filtered  (LdApplicationsPage *self);
gboolean      ld_applications_page_is_busy         (LdApplicationsPage *self);
const char   *ld_applications_page_get_view        (LdApplicationsPage *self);

G_END_DECLS
