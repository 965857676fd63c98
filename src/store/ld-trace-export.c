/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-trace-export"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-csv.h"
#include "ld-trace-export.h"

/*
 * The chain a tracing request asks for (International Tracing Instrument), as
 * the office sends it to the requesting state: one row per chain with its
 * parties, route, shipments and licence in words. The CSV's header names are
 * stable keys; the PDF (src/documents) prints the translated titles.
 */

static const struct { const char *key; const char *title; } fields[] = {
  [LD_TRACE_FIELD_SERIAL] = { "serial", N_("Serial number") },
  [LD_TRACE_FIELD_MATCHED_BY] = { "matched_by", N_("Found by") },
  [LD_TRACE_FIELD_APPLICATION] = { "application", N_("Application") },
  [LD_TRACE_FIELD_KIND] = { "kind", N_("Transfer") },
  [LD_TRACE_FIELD_ITEM] = { "item", N_("Item") },
  [LD_TRACE_FIELD_MANUFACTURER_MARKING] = { "manufacturer_marking", N_("Manufacturer's marking") },
  [LD_TRACE_FIELD_IMPORT_MARKING] = { "import_marking", N_("Import marking") },
  [LD_TRACE_FIELD_PARTIES] = { "parties", N_("Parties") },
  [LD_TRACE_FIELD_ROUTE] = { "route", N_("Route") },
  [LD_TRACE_FIELD_EUC] = { "euc_reference", N_("End-use certificate") },
  [LD_TRACE_FIELD_END_USE] = { "end_use", N_("End use") },
  [LD_TRACE_FIELD_LICENCE] = { "licence", N_("Licence") },
  [LD_TRACE_FIELD_LICENCE_STATUS] = { "licence_status", N_("Licence status") },
  [LD_TRACE_FIELD_VALIDITY] = { "validity", N_("Validity") },
  [LD_TRACE_FIELD_HOLDER] = { "holder", N_("Licence holder") },
  [LD_TRACE_FIELD_SHIPMENTS] = { "shipments", N_("Shipments") },
};

const char *
ld_trace_field_title (LdTraceField field)
{
  g_return_val_if_fail (field < LD_TRACE_N_FIELDS, NULL);
  return _(fields[field].title);
}

static const char *
text (JsonObject *o,
      const char *name)
{
  if (o == NULL || !json_object_has_member (o, name) || json_object_get_null_member (o, name))
    return NULL;
  return json_object_get_string_member (o, name);
}

static JsonObject *
object (JsonObject *o,
        const char *name)
{
  if (o == NULL || !json_object_has_member (o, name) || json_object_get_null_member (o, name))
    return NULL;
  return json_object_get_object_member (o, name);
}

static char *
parties_text (JsonObject *chain)
{
  JsonArray *parties = json_object_get_array_member (chain, "parties");
  GString *out = g_string_new (NULL);

  for (guint i = 0; parties && i < json_array_get_length (parties); i++)
    {
      JsonObject *p = json_array_get_object_element (parties, i);

      g_string_append_printf (out, "%s%s: %s (%s)", i ? "; " : "", text (p, "role") ? text (p, "role") : "",
                              text (p, "name") ? text (p, "name") : "", text (p, "country") ? text (p, "country") : "");
    }
  return g_string_free (out, FALSE);
}

static char *
route_text (JsonObject *chain)
{
  JsonArray *route = json_object_get_array_member (chain, "route");
  GString *out = g_string_new (NULL);

  for (guint i = 0; route && i < json_array_get_length (route); i++)
    {
      JsonObject *leg = json_array_get_object_element (route, i);

      g_string_append_printf (out, "%s%s %s", i ? " > " : "", text (leg, "leg") ? text (leg, "leg") : "",
                              text (leg, "country") ? text (leg, "country") : "");
    }
  return g_string_free (out, FALSE);
}

static void
append_shipment (GString    *out,
                 JsonObject *s)
{
  g_string_append_printf (out, "%s%s %s", out->len ? "; " : "", text (s, "shipped_on") ? text (s, "shipped_on") : "",
                          text (s, "customs_reference") ? text (s, "customs_reference") : "");
}

/* The shipment the weapon left in, or every shipment under the licence when
 * the marking is a whole line's. */
static char *
shipments_text (JsonObject *licence)
{
  GString *out = g_string_new (NULL);
  JsonObject *one = object (licence, "shipment");

  if (one != NULL)
    append_shipment (out, one);
  if (licence != NULL && json_object_has_member (licence, "shipments"))
    {
      JsonArray *all = json_object_get_array_member (licence, "shipments");

      for (guint i = 0; i < json_array_get_length (all); i++)
        append_shipment (out, json_array_get_object_element (all, i));
    }
  return g_string_free (out, FALSE);
}

/**
 * ld_trace_chain_fields:
 * @chain: one member of a tracing answer's "chains"
 *
 * Returns: (transfer full): %LD_TRACE_N_FIELDS texts, "" where the chain has nothing
 */
GStrv
ld_trace_chain_fields (JsonObject *chain)
{
  char **out = g_new0 (char *, LD_TRACE_N_FIELDS + 1);
  JsonObject *item = object (chain, "item");
  JsonObject *licence = object (chain, "licence");

  out[LD_TRACE_FIELD_SERIAL] = g_strdup (text (chain, "serial"));
  out[LD_TRACE_FIELD_MATCHED_BY] = g_strdup (text (chain, "matched_by"));
  out[LD_TRACE_FIELD_APPLICATION] = g_strdup_printf ("%s v%" G_GINT64_FORMAT " (%s)",
                                                     text (chain, "application") ? text (chain, "application") : "",
                                                     json_object_get_int_member_with_default (chain,
                                                                                              "application_version", 0),
                                                     text (chain, "application_status")
                                                       ? text (chain, "application_status") : "");
  out[LD_TRACE_FIELD_KIND] = g_strdup (text (chain, "kind"));
  out[LD_TRACE_FIELD_ITEM] = g_strdup_printf ("%s%s%s%s%s", text (item, "description") ? text (item, "description") : "",
                                              text (item, "manufacturer") ? ", " : "",
                                              text (item, "manufacturer") ? text (item, "manufacturer") : "",
                                              text (item, "model") ? " " : "",
                                              text (item, "model") ? text (item, "model") : "");
  out[LD_TRACE_FIELD_MANUFACTURER_MARKING] = g_strdup (text (item, "manufacturer_marking"));
  out[LD_TRACE_FIELD_IMPORT_MARKING] = g_strdup (text (item, "import_marking"));
  out[LD_TRACE_FIELD_PARTIES] = parties_text (chain);
  out[LD_TRACE_FIELD_ROUTE] = route_text (chain);
  out[LD_TRACE_FIELD_EUC] = g_strdup (text (chain, "euc_reference"));
  out[LD_TRACE_FIELD_END_USE] = g_strdup (text (chain, "end_use"));
  out[LD_TRACE_FIELD_LICENCE] = g_strdup (text (licence, "number"));
  out[LD_TRACE_FIELD_LICENCE_STATUS] = g_strdup (text (licence, "status"));
  out[LD_TRACE_FIELD_VALIDITY] = licence ? g_strdup_printf ("%s – %s", text (licence, "valid_from")
                                                             ? text (licence, "valid_from") : "",
                                                           text (licence, "valid_until")
                                                             ? text (licence, "valid_until") : "") : NULL;
  out[LD_TRACE_FIELD_HOLDER] = g_strdup (text (licence, "holder"));
  out[LD_TRACE_FIELD_SHIPMENTS] = shipments_text (licence);
  for (guint i = 0; i < LD_TRACE_N_FIELDS; i++)
    if (out[i] == NULL)
      out[i] = g_strdup ("");
  return out;
}

/* A spreadsheet must not run a cell as a formula: the requesting state opens
 * this file, and a name written "=HYPERLINK(…)" is text, not an instruction. */
static void
append_cell (GString    *line,
             const char *value,
             gboolean    first)
{
  if (value[0] == '=' || value[0] == '+' || value[0] == '@' || value[0] == '\t' || value[0] == '\r')
    {
      g_autofree char *quoted = g_strconcat ("'", value, NULL);

      ld_csv_append_field (line, quoted, first);
      return;
    }
  ld_csv_append_field (line, value, first);
}

/**
 * ld_trace_to_csv:
 * @trace: a tracing answer
 *
 * Returns: (transfer full): CSV (RFC 4180, CRLF line ends, UTF-8) with a
 *   header of the fields' keys and one row per chain
 */
char *
ld_trace_to_csv (JsonNode *trace)
{
  JsonArray *chains = json_object_get_array_member (json_node_get_object (trace), "chains");
  GString *out = g_string_new (NULL);

  for (guint f = 0; f < LD_TRACE_N_FIELDS; f++)
    append_cell (out, fields[f].key, f == 0);
  g_string_append (out, "\r\n");
  for (guint i = 0; i < json_array_get_length (chains); i++)
    {
      g_auto(GStrv) row = ld_trace_chain_fields (json_array_get_object_element (chains, i));

      for (guint f = 0; f < LD_TRACE_N_FIELDS; f++)
        append_cell (out, row[f], f == 0);
      g_string_append (out, "\r\n");
    }
  return g_string_free (out, FALSE);
}
