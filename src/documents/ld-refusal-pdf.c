/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-refusal-pdf"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-documents.h"

/* The refusal notice, from a refused case: the criteria the senior officer
 * named and the rationale, as the refusal recorded them. */

static const LdCaseEvent *
refusal_event (GPtrArray *history)
{
  for (guint i = history->len; i > 0; i--)
    {
      const LdCaseEvent *event = g_ptr_array_index (history, i - 1);

      if (g_strcmp0 (event->action, "refuse") == 0)
        return event;
    }
  return NULL;
}

static void
write_criteria (LdPdfWriter       *w,
                const LdCaseEvent *event)
{
  const char *titles[] = { _("Criterion"), _("Ground for refusal") };
  static const double widths[] = { 0.2, 0.8 };
  g_autoptr(LdPdfTable) table = NULL;

  ld_pdf_writer_section (w, _("Grounds for refusal"));
  table = ld_pdf_table_new (w, titles, widths, G_N_ELEMENTS (widths));
  if (event == NULL || event->criteria == NULL || event->criteria[0] == NULL)
    {
      /* Refusals recorded before criteria were kept (or imported ones). */
      const char *row[] = { "—", _("The criteria were not recorded with this refusal.") };

      ld_pdf_table_add_row (table, row);
      return;
    }
  for (guint i = 0; event->criteria[i]; i++)
    {
      const LdRefusalCriterion *c = ld_refusal_criterion_lookup (event->criteria[i]);
      const char *row[] = { event->criteria[i], c ? _(c->title) : "" };

      ld_pdf_table_add_row (table, row);
    }
}

static void
write_items (LdPdfWriter  *w,
             const LdCase *data)
{
  const char *titles[] = { _("Description"), _("Control list"), _("Quantity") };
  static const double widths[] = { 0.64, 0.18, 0.18 };
  g_autoptr(LdPdfTable) table = NULL;

  ld_pdf_writer_section (w, _("Items applied for"));
  table = ld_pdf_table_new (w, titles, widths, G_N_ELEMENTS (widths));
  for (guint i = 0; i < data->items->len; i++)
    {
      const LdCaseItem *item = g_ptr_array_index (data->items, i);
      g_autofree char *quantity = g_strdup_printf ("%" G_GINT64_FORMAT, item->quantity);
      const char *row[] = { item->description, item->control_entry, quantity };

      ld_pdf_table_add_row (table, row);
    }
}

static void
append_line (GString    *text,
             const char *line)
{
  if (line && *line)
    g_string_append_printf (text, "%s%s", text->len ? "\n" : "", line);
}

static void
write_applicant (LdPdfWriter  *w,
                 const LdCase *data)
{
  const LdCaseParty *applicant = ld_case_find_party (data, "applicant");
  g_autofree char *country = ld_documents_country (applicant ? applicant->country : NULL);
  g_autofree char *destination = ld_documents_country (data->destination_country);
  g_autoptr(GString) text = g_string_new (NULL);

  if (applicant)
    {
      append_line (text, applicant->name);
      append_line (text, applicant->address);
      append_line (text, country);
    }
  ld_pdf_writer_field (w, _("Applicant"), text->str);
  ld_pdf_writer_field (w, _("Final destination"), destination);
}

static const char *
kind_title (const char *kind)
{
  guint n;
  const LdCaseCode *kinds = ld_case_kinds (&n);
  const char *title = kind ? ld_case_code_title (kinds, n, kind) : NULL;

  return title ? _(title) : kind;
}

GBytes *
ld_refusal_pdf_render (const LdCaseRecord      *record,
                       GPtrArray               *history,
                       const LdDocumentOptions *options,
                       GError                 **error)
{
  const LdCaseEvent *event = refusal_event (history);
  g_autofree char *decided = record->decided_at ? g_strndup (record->decided_at, 10) : g_strdup ("");
  g_autofree char *place_date = *decided ? g_strdup_printf (_("Decided on %s"), decided) : g_strdup ("");
  LdPdfOptions pdf_options = { options->paper, options->font_dir, _("Notice of refusal"), record->reference,
                               ld_documents_authority (options), options->copy ? _("COPY") : NULL };
  g_autoptr(LdPdfWriter) w = NULL;

  if (record->status != LD_CASE_STATUS_REFUSED)
    {
      g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_INPUT,
                   _("Application %s is %s, not refused: a refusal notice is printed only for a refused application."),
                   record->reference, ld_case_status_to_string (record->status));
      return NULL;
    }
  if (record->data == NULL)
    {
      g_set_error (error, LD_DOCUMENT_ERROR, LD_DOCUMENT_ERROR_INPUT,
                   _("Application %s has no recorded data to print."), record->reference);
      return NULL;
    }
  w = ld_pdf_writer_new (&pdf_options, error);
  if (w == NULL)
    return NULL;
  ld_pdf_writer_title (w, _("Notice of refusal"));
  ld_pdf_writer_paragraph (w, _("The licensing authority has refused the application below on the grounds stated."));
  ld_pdf_writer_section (w, _("Application"));
  ld_pdf_writer_field (w, _("Application reference"), record->reference);
  ld_pdf_writer_field (w, _("Applicant's reference"), record->data->applicant_reference);
  ld_pdf_writer_field (w, _("Kind of transfer"), kind_title (record->data->kind));
  write_applicant (w, record->data);
  ld_pdf_writer_field (w, _("Decided on"), decided);
  write_criteria (w, event);
  ld_pdf_writer_section (w, _("Rationale"));
  ld_pdf_writer_paragraph (w, record->refusal_rationale ? record->refusal_rationale
                             : event && event->note ? event->note : _("No rationale was recorded with this refusal."));
  write_items (w, record->data);
  ld_pdf_writer_section (w, _("Your rights"));
  ld_pdf_writer_paragraph (w, _("You may ask the authority to review this decision within the period national law sets, "
                                "quoting the application reference. A new application for the same transfer will be "
                                "assessed in the light of this refusal."));
  ld_pdf_writer_section (w, _("Signature"));
  ld_pdf_writer_signature_block (w, "", place_date);
  return ld_pdf_writer_finish (w, error);
}
