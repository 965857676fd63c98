/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-store.h"

G_BEGIN_DECLS

void       ld_print_day_present (GtkWindow          *parent,
                                 LdStore            *store,
                                 const char         *day,
                                 const char         *error_text);
GtkWidget *ld_print_day_get_dialog (GtkWindow       *parent);
void       ld_print_day_async   (GtkWindow          *parent,
                                 LdStore            *store,
                                 const char         *day,
                                 GtkPrintSettings   *settings,
                                 const char         *export_path,
                                 GAsyncReadyCallback callback,
                                 gpointer            user_data);
gboolean   ld_print_day_finish  (GAsyncResult       *result,
                                 GError            **error);

G_END_DECLS
