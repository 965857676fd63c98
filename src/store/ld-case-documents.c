/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-documents"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-attachments.h"
#include "ld-case-documents.h"
#include "ld-case-json.h"
#include "ld-validate.h"

/* The same ceiling ld-attachments.c enforces, said before anything is read
 * in full: a person learns at once that the scan is too large. */
#define MAX_DOCUMENT_SIZE (64 * 1024 * 1024)

void
ld_case_document_free (LdCaseDocument *document)
{
  if (document == NULL)
    return;
  g_free (document->id);
  g_free (document->file_name);
  g_free (document->media_type);
  g_free (document->description);
  g_free (document->sha256);
  g_free (document->added_at);
  g_free (document->added_by);
  g_free (document->added_by_name);
  g_free (document);
}

static gboolean
is_document_type (const char *mime)
{
  return mime && (g_str_has_prefix (mime, "image/") || g_str_equal (mime, "application/pdf"));
}

/**
 * ld_case_documents_check_file:
 *
 * A case's documents are PDFs or images (scans) of at most 64 MB; anything
 * else is refused with a sentence naming the file, before it is stored.
 */
gboolean
ld_case_documents_check_file (GFile   *file,
                              GError **error)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                                 NULL, NULL);
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, NULL);
  guint8 head[4096];
  gssize n = in ? g_input_stream_read (G_INPUT_STREAM (in), head, sizeof head, NULL, NULL) : -1;
  g_autofree char *guess = NULL;
  g_autofree char *mime = NULL;

  if (info == NULL || n <= 0)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                   _("%s cannot be read or is empty; choose the scanned document again."), name);
      return FALSE;
    }
  if (g_file_info_get_size (info) > MAX_DOCUMENT_SIZE)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("%s is larger than 64 MB; scan it at a lower resolution and attach it again."), name);
      return FALSE;
    }
  /* The content decides, not the name: a renamed text file is not a scan. */
  guess = g_content_type_guess (NULL, head, n, NULL);
  mime = g_content_type_get_mime_type (guess);
  if (is_document_type (mime))
    return TRUE;
  g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
               _("%s is not a PDF or an image (it looks like %s); attach a PDF or a scanned image."), name,
               mime ? mime : _("unknown data"));
  return FALSE;
}

static LdCaseDocument *
document_from_row (sqlite3_stmt *stmt)
{
  LdCaseDocument *d = g_new0 (LdCaseDocument, 1);

  d->id = ld_store_column_dup (stmt, 0);
  d->file_name = ld_store_column_dup (stmt, 1);
  d->media_type = ld_store_column_dup (stmt, 2);
  d->description = ld_store_column_dup (stmt, 3);
  d->sha256 = ld_store_column_dup (stmt, 4);
  d->size = sqlite3_column_int64 (stmt, 5);
  d->added_at = ld_store_column_dup (stmt, 6);
  d->added_by = ld_store_column_dup (stmt, 7);
  d->added_by_name = ld_store_column_dup (stmt, 8);
  return d;
}

/**
 * ld_case_documents_list:
 *
 * Returns: (transfer full) (element-type LdCaseDocument): the case's documents
 *   that are not voided, oldest first
 */
GPtrArray *
ld_case_documents_list (LdStore     *store,
                        const char  *case_id,
                        GError     **error)
{
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_case_document_free);
  sqlite3_stmt *stmt;
  int rc = SQLITE_DONE;

  if (!ld_store_begin_read (store, error))
    return NULL;
  stmt = ld_store_prepare (store, "SELECT a.id, a.file_name, a.media_type, a.description, a.sha256, b.size,"
                                  " a.added_at, a.added_by,"
                                  " (SELECT u.display_name FROM user_profile u WHERE u.login = a.added_by)"
                                  " FROM attachment a"
                                  " JOIN attachment_blob b ON b.sha256 = a.sha256"
                                  " WHERE a.entity = 'application' AND a.record_id = ? AND a.voided_at IS NULL"
                                  " ORDER BY a.added_at, a.rowid", error);
  if (stmt)
    {
      ld_store_bind_text (stmt, 1, case_id);
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_ptr_array_add (documents, document_from_row (stmt));
      if (rc != SQLITE_DONE)
        ld_store_set_error (store, error, rc, "listing a case's documents");
      sqlite3_reset (stmt);
    }
  ld_store_rollback (store);
  return stmt && rc == SQLITE_DONE ? g_steal_pointer (&documents) : NULL;
}

/**
 * ld_case_documents_attach:
 * @description: what the document is: a scanned end-use certificate, a contract, …
 *
 * Attaches a PDF or image to a case through the audited attachment path; the
 * same content attached twice is stored once.
 *
 * Returns: (transfer full) (nullable): the attachment's id
 */
char *
ld_case_documents_attach (LdStore        *store,
                          const LdActor  *actor,
                          const char     *case_id,
                          GFile          *file,
                          const char     *description,
                          GError        **error)
{
  g_autoptr(LdCaseRecord) record = NULL;

  g_return_val_if_fail (LD_IS_STORE (store), NULL);

  if (!ld_actor_require (actor, LD_PERMISSION_EDIT_APPLICATIONS, error) ||
      !ld_validate_text (_("What the document is"), description, LD_TEXT_LINE, error) ||
      !ld_case_documents_check_file (file, error) ||
      !(record = ld_case_repo_load (store, case_id, 0, error)))
    return NULL;
  return ld_attachments_add (store, actor, "application", record->id, file, description, NULL, error);
}

/* ---- off the UI thread ---------------------------------------------------- */

typedef struct
{
  LdActor *actor;
  char    *case_id;
  GFile   *file;
  char    *text;     /* attach: the description; export: the folder; save: the reason */
  LdCase  *data;
  gint64   base_row_version;
} Job;

static void
job_free (Job *job)
{
  ld_actor_free (job->actor);
  g_free (job->case_id);
  g_clear_object (&job->file);
  g_free (job->text);
  ld_case_free (job->data);
  g_free (job);
}

static GTask *
start (LdStore       *store,
       gpointer       source_tag,
       Job           *job,
       GCancellable  *cancellable,
       GAsyncReadyCallback callback,
       gpointer       user_data)
{
  GTask *task = g_task_new (store, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  return task;
}

static void
list_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  GPtrArray *documents = ld_case_documents_list (source, job->case_id, &error);

  if (documents == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, documents, (GDestroyNotify) g_ptr_array_unref);
}

void
ld_case_documents_list_async (LdStore             *store,
                              const char          *case_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);
  g_autoptr(GTask) task = NULL;

  job->case_id = g_strdup (case_id);
  task = start (store, ld_case_documents_list_async, job, cancellable, callback, user_data);
  g_task_run_in_thread (task, list_thread);
}

/**
 * ld_case_documents_list_finish:
 *
 * Returns: (transfer full) (element-type LdCaseDocument) (nullable):
 */
GPtrArray *
ld_case_documents_list_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
attach_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  char *id = ld_case_documents_attach (source, job->actor, job->case_id, job->file, job->text, &error);

  if (id == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, id, g_free);
}

void
ld_case_documents_attach_async (LdStore             *store,
                                const LdActor       *actor,
                                const char          *case_id,
                                GFile               *file,
                                const char          *description,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);
  g_autoptr(GTask) task = NULL;

  job->actor = actor ? ld_actor_copy (actor) : NULL;
  job->case_id = g_strdup (case_id);
  job->file = g_object_ref (file);
  job->text = g_strdup (description);
  task = start (store, ld_case_documents_attach_async, job, cancellable, callback, user_data);
  g_task_run_in_thread (task, attach_thread);
}

/**
 * ld_case_documents_attach_finish:
 *
 * Returns: (transfer full) (nullable): the attachment's id
 */
char *
ld_case_documents_attach_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A copy of the document for a viewer, named by its content so that two
 * documents of one name never overwrite each other. */
static GFile *
export_document (LdStore     *store,
                 const char  *attachment_id,
                 const char  *folder,
                 GError     **error)
{
  g_autofree char *sha256 = NULL;
  g_autoptr(GBytes) bytes = ld_attachments_read (store, attachment_id, &sha256, error);
  g_autofree char *name = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *file_name = NULL;
  sqlite3_stmt *stmt;

  if (bytes == NULL || !ld_store_begin_read (store, error))
    return NULL;
  if ((stmt = ld_store_prepare (store, "SELECT file_name FROM attachment WHERE id = ?", error)))
    {
      ld_store_bind_text (stmt, 1, attachment_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        file_name = ld_store_column_dup (stmt, 0);
      sqlite3_reset (stmt);
    }
  ld_store_rollback (store);
  /* The stored name is what a person typed or a scanner chose: only its last
   * component is used, so it cannot point outside the folder. */
  name = g_path_get_basename (file_name ? file_name : "document");
  dir = g_build_filename (folder, sha256, NULL);
  path = g_build_filename (dir, name, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_file_set_contents_full (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    {
      if (error && *error == NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The folder %s cannot be written."), dir);
      return NULL;
    }
  return g_file_new_for_path (path);
}

static void
export_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  GFile *file = export_document (source, job->case_id, job->text, &error);

  if (file == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, file, g_object_unref);
}

/**
 * ld_case_documents_export_async:
 * @folder: where the copy is written, in a folder named by its SHA-256
 *
 * Writes a copy of an attached document, checked against its SHA-256, for a
 * viewer to open.
 */
void
ld_case_documents_export_async (LdStore             *store,
                                const char          *attachment_id,
                                const char          *folder,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);
  g_autoptr(GTask) task = NULL;

  job->case_id = g_strdup (attachment_id);
  job->text = g_strdup (folder);
  task = start (store, ld_case_documents_export_async, job, cancellable, callback, user_data);
  g_task_run_in_thread (task, export_thread);
}

/**
 * ld_case_documents_export_finish:
 *
 * Returns: (transfer full) (nullable): the copy written
 */
GFile *
ld_case_documents_export_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
save_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Job *job = data;
  GError *error = NULL;
  LdCaseRecord *record = ld_case_repo_save (source, job->actor, job->case_id, job->base_row_version, job->data, job->text, &error);

  if (record == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, record, (GDestroyNotify) ld_case_record_free);
}

/**
 * ld_case_repo_save_async:
 * @base_row_version: the row version the person saw, or 0
 * @reason: (nullable): why a submitted case is amended
 *
 * ld_case_repo_save() in a worker thread; @data is copied.
 */
void
ld_case_repo_save_async (LdStore             *store,
                         const LdActor       *actor,
                         const char          *id,
                         gint64               base_row_version,
                         const LdCase        *data,
                         const char          *reason,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  Job *job = g_new0 (Job, 1);
  g_autofree char *json = ld_case_to_json (data, TRUE);
  g_autoptr(GTask) task = NULL;

  job->actor = actor ? ld_actor_copy (actor) : NULL;
  job->case_id = g_strdup (id);
  job->text = g_strdup (reason);
  job->base_row_version = base_row_version;
  job->data = ld_case_from_json (json, NULL);
  task = start (store, ld_case_repo_save_async, job, cancellable, callback, user_data);
  g_task_run_in_thread (task, save_thread);
}

/**
 * ld_case_repo_save_finish:
 *
 * Returns: (transfer full) (nullable): the case as saved
 */
LdCaseRecord *
ld_case_repo_save_finish (GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
