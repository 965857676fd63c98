/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "ld-case.h"

G_BEGIN_DECLS

void     ld_case_json_build       (const LdCase  *self,
                                   JsonBuilder   *builder,
                                   gboolean       with_serials);
char    *ld_case_to_json          (const LdCase  *self,
                                   gboolean       with_serials);
LdCase  *ld_case_from_json_node   (JsonNode      *node,
                                   GError       **error);
LdCase  *ld_case_from_json        (const char    *text,
                                   GError       **error);
LdCase  *ld_case_from_json_data   (const char    *data,
                                   gssize         length,
                                   GError       **error);

G_END_DECLS
