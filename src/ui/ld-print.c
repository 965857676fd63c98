/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-print"

#include "config.h"

#include <poppler.h>
#include <glib/gi18n.h>

#include "ld-print.h"

/*
 * Printing goes through GTK's print dialog, so the printer, page ranges and
 * copies are the officer's choice and GTK applies them. What is printed is
 * the very PDF the documents layer makes for the archive, drawn page by page
 * with poppler-glib onto the print context: one layout, so paper and archive
 * cannot differ. The PDF is made on a worker thread; only the dialog and the
 * drawing of ready pages happen on the UI thread. A batch (a day's licences)
 * is several PDFs printed as one job, page after page.
 */

typedef struct
{
  LdPrintRenderFunc  render;
  LdPrintListFunc    list;        /* (nullable) a batch: the keys to render */
  char              *key;
  LdDocumentOptions  options;
  GtkWindow         *parent;
  GtkPrintSettings  *settings;
  char              *export_path;
  GPtrArray         *documents;   /* (element-type PopplerDocument) in print order */
  GtkPrintOperation *operation;   /* kept while the dialog is open */
  gboolean           done;
} PrintJob;

static void
print_job_free (PrintJob *job)
{
  g_free (job->key);
  g_clear_object (&job->parent);
  g_clear_object (&job->settings);
  g_free (job->export_path);
  g_clear_pointer (&job->documents, g_ptr_array_unref);
  g_clear_object (&job->operation);
  g_free (job);
}

/**
 * ld_print_default_paper:
 *
 * Returns: US Letter where GTK's default paper is Letter, A4 elsewhere
 */
LdPaper
ld_print_default_paper (void)
{
  const char *name = gtk_paper_size_get_default ();

  return g_str_has_prefix (name, "na_letter") ? LD_PAPER_LETTER : LD_PAPER_A4;
}

static void
render_in_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  PrintJob *job = task_data;
  GError *error = NULL;
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GPtrArray) pdfs = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);

  if (job->list == NULL)
    {
      keys = g_ptr_array_new ();
      g_ptr_array_add (keys, job->key);
    }
  else if (!(keys = job->list (LD_STORE (source_object), job->key, &error)))
    {
      g_task_return_error (task, error);
      return;
    }
  for (guint i = 0; i < keys->len; i++)
    {
      GBytes *pdf = job->render (LD_STORE (source_object), keys->pdata[i], &job->options, &error);

      if (pdf == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
      g_ptr_array_add (pdfs, pdf);
    }
  g_task_return_pointer (task, g_steal_pointer (&pdfs), (GDestroyNotify) g_ptr_array_unref);
}

/* The document and its own page number that page @page_nr of the job is. */
static PopplerPage *
job_page (PrintJob *job,
          int       page_nr)
{
  for (guint i = 0; i < job->documents->len; i++)
    {
      PopplerDocument *document = job->documents->pdata[i];
      int n = poppler_document_get_n_pages (document);

      if (page_nr < n)
        return poppler_document_get_page (document, page_nr);
      page_nr -= n;
    }
  return NULL;
}

static int
job_n_pages (PrintJob *job)
{
  int n = 0;

  for (guint i = 0; i < job->documents->len; i++)
    n += poppler_document_get_n_pages (job->documents->pdata[i]);
  return n;
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              PrintJob          *job)
{
  /* poppler-glib 22.12 declares no autoptr for its pages. */
  PopplerPage *page = job_page (job, page_nr);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = 0, height = 0, scale;

  if (page == NULL)
    return;
  poppler_page_get_size (page, &width, &height);
  /* The page as designed, fitted to the paper the officer chose. */
  scale = MIN (gtk_print_context_get_width (context) / width, gtk_print_context_get_height (context) / height);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  g_object_unref (page);
}

static void
finish (GTask                   *task,
        GtkPrintOperation       *operation,
        GtkPrintOperationResult  result)
{
  PrintJob *job = g_task_get_task_data (task);
  GError *error = NULL;

  if (job->done)
    return;
  job->done = TRUE;
  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      g_task_return_error (task, error ? error : g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                                       _("Printing failed.")));
    }
  else
    g_task_return_boolean (task, result != GTK_PRINT_OPERATION_RESULT_CANCEL);
}

static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         GTask                   *task)
{
  finish (task, operation, result);
}

static void
run_operation (GTask *task)
{
  PrintJob *job = g_task_get_task_data (task);
  GtkPrintOperation *operation = gtk_print_operation_new ();
  GtkPrintOperationAction action = job->export_path ? GTK_PRINT_OPERATION_ACTION_EXPORT
                                                     : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG;
  GtkPrintOperationResult result;
  g_autoptr(GError) error = NULL;

  gtk_print_operation_set_n_pages (operation, job_n_pages (job));
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_allow_async (operation, TRUE);
  gtk_print_operation_set_job_name (operation, job->key);
  if (job->settings)
    gtk_print_operation_set_print_settings (operation, job->settings);
  if (job->export_path)
    gtk_print_operation_set_export_filename (operation, job->export_path);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), job);
  /* The operation holds the task until it is done, however long the
   * officer keeps the dialog open. */
  job->operation = operation;
  g_signal_connect_data (operation, "done", G_CALLBACK (done_cb), g_object_ref (task),
                         (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  result = gtk_print_operation_run (operation, action, job->parent, &error);
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    finish (task, operation, result);
}

static void
rendered_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  PrintJob *job = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) pdfs = g_task_propagate_pointer (G_TASK (res), &error);

  if (pdfs == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->documents = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < pdfs->len; i++)
    {
      PopplerDocument *document = poppler_document_new_from_bytes (pdfs->pdata[i], NULL, &error);

      if (document == NULL)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_ptr_array_add (job->documents, document);
    }
  run_operation (task);
}

/**
 * ld_print_document_async:
 * @key: what @render prints: a registration number, an application reference
 * @settings: (nullable): print settings to start from
 * @export_path: (nullable): write a PDF there without a dialog (tests)
 *
 * Makes the document off the UI thread, then opens the print dialog. The
 * result is %TRUE once printed, %FALSE when the officer cancelled.
 */
void
ld_print_document_async (GtkWindow          *parent,
                         LdStore            *store,
                         LdPrintRenderFunc   render,
                         const char         *key,
                         GtkPrintSettings   *settings,
                         const char         *export_path,
                         GCancellable       *cancellable,
                         GAsyncReadyCallback callback,
                         gpointer            user_data)
{
  ld_print_batch_async (parent, store, NULL, render, key, settings, export_path, cancellable, callback, user_data);
}

/**
 * ld_print_batch_async:
 * @list: (nullable): lists what to print from @key (a day, for a day's
 *   licences); each is made with @render and printed in order as one job.
 *   %NULL prints @key alone.
 *
 * As ld_print_document_async(), for several documents in one print job.
 * Finish with ld_print_document_finish().
 */
void
ld_print_batch_async (GtkWindow          *parent,
                      LdStore            *store,
                      LdPrintListFunc     list,
                      LdPrintRenderFunc   render,
                      const char         *key,
                      GtkPrintSettings   *settings,
                      const char         *export_path,
                      GCancellable       *cancellable,
                      GAsyncReadyCallback callback,
                      gpointer            user_data)
{
  GTask *task = g_task_new (parent, cancellable, callback, user_data);
  GTask *render_task = g_task_new (store, cancellable, rendered_cb, task);
  PrintJob *job = g_new0 (PrintJob, 1);

  job->list = list;
  job->render = render;
  job->key = g_strdup (key);
  job->options.paper = ld_print_default_paper ();
  job->parent = parent ? g_object_ref (parent) : NULL;
  job->settings = settings ? g_object_ref (settings) : NULL;
  job->export_path = g_strdup (export_path);
  g_task_set_source_tag (task, ld_print_document_async);
  g_task_set_task_data (task, job, (GDestroyNotify) print_job_free);
  g_task_set_task_data (render_task, job, NULL);
  g_task_run_in_thread (render_task, render_in_thread);
  g_object_unref (render_task);
}

gboolean
ld_print_document_finish (GAsyncResult  *result,
                          GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}
