/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ld-broker-repo.h"
#include "ld-case-repo.h"
#include "ld-document-error.h"
#include "ld-licence-document.h"
#include "ld-pdf-writer.h"
#include "ld-qr-signature.h"

G_BEGIN_DECLS

/* How a document is printed, whatever it is. */
typedef struct
{
  LdPaper     paper;
  const char *font_dir;    /* (nullable) fonts from this folder only */
  gboolean    copy;        /* a reprint: every page says COPY */
  const char *authority;   /* (nullable) the issuing authority's name */
} LdDocumentOptions;

GBytes *ld_licence_pdf_render      (const LdLicenceDocument *licence,
                                    const LdSigningKey      *key,
                                    const LdDocumentOptions *options,
                                    GError                 **error);
GBytes *ld_certificate_pdf_render  (const LdBrokerRecord    *broker,
                                    JsonNode                *broker_json,
                                    const LdDocumentOptions *options,
                                    GError                 **error);
GBytes *ld_refusal_pdf_render      (const LdCaseRecord      *record,
                                    GPtrArray               *history,
                                    const LdDocumentOptions *options,
                                    GError                 **error);

GBytes *ld_trace_pdf_render        (JsonNode                *trace,
                                    const char              *marking,
                                    const LdDocumentOptions *options,
                                    GError                 **error);
GBytes *ld_documents_certificate   (LdStore                 *store,
                                    const char              *registration,
                                    const LdDocumentOptions *options,
                                    GError                 **error);
GBytes *ld_documents_refusal       (LdStore                 *store,
                                    const char              *reference,
                                    const LdDocumentOptions *options,
                                    GError                 **error);

/* A stored licence (ld-licence-from-store.c). */
LdLicenceDocument *ld_documents_licence_document (LdStore                 *store,
                                                  const char              *number,
                                                  const LdDocumentOptions *options,
                                                  GError                 **error);
GBytes     *ld_documents_licence   (LdStore                 *store,
                                    const char              *number,
                                    const LdSigningKey      *key,
                                    const LdDocumentOptions *options,
                                    GError                 **error);
char       *ld_documents_licence_archive  (LdStore                 *store,
                                           const LdActor           *actor,
                                           const char              *number,
                                           const LdSigningKey      *key,
                                           const LdDocumentOptions *options,
                                           GError                 **error);
char       *ld_documents_licence_archive_missing (LdStore           *store,
                                           const LdActor           *actor,
                                           const char              *number,
                                           const LdSigningKey      *key,
                                           const LdDocumentOptions *options,
                                           GError                 **error);
char       *ld_documents_licence_archived (LdStore                 *store,
                                           const char              *number,
                                           GError                 **error);
GBytes     *ld_documents_licence_reprint  (LdStore                 *store,
                                           const char              *number,
                                           const LdDocumentOptions *options,
                                           GError                 **error);

/* Shared by the renderers. */
char       *ld_documents_country   (const char              *code);
const char *ld_documents_authority (const LdDocumentOptions *options);

G_END_DECLS
