/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A tracing answer (ld_licence_repo_trace_by()) flattened for a reply to the
 * requesting state: one row per chain, the same fields in the CSV and PDF. */
typedef enum
{
  LD_TRACE_FIELD_SERIAL,
  LD_TRACE_FIELD_MATCHED_BY,
  LD_TRACE_FIELD_APPLICATION,
  LD_TRACE_FIELD_KIND,
  LD_TRACE_FIELD_ITEM,
  LD_TRACE_FIELD_MANUFACTURER_MARKING,
  LD_TRACE_FIELD_IMPORT_MARKING,
  LD_TRACE_FIELD_PARTIES,
  LD_TRACE_FIELD_ROUTE,
  LD_TRACE_FIELD_EUC,
  LD_TRACE_FIELD_END_USE,
  LD_TRACE_FIELD_LICENCE,
  LD_TRACE_FIELD_LICENCE_STATUS,
  LD_TRACE_FIELD_VALIDITY,
  LD_TRACE_FIELD_HOLDER,
  LD_TRACE_FIELD_SHIPMENTS,
  LD_TRACE_N_FIELDS
} LdTraceField;

const char *ld_trace_field_title  (LdTraceField  field);
GStrv       ld_trace_chain_fields (JsonObject   *chain);
char       *ld_trace_to_csv       (JsonNode     *trace);

G_END_DECLS
