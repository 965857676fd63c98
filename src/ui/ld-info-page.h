/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_INFO_PAGE (ld_info_page_get_type ())
G_DECLARE_FINAL_TYPE (LdInfoPage, ld_info_page, LD, INFO_PAGE, GtkWidget)

GtkWidget    *ld_info_page_new       (const char *icon_name,
                                      const char *title,
                                      const char *description);
AdwActionRow *ld_info_page_add_fact  (LdInfoPage *self,
                                      const char *title,
                                      const char *value);

void          ld_info_page_remove_fact (LdInfoPage   *self,
                                        AdwActionRow *row);

G_END_DECLS
