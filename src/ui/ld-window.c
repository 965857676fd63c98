/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-window"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-applications-page.h"
#include "ld-broker-import.h"
#include "ld-broker-repo.h"
#include "ld-broker-window.h"
#include "ld-central-page.h"
#include "ld-euc-repo.h"
#include "ld-euc-authorities-window.h"
#include "ld-euc-window.h"
#include "ld-format.h"
#include "ld-import-report-dialog.h"
#include "ld-info-page.h"
#include "ld-licence-window.h"
#include "ld-print-day.h"
#include "ld-reports-page.h"
#include "ld-trace-window.h"
#include "ld-ui.h"
#include "ld-record-page.h"
#include "ld-record-row.h"
#include "ld-screening-page.h"
#include "ld-section.h"
#include "ld-verify-dialog.h"
#include "ld-window.h"

struct _LdWindow
{
  AdwApplicationWindow  parent_instance;

  GtkWidget            *new_euc_button;

  AdwLeaflet           *leaflet;
  GtkListBox           *sections_list;
  GtkLabel             *user_label;
  AdwWindowTitle       *content_title;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *pages;
  AdwStatusPage        *store_error_page;
  GtkButton            *user_menu_button;
  GtkLabel             *read_only_label;

  GSettings            *settings;
  LdStore              *store;
  LdActor              *actor;
  char                 *import_name;  /* the broker CSV file being imported */
  GtkWidget            *central_page;
};

G_DEFINE_FINAL_TYPE (LdWindow, ld_window, ADW_TYPE_APPLICATION_WINDOW)

/* The sections of the sidebar, in order. The four registers come from the
 * store's section table; the others are pages of their own. */
static const struct
{
  const char *id;
  const char *title;
  const char *icon_name;
} sidebar[] = {
  { "brokers", N_("Brokers"), "system-users-symbolic" },
  { "applications", N_("Applications"), "document-edit-symbolic" },
  { "eucs", N_("End-use Certificates"), "emblem-documents-symbolic" },
  { "licences", N_("Licences"), "emblem-ok-symbolic" },
  { "screening", N_("Screening"), "security-high-symbolic" },
  { "reports", N_("Reports"), "x-office-spreadsheet-symbolic" },
  { "central", N_("Central Database"), "network-server-symbolic" },
};

static GtkWidget *
make_sidebar_row (guint index)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (_(sidebar[index].title));

  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (sidebar[index].icon_name));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, sidebar[index].id);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, _(sidebar[index].title), -1);
  return row;
}

static int
sidebar_index (const char *id)
{
  for (guint i = 0; i < G_N_ELEMENTS (sidebar); i++)
    if (g_strcmp0 (sidebar[i].id, id) == 0)
      return (int) i;
  return -1;
}

static GtkWidget *
make_central_page (LdWindow *self)
{
  self->central_page = ld_central_page_new (self->store);
  ld_central_page_set_actor (LD_CENTRAL_PAGE (self->central_page),
                             ld_store_is_read_only (self->store) ? NULL : self->actor);
  return self->central_page;
}

static GtkWidget *
make_screening_page (LdWindow *self)
{
  g_autofree char *list_dir = g_settings_get_string (self->settings, "sanctions-list-dir");
  GtkWidget *page = ld_screening_page_new (self->settings, list_dir[0] ? list_dir : NULL);

  ld_screening_page_set_store (LD_SCREENING_PAGE (page), self->store);
  return page;
}

static gboolean
store_read_only (LdWindow *self)
{
  return self->store != NULL && ld_store_is_read_only (self->store);
}

/* Who may change records from this window: nobody on a read-only store, so
 * the pages show records without the buttons that would change them. */
static const LdActor *
editing_actor (LdWindow *self)
{
  return store_read_only (self) ? NULL : self->actor;
}

static void
open_broker (LdWindow   *self,
             const char *broker_id)
{
  LdBrokerWindow *window = ld_broker_window_new (GTK_WINDOW (self), self->store, editing_actor (self), broker_id);

  gtk_window_present (GTK_WINDOW (window));
}

/* Opening a register's row: the list knows a record by its rowid, the record's
 * window by its id or number, which is looked up off the UI thread like every
 * other read of the store. */
typedef char *(*RecordKeyLookup) (LdStore *store, gint64 rowid, GError **error);
typedef void  (*RecordOpen)      (LdWindow *self, const char *key);

typedef struct
{
  LdStore         *store;
  gint64           rowid;
  RecordKeyLookup  lookup;
  RecordOpen       open;
} RowLookup;

static void
row_lookup_free (RowLookup *lookup)
{
  g_clear_object (&lookup->store);
  g_free (lookup);
}

static void
row_lookup_thread (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  RowLookup *lookup = task_data;
  GError *error = NULL;
  char *key = lookup->lookup (lookup->store, lookup->rowid, &error);

  if (key)
    g_task_return_pointer (task, key, g_free);
  else
    g_task_return_error (task, error);
}

static void
row_found_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  LdWindow *self = LD_WINDOW (object);
  RowLookup *lookup = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *key = g_task_propagate_pointer (G_TASK (result), &error);

  if (key == NULL)
    ld_window_add_toast (self, error->message);
  else
    lookup->open (self, key);
}

static void
open_row (LdWindow        *self,
          GtkColumnView   *view,
          guint            position,
          RecordKeyLookup  lookup_key,
          RecordOpen       open)
{
  GtkSelectionModel *rows = gtk_column_view_get_model (view);
  g_autoptr(LdRecordRow) row = rows ? g_list_model_get_item (G_LIST_MODEL (rows), position) : NULL;
  g_autoptr(GTask) task = NULL;
  RowLookup *lookup;

  if (row == NULL || !ld_record_row_get_loaded (row) || self->store == NULL)
    return;
  lookup = g_new0 (RowLookup, 1);
  lookup->store = g_object_ref (self->store);
  lookup->rowid = ld_record_row_get_rowid (row);
  lookup->lookup = lookup_key;
  lookup->open = open;
  task = g_task_new (self, NULL, row_found_cb, NULL);
  g_task_set_source_tag (task, open_row);
  g_task_set_task_data (task, lookup, (GDestroyNotify) row_lookup_free);
  g_task_run_in_thread (task, row_lookup_thread);
}

/* Enter or a double click on a broker opens its file. */
static void
broker_activated_cb (LdWindow      *self,
                     guint          position,
                     GtkColumnView *view)
{
  open_row (self, view, position, ld_broker_repo_id_for_rowid, open_broker);
}

static void
open_licence (LdWindow   *self,
              const char *number)
{
  gtk_window_present (GTK_WINDOW (ld_licence_window_new (GTK_WINDOW (self), self->store, editing_actor (self),
                                                         number)));
}

/* Enter or a double click on a licence opens its page. */
static void
licence_activated_cb (LdWindow      *self,
                      guint          position,
                      GtkColumnView *view)
{
  open_row (self, view, position, ld_licence_repo_number_for_rowid, open_licence);
}

static void
trace_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  LdWindow *self = LD_WINDOW (widget);

  if (self->store)
    gtk_window_present (GTK_WINDOW (ld_trace_window_new (GTK_WINDOW (self), self->store)));
}

/* The issuance desk prints the day's licences in one job. */
static void
print_day_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LdWindow *self = LD_WINDOW (widget);

  if (self->store)
    ld_print_day_present (GTK_WINDOW (self), self->store, NULL, NULL);
}

static void
new_broker_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LdWindow *self = LD_WINDOW (widget);

  if (self->store && !store_read_only (self))
    open_broker (self, NULL);
}

static void
brokers_imported_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(LdWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = ld_broker_import_csv_finish (result, &error);
  g_autofree char *name = g_steal_pointer (&self->import_name);

  if (rows == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Nothing was imported: %s"), error->message);

      ld_window_add_toast (self, message);
      return;
    }
  gtk_window_present (GTK_WINDOW (ld_import_report_dialog_new (GTK_WINDOW (self), name, rows)));
}

/**
 * ld_window_import_brokers:
 *
 * Imports brokers from a CSV file as drafts, as the person at the desk, and
 * shows what became of each row.
 */
void
ld_window_import_brokers (LdWindow *self,
                          GFile    *file)
{
  g_autofree char *name = g_file_get_basename (file);

  if (self->store == NULL || editing_actor (self) == NULL || self->import_name != NULL)
    return;
  self->import_name = g_steal_pointer (&name);
  ld_broker_import_csv_async (self->store, self->actor, file, NULL, brokers_imported_cb, g_object_ref (self));
}

/* The chosen CSV file's path, from the chooser or a test. */
static void
import_brokers_file_action (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  ld_window_import_brokers (LD_WINDOW (widget), file);
}

static void
import_brokers_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Broker list (CSV)"));
  gtk_file_filter_add_suffix (filter, "csv");
  ld_ui_choose_file_for_action (widget, _("Import Brokers from CSV"), _("_Import"), filter, "win.import-brokers-file");
}

/* Customs and the desk check a scanned licence the same way. */
static void
verify_licence_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  gtk_window_present (GTK_WINDOW (ld_verify_dialog_new (GTK_WINDOW (widget))));
}

static void
open_euc (LdWindow   *self,
          const char *euc_id)
{
  LdEucWindow *window = ld_euc_window_new (GTK_WINDOW (self), self->store, editing_actor (self), euc_id);

  gtk_window_present (GTK_WINDOW (window));
}

/* Enter or a double click on a certificate opens its page. */
static void
euc_activated_cb (LdWindow      *self,
                  guint          position,
                  GtkColumnView *view)
{
  open_row (self, view, position, ld_euc_repo_id_for_rowid, open_euc);
}

static void
new_euc_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  LdWindow *self = LD_WINDOW (widget);

  if (self->store && !store_read_only (self))
    open_euc (self, NULL);
}

/* The issuing authorities, their signatories and specimens. */
static void
euc_authorities_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  LdWindow *self = LD_WINDOW (widget);

  if (self->store)
    gtk_window_present (GTK_WINDOW (ld_euc_authorities_window_new (GTK_WINDOW (self), self->store, NULL)));
}

/* Ctrl+N: a new record of the section on screen. A section page that has
 * its own kind of new record (the Screening page's denials and embargo
 * entries) offers it as its "page.new-record" action. */
static void
new_record_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  LdWindow *self = LD_WINDOW (widget);
  const char *section = ld_window_get_section (self);
  GtkWidget *page;

  if (self->store == NULL || self->actor == NULL || store_read_only (self))
    return;
  if (g_strcmp0 (section, "brokers") == 0)
    open_broker (self, NULL);
  else if (g_strcmp0 (section, "eucs") == 0)
    open_euc (self, NULL);
  else if (g_strcmp0 (section, "applications") == 0)
    ld_applications_page_new_case (LD_APPLICATIONS_PAGE (ld_window_get_page (self, "applications")));
  else if ((page = ld_window_get_page (self, section)) != NULL)
    gtk_widget_activate_action (page, "page.new-record", NULL);
}

static GtkWidget *
make_page (LdWindow   *self,
           const char *id)
{
  const LdSection *section = ld_section_lookup (id);

  /* Applications have their own page around the register list: filters,
   * the case page and the form. */
  if (section && g_str_equal (id, "applications"))
    return ld_applications_page_new (self->store);
  if (section)
    return ld_record_page_new (self->store, section);
  if (g_str_equal (id, "screening"))
    return make_screening_page (self);
  if (g_str_equal (id, "reports"))
    return ld_reports_page_new ();
  return make_central_page (self);
}

static void
show_section (LdWindow *self,
              int       index)
{
  const char *id = sidebar[index].id;

  adw_window_title_set_title (self->content_title, _(sidebar[index].title));
  if (self->store == NULL)
    return;
  /* The registers are shown to the person signed in, to nobody else. */
  gtk_stack_set_visible_child_name (self->pages, self->actor ? id : "signed-out");
  g_settings_set_string (self->settings, "last-section", id);
  gtk_widget_set_visible (self->new_euc_button, g_str_equal (id, "eucs"));
  if (g_str_equal (id, "central") && self->central_page)
    ld_central_page_refresh (LD_CENTRAL_PAGE (self->central_page));
}

static void
section_row_selected_cb (LdWindow      *self,
                         GtkListBoxRow *row,
                         GtkListBox    *list)
{
  if (row != NULL)
    show_section (self, gtk_list_box_row_get_index (row));
}

static void
section_row_activated_cb (LdWindow      *self,
                          GtkListBoxRow *row,
                          GtkListBox    *list)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
back_clicked_cb (LdWindow  *self,
                 GtkButton *button)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
go_to_section_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ld_window_select_section (LD_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* A certificate's or a licence's page links to its case: the window shows
 * the case on the Applications page. */
static void
open_case_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  LdWindow *self = LD_WINDOW (widget);
  GtkWidget *page;

  if (self->store == NULL || self->actor == NULL || !ld_window_select_section (self, "applications"))
    return;
  page = ld_window_get_page (self, "applications");
  ld_applications_page_open_case (LD_APPLICATIONS_PAGE (page), g_variant_get_string (parameter, NULL));
  gtk_window_present (GTK_WINDOW (self));
}

/* A change waiting to be sent (Central Database) opens its record: a
 * broker's file, a certificate's or a licence's page, or the case on the
 * Applications page. */
static void
open_record_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  LdWindow *self = LD_WINDOW (widget);
  const char *entity, *id;

  g_variant_get (parameter, "(&s&s)", &entity, &id);
  if (self->store == NULL || self->actor == NULL)
    return;
  if (g_str_equal (entity, "broker"))
    open_broker (self, id);
  else if (g_str_equal (entity, "euc"))
    open_euc (self, id);
  else if (g_str_equal (entity, "licence"))
    open_licence (self, id);
  else if (g_str_equal (entity, "application"))
    gtk_widget_activate_action (widget, "win.open-case", "s", id);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  LdWindow *self = LD_WINDOW (widget);
  GtkWidget *page = gtk_stack_get_visible_child (self->pages);

  if (LD_IS_APPLICATIONS_PAGE (page))
    page = GTK_WIDGET (ld_applications_page_get_record_page (LD_APPLICATIONS_PAGE (page)));
  if (LD_IS_RECORD_PAGE (page))
    ld_record_page_focus_search (LD_RECORD_PAGE (page));
}

static void
save_window_state (LdWindow *self)
{
  int width, height;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
}

static gboolean
ld_window_close_request (GtkWindow *window)
{
  save_window_state (LD_WINDOW (window));
  return GTK_WINDOW_CLASS (ld_window_parent_class)->close_request (window);
}

static void
ld_window_dispose (GObject *object)
{
  LdWindow *self = LD_WINDOW (object);

  self->central_page = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_WINDOW);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->import_name, g_free);
  g_clear_pointer (&self->actor, ld_actor_free);

  G_OBJECT_CLASS (ld_window_parent_class)->dispose (object);
}

static void
add_section_shortcuts (GtkWidgetClass *widget_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (sidebar); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_CONTROL_MASK,
                                         "win.go-to-section", "s", sidebar[i].id);
}

static void
ld_window_class_init (LdWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = ld_window_dispose;
  window_class->close_request = ld_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ld-window.ui");
  gtk_widget_class_bind_template_child (widget_class, LdWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, sections_list);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, user_label);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, pages);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, store_error_page);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, user_menu_button);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, read_only_label);
  gtk_widget_class_bind_template_child (widget_class, LdWindow, new_euc_button);
  gtk_widget_class_bind_template_callback (widget_class, section_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, section_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.go-to-section", "s", go_to_section_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.open-case", "s", open_case_action);
  gtk_widget_class_install_action (widget_class, "win.open-record", "(ss)", open_record_action);
  gtk_widget_class_install_action (widget_class, "win.import-brokers", NULL, import_brokers_action);
  gtk_widget_class_install_action (widget_class, "win.import-brokers-file", "s", import_brokers_file_action);
  gtk_widget_class_install_action (widget_class, "win.new-broker", NULL, new_broker_action);
  gtk_widget_class_install_action (widget_class, "win.verify-licence", NULL, verify_licence_action);
  gtk_widget_class_install_action (widget_class, "win.trace", NULL, trace_action);
  gtk_widget_class_install_action (widget_class, "win.print-day", NULL, print_day_action);
  gtk_widget_class_install_action (widget_class, "win.new-euc", NULL, new_euc_action);
  gtk_widget_class_install_action (widget_class, "win.euc-authorities", NULL, euc_authorities_action);
  gtk_widget_class_install_action (widget_class, "win.new-record", NULL, new_record_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new-record", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.import-brokers", NULL);
  add_section_shortcuts (widget_class);
}

static void
ld_window_init (LdWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (sidebar); i++)
    gtk_list_box_append (self->sections_list, make_sidebar_row (i));
}

LdWindow *
ld_window_new (GtkApplication *application,
               GSettings      *settings)
{
  LdWindow *self = g_object_new (LD_TYPE_WINDOW, "application", application, NULL);

  self->settings = g_object_ref (settings);
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
  ld_window_select_section (self, g_settings_get_string (settings, "last-section"));
  return self;
}

/**
 * ld_window_set_store:
 *
 * Builds the section pages on @store, once it has been opened.
 */
void
ld_window_set_store (LdWindow *self,
                     LdStore  *store)
{
  g_return_if_fail (LD_IS_WINDOW (self));
  g_return_if_fail (self->store == NULL);

  self->store = g_object_ref (store);
  gtk_widget_set_visible (GTK_WIDGET (self->read_only_label), store_read_only (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-broker", !store_read_only (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-brokers", !store_read_only (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-euc", !store_read_only (self));
  for (guint i = 0; i < G_N_ELEMENTS (sidebar); i++)
    gtk_stack_add_named (self->pages, make_page (self, sidebar[i].id), sidebar[i].id);
  /* Enter on a broker opens its file. */
  g_signal_connect_object (ld_record_page_get_column_view (LD_RECORD_PAGE (ld_window_get_page (self, "brokers"))),
                           "activate", G_CALLBACK (broker_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ld_record_page_get_column_view (LD_RECORD_PAGE (ld_window_get_page (self, "licences"))),
                           "activate", G_CALLBACK (licence_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (ld_record_page_get_column_view (LD_RECORD_PAGE (ld_window_get_page (self, "eucs"))),
                           "activate", G_CALLBACK (euc_activated_cb), self, G_CONNECT_SWAPPED);

  ld_window_select_section (self, ld_window_get_section (self));
  show_section (self, MAX (0, sidebar_index (ld_window_get_section (self))));
  ld_window_set_actor (self, self->actor);
}

void
ld_window_set_actor (LdWindow      *self,
                     const LdActor *actor)
{
  g_autofree char *text = NULL;
  GtkWidget *screening;

  g_return_if_fail (LD_IS_WINDOW (self));

  /* Copy before freeing: @actor may be self->actor itself. */
  if (actor != self->actor)
    {
      LdActor *copy = actor ? ld_actor_copy (actor) : NULL;

      g_clear_pointer (&self->actor, ld_actor_free);
      self->actor = copy;
    }
  text = actor ? g_strdup_printf ("%s · %s", actor->display_name, ld_role_get_title (actor->role))
               : g_strdup (_("Nobody signed in"));
  gtk_label_set_text (self->user_label, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->sections_list), actor != NULL);
  if (self->store)
    show_section (self, MAX (0, sidebar_index (ld_window_get_section (self))));
  screening = ld_window_get_page (self, "screening");
  if (screening)
    ld_screening_page_set_actor (LD_SCREENING_PAGE (screening), self->actor);
  if (self->central_page)
    ld_central_page_set_actor (LD_CENTRAL_PAGE (self->central_page), editing_actor (self));
  if (self->store && LD_IS_APPLICATIONS_PAGE (ld_window_get_page (self, "applications")))
    ld_applications_page_set_actor (LD_APPLICATIONS_PAGE (ld_window_get_page (self, "applications")),
                                    editing_actor (self));
}

void
ld_window_show_store_error (LdWindow     *self,
                            const GError *error)
{
  g_return_if_fail (LD_IS_WINDOW (self));

  adw_status_page_set_description (self->store_error_page, error->message);
  gtk_stack_set_visible_child_name (self->pages, "store-error");
}

gboolean
ld_window_select_section (LdWindow   *self,
                          const char *section_id)
{
  int index = sidebar_index (section_id);

  g_return_val_if_fail (LD_IS_WINDOW (self), FALSE);

  if (index < 0)
    return FALSE;
  gtk_list_box_select_row (self->sections_list, gtk_list_box_get_row_at_index (self->sections_list, index));
  return TRUE;
}

const char *
ld_window_get_section (LdWindow *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (LD_IS_WINDOW (self), NULL);

  row = gtk_list_box_get_selected_row (self->sections_list);
  return row ? sidebar[gtk_list_box_row_get_index (row)].id : NULL;
}

/**
 * ld_window_get_page:
 *
 * Returns: (transfer none) (nullable): the page of @section_id, once the store is open
 */
GtkWidget *
ld_window_get_page (LdWindow   *self,
                    const char *section_id)
{
  g_return_val_if_fail (LD_IS_WINDOW (self), NULL);

  return gtk_stack_get_child_by_name (self->pages, section_id);
}

void
ld_window_add_toast (LdWindow   *self,
                     const char *message)
{
  g_return_if_fail (LD_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

/**
 * ld_window_get_store_error:
 *
 * Returns: (nullable): the message the store-error page shows, when that page
 *   is the one on screen
 */
const char *
ld_window_get_store_error (LdWindow *self)
{
  g_return_val_if_fail (LD_IS_WINDOW (self), NULL);

  if (gtk_stack_get_visible_child (self->pages) != GTK_WIDGET (self->store_error_page) ||
      !gtk_widget_get_mapped (GTK_WIDGET (self->store_error_page)))
    return NULL;
  return adw_status_page_get_description (self->store_error_page);
}

/**
 * ld_window_get_read_only_notice:
 *
 * Returns: (nullable): the read-only notice, when the window shows it
 */
const char *
ld_window_get_read_only_notice (LdWindow *self)
{
  g_return_val_if_fail (LD_IS_WINDOW (self), NULL);

  if (!gtk_widget_get_mapped (GTK_WIDGET (self->read_only_label)))
    return NULL;
  return gtk_label_get_text (self->read_only_label);
}
