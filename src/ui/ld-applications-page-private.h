/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "ld-applications-page.h"

G_BEGIN_DECLS

/* For ld-applications-page-actions.c */
void _ld_applications_page_install_actions (GtkWidgetClass     *widget_class);
void _ld_applications_page_show_list       (LdApplicationsPage *self);

G_END_DECLS
