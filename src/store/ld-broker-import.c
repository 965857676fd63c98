/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-broker-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-broker-import.h"
#include "ld-broker-repo.h"
#include "ld-csv.h"
#include "ld-validate.h"

/* Brokers imported from a CSV file as drafts, row by row: a bad row is
 * reported with its line and the reason and the others are saved, the same
 * for `licence-desk-admin broker import --csv` and the window. */

/* The columns of `broker import --csv` and `broker export --csv`, in order.
 * Export adds the register's own columns in front; import ignores those. */
static const char *csv_columns[] = {
  "legal_name", "other_names", "legal_form", "company_number", "tax_number", "country", "registered_address",
  "business_sites", "records_address", "activities", "declares_convictions", "declares_indictments",
  "declares_denials", "declaration_details", NULL
};
static const char *export_extra[] = { "registration_number", "status", "valid_from", "valid_until", NULL };
#define N_COLUMNS (G_N_ELEMENTS (csv_columns) - 1)
#define N_EXTRA (G_N_ELEMENTS (export_extra) - 1)

void
ld_broker_import_row_free (LdBrokerImportRow *row)
{
  if (row == NULL)
    return;
  g_free (row->id);
  g_free (row->message);
  g_free (row);
}

/**
 * ld_broker_csv_columns:
 *
 * Returns: (array length=n): the columns a broker CSV file has, in order
 */
const char * const *
ld_broker_csv_columns (guint *n)
{
  *n = N_COLUMNS;
  return csv_columns;
}

/**
 * ld_broker_csv_export_columns:
 *
 * Returns: (array length=n): the register's columns an export puts in front
 */
const char * const *
ld_broker_csv_export_columns (guint *n)
{
  *n = N_EXTRA;
  return export_extra;
}

static gboolean
parse_flag (const char *text,
            gboolean   *out,
            const char *column,
            GError    **error)
{
  if (text[0] == '\0' || g_ascii_strcasecmp (text, "no") == 0 || g_str_equal (text, "0") ||
      g_ascii_strcasecmp (text, "false") == 0)
    *out = FALSE;
  else if (g_ascii_strcasecmp (text, "yes") == 0 || g_str_equal (text, "1") || g_ascii_strcasecmp (text, "true") == 0)
    *out = TRUE;
  else
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                   _("%s “%s” must be yes or no."), column, text);
      return FALSE;
    }
  return TRUE;
}

static LdBrokerDraft *
draft_from_record (const LdCsvRecord  *record,
                   GError            **error)
{
  g_autoptr(LdBrokerDraft) d = ld_broker_draft_new ();
  char **f = (char **) record->fields->pdata;

  if (record->error)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED, "%s", record->error);
      return NULL;
    }
  if (record->fields->len != N_COLUMNS)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                   _("it has %u columns where the header has %u"), record->fields->len,
                   (guint) N_COLUMNS);
      return NULL;
    }
  for (guint i = 0; i < record->fields->len; i++)
    if (!g_utf8_validate (f[i], -1, NULL))
      {
        g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                     _("column %s is not UTF-8 text; save the file as UTF-8 and import it again"), csv_columns[i]);
        return NULL;
      }
  d->legal_name = g_strdup (f[0]); d->other_names = g_strdup (f[1]); d->legal_form = g_strdup (f[2]);
  d->company_number = g_strdup (f[3]); d->tax_number = g_strdup (f[4]); d->country = g_strdup (f[5]);
  d->registered_address = g_strdup (f[6]); d->business_sites = g_strdup (f[7]);
  d->records_address = g_strdup (f[8]); d->activities = g_strdup (f[9]);
  d->declaration_details = g_strdup (f[13]);
  if (!parse_flag (f[10], &d->declares_convictions, csv_columns[10], error) ||
      !parse_flag (f[11], &d->declares_indictments, csv_columns[11], error) ||
      !parse_flag (f[12], &d->declares_denials, csv_columns[12], error))
    return NULL;
  return g_steal_pointer (&d);
}

/* The header names the columns; export's extra columns in front are allowed
 * and dropped, so an exported file imports again. */
static gboolean
check_header (LdCsvRecord  *header,
              guint        *out_skip,
              GError      **error)
{
  guint skip = 0;

  if (header->fields->len == N_COLUMNS + N_EXTRA)
    skip = N_EXTRA;
  for (guint i = 0; i < N_COLUMNS; i++)
    if (i + skip >= header->fields->len ||
        g_strcmp0 (g_strstrip ((char *) g_ptr_array_index (header->fields, i + skip)), csv_columns[i]) != 0)
      {
        g_autofree char *expected = g_strjoinv (",", (char **) csv_columns);

        g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_MALFORMED,
                     _("The first line must name the columns: %s"), expected);
        return FALSE;
      }
  *out_skip = skip;
  return TRUE;
}

static void
drop_columns (LdCsvRecord *record,
              guint        skip)
{
  if (skip > 0 && record->fields->len >= skip)
    g_ptr_array_remove_range (record->fields, 0, skip);
}

/**
 * ld_broker_import_csv:
 * @file_name: how the file is named in messages
 *
 * Saves each row of a broker CSV file as a draft.
 *
 * Returns: (transfer full) (element-type LdBrokerImportRow) (nullable): one
 *   report per row; %NULL with @error when the file is empty or its header
 *   is not the columns'
 */
GPtrArray *
ld_broker_import_csv (LdStore        *store,
                      const LdActor  *actor,
                      const char     *data,
                      gsize           length,
                      const char     *file_name,
                      gboolean        allow_duplicate,
                      GError        **error)
{
  g_autoptr(GPtrArray) records = ld_csv_parse (data, length);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_broker_import_row_free);
  guint skip = 0;

  if (records->len == 0)
    {
      g_set_error (error, LD_VALIDATION_ERROR, LD_VALIDATION_ERROR_REQUIRED, _("%s is empty."), file_name);
      return NULL;
    }
  if (!check_header (g_ptr_array_index (records, 0), &skip, error))
    return NULL;
  for (guint i = 1; i < records->len; i++)
    {
      LdCsvRecord *record = g_ptr_array_index (records, i);
      LdBrokerImportRow *row = g_new0 (LdBrokerImportRow, 1);
      g_autoptr(LdBrokerDraft) d = NULL;
      g_autoptr(GError) row_error = NULL;

      row->row = i;
      row->line = record->line;
      drop_columns (record, skip);
      if ((d = draft_from_record (record, &row_error)))
        row->id = ld_broker_repo_create (store, actor, d, allow_duplicate, &row_error);
      if (row->id == NULL)
        row->message = g_strdup (row_error->message);
      g_ptr_array_add (rows, row);
    }
  return g_steal_pointer (&rows);
}

typedef struct
{
  LdActor *actor;
  GFile   *file;
} ImportJob;

static void
import_job_free (ImportJob *job)
{
  ld_actor_free (job->actor);
  g_clear_object (&job->file);
  g_free (job);
}

static void
import_thread (GTask        *task,
               gpointer      source,
               gpointer      data,
               GCancellable *cancellable)
{
  ImportJob *job = data;
  g_autofree char *name = g_file_get_parse_name (job->file);
  g_autofree char *contents = NULL;
  gsize length;
  GError *error = NULL;
  GPtrArray *rows = NULL;

  if (g_file_load_contents (job->file, cancellable, &contents, &length, NULL, &error))
    rows = ld_broker_import_csv (source, job->actor, contents, length, name, FALSE, &error);
  if (rows == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, rows, (GDestroyNotify) g_ptr_array_unref);
}

/* ld_broker_import_csv() of @file, read and saved in a worker thread. */
void
ld_broker_import_csv_async (LdStore             *store,
                            const LdActor       *actor,
                            GFile               *file,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (store, cancellable, callback, user_data);
  ImportJob *job = g_new0 (ImportJob, 1);

  job->actor = actor ? ld_actor_copy (actor) : NULL;
  job->file = g_object_ref (file);
  g_task_set_source_tag (task, ld_broker_import_csv_async);
  g_task_set_task_data (task, job, (GDestroyNotify) import_job_free);
  g_task_run_in_thread (task, import_thread);
}

/**
 * ld_broker_import_csv_finish:
 *
 * Returns: (transfer full) (element-type LdBrokerImportRow) (nullable):
 */
GPtrArray *
ld_broker_import_csv_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (G_IS_TASK (result), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
