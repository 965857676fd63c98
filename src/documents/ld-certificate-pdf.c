/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-certificate-pdf"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-documents.h"

/* The broker registration certificate, from a broker the register holds. */

static const char *
status_mark (LdBrokerStatus status)
{
  switch (status)
    {
    case LD_BROKER_STATUS_SUSPENDED: return _("SUSPENDED");
    case LD_BROKER_STATUS_REVOKED: return _("REVOKED");
    case LD_BROKER_STATUS_EXPIRED: return _("EXPIRED");
    case LD_BROKER_STATUS_REGISTERED:
    default: return NULL;
    }
}

static gboolean
check_printable (const LdBrokerRecord *broker,
                 GError              **error)
{
  /* Registered at a desk synced with a central database: not printed as
   * registered before the server gave the number. */
  if (g_strcmp0 (broker->number_state, "pending") == 0)
    {
      g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_INPUT,
                   _("“%s” cannot be printed yet: its registration is pending until the central database gives "
                     "its number. Sync the desk and print it once the number has arrived."),
                   broker->draft->legal_name);
      return FALSE;
    }
  if (broker->registration_number == NULL ||
      (broker->status != LD_BROKER_STATUS_REGISTERED && status_mark (broker->status) == NULL))
    {
      g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_INPUT,
                   _("“%s” is %s, not registered: a certificate is printed only for a registered broker."),
                   broker->draft->legal_name, _(ld_broker_status_get_title (broker->status)));
      return FALSE;
    }
  return TRUE;
}

static char *
activities_text (const char *activities)
{
  static const struct { const char *code; const char *title; } titles[] = {
    { "negotiating", N_("Negotiating or arranging transfers") },
    { "transport", N_("Transport and freight forwarding") },
    { "financing", N_("Financing") },
    { "insurance", N_("Insurance") },
    { "advertising", N_("Advertising") },
    { "other", N_("Other") },
  };
  g_auto(GStrv) codes = g_strsplit (activities ? activities : "", ",", -1);
  GString *text = g_string_new (NULL);

  for (guint i = 0; codes[i]; i++)
    {
      const char *title = g_strstrip (codes[i]);

      for (guint k = 0; k < G_N_ELEMENTS (titles); k++)
        if (g_str_equal (titles[k].code, codes[i]))
          title = _(titles[k].title);
      if (*title)
        g_string_append_printf (text, "%s%s", text->len ? "\n" : "", title);
    }
  return g_string_free (text, FALSE);
}

static void
write_people (LdPdfWriter *w,
              JsonNode    *broker_json)
{
  const char *titles[] = { _("Role"), _("Name"), _("Nationality") };
  static const double widths[] = { 0.22, 0.5, 0.28 };
  JsonObject *o = broker_json && JSON_NODE_HOLDS_OBJECT (broker_json) ? json_node_get_object (broker_json) : NULL;
  JsonArray *people = o && json_object_has_member (o, "people") ? json_object_get_array_member (o, "people") : NULL;
  g_autoptr(LdPdfTable) table = NULL;

  if (people == NULL || json_array_get_length (people) == 0)
    return;
  ld_pdf_writer_section (w, _("Owners, directors and empowered official"));
  table = ld_pdf_table_new (w, titles, widths, G_N_ELEMENTS (widths));
  for (guint i = 0; i < json_array_get_length (people); i++)
    {
      JsonObject *p = json_array_get_object_element (people, i);
      g_autofree char *country = ld_documents_country (json_object_get_string_member_with_default (p, "nationality", ""));
      const char *row[] = { json_object_get_string_member_with_default (p, "role", ""),
                            json_object_get_string_member_with_default (p, "full_name", ""), country };

      ld_pdf_table_add_row (table, row);
    }
}

GBytes *
ld_certificate_pdf_render (const LdBrokerRecord    *broker,
                           JsonNode                *broker_json,
                           const LdDocumentOptions *options,
                           GError                 **error)
{
  const LdBrokerDraft *d = broker->draft;
  const char *state = status_mark (broker->status);
  g_autofree char *mark = state && options->copy ? g_strdup_printf ("%s · %s", state, _("COPY"))
                        : g_strdup (state ? state : options->copy ? _("COPY") : NULL);
  g_autofree char *country = ld_documents_country (d->country);
  g_autofree char *activities = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *place_date = g_strdup_printf (_("Printed on %s"), today);
  LdPdfOptions pdf_options = { options->paper, options->font_dir, _("Broker registration certificate"),
                               broker->registration_number, ld_documents_authority (options), mark };
  g_autoptr(LdPdfWriter) w = NULL;

  if (!check_printable (broker, error))
    return NULL;
  w = ld_pdf_writer_new (&pdf_options, error);
  if (w == NULL)
    return NULL;
  activities = activities_text (d->activities);
  ld_pdf_writer_title (w, _("Broker registration certificate"));
  ld_pdf_writer_paragraph (w, _("The broker named below is entered in the national register of arms brokers. "
                                "Each brokering activity still needs its own authorisation."));
  ld_pdf_writer_section (w, _("Registration"));
  ld_pdf_writer_field (w, _("Registration number"), broker->registration_number);
  ld_pdf_writer_field (w, _("Status"), _(ld_broker_status_get_title (broker->status)));
  ld_pdf_writer_field (w, _("Valid from"), broker->valid_from);
  ld_pdf_writer_field (w, _("Valid until"), broker->valid_until);
  ld_pdf_writer_field (w, _("Activities registered"), activities);
  ld_pdf_writer_section (w, _("Broker"));
  ld_pdf_writer_field (w, _("Legal name"), d->legal_name);
  ld_pdf_writer_field (w, _("Other names"), d->other_names);
  ld_pdf_writer_field (w, _("Legal form"), d->legal_form);
  ld_pdf_writer_field (w, _("Company register number"), d->company_number);
  ld_pdf_writer_field (w, _("Tax number"), d->tax_number);
  ld_pdf_writer_field (w, _("Country of incorporation or nationality"), country);
  ld_pdf_writer_field (w, _("Registered address"), d->registered_address);
  ld_pdf_writer_field (w, _("Business sites"), d->business_sites);
  ld_pdf_writer_field (w, _("Records kept at"), d->records_address);
  write_people (w, broker_json);
  ld_pdf_writer_section (w, _("Signature"));
  ld_pdf_writer_signature_block (w, "", place_date);
  return ld_pdf_writer_finish (w, error);
}
