/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One record of an RFC 4180 CSV file: the fields as bytes (not yet checked as
 * UTF-8), the line it starts on, and what is wrong with its quoting if anything. */
typedef struct
{
  guint      line;
  GPtrArray *fields;   /* element-type utf8 */
  char      *error;    /* nullable */
} LdCsvRecord;

GPtrArray *ld_csv_parse         (const char *data,
                                 gsize       length);
void       ld_csv_record_free   (LdCsvRecord *record);
void       ld_csv_append_field  (GString    *line,
                                 const char *field,
                                 gboolean    first);

G_END_DECLS
