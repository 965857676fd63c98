/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The members every record's --json output is made of, written one way: a
 * missing text is null, never an empty string, so scripts can tell them apart. */
#include "config.h"

#include "ld-json-members.h"

void
ld_json_add_string_member (JsonBuilder *builder,
                           const char  *name,
                           const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

void
ld_json_add_int_member (JsonBuilder *builder,
                        const char  *name,
                        gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}
