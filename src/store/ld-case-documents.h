/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "ld-case-repo.h"
#include "ld-store.h"

G_BEGIN_DECLS

/* A document attached to a case: a scanned end-use certificate, a contract,
 * correspondence. Its content is stored once per SHA-256 (ld-attachments.c). */
typedef struct
{
  char   *id;
  char   *file_name;
  char   *media_type;
  char   *description;
  char   *sha256;
  gint64  size;
  char   *added_at;
  char   *added_by;
  char   *added_by_name;   /* (nullable) the profile's display name, when it is on this desk */
} LdCaseDocument;

void           ld_case_document_free          (LdCaseDocument       *document);

gboolean       ld_case_documents_check_file   (GFile                *file,
                                               GError              **error);
GPtrArray     *ld_case_documents_list         (LdStore              *store,
                                               const char           *case_id,
                                               GError              **error);
char          *ld_case_documents_attach       (LdStore              *store,
                                               const LdActor        *actor,
                                               const char           *case_id,
                                               GFile                *file,
                                               const char           *description,
                                               GError              **error);

void           ld_case_documents_list_async   (LdStore              *store,
                                               const char           *case_id,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GPtrArray     *ld_case_documents_list_finish  (GAsyncResult         *result,
                                               GError              **error);
void           ld_case_documents_attach_async (LdStore              *store,
                                               const LdActor        *actor,
                                               const char           *case_id,
                                               GFile                *file,
                                               const char           *description,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
char          *ld_case_documents_attach_finish (GAsyncResult        *result,
                                               GError              **error);
void           ld_case_documents_export_async (LdStore              *store,
                                               const char           *attachment_id,
                                               const char           *folder,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
GFile         *ld_case_documents_export_finish (GAsyncResult        *result,
                                               GError              **error);

void           ld_case_repo_save_async        (LdStore              *store,
                                               const LdActor        *actor,
                                               const char           *id,
                                               gint64                base_row_version,
                                               const LdCase         *data,
                                               const char           *reason,
                                               GCancellable         *cancellable,
                                               GAsyncReadyCallback   callback,
                                               gpointer              user_data);
LdCaseRecord  *ld_case_repo_save_finish       (GAsyncResult         *result,
                                               GError              **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdCaseDocument, ld_case_document_free)

G_END_DECLS
