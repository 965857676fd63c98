/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-trace-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-documents.h"
#include "ld-licence-repo.h"
#include "ld-print.h"
#include "ld-trace-export.h"
#include "ld-trace-window.h"

/*
 * Tracing a weapon by its marking, with one search box: a serial number, a
 * manufacturer's marking or an import marking finds every case that listed
 * it, its parties, route and end-use certificate, the licence issued and the
 * shipment it left in. The reply is saved as CSV or PDF for the requesting
 * state. The page is a template (ui/ld-trace-window.ui); the search and the
 * saving run in GTask threads.
 */

struct _LdTraceWindow
{
  AdwWindow   parent_instance;

  LdStore    *store;
  GtkWidget  *entry;
  GtkWidget  *results;
  GtkWidget  *export_status;
  GtkWidget  *csv_button;
  GtkWidget  *pdf_button;
  gboolean    busy;
  guint       n_chains;
  JsonNode   *answer;     /* the last reply shown, for saving */
  char       *marking;    /* what it answered */
  GtkNativeDialog *chooser;
};

G_DEFINE_FINAL_TYPE (LdTraceWindow, ld_trace_window, ADW_TYPE_WINDOW)

static void
trace_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  LdTraceWindow *self = source_object;
  GError *error = NULL;
  JsonNode *node = ld_licence_repo_trace_by (self->store, task_data, LD_TRACE_BY_ANY, &error);

  if (node)
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
  else
    g_task_return_error (task, error);
}

static void
add_line (LdTraceWindow *self,
          const char    *text,
          const char    *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), css_class == NULL);
  if (css_class)
    gtk_widget_add_css_class (label, css_class);
  gtk_box_append (GTK_BOX (self->results), label);
}

static const char *
member (JsonObject *o,
        const char *name)
{
  return o && json_object_has_member (o, name) && !json_object_get_null_member (o, name)
         ? json_object_get_string_member (o, name) : "—";
}

static void
show_chain (LdTraceWindow *self,
            JsonObject    *chain)
{
  JsonArray *parties = json_object_get_array_member (chain, "parties");
  JsonArray *route = json_object_get_array_member (chain, "route");
  JsonObject *licence = json_object_get_null_member (chain, "licence") ? NULL
                      : json_object_get_object_member (chain, "licence");
  g_autoptr(GString) legs = g_string_new (NULL);
  JsonObject *item = json_object_get_object_member (chain, "item");
  const char *found = json_object_get_null_member (chain, "serial")
    ? (g_strcmp0 (member (chain, "matched_by"), "import_marking") == 0 ? member (item, "import_marking")
                                                                        : member (item, "manufacturer_marking"))
    : member (chain, "serial");
  g_autofree char *head = g_strdup_printf (_("%s in application %s, version %" G_GINT64_FORMAT " (%s)"),
                                           found, member (chain, "application"),
                                           json_object_get_int_member (chain, "application_version"),
                                           member (chain, "application_status"));
  g_autofree char *euc = g_strdup_printf (_("End-use certificate %s · end use: %s"), member (chain, "euc_reference"),
                                          member (chain, "end_use"));

  add_line (self, head, "heading");
  for (guint i = 0; i < json_array_get_length (parties); i++)
    {
      JsonObject *p = json_array_get_object_element (parties, i);
      g_autofree char *text = g_strdup_printf ("%s: %s (%s)", member (p, "role"), member (p, "name"),
                                               member (p, "country"));

      add_line (self, text, NULL);
    }
  for (guint i = 0; i < json_array_get_length (route); i++)
    g_string_append_printf (legs, "%s%s %s", i ? " → " : "", member (json_array_get_object_element (route, i), "leg"),
                            member (json_array_get_object_element (route, i), "country"));
  add_line (self, legs->str, NULL);
  add_line (self, euc, NULL);
  if (licence == NULL)
    add_line (self, _("No licence was issued from this case."), "dim-label");
  else
    {
      g_autofree char *text = g_strdup_printf (_("Licence %s (%s), valid %s to %s"), member (licence, "number"),
                                               member (licence, "status"), member (licence, "valid_from"),
                                               member (licence, "valid_until"));
      JsonObject *shipment = !json_object_has_member (licence, "shipment") ||
                             json_object_get_null_member (licence, "shipment") ? NULL
                           : json_object_get_object_member (licence, "shipment");
      g_auto(GStrv) fields = ld_trace_chain_fields (chain);
      g_autofree char *shipped = shipment
        ? g_strdup_printf (_("Shipped on %s, customs reference %s"), member (shipment, "shipped_on"),
                           member (shipment, "customs_reference"))
        : json_object_has_member (licence, "shipments") && fields[LD_TRACE_FIELD_SHIPMENTS][0] != '\0'
        ? g_strdup_printf (_("Shipments under the licence: %s"), fields[LD_TRACE_FIELD_SHIPMENTS])
        : g_strdup (_("Not recorded in a shipment yet."));

      add_line (self, text, NULL);
      add_line (self, shipped, NULL);
    }
}

static void
clear_results (LdTraceWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->results)))
    gtk_box_remove (GTK_BOX (self->results), child);
}

static void
traced_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  LdTraceWindow *self = LD_TRACE_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = g_task_propagate_pointer (G_TASK (result), &error);
  JsonArray *chains;

  self->busy = FALSE;
  self->n_chains = 0;
  clear_results (self);
  g_clear_pointer (&self->answer, json_node_unref);
  gtk_widget_set_visible (self->export_status, FALSE);
  gtk_widget_set_sensitive (self->csv_button, node != NULL);
  gtk_widget_set_sensitive (self->pdf_button, node != NULL);
  if (node == NULL)
    {
      add_line (self, error->message, "error");
      return;
    }
  self->answer = json_node_ref (node);
  if (json_object_get_boolean_member_with_default (json_node_get_object (node), "truncated", FALSE))
    add_line (self, _("More records match this marking than are shown: give the serial number to narrow it."),
              "warning");
  chains = json_object_get_array_member (json_node_get_object (node), "chains");
  self->n_chains = json_array_get_length (chains);
  if (self->n_chains == 0)
    add_line (self, _("No application, licence or shipment in this store lists that marking."), "dim-label");
  for (guint i = 0; i < self->n_chains; i++)
    show_chain (self, json_array_get_object_element (chains, i));
}

/**
 * ld_trace_window_search:
 *
 * Traces @serial, as Enter in the search box does.
 */
void
ld_trace_window_search (LdTraceWindow *self,
                        const char    *serial)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, traced_cb, NULL);

  self->busy = TRUE;
  g_free (self->marking);
  self->marking = g_strdup (serial);
  g_task_set_source_tag (task, ld_trace_window_search);
  g_task_set_task_data (task, g_strdup (serial), g_free);
  g_task_run_in_thread (task, trace_thread);
}

static void
entry_activated_cb (LdTraceWindow *self)
{
  ld_trace_window_search (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

/* ---- saving the reply ------------------------------------------------- */

typedef struct
{
  JsonNode       *answer;
  char           *marking;
  char           *path;
  LdTraceExport   format;
} ExportJob;

static void
export_job_free (ExportJob *job)
{
  json_node_unref (job->answer);
  g_free (job->marking);
  g_free (job->path);
  g_free (job);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportJob *job = task_data;
  GError *error = NULL;
  gboolean ok;

  if (job->format == LD_TRACE_EXPORT_CSV)
    {
      g_autofree char *csv = ld_trace_to_csv (job->answer);

      ok = g_file_set_contents (job->path, csv, -1, &error);
      if (!ok)
        g_prefix_error (&error, _("The CSV could not be saved; choose a folder you may write to. "));
    }
  else
    {
      LdDocumentOptions options = { .paper = ld_print_default_paper () };
      g_autoptr(GBytes) pdf = ld_trace_pdf_render (job->answer, job->marking, &options, &error);

      ok = pdf != NULL && ld_pdf_write_file (pdf, job->path, &error);
    }
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  LdTraceWindow *self = LD_TRACE_WINDOW (object);
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  self->busy = FALSE;
  gtk_widget_remove_css_class (self->export_status, "error");
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      gtk_widget_add_css_class (self->export_status, "error");
      gtk_label_set_text (GTK_LABEL (self->export_status), error->message);
    }
  else
    {
      text = g_strdup_printf (_("The reply was saved to %s."), job->path);
      gtk_label_set_text (GTK_LABEL (self->export_status), text);
    }
  gtk_widget_set_visible (self->export_status, TRUE);
}

/**
 * ld_trace_window_export:
 * @path: where to write the reply
 *
 * Saves the reply shown as CSV or PDF off the UI thread, as the Save buttons
 * do once a file is chosen; says where, or why not, under the search box.
 */
void
ld_trace_window_export (LdTraceWindow *self,
                        LdTraceExport  format,
                        const char    *path)
{
  g_autoptr(GTask) task = NULL;
  ExportJob *job;

  g_return_if_fail (LD_IS_TRACE_WINDOW (self));
  if (self->answer == NULL || self->busy)
    return;
  job = g_new0 (ExportJob, 1);
  job->answer = json_node_ref (self->answer);
  job->marking = g_strdup (self->marking);
  job->path = g_strdup (path);
  job->format = format;
  task = g_task_new (self, NULL, exported_cb, NULL);
  self->busy = TRUE;
  g_task_set_source_tag (task, ld_trace_window_export);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  g_task_run_in_thread (task, export_thread);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     LdTraceWindow   *self)
{
  LdTraceExport format = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (chooser), "ld-format"));

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;

      if (path != NULL)
        ld_trace_window_export (self, format, path);
    }
  g_clear_object (&self->chooser);
}

static void
choose_file (LdTraceWindow *self,
             LdTraceExport  format)
{
  g_autofree char *name = g_strdup_printf ("trace-%s.%s", self->marking ? self->marking : "reply",
                                           format == LD_TRACE_EXPORT_CSV ? "csv" : "pdf");

  g_strdelimit (name, "/\\ ", '-');
  g_clear_object (&self->chooser);
  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (
    format == LD_TRACE_EXPORT_CSV ? _("Save the Reply as CSV") : _("Save the Reply as PDF"), GTK_WINDOW (self),
    GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel")));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data (G_OBJECT (self->chooser), "ld-format", GINT_TO_POINTER (format));
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (self->chooser);
}

static void
save_csv_clicked_cb (LdTraceWindow *self)
{
  choose_file (self, LD_TRACE_EXPORT_CSV);
}

static void
save_pdf_clicked_cb (LdTraceWindow *self)
{
  choose_file (self, LD_TRACE_EXPORT_PDF);
}

static void
ld_trace_window_dispose (GObject *object)
{
  LdTraceWindow *self = LD_TRACE_WINDOW (object);

  if (self->chooser)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  G_OBJECT_CLASS (ld_trace_window_parent_class)->dispose (object);
}

static void
ld_trace_window_finalize (GObject *object)
{
  LdTraceWindow *self = LD_TRACE_WINDOW (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->answer, json_node_unref);
  g_free (self->marking);
  G_OBJECT_CLASS (ld_trace_window_parent_class)->finalize (object);
}

static void
ld_trace_window_class_init (LdTraceWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_trace_window_dispose;
  G_OBJECT_CLASS (klass)->finalize = ld_trace_window_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ld-trace-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LdTraceWindow, entry);
  gtk_widget_class_bind_template_child (widget_class, LdTraceWindow, results);
  gtk_widget_class_bind_template_child (widget_class, LdTraceWindow, export_status);
  gtk_widget_class_bind_template_child (widget_class, LdTraceWindow, csv_button);
  gtk_widget_class_bind_template_child (widget_class, LdTraceWindow, pdf_button);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_csv_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, save_pdf_clicked_cb);
}

static void
ld_trace_window_init (LdTraceWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

LdTraceWindow *
ld_trace_window_new (GtkWindow *parent,
                     LdStore   *store)
{
  LdTraceWindow *self = g_object_new (LD_TYPE_TRACE_WINDOW, "transient-for", parent, NULL);

  self->store = g_object_ref (store);
  return self;
}

gboolean
ld_trace_window_is_busy (LdTraceWindow *self)
{
  return self->busy;
}

guint
ld_trace_window_get_n_chains (LdTraceWindow *self)
{
  return self->n_chains;
}

const char *
ld_trace_window_get_export_status (LdTraceWindow *self)
{
  return gtk_widget_get_visible (self->export_status) ? gtk_label_get_text (GTK_LABEL (self->export_status)) : NULL;
}
