/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-attachments"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "ld-attachments.h"
#include "ld-validate.h"

/* Scans of company documents and end-use certificates, larger than any real one. */
#define MAX_ATTACHMENT_SIZE (64 * 1024 * 1024)

static GBytes *
load_file (GFile   *file,
           GError **error)
{
  g_autofree char *name = g_file_get_parse_name (file);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                                 G_FILE_QUERY_INFO_NONE, NULL, &local_error);
  GBytes *bytes;

  if (info == NULL || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                   _("%s cannot be attached: %s"), name,
                   local_error ? local_error->message : _("it is not a regular file."));
      return NULL;
    }
  if (g_file_info_get_size (info) > MAX_ATTACHMENT_SIZE)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_OUT_OF_RANGE,
                   _("%s is larger than 64 MB; scan it at a lower resolution and attach it again."), name);
      return NULL;
    }
  bytes = g_file_load_bytes (file, NULL, NULL, &local_error);
  if (bytes == NULL)
    g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                 _("%s cannot be read: %s"), name, local_error->message);
  return bytes;
}

static char *
attachment_json (const char *id,
                 const char *sha256,
                 const char *entity,
                 const char *record_id,
                 const char *file_name,
                 const char *media_type,
                 gsize       size)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, sha256);
  json_builder_set_member_name (b, "entity");
  json_builder_add_string_value (b, entity);
  json_builder_set_member_name (b, "record_id");
  json_builder_add_string_value (b, record_id);
  json_builder_set_member_name (b, "file_name");
  json_builder_add_string_value (b, file_name);
  json_builder_set_member_name (b, "media_type");
  json_builder_add_string_value (b, media_type);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, (gint64) size);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static gboolean
insert_blob (LdStore     *store,
             const char  *sha256,
             GBytes      *bytes,
             GError     **error)
{
  gsize size;
  gconstpointer data = g_bytes_get_data (bytes, &size);
  sqlite3_stmt *stmt = ld_store_prepare (store,
    "INSERT INTO attachment_blob (sha256, size, content) VALUES (?,?,?) ON CONFLICT (sha256) DO NOTHING", error);

  if (stmt == NULL)
    return FALSE;
  ld_store_bind_text (stmt, 1, sha256);
  sqlite3_bind_int64 (stmt, 2, (gint64) size);
  sqlite3_bind_blob64 (stmt, 3, data ? data : "", size, SQLITE_STATIC);
  return ld_store_step_done (store, stmt, error);
}

/**
 * ld_attachments_add:
 * @expires_on: (nullable): when the document expires, as YYYY-MM-DD
 *
 * Stores @file's content once, by its SHA-256, and links it to a record.
 *
 * Returns: (transfer full) (nullable): the attachment's id
 */
char *
ld_attachments_add (LdStore        *store,
                    const LdActor  *actor,
                    const char     *entity,
                    const char     *record_id,
                    GFile          *file,
                    const char     *description,
                    const char     *expires_on,
                    GError        **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *file_name = g_file_get_basename (file);
  g_autofree char *media_type = NULL;
  g_autofree char *now = ld_store_now_utc ();
  g_autofree char *json = NULL;
  g_autoptr(GDate) expiry = NULL;
  sqlite3_stmt *stmt;

  if (expires_on && !(expiry = ld_parse_date (_("Expiry date"), expires_on, error)))
    return NULL;
  if ((bytes = load_file (file, error)) == NULL)
    return NULL;
  sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  {
    g_autofree char *guess = g_content_type_guess (file_name, g_bytes_get_data (bytes, NULL),
                                                   MIN (g_bytes_get_size (bytes), 4096), NULL);
    media_type = g_content_type_get_mime_type (guess);
  }
  json = attachment_json (id, sha256, entity, record_id, file_name, media_type ? media_type : "application/octet-stream",
                          g_bytes_get_size (bytes));

  if (!ld_store_begin (store, error))
    return NULL;
  stmt = NULL;
  if (!insert_blob (store, sha256, bytes, error) ||
      !(stmt = ld_store_prepare (store, "INSERT INTO attachment (id, sha256, entity, record_id, file_name,"
                                        " media_type, description, expires_on, added_at, added_by)"
                                        " VALUES (?,?,?,?,?,?,?,?,?,?)", error)))
    goto fail;
  ld_store_bind_text (stmt, 1, id);
  ld_store_bind_text (stmt, 2, sha256);
  ld_store_bind_text (stmt, 3, entity);
  ld_store_bind_text (stmt, 4, record_id);
  ld_store_bind_text (stmt, 5, file_name);
  ld_store_bind_text (stmt, 6, media_type ? media_type : "application/octet-stream");
  ld_store_bind_text (stmt, 7, description);
  ld_store_bind_text (stmt, 8, expires_on);
  ld_store_bind_text (stmt, 9, now);
  ld_store_bind_text (stmt, 10, actor->login);
  if (!ld_store_step_done (store, stmt, error) ||
      !ld_store_record_change (store, actor, "attach", "attachment", id, 0, NULL, json, error) ||
      !ld_store_commit (store, error))
    goto fail;
  return g_steal_pointer (&id);

fail:
  ld_store_rollback (store);
  return NULL;
}

/**
 * ld_attachments_read:
 *
 * Returns: (transfer full) (nullable): the attachment's content, checked
 *   against its SHA-256 so a damaged copy is never handed out as good.
 */
GBytes *
ld_attachments_read (LdStore     *store,
                     const char  *attachment_id,
                     char       **out_sha256,
                     GError     **error)
{
  GBytes *bytes = NULL;
  g_autofree char *sha256 = NULL;
  sqlite3_stmt *stmt;

  if (!ld_store_begin_read (store, error))
    return NULL;
  stmt = ld_store_prepare (store, "SELECT b.sha256, b.content FROM attachment a"
                                  " JOIN attachment_blob b ON b.sha256 = a.sha256 WHERE a.id = ?", error);
  if (stmt)
    {
      ld_store_bind_text (stmt, 1, attachment_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          sha256 = ld_store_column_dup (stmt, 0);
          bytes = g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
        }
      else
        g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_NOT_FOUND,
                     _("There is no attachment %s."), attachment_id);
      sqlite3_reset (stmt);
    }
  ld_store_rollback (store);

  if (bytes)
    {
      g_autofree char *actual = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);

      if (g_strcmp0 (actual, sha256) != 0)
        {
          g_set_error (error, LD_STORE_ERROR, LD_STORE_ERROR_CORRUPT,
                       _("Attachment %s is damaged: its content no longer matches its SHA-256."), attachment_id);
          g_clear_pointer (&bytes, g_bytes_unref);
          return NULL;
        }
      if (out_sha256)
        *out_sha256 = g_steal_pointer (&sha256);
    }
  return bytes;
}

/**
 * ld_attachments_find:
 * @file_name: the attached file's name
 *
 * Returns: (transfer full) (nullable): the id of the first attachment of that
 *   name on the record that is not voided; %NULL with @error unset when none is
 */
char *
ld_attachments_find (LdStore     *store,
                      const char  *entity,
                      const char  *record_id,
                      const char  *file_name,
                      GError     **error)
{
  char *id = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!ld_store_begin_read (store, error))
    return NULL;
  stmt = ld_store_prepare (store, "SELECT id FROM attachment WHERE entity = ? AND record_id = ? AND file_name = ?"
                                  " AND voided_at IS NULL ORDER BY added_at, rowid LIMIT 1", error);
  if (stmt)
    {
      ld_store_bind_text (stmt, 1, entity);
      ld_store_bind_text (stmt, 2, record_id);
      ld_store_bind_text (stmt, 3, file_name);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        id = ld_store_column_dup (stmt, 0);
      else if (rc != SQLITE_DONE)
        ld_store_set_error (store, error, rc, "finding an attachment");
      sqlite3_reset (stmt);
    }
  ld_store_rollback (store);
  return id;
}
