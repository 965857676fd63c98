/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ld-store.h"

G_BEGIN_DECLS

GdkTexture *ld_scan_render            (GBytes      *bytes,
                                       const char  *media_type,
                                       int          width,
                                       GError     **error);
GdkTexture *ld_scan_render_attachment (LdStore     *store,
                                       const char  *attachment_id,
                                       const char  *media_type,
                                       GError     **error);

G_END_DECLS
