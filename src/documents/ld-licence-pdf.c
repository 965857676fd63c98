/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-licence-pdf"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-case.h"
#include "ld-documents.h"

/* The licence: every field of DOMAIN.md's licence list, its item schedule and
 * serial numbers over as many pages as they take, and the signed QR code. */

#define SERIALS_PER_ROW 3

static const char *
kind_title (const char *kind)
{
  guint n;
  const LdCaseCode *kinds = ld_case_kinds (&n);
  const char *title = kind ? ld_case_code_title (kinds, n, kind) : NULL;

  return title ? _(title) : (kind ? kind : "");
}

static const char *
category_title (const char *category)
{
  guint n;
  const LdCaseCode *codes = ld_case_item_categories (&n);
  const char *title = category ? ld_case_code_title (codes, n, category) : NULL;

  return title ? _(title) : (category ? category : "");
}

static char *
party_text (const LdDocParty *party)
{
  g_autofree char *country = NULL;
  GString *text;

  if (party == NULL || party->name == NULL)
    return g_strdup ("—");
  text = g_string_new (party->name);
  if (party->address && *party->address)
    g_string_append_printf (text, "\n%s", party->address);
  country = ld_documents_country (party->country);
  if (*country)
    g_string_append_printf (text, "\n%s", country);
  if (party->registration && *party->registration)
    g_string_append_printf (text, "\n%s %s", _("Registration no."), party->registration);
  return g_string_free (text, FALSE);
}

static void
field_party (LdPdfWriter      *w,
             const char       *label,
             const LdDocParty *party)
{
  g_autofree char *text = party_text (party);

  ld_pdf_writer_field (w, label, text);
}

static void
write_header (LdPdfWriter             *w,
              const LdLicenceDocument *l)
{
  g_autofree char *authority = g_strdup_printf ("%s%s%s", l->issuing_authority ? l->issuing_authority : "",
                                                l->authority_address ? "\n" : "",
                                                l->authority_address ? l->authority_address : "");

  ld_pdf_writer_field (w, _("Licence number"), l->licence_number);
  ld_pdf_writer_field (w, _("Application number"), l->application_number);
  ld_pdf_writer_field (w, _("Licence type"), kind_title (l->licence_type));
  ld_pdf_writer_field (w, _("Issuing authority"), authority);
  ld_pdf_writer_field (w, _("Valid from"), l->valid_from);
  ld_pdf_writer_field (w, _("Valid until"), l->valid_until);
}

static void
write_parties (LdPdfWriter             *w,
               const LdLicenceDocument *l)
{
  ld_pdf_writer_section (w, _("Parties"));
  field_party (w, _("Exporter / applicant"), l->exporter);
  for (guint i = 0; i < l->consignees->len; i++)
    field_party (w, _("Consignee"), g_ptr_array_index (l->consignees, i));
  field_party (w, _("End user"), l->end_user);
  for (guint i = 0; i < l->brokers->len; i++)
    field_party (w, _("Broker"), g_ptr_array_index (l->brokers, i));
  if (l->brokers->len == 0)
    ld_pdf_writer_field (w, _("Broker"), _("None"));
  if (l->agent && l->agent->name)
    field_party (w, _("Agent"), l->agent);
}

static void
write_route (LdPdfWriter             *w,
             const LdLicenceDocument *l)
{
  g_autofree char *origin = ld_documents_country (l->origin_country);
  g_autofree char *export = ld_documents_country (l->export_country);
  g_autofree char *destination = ld_documents_country (l->destination_country);
  g_autoptr(GString) transit = g_string_new (NULL);

  for (guint i = 0; i < l->transit->len; i++)
    {
      g_autofree char *country = ld_documents_country (g_ptr_array_index (l->transit, i));

      g_string_append_printf (transit, "%s%u. %s", i ? "\n" : "", i + 1, country);
    }
  ld_pdf_writer_section (w, _("Route"));
  ld_pdf_writer_field (w, _("Country of origin"), origin);
  ld_pdf_writer_field (w, _("Country of export"), export);
  ld_pdf_writer_field (w, _("Transit countries, in order"), transit->len ? transit->str : _("None"));
  ld_pdf_writer_field (w, _("Final destination"), destination);
}

static void
write_items (LdPdfWriter             *w,
             const LdLicenceDocument *l)
{
  const char *titles[] = { _("No."), _("Description"), _("Category"), _("Control list"), _("HS code"),
                           _("Quantity"), _("Unit value") };
  static const double widths[] = { 0.06, 0.32, 0.18, 0.11, 0.1, 0.1, 0.13 };
  g_autoptr(LdPdfTable) table = NULL;

  ld_pdf_writer_section (w, _("Item schedule"));
  table = ld_pdf_table_new (w, titles, widths, G_N_ELEMENTS (widths));
  for (guint i = 0; i < l->items->len; i++)
    {
      const LdDocItem *item = g_ptr_array_index (l->items, i);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *quantity = g_strdup_printf ("%" G_GINT64_FORMAT, item->quantity);
      g_autofree char *value = g_strdup_printf ("%s %s", item->unit_value ? item->unit_value : "",
                                                item->currency ? item->currency : "");
      const char *row[] = { number, item->description, category_title (item->category), item->control_entry,
                            item->hs_code, quantity, value };

      ld_pdf_table_add_row (table, row);
    }
}

static void
write_serials (LdPdfWriter             *w,
               const LdLicenceDocument *l)
{
  const char *titles[] = { _("Item"), _("No."), _("Serial number"), _("No."), _("Serial number"), _("No."),
                           _("Serial number") };
  static const double widths[] = { 0.07, 0.08, 0.23, 0.08, 0.23, 0.08, 0.23 };
  g_autoptr(LdPdfTable) table = NULL;

  ld_pdf_writer_section (w, _("Serial numbers"));
  table = ld_pdf_table_new (w, titles, widths, G_N_ELEMENTS (widths));
  for (guint i = 0; i < l->items->len; i++)
    {
      const LdDocItem *item = g_ptr_array_index (l->items, i);
      g_autofree char *item_number = g_strdup_printf ("%u", i + 1);

      for (guint s = 0; s < item->serials->len; s += SERIALS_PER_ROW)
        {
          char numbers[SERIALS_PER_ROW][16] = { "", "", "" };
          const char *row[1 + 2 * SERIALS_PER_ROW] = { item_number };

          for (guint k = 0; k < SERIALS_PER_ROW; k++)
            {
              gboolean present = s + k < item->serials->len;

              if (present)
                g_snprintf (numbers[k], sizeof numbers[k], "%u", s + k + 1);
              row[1 + 2 * k] = numbers[k];
              row[2 + 2 * k] = present ? g_ptr_array_index (item->serials, s + k) : "";
            }
          ld_pdf_table_add_row (table, row);
        }
    }
}

static void
write_use_and_conditions (LdPdfWriter             *w,
                          const LdLicenceDocument *l)
{
  g_autoptr(GString) conditions = g_string_new (NULL);

  ld_pdf_writer_section (w, _("End use and references"));
  ld_pdf_writer_field (w, _("End use"), l->end_use);
  ld_pdf_writer_field (w, _("Contract reference"), l->contract_reference);
  ld_pdf_writer_field (w, _("Contract date"), l->contract_date);
  ld_pdf_writer_field (w, _("End-use certificate"), l->euc_reference);
  ld_pdf_writer_section (w, _("Conditions and provisos"));
  for (guint i = 0; i < l->conditions->len; i++)
    g_string_append_printf (conditions, "%s%u. %s", i ? "\n" : "", i + 1, (char *) g_ptr_array_index (l->conditions, i));
  ld_pdf_writer_paragraph (w, conditions->len ? conditions->str : _("None beyond the standard conditions."));
  ld_pdf_writer_section (w, _("Standard conditions"));
  ld_pdf_writer_paragraph (w, _("1. This licence is not transferable.\n"
                                "2. It may be suspended or revoked by the issuing authority at any time.\n"
                                "3. The items may not be re-exported without the prior written consent of the issuing authority.\n"
                                "4. The holder keeps records of every transfer made under this licence for at least 20 years."));
}

static char *
qr_payload (const LdLicenceDocument *l,
            const LdSigningKey      *key,
            GError                 **error)
{
  g_autofree char *digest_hex = ld_licence_document_digest (l);
  g_autofree char *digest = ld_qr_digest_from_hex (digest_hex);
  LdQrData data = { l->licence_number, l->licence_type, l->valid_from, l->valid_until, digest, NULL };

  return ld_qr_payload_sign (&data, key, error);
}

static const char *
state_mark (LdLicenceState state)
{
  switch (state)
    {
    case LD_LICENCE_STATE_SUSPENDED: return _("SUSPENDED");
    case LD_LICENCE_STATE_REVOKED: return _("REVOKED");
    case LD_LICENCE_STATE_VOIDED: return _("VOID");
    case LD_LICENCE_STATE_ISSUED:
    default: return NULL;
    }
}

/* "COPY", "REVOKED", or both. */
static char *
licence_mark (const LdLicenceDocument *l,
              gboolean                 copy)
{
  const char *state = state_mark (l->state);

  if (state && copy)
    return g_strdup_printf ("%s · %s", state, _("COPY"));
  if (state || copy)
    return g_strdup (state ? state : _("COPY"));
  return NULL;
}

/**
 * ld_licence_pdf_render:
 * @key: the office's signing key, for the QR code
 *
 * Returns: (transfer full): the licence as a PDF
 */
GBytes *
ld_licence_pdf_render (const LdLicenceDocument *l,
                       const LdSigningKey      *key,
                       const LdDocumentOptions *options,
                       GError                 **error)
{
  g_autofree char *payload = qr_payload (l, key, error);
  g_autofree char *mark = licence_mark (l, options->copy);
  g_autofree char *title = g_strdup_printf (_("%s licence"), kind_title (l->licence_type));
  g_autofree char *caption = NULL;
  g_autofree char *place_date = NULL;
  g_autofree char *signatory = NULL;
  LdPdfOptions pdf_options = { options->paper, options->font_dir, title, l->licence_number,
                               l->issuing_authority ? l->issuing_authority : ld_documents_authority (options), mark };
  g_autoptr(LdPdfWriter) w = NULL;

  if (payload == NULL)
    return NULL;
  w = ld_pdf_writer_new (&pdf_options, error);
  if (w == NULL)
    return NULL;
  ld_pdf_writer_title (w, title);
  write_header (w, l);
  write_parties (w, l);
  write_route (w, l);
  write_items (w, l);
  write_serials (w, l);
  write_use_and_conditions (w, l);
  ld_pdf_writer_section (w, _("Signature and verification"));
  place_date = g_strdup_printf (_("Issued at %s on %s"), l->issued_at ? l->issued_at : "", l->issued_on ? l->issued_on : "");
  signatory = l->signatory_title && *l->signatory_title
            ? g_strdup_printf ("%s, %s", l->signatory_name ? l->signatory_name : "", l->signatory_title)
            : g_strdup (l->signatory_name ? l->signatory_name : "");
  ld_pdf_writer_signature_block (w, signatory, place_date);
  caption = g_strdup_printf (_("Border and customs officers: scan this code and check it with the office's public key "
                               "(key %s). It carries the licence number, type, validity and a digest of the whole "
                               "licence, signed by the issuing authority.\n%s"),
                             ld_signing_key_get_public (key)->key_id, payload);
  ld_pdf_writer_qr (w, payload, caption);
  return ld_pdf_writer_finish (w, error);
}
