/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-trace-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-licence-repo.h"
#include "ld-trace-window.h"

/*
 * Tracing a weapon by its marking, with one search box: every case that
 * listed it, its parties, route and end-use certificate, the licence issued
 * and the shipment it left in. The search runs in a GTask thread.
 */

struct _LdTraceWindow
{
  AdwWindow   parent_instance;

  LdStore    *store;
  GtkWidget  *entry;
  GtkWidget  *results;
  gboolean    busy;
  guint       n_chains;
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
  JsonNode *node = ld_licence_repo_trace (self->store, task_data, &error);

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
  g_autofree char *head = g_strdup_printf (_("%s in application %s, version %" G_GINT64_FORMAT " (%s)"),
                                           member (chain, "serial"), member (chain, "application"),
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
      JsonObject *shipment = json_object_get_null_member (licence, "shipment") ? NULL
                           : json_object_get_object_member (licence, "shipment");
      g_autofree char *shipped = shipment
        ? g_strdup_printf (_("Shipped on %s, customs reference %s"), member (shipment, "shipped_on"),
                           member (shipment, "customs_reference"))
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
  if (node == NULL)
    {
      add_line (self, error->message, "error");
      return;
    }
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
  g_task_set_source_tag (task, ld_trace_window_search);
  g_task_set_task_data (task, g_strdup (serial), g_free);
  g_task_run_in_thread (task, trace_thread);
}

static void
entry_activated_cb (LdTraceWindow *self)
{
  ld_trace_window_search (self, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

static void
ld_trace_window_finalize (GObject *object)
{
  g_clear_object (&LD_TRACE_WINDOW (object)->store);
  G_OBJECT_CLASS (ld_trace_window_parent_class)->finalize (object);
}

static void
ld_trace_window_class_init (LdTraceWindowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ld_trace_window_finalize;
}

static void
ld_trace_window_init (LdTraceWindow *self)
{
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *body = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), adw_window_title_new (_("Trace a Serial Number"), NULL));
  gtk_box_append (GTK_BOX (outer), header);
  self->entry = gtk_search_entry_new ();
  g_object_set (self->entry, "placeholder-text", _("Serial number, as marked on the weapon"), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Serial number to trace"), -1);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (entry_activated_cb), self);
  self->results = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_box_append (GTK_BOX (body), self->entry);
  gtk_box_append (GTK_BOX (body), self->results);
  gtk_widget_set_margin_start (body, 18);
  gtk_widget_set_margin_end (body, 18);
  gtk_widget_set_margin_top (body, 12);
  gtk_widget_set_margin_bottom (body, 18);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), body);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (outer), scroller);
  adw_window_set_content (ADW_WINDOW (self), outer);
  gtk_window_set_default_size (GTK_WINDOW (self), 620, 560);
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
