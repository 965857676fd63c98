/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-documents"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-country.h"
#include "ld-documents.h"

G_DEFINE_QUARK (ld-document-error-quark, ld_document_error)

/**
 * ld_documents_country:
 *
 * Returns: (transfer full): "France (FR)" for "FR"; an unknown code as given
 */
char *
ld_documents_country (const char *code)
{
  const LdCountry *country = code && *code ? ld_country_lookup (code) : NULL;

  if (country == NULL)
    return g_strdup (code ? code : "");
  return g_strdup_printf ("%s (%s)", ld_country_get_name (country), code);
}

const char *
ld_documents_authority (const LdDocumentOptions *options)
{
  return options->authority && *options->authority ? options->authority : _("National Licensing Authority");
}

/**
 * ld_documents_certificate:
 * @registration: the broker's registration number (or id)
 *
 * Loads the broker and prints its registration certificate.
 */
GBytes *
ld_documents_certificate (LdStore                 *store,
                          const char              *registration,
                          const LdDocumentOptions *options,
                          GError                 **error)
{
  g_autoptr(LdBrokerRecord) broker = ld_broker_repo_get (store, registration, error);
  g_autoptr(JsonNode) json = NULL;

  if (broker == NULL)
    return NULL;
  json = ld_broker_repo_get_json (store, registration, error);
  if (json == NULL)
    return NULL;
  return ld_certificate_pdf_render (broker, json, options, error);
}

/**
 * ld_documents_refusal:
 * @reference: the application's reference (or id)
 *
 * Loads a refused case with its history and prints its refusal notice.
 */
GBytes *
ld_documents_refusal (LdStore                 *store,
                      const char              *reference,
                      const LdDocumentOptions *options,
                      GError                 **error)
{
  g_autoptr(LdCaseRecord) record = ld_case_repo_load (store, reference, 0, error);
  g_autoptr(GPtrArray) history = NULL;

  if (record == NULL)
    return NULL;
  history = ld_case_repo_history (store, record->id, error);
  if (history == NULL)
    return NULL;
  return ld_refusal_pdf_render (record, history, options, error);
}
