/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-record-page"

#include "config.h"

#include <glib/gi18n.h>
#include <adwaita.h>

#include "ld-format.h"
#include "ld-pulled.h"
#include "ld-record-page.h"
#include "ld-record-row.h"

struct _LdRecordPage
{
  GtkWidget        parent_instance;

  GtkWidget       *box;
  GtkSearchBar    *search_bar;
  GtkSearchEntry  *search_entry;
  GtkStack        *stack;
  GtkColumnView   *column_view;
  AdwStatusPage   *empty_page;
  AdwStatusPage   *error_page;
  GtkLabel        *count_label;

  LdStore         *store;
  LdPagedModel    *model;
  const LdSection *section;
  GtkColumnViewColumn *central_column;  /* (nullable) (unowned): the record's standing with the central database */
};

G_DEFINE_FINAL_TYPE (LdRecordPage, ld_record_page, GTK_TYPE_WIDGET)

static LdPagedModel *ensure_model (LdRecordPage *self);

/* GTK 4.8 does not say which column a GtkColumnView sorts by. Each column's
 * sorter marks a probe object with its column when the view's sorter consults
 * it first; the view's sorter inverts the answer for a descending column. The
 * rows themselves are sorted by SQL in the store, never in memory. */
#define LD_TYPE_SORT_PROBE (ld_sort_probe_get_type ())
G_DECLARE_FINAL_TYPE (LdSortProbe, ld_sort_probe, LD, SORT_PROBE, GObject)

struct _LdSortProbe
{
  GObject parent_instance;
  int     column;
};

G_DEFINE_FINAL_TYPE (LdSortProbe, ld_sort_probe, G_TYPE_OBJECT)

static void
ld_sort_probe_class_init (LdSortProbeClass *klass)
{
}

static void
ld_sort_probe_init (LdSortProbe *self)
{
  self->column = -1;
}

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  LdSortProbe *probe = (LdSortProbe *) a;

  if (LD_IS_SORT_PROBE (probe) && probe->column < 0)
    probe->column = GPOINTER_TO_INT (user_data);
  return GTK_ORDERING_SMALLER;
}

static void
sorter_changed_cb (LdRecordPage *self,
                   int           change,
                   GtkSorter    *sorter)
{
  g_autoptr(LdSortProbe) a = g_object_new (LD_TYPE_SORT_PROBE, NULL);
  g_autoptr(LdSortProbe) b = g_object_new (LD_TYPE_SORT_PROBE, NULL);
  GtkOrdering order = gtk_sorter_compare (sorter, a, b);

  if (a->column < 0)
    ld_paged_model_reset_sort (self->model);
  else
    ld_paged_model_set_sort (self->model, (guint) a->column, order == GTK_ORDERING_LARGER);
}

static void
update_cell (GtkLabel    *label,
             LdRecordRow *row)
{
  guint column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (label), "ld-column"));
  const LdSectionColumn *spec = g_object_get_data (G_OBJECT (label), "ld-column-spec");
  const char *value = ld_record_row_get_value (row, column);
  g_autofree char *text = ld_format_cell (spec->kind, value);

  gtk_label_set_text (label, text);
  /* A warning stands out: an expired licence in red, one expiring in amber. */
  if (spec->kind == LD_COLUMN_WARNING)
    {
      gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");
      gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
      if (value != NULL && *value != '\0')
        gtk_widget_add_css_class (GTK_WIDGET (label), g_str_equal (value, "expired") ? "error" : "warning");
    }
}

static void
row_loaded_cb (LdRecordRow *row,
               GParamSpec  *pspec,
               GtkLabel    *label)
{
  update_cell (label, row);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  const LdSectionColumn *spec = user_data;
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), spec->kind == LD_COLUMN_NUMBER ? 1.0 : 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (spec->kind == LD_COLUMN_NUMBER || spec->kind == LD_COLUMN_DATE)
    gtk_widget_add_css_class (label, "numeric");
  g_object_set_data (G_OBJECT (label), "ld-column-spec", (gpointer) spec);
  g_object_set_data (G_OBJECT (label), "ld-column", g_object_get_data (G_OBJECT (factory), "ld-column"));
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  LdRecordRow *row = gtk_list_item_get_item (item);

  update_cell (label, row);
  if (!ld_record_row_get_loaded (row))
    g_signal_connect_object (row, "notify::loaded", G_CALLBACK (row_loaded_cb), label, 0);
}

static void
unbind_cell_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  LdRecordRow *row = gtk_list_item_get_item (item);

  g_signal_handlers_disconnect_by_func (row, row_loaded_cb, gtk_list_item_get_child (item));
}

static void
add_column (LdRecordPage *self,
            guint         index)
{
  const LdSectionColumn *spec = &self->section->columns[index];
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;
  g_autoptr(GtkSorter) sorter = NULL;

  g_object_set_data (G_OBJECT (factory), "ld-column", GUINT_TO_POINTER (index));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), (gpointer) spec);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), (gpointer) spec);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell_cb), (gpointer) spec);

  column = gtk_column_view_column_new (_(spec->title), factory);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_expand (column, spec->expand);
  /* A computed column (a certificate's findings) is worked out per page: the
   * store cannot sort by it. */
  if (!spec->computed)
    {
      sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, GUINT_TO_POINTER (index), NULL));
      gtk_column_view_column_set_sorter (column, sorter);
    }
  gtk_column_view_append_column (self->column_view, column);
  if (g_str_equal (spec->key, "central"))
    self->central_column = column;
}

static void
update_state (LdRecordPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  const GError *error = ld_paged_model_get_error (self->model);
  const char *page;
  g_autofree char *count = ld_format_count (n);
  g_autofree char *text = NULL;

  if (!ld_paged_model_get_counted (self->model))
    page = "loading";
  else if (error)
    {
      adw_status_page_set_description (self->error_page, error->message);
      page = "error";
    }
  else if (n > 0)
    page = "list";
  else if (ld_paged_model_get_search_text (self->model))
    page = "no-results";
  else
    page = "empty";
  gtk_stack_set_visible_child_name (self->stack, page);

  if (ld_paged_model_get_search_text (self->model))
    text = g_strdup_printf (g_dngettext (NULL, "%s record found", "%s records found", n), count);
  else
    text = g_strdup_printf (g_dngettext (NULL, "%s record", "%s records", n), count);
  gtk_label_set_text (self->count_label, text);
}

static void
model_changed_cb (LdRecordPage *self)
{
  update_state (self);
}

static void
search_changed_cb (LdRecordPage   *self,
                   GtkSearchEntry *entry)
{
  ld_paged_model_set_search_text (ensure_model (self), gtk_editable_get_text (GTK_EDITABLE (entry)));
}

static void
stop_search_cb (LdRecordPage   *self,
                GtkSearchEntry *entry)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
}

/* The model is made, and reads the store, only when the page is first shown,
 * and the list holds it only while it is shown: a column view builds row
 * widgets even when hidden, and a desk has seven sections. */
static LdPagedModel *
ensure_model (LdRecordPage *self)
{
  if (self->model)
    return self->model;

  self->model = ld_paged_model_new (self->store, self->section);
  if (self->search_entry)
    ld_paged_model_set_search_text (self->model, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::counted", G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (model_changed_cb), self, G_CONNECT_SWAPPED);
  return self->model;
}

static void
read_meant_to_sync_thread (GTask        *task,
                           gpointer      source,
                           gpointer      store,
                           GCancellable *cancellable)
{
  GError *error = NULL;
  gboolean meant = FALSE;
  gboolean ok;

  /* In a read transaction: it holds the store's lock, which another thread may
   * be writing under. */
  if (!ld_store_begin_read (store, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  ok = ld_pulled_get_meant_to_sync (store, &meant, &error);
  ld_store_rollback (store);
  if (ok)
    g_task_return_boolean (task, meant);
  else
    g_task_return_error (task, error);
}

static void
read_meant_to_sync_done_cb (GObject      *source,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  LdRecordPage *self = LD_RECORD_PAGE (source);
  g_autoptr(GError) error = NULL;
  gboolean meant = g_task_propagate_boolean (G_TASK (result), &error);

  /* Unread, the column stays: a mark it would hide matters more than the room. */
  if (error == NULL)
    gtk_column_view_column_set_visible (self->central_column, meant);
}

/* A desk never set up for a central database has nothing to say in the Central
 * column: it is shown only on a desk meant to sync, read each time the page is
 * shown (the desk may have connected since), off the UI thread. */
static void
update_central_column (LdRecordPage *self)
{
  g_autoptr(GTask) task = NULL;

  if (self->central_column == NULL)
    return;
  task = g_task_new (self, NULL, read_meant_to_sync_done_cb, NULL);
  g_task_set_source_tag (task, update_central_column);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_run_in_thread (task, read_meant_to_sync_thread);
}

static void
attach_model (LdRecordPage *self)
{
  g_autoptr(GtkSingleSelection) selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (ensure_model (self))));

  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  update_state (self);
  update_central_column (self);
}

static void
ld_record_page_map (GtkWidget *widget)
{
  attach_model (LD_RECORD_PAGE (widget));
  GTK_WIDGET_CLASS (ld_record_page_parent_class)->map (widget);
}

static void
ld_record_page_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (ld_record_page_parent_class)->unmap (widget);
  gtk_column_view_set_model (LD_RECORD_PAGE (widget)->column_view, NULL);
}

static void
ld_record_page_dispose (GObject *object)
{
  LdRecordPage *self = LD_RECORD_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_RECORD_PAGE);
  g_clear_object (&self->model);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (ld_record_page_parent_class)->dispose (object);
}

static void
ld_record_page_class_init (LdRecordPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = ld_record_page_dispose;
  widget_class->map = ld_record_page_map;
  widget_class->unmap = ld_record_page_unmap;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ld-record-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdRecordPage, box);
  gtk_widget_class_bind_template_child (widget_class, LdRecordPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, LdRecordPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, LdRecordPage, stack);
  gtk_widget_class_bind_template_child (widget_class, LdRecordPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, LdRecordPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, LdRecordPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, LdRecordPage, count_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
ld_record_page_init (LdRecordPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
ld_record_page_new (LdStore         *store,
                    const LdSection *section)
{
  LdRecordPage *self = g_object_new (LD_TYPE_RECORD_PAGE, NULL);
  g_autofree char *placeholder = g_strdup_printf (_("Search %s by name, number or country"), _(section->title));

  self->section = section;
  self->store = g_object_ref (store);
  for (guint i = 0; i < section->n_columns; i++)
    add_column (self, i);

  g_object_set (self->search_entry, "placeholder-text", placeholder, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(section->title), -1);

  adw_status_page_set_icon_name (self->empty_page, section->icon_name);
  adw_status_page_set_title (self->empty_page, _(section->empty_title));
  adw_status_page_set_description (self->empty_page, _(section->empty_description));
  gtk_stack_set_visible_child_name (self->stack, "loading");
  return GTK_WIDGET (self);
}

/**
 * ld_record_page_get_model:
 *
 * Returns: (transfer none): the page's model, made now if the page has not
 *   been shown yet
 */
LdPagedModel *
ld_record_page_get_model (LdRecordPage *self)
{
  g_return_val_if_fail (LD_IS_RECORD_PAGE (self), NULL);

  return ensure_model (self);
}

void
ld_record_page_focus_search (LdRecordPage *self)
{
  g_return_if_fail (LD_IS_RECORD_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * ld_record_page_get_state:
 *
 * Returns: what the page shows: "loading", "list", "empty", "no-results" or "error"
 */
const char *
ld_record_page_get_state (LdRecordPage *self)
{
  g_return_val_if_fail (LD_IS_RECORD_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

/**
 * ld_record_page_search:
 *
 * Types @text into the page's search entry, as a person would.
 */
void
ld_record_page_search (LdRecordPage *self,
                       const char   *text)
{
  g_return_if_fail (LD_IS_RECORD_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
}

GtkColumnView *
ld_record_page_get_column_view (LdRecordPage *self)
{
  g_return_val_if_fail (LD_IS_RECORD_PAGE (self), NULL);

  return self->column_view;
}
