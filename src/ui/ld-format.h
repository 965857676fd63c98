/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "ld-section.h"

G_BEGIN_DECLS

char *ld_format_cell    (LdColumnKind  kind,
                         const char   *value);
char *ld_format_status  (const char   *code);
char *ld_format_count   (guint64       n);
char *ld_format_instant (const char   *iso8601);
char *ld_format_record_kind (const char *entity);

G_END_DECLS
