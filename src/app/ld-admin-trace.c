/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-admin-trace"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-admin.h"
#include "ld-documents.h"
#include "ld-licence-repo.h"
#include "ld-trace-export.h"

/*
 * licence-desk-admin trace --serial S | --marking M [--json] [--csv FILE]
 * [--pdf FILE]: the chain a tracing request
 * asks for (International Tracing Instrument): every case that listed the
 * marking, its parties, route and end-use certificate, the licence issued
 * and the shipment the weapon left in.
 */

/* The reply for the requesting state, as CSV or PDF; either or both. */
static gboolean
export_trace (JsonNode    *node,
              const char  *marking,
              const char  *csv_path,
              const char  *pdf_path,
              GError     **error)
{
  if (csv_path != NULL)
    {
      g_autofree char *csv = ld_trace_to_csv (node);

      if (!g_file_set_contents (csv_path, csv, -1, error))
        {
          g_prefix_error (error, _("The CSV could not be written to %s; choose a folder you may write to. "),
                          csv_path);
          return FALSE;
        }
    }
  if (pdf_path != NULL)
    {
      LdDocumentOptions options = { .paper = LD_PAPER_A4 };
      g_autoptr(GBytes) pdf = ld_trace_pdf_render (node, marking, &options, error);

      if (pdf == NULL || !ld_pdf_write_file (pdf, pdf_path, error))
        return FALSE;
    }
  return TRUE;
}

static void
print_chain (JsonObject *chain)
{
  JsonObject *licence = json_object_get_null_member (chain, "licence") ? NULL
                      : json_object_get_object_member (chain, "licence");
  JsonArray *parties = json_object_get_array_member (chain, "parties");

  const char *serial = json_object_get_null_member (chain, "serial") ? NULL
                     : json_object_get_string_member (chain, "serial");

  g_print (_("%s in application %s (version %" G_GINT64_FORMAT ", %s), line %" G_GINT64_FORMAT "\n"),
           serial ? serial : json_object_get_string_member (chain, "matched_by"),
           json_object_get_string_member (chain, "application"),
           json_object_get_int_member (chain, "application_version"),
           json_object_get_string_member (chain, "application_status"),
           json_object_get_int_member (json_object_get_object_member (chain, "item"), "line"));
  for (guint i = 0; i < json_array_get_length (parties); i++)
    {
      JsonObject *p = json_array_get_object_element (parties, i);

      g_print ("  %-12s %s (%s)\n", json_object_get_string_member (p, "role"), json_object_get_string_member (p, "name"),
               json_object_get_string_member (p, "country") ? json_object_get_string_member (p, "country") : "");
    }
  if (licence == NULL)
    {
      g_print (_("  no licence issued\n"));
      return;
    }
  g_print (_("  licence %s (%s, valid %s to %s)\n"), json_object_get_string_member (licence, "number"),
           json_object_get_string_member (licence, "status"), json_object_get_string_member (licence, "valid_from"),
           json_object_get_string_member (licence, "valid_until"));
  if (json_object_has_member (licence, "shipment") && !json_object_get_null_member (licence, "shipment"))
    {
      JsonObject *s = json_object_get_object_member (licence, "shipment");

      g_print (_("  shipped on %s, customs %s\n"), json_object_get_string_member (s, "shipped_on"),
               json_object_get_string_member (s, "customs_reference"));
    }
}

/**
 * ld_admin_trace_main:
 * @argv: argv[0] is "trace"
 */
int
ld_admin_trace_main (int    argc,
                     char **argv)
{
  g_autofree char *store_path = NULL;
  g_autofree char *serial = NULL;
  g_autofree char *marking = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *pdf_path = NULL;
  gboolean as_json = FALSE;
  const GOptionEntry entries[] = {
    { "store", 's', 0, G_OPTION_ARG_FILENAME, &store_path, N_("The store file (default: the desk's own)"), N_("PATH") },
    { "serial", 0, 0, G_OPTION_ARG_STRING, &serial, N_("The marking to trace; case and separators do not matter"),
      N_("SERIAL") },
    { "marking", 0, 0, G_OPTION_ARG_STRING, &marking,
      N_("A serial number, manufacturer's marking or import marking (e.g. GH 2026): any of them"), N_("MARKING") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON, for the reply to a tracing request"), NULL },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path, N_("Write the reply as CSV to FILE"), N_("FILE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf_path, N_("Write the reply as PDF to FILE"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(LdStore) store = NULL;
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;
  JsonArray *chains;

  g_option_context_set_summary (context, _("Trace a weapon by its serial number, manufacturer's marking or import "
                                           "marking through applications, licences and shipments; write the "
                                           "reply as CSV or PDF for the requesting state."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!ld_admin_parse (context, &argc, &argv))
    return LD_ADMIN_EXIT_USAGE;
  if ((serial == NULL) == (marking == NULL) || argc != 1)
    {
      g_printerr (_("licence-desk-admin trace: give the marking with --serial SERIAL or --marking MARKING (one of "
                    "them); see --help.\n"));
      return LD_ADMIN_EXIT_USAGE;
    }
  if (!(store = ld_admin_open_store (store_path, LD_STORE_OPEN_DEFAULT, &error)) ||
      !(node = ld_licence_repo_trace_by (store, serial ? serial : marking,
                                         serial ? LD_TRACE_BY_SERIAL : LD_TRACE_BY_ANY, &error)) ||
      !export_trace (node, serial ? serial : marking, csv_path, pdf_path, &error))
    return ld_admin_fail (error);
  if (as_json)
    {
      ld_admin_print_json (node);
      return LD_ADMIN_EXIT_OK;
    }
  chains = json_object_get_array_member (json_node_get_object (node), "chains");
  if (json_array_get_length (chains) == 0)
    g_print (_("No application, licence or shipment in this store lists %s.\n"), serial ? serial : marking);
  for (guint i = 0; i < json_array_get_length (chains); i++)
    print_chain (json_array_get_object_element (chains, i));
  return LD_ADMIN_EXIT_OK;
}
