/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define LD_TYPE_INFO_PAGE (ld_info_page_get_type ())
G_DECLARE_FINAL_TYPE (LdInfoPage, ld_info_page, LD, INFO_PAGE, GtkWidget)

AdwActionRow *ld_info_page_add_fact  (LdInfoPage *self,
                                      const char *title,
                                      const char *value);


G_END_DECLS
