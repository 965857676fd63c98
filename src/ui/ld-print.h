/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ld-documents.h"

G_BEGIN_DECLS

/* Renders a document from the store (ld_documents_certificate(),
 * ld_documents_refusal()) on a worker thread. */
typedef GBytes *(*LdPrintRenderFunc) (LdStore                 *store,
                                      const char              *key,
                                      const LdDocumentOptions *options,
                                      GError                 **error);

/* Lists what a batch prints, from a key (e.g. the day): the keys for the
 * render function. Runs on the worker thread. */
typedef GPtrArray *(*LdPrintListFunc) (LdStore                 *store,
                                       const char              *key,
                                       GError                 **error);

void      ld_print_batch_async      (GtkWindow          *parent,
                                     LdStore            *store,
                                     LdPrintListFunc     list,
                                     LdPrintRenderFunc   render,
                                     const char         *key,
                                     GtkPrintSettings   *settings,
                                     const char         *export_path,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
void      ld_print_document_async   (GtkWindow          *parent,
                                     LdStore            *store,
                                     LdPrintRenderFunc   render,
                                     const char         *key,
                                     GtkPrintSettings   *settings,
                                     const char         *export_path,
                                     GCancellable       *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer            user_data);
gboolean  ld_print_document_finish  (GAsyncResult       *result,
                                     GError            **error);
LdPaper   ld_print_default_paper    (void);

G_END_DECLS
