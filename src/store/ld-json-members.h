/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

void ld_json_add_string_member (JsonBuilder *builder,
                                const char  *name,
                                const char  *value);
void ld_json_add_int_member    (JsonBuilder *builder,
                                const char  *name,
                                gint64       value);

G_END_DECLS
