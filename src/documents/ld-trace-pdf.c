/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-trace-pdf"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-documents.h"
#include "ld-trace-export.h"

/* The reply to a tracing request as a document for the requesting state: the
 * marking asked for, when and by which office, then each chain found with
 * the same fields as the CSV export (ld-trace-export.c). */

/* The CSV keeps the code; the letter says it in words. */
static const char *
matched_by_title (const char *code)
{
  if (g_strcmp0 (code, "serial") == 0)
    return _("its serial number");
  if (g_strcmp0 (code, "manufacturer_marking") == 0)
    return _("the manufacturer's marking of its item line");
  if (g_strcmp0 (code, "import_marking") == 0)
    return _("the import marking of its item line");
  return code;
}

static void
write_chain (LdPdfWriter *w,
             JsonObject  *chain,
             guint        n)
{
  g_auto(GStrv) values = ld_trace_chain_fields (chain);
  g_autofree char *heading = g_strdup_printf (_("Record %u"), n);

  ld_pdf_writer_section (w, heading);
  for (guint f = 0; f < LD_TRACE_N_FIELDS; f++)
    if (values[f][0] != '\0')
      ld_pdf_writer_field (w, ld_trace_field_title (f),
                           f == LD_TRACE_FIELD_MATCHED_BY ? matched_by_title (values[f]) : values[f]);
}

/**
 * ld_trace_pdf_render:
 * @trace: a tracing answer (ld_licence_repo_trace_by())
 * @marking: the marking as the request gave it
 *
 * Returns: (transfer full) (nullable): the tracing reply as a PDF
 */
GBytes *
ld_trace_pdf_render (JsonNode                *trace,
                     const char              *marking,
                     const LdDocumentOptions *options,
                     GError                 **error)
{
  JsonObject *root = json_node_get_object (trace);
  JsonArray *chains = json_object_get_array_member (root, "chains");
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *when = g_date_time_format (now, "%Y-%m-%d %H:%M UTC");
  g_autofree char *count = g_strdup_printf ("%u", json_array_get_length (chains));
  LdPdfOptions pdf_options = { options->paper, options->font_dir, _("Reply to a tracing request"), marking,
                               ld_documents_authority (options), NULL };
  g_autoptr(LdPdfWriter) w = ld_pdf_writer_new (&pdf_options, error);

  if (w == NULL)
    return NULL;
  ld_pdf_writer_title (w, _("Reply to a tracing request"));
  ld_pdf_writer_field (w, _("Marking traced"), marking);
  ld_pdf_writer_field (w, _("Answered by"), ld_documents_authority (options));
  ld_pdf_writer_field (w, _("Records searched at"), when);
  ld_pdf_writer_field (w, _("Records found"), count);
  if (json_object_get_boolean_member_with_default (root, "truncated", FALSE))
    ld_pdf_writer_paragraph (w, _("More records match this marking than one reply lists: give the serial number "
                                  "as well to narrow the search."));
  if (json_array_get_length (chains) == 0)
    ld_pdf_writer_paragraph (w, _("No application, licence or shipment in the office's records lists this marking."));
  for (guint i = 0; i < json_array_get_length (chains); i++)
    write_chain (w, json_array_get_object_element (chains, i), i + 1);
  return ld_pdf_writer_finish (w, error);
}
