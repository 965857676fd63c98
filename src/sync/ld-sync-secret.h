/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char     *ld_sync_secret_lookup (const char  *uri,
                                 GError     **error);
gboolean  ld_sync_secret_store  (const char  *uri,
                                 const char  *password,
                                 GError     **error);

G_END_DECLS
