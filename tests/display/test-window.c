/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The main window on a real store, under Xvfb. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <adwaita.h>
#include <glib/gstdio.h>
#include <libsoup/soup.h>

#include "ld-applications-page.h"
#include "ld-case-page-private.h"
#include "ld-case-form-private.h"
#include "ld-case-json.h"
#include "ld-checklist-indicators.h"
#include "ld-central-page.h"
#include "ld-demo.h"
#include "ld-denial-repo.h"
#include "ld-euc-consent-repo.h"
#include "ld-euc-repo.h"
#include "ld-format.h"
#include "ld-info-page.h"
#include "ld-reports-page.h"
#include "ld-trace-window.h"
#include "ld-pulled.h"
#include "ld-record-page.h"
#include "ld-list-updater.h"
#include "ld-record-row.h"
#include "ld-screening-page.h"
#include "ld-section.h"
#include "ld-test-display.h"
#include "ld-test-util.h"
#include "ld-ui.h"
#include "ld-user-repo.h"
#include "ld-window.h"

static const char *section_ids[] = { "brokers", "applications", "eucs", "licences", "screening", "reports", "central" };

typedef struct
{
  char      *dir;
  LdStore   *store;
  GSettings *settings;
  LdWindow  *window;
} Fixture;

static gboolean
widget_mapped (gpointer data)
{
  return gtk_widget_get_mapped (data);
}

static gboolean
widget_unmapped (gpointer data)
{
  return !gtk_widget_get_mapped (data);
}

static gboolean
page_settled (gpointer data)
{
  LdRecordPage *page = data;
  LdPagedModel *model = ld_record_page_get_model (page);

  g_main_context_iteration (NULL, FALSE);
  return ld_paged_model_get_counted (model) && !ld_paged_model_get_loading (model) &&
         g_strcmp0 (ld_record_page_get_state (page), "loading") != 0;
}

static gint64
count_rows (LdStore    *store,
            const char *table)
{
  sqlite3 *db = ld_store_open_reader (store, NULL);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);
  return n;
}

static void
open_window_full (Fixture    *f,
                  gint64      n_records,
                  const char *list_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("ld-test-window-XXXXXX", NULL);
  path = g_build_filename (f->dir, "store.sqlite", NULL);
  f->store = ld_store_open (path, &error);
  g_assert_no_error (error);
  if (n_records > 0)
    {
      g_autoptr(LdActor) admin = ld_demo_ensure_profiles (f->store, &error);

      g_assert_no_error (error);
      g_assert_true (ld_demo_generate (f->store, admin, n_records, 3, NULL, NULL, NULL, &error));
    }
  f->settings = g_settings_new (APP_ID);
  g_settings_set_string (f->settings, "sanctions-list-dir", list_dir ? list_dir : "");
  f->window = ld_window_new (NULL, f->settings);
  gtk_window_present (GTK_WINDOW (f->window));
  ld_window_set_store (f->window, f->store);
  /* The registers are shown only to someone signed in: an auditor reads. */
  {
    g_autoptr(LdActor) viewer = ld_actor_new ("test-viewer", "viewer", "Grace Otieno", LD_ROLE_AUDITOR);

    ld_window_set_actor (f->window, viewer);
  }
  ld_test_spin_until (widget_mapped, f->window);
}

static void
open_window (Fixture *f,
             gint64   n_records)
{
  open_window_full (f, n_records, NULL);
}

/* The real UN list, installed in a folder of its own. */
static char *
install_list (void)
{
  g_autofree char *list_dir = g_dir_make_tmp ("ld-test-lists-XXXXXX", NULL);
  g_autoptr(LdListUpdater) updater = ld_list_updater_new (list_dir);
  g_autofree char *installed = ld_list_updater_get_list_path (updater);
  g_autofree char *source = ld_test_un_list_path ();
  g_autofree char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
  g_assert_true (g_file_set_contents (installed, contents, length, NULL));
  return g_steal_pointer (&list_dir);
}

static void
fixture_setup_screening (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *list_dir = install_list ();

  open_window_full (f, 10, list_dir);
}

/* Demonstration registers with the list installed: cases undecided and
 * decided, brokers registered and not. */
static void
fixture_setup_rescreen (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *list_dir = install_list ();

  open_window_full (f, 400, list_dir);
}

/* An empty desk with the list installed, so that submitted cases are screened. */
static void
fixture_setup_empty_screening (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *list_dir = install_list ();

  open_window_full (f, 0, list_dir);
}

static void
fixture_setup_demo (Fixture       *f,
                    gconstpointer  data)
{
  open_window (f, 3000);
}

static void
fixture_setup_empty (Fixture       *f,
                     gconstpointer  data)
{
  open_window (f, 0);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->store);
  g_clear_object (&f->settings);
  ld_test_remove_tree (f->dir);
  g_free (f->dir);
}

static GtkWidget *
visible_page (Fixture *f)
{
  GtkWidget *page = ld_window_get_page (f->window, ld_window_get_section (f->window));

  g_assert_nonnull (page);
  /* The applications section wraps its register list with filters. */
  if (LD_IS_APPLICATIONS_PAGE (page))
    page = GTK_WIDGET (ld_applications_page_get_record_page (LD_APPLICATIONS_PAGE (page)));
  ld_test_spin_until (widget_mapped, page);
  return page;
}

/* Every section is reachable and shows what it should: register pages a list
 * with exactly the store's records, the others their facts. */
/* The page's Central column, or NULL when its section has none. */
static GtkColumnViewColumn *
central_column (LdRecordPage *page)
{
  GListModel *columns = gtk_column_view_get_columns (ld_record_page_get_column_view (page));

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), "Central") == 0)
        return column;
    }
  return NULL;
}

static gboolean
central_column_hidden (gpointer page)
{
  return !gtk_column_view_column_get_visible (central_column (page));
}

static gboolean
central_column_shown (gpointer page)
{
  return gtk_column_view_column_get_visible (central_column (page));
}

static void
test_every_section (Fixture       *f,
                    gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (section_ids); i++)
    {
      const LdSection *section = ld_section_lookup (section_ids[i]);
      GtkWidget *page;

      g_assert_true (ld_window_select_section (f->window, section_ids[i]));
      g_assert_cmpstr (ld_window_get_section (f->window), ==, section_ids[i]);
      page = visible_page (f);
      if (section == NULL)
        {
          if (g_str_equal (section_ids[i], "screening"))
            g_assert_true (LD_IS_SCREENING_PAGE (page));
          else if (g_str_equal (section_ids[i], "central"))
            g_assert_true (LD_IS_CENTRAL_PAGE (page));
          else
            g_assert_true (LD_IS_REPORTS_PAGE (page));
          continue;
        }
      g_assert_true (LD_IS_RECORD_PAGE (page));
      ld_test_spin_until (page_settled, page);
      g_assert_cmpstr (ld_record_page_get_state (LD_RECORD_PAGE (page)), ==, "list");
      g_assert_cmpint (g_list_model_get_n_items (G_LIST_MODEL (ld_record_page_get_model (LD_RECORD_PAGE (page)))), ==,
                       count_rows (f->store, section->table));
      g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (
                          ld_record_page_get_column_view (LD_RECORD_PAGE (page)))), ==, section->n_columns);
      /* A demo desk is standalone: its Brokers list has nothing to say of a
       * central database, so the column is not there to look at. */
      if (ld_section_find_column (section, "central") >= 0)
        ld_test_spin_until (central_column_hidden, page);
      /* The last section is remembered. */
      g_assert_cmpstr (g_settings_get_string (f->settings, "last-section"), ==, section_ids[i]);
    }
}

/* The first mapped button labelled @label below @widget. */
static GtkWidget *
find_mapped_button (GtkWidget  *widget,
                    const char *label)
{
  if (GTK_IS_BUTTON (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_mapped_button (child, label);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
central_lists_changes (gpointer data)
{
  return find_mapped_button (data, "_Open") != NULL;
}

/* Whether a label below @widget says @text. */
static gboolean
shows_text (GtkWidget  *widget,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if ((GTK_IS_LABEL (child) && strstr (gtk_label_get_text (GTK_LABEL (child)), text)) || shows_text (child, text))
      return TRUE;
  return FALSE;
}

/* Whether a label under @widget shows a record's id (a UUID) rather than how
 * officers name the record. */
static gboolean
shows_record_id (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if ((GTK_IS_LABEL (child) && g_regex_match_simple ("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                                                       gtk_label_get_text (GTK_LABEL (child)), 0, 0))
        || shows_record_id (child))
      return TRUE;
  return FALSE;
}

static guint
count_list_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child; child = gtk_widget_get_next_sibling (child))
    n += GTK_IS_LIST_BOX_ROW (child);
  return n;
}

static GtkWidget *
find_row_titled (GtkWidget  *widget,
                 const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row_titled (child, title);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
trace_window_shown (gpointer data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (LD_IS_TRACE_WINDOW (window) && gtk_widget_get_mapped (GTK_WIDGET (window)))
        return TRUE;
    }
  return FALSE;
}

/* Reports lists what the registers answer, each row with an Open button
 * that starts the window's action for it: Trace a Firearm opens the trace
 * window. */
static void
test_reports_rows_open (Fixture       *f,
                        gconstpointer  data)
{
  static const char *titles[] = { "Trace a Firearm", "Verify a Printed Licence", "Print the Day's Licences" };
  GtkWidget *page, *trace_row, *open;

  g_assert_true (ld_window_select_section (f->window, "reports"));
  page = visible_page (f);
  g_assert_true (LD_IS_REPORTS_PAGE (page));
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    g_assert_nonnull (find_row_titled (page, titles[i]));
  trace_row = find_row_titled (page, "Trace a Firearm");
  open = find_mapped_button (trace_row, "_Open");
  g_assert_nonnull (open);
  g_assert_true (gtk_widget_is_sensitive (open));
  ld_test_save_screenshot (GTK_WIDGET (f->window), "reports.png");
  g_signal_emit_by_name (open, "clicked");
  ld_test_spin_until (trace_window_shown, NULL);
}

static guint windows_before;
static GtkListBox *pending_list;

static gboolean
first_change_is_new_profile (gpointer data)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (pending_list, 0);

  return row != NULL && shows_text (GTK_WIDGET (row), "Profile Nadia Clerk (new.clerk): Create");
}

static gboolean
record_window_opened (gpointer data)
{
  return g_list_model_get_n_items (gtk_window_get_toplevels ()) > windows_before;
}

/* The kinds of record waiting in the store's outbox. */
static GPtrArray *
outbox_kinds (LdStore *store)
{
  sqlite3 *db = ld_store_open_reader (store, NULL);
  sqlite3_stmt *stmt = NULL;
  GPtrArray *kinds = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT DISTINCT entity FROM outbox", -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (kinds, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);
  return kinds;
}

/* Every kind of record the desk queues is named in words, never by its key
 * (screening_run), in the list and out of it. */
static void
assert_kinds_in_words (LdStore    *store,
                       GtkListBox *list)
{
  g_autoptr(GPtrArray) kinds = outbox_kinds (store);
  GtkWidget *row;

  g_assert_cmpuint (kinds->len, >, 0);
  for (guint k = 0; k < kinds->len; k++)
    {
      const char *kind = g_ptr_array_index (kinds, k);
      g_autofree char *words = ld_format_record_kind (kind);

      g_test_message ("%s: %s", kind, words);
      g_assert_null (strchr (words, '_'));
      for (guint i = 0; (row = GTK_WIDGET (gtk_list_box_get_row_at_index (list, i))) != NULL; i++)
        g_assert_false (strchr (kind, '_') != NULL && shows_text (row, kind));
    }
  {
    g_autofree char *run = ld_format_record_kind ("screening_run");
    g_autofree char *event = ld_format_record_kind ("application_event");
    g_autofree char *newer = ld_format_record_kind ("kind_from_a_newer_desk");

    /* Kinds queued with the records they belong to (ld_store_carry_record()). */
    g_assert_cmpstr (run, ==, "Case screening run");
    g_assert_cmpstr (event, ==, "Case history entry");
    g_assert_cmpstr (newer, ==, "Kind from a newer desk");
  }
}

/* Central Database lists the changes waiting to be sent, newest first, even
 * with no server: what was done to which record, when and by whom; a
 * change's Open button opens its record in a window of its own. */
static void
test_central_lists_pending_changes (Fixture       *f,
                                    gconstpointer  data)
{
  GtkWidget *page, *open, *first_row;

  g_assert_true (ld_window_select_section (f->window, "central"));
  page = visible_page (f);
  ld_test_spin_until (central_lists_changes, page);
  first_row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (gtk_widget_get_ancestor (
                find_mapped_button (page, "_Open"), GTK_TYPE_LIST_BOX)), 0));
  g_assert_nonnull (first_row);
  g_assert_true (shows_text (first_row, "Recorded "));
  g_assert_true (shows_text (first_row, " by "));
  g_assert_cmpuint (count_list_rows (gtk_widget_get_parent (first_row)), ==,
                    MIN (50, count_rows (f->store, "outbox WHERE pushed_at IS NULL")));
  open = find_mapped_button (first_row, "_Open");
  g_assert_nonnull (open);
  g_assert_true (shows_text (first_row, "Licence ") || shows_text (first_row, "End-use certificate ") ||
                 shows_text (first_row, "Broker ") || shows_text (first_row, "Case "));
  assert_kinds_in_words (f->store, GTK_LIST_BOX (gtk_widget_get_parent (first_row)));
  /* Each change names its record as officers do, never by its id. */
  for (guint i = 0; i < 10; i++)
    g_assert_false (shows_record_id (GTK_WIDGET (gtk_list_box_get_row_at_index (
                      GTK_LIST_BOX (gtk_widget_get_parent (first_row)), i))));
  /* Scrolled down to the list, as an officer would. */
  {
    GtkWidget *scrolled = gtk_widget_get_ancestor (first_row, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    graphene_point_t top;

    g_assert_true (gtk_widget_compute_point (first_row, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                             &GRAPHENE_POINT_INIT (0, 0), &top));
    gtk_adjustment_set_value (adjustment, top.y - 120);
  }
  ld_test_save_screenshot (GTK_WIDGET (f->window), "central-pending-changes.png");
  /* A change recorded now, with no server, shows at the top of the list. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(LdActor) admin = ld_demo_ensure_profiles (f->store, &error);
    g_autoptr(LdActor) added = NULL;

    g_assert_no_error (error);
    added = ld_user_repo_add (f->store, admin, "new.clerk", "Nadia Clerk", LD_ROLE_CLERK, &error);
    g_assert_no_error (error);
    pending_list = GTK_LIST_BOX (gtk_widget_get_parent (first_row));
    ld_test_spin_until (first_change_is_new_profile, NULL);
  }
  first_row = GTK_WIDGET (gtk_list_box_get_row_at_index (pending_list, 0));
  g_assert_null (find_mapped_button (first_row, "_Open"));
  open = find_mapped_button (GTK_WIDGET (gtk_list_box_get_row_at_index (pending_list, 1)), "_Open");
  g_assert_nonnull (open);
  windows_before = g_list_model_get_n_items (gtk_window_get_toplevels ());
  g_signal_emit_by_name (open, "clicked");
  ld_test_spin_until (record_window_opened, NULL);
}

/* Set up for a central database, the desk's Brokers list shows the Central
 * column again the next time it is shown. */
static void
test_central_column_once_meant_to_sync (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *page;

  g_assert_true (ld_window_select_section (f->window, "brokers"));
  page = visible_page (f);
  ld_test_spin_until (page_settled, page);
  ld_test_spin_until (central_column_hidden, page);
  g_assert_true (ld_pulled_mark_meant_to_sync (f->store, &error));
  g_assert_no_error (error);
  g_assert_true (ld_window_select_section (f->window, "applications"));
  g_assert_true (ld_window_select_section (f->window, "brokers"));
  ld_test_spin_until (central_column_shown, visible_page (f));
}

static void
test_keyboard_section_actions (Fixture       *f,
                               gconstpointer  data)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-to-section", "s", "licences"));
  g_assert_cmpstr (ld_window_get_section (f->window), ==, "licences");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL));
}

static void
test_search_from_entry (Fixture       *f,
                        gconstpointer  data)
{
  LdRecordPage *page;
  LdPagedModel *model;
  guint all;

  ld_window_select_section (f->window, "brokers");
  page = LD_RECORD_PAGE (visible_page (f));
  ld_test_spin_until (page_settled, page);
  model = ld_record_page_get_model (page);
  all = g_list_model_get_n_items (G_LIST_MODEL (model));

  ld_record_page_search (page, "ООО");
  while (ld_paged_model_get_search_text (model) == NULL)
    g_main_context_iteration (NULL, TRUE);
  ld_test_spin_until (page_settled, page);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), <, all);

  ld_record_page_search (page, "zzqqxx nothing");
  while (g_strcmp0 (ld_paged_model_get_search_text (model), "zzqqxx nothing") != 0)
    g_main_context_iteration (NULL, TRUE);
  ld_test_spin_until (page_settled, page);
  g_assert_cmpstr (ld_record_page_get_state (page), ==, "no-results");
}

static void
test_sort_by_header (Fixture       *f,
                     gconstpointer  data)
{
  const LdSection *section = ld_section_lookup ("applications");
  int quantity = ld_section_find_column (section, "quantity");
  LdRecordPage *page;
  GtkColumnView *view;
  g_autoptr(GtkColumnViewColumn) column = NULL;
  g_autoptr(LdRecordRow) first = NULL;

  ld_window_select_section (f->window, "applications");
  page = LD_RECORD_PAGE (visible_page (f));
  view = ld_record_page_get_column_view (page);
  column = g_list_model_get_item (gtk_column_view_get_columns (view), quantity);
  gtk_column_view_sort_by_column (view, column, GTK_SORT_DESCENDING);
  ld_test_spin_until (page_settled, page);
  first = g_list_model_get_item (G_LIST_MODEL (ld_record_page_get_model (page)), 0);
  ld_test_spin_until (page_settled, page);
  g_assert_true (ld_record_row_get_loaded (first));
  {
    sqlite3 *db = ld_store_open_reader (f->store, NULL);
    sqlite3_stmt *stmt = NULL;

    sqlite3_prepare_v2 (db, "SELECT max(quantity) FROM application", -1, &stmt, NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (atoi (ld_record_row_get_value (first, quantity)), ==, sqlite3_column_int (stmt, 0));
    sqlite3_finalize (stmt);
    sqlite3_close_v2 (db);
  }
}

static void
test_empty_store_guides (Fixture       *f,
                         gconstpointer  data)
{
  for (guint i = 0; i < 4; i++)
    {
      LdRecordPage *page;

      ld_window_select_section (f->window, section_ids[i]);
      page = LD_RECORD_PAGE (visible_page (f));
      ld_test_spin_until (page_settled, page);
      g_assert_cmpstr (ld_record_page_get_state (page), ==, "empty");
    }
}

static gboolean
screening_ready (gpointer data)
{
  return ld_screening_page_is_ready (data);
}

static gboolean
denials_listed (gpointer data)
{
  return ld_screening_page_is_ready (data) && ld_screening_page_get_n_denials (data) == 1;
}

static void
test_screening_page (Fixture       *f,
                     gconstpointer  data)
{
  LdScreeningPage *page;
  g_autoptr(LdActor) officer = ld_actor_new ("x", "officer", "María Fernández", LD_ROLE_LICENSING_OFFICER);
  g_autoptr(LdActor) senior = ld_user_repo_find (f->store, "demo.senior", NULL);
  g_autoptr(LdDenial) denial = NULL;
  g_autoptr(GError) error = NULL;
  const LdDenialChange change = { "DN-2026-014", "Baltic Arms Brokerage OÜ", NULL, "commercial", "EE", "2026-03-02",
                                  "Pistols to an unauthorised end user", "Estonian Strategic Goods Commission" };

  /* A denial in the register, which the page lists for the officer. */
  g_assert_nonnull (senior);
  denial = ld_denial_repo_add (f->store, senior, &change, &error);
  g_assert_no_error (error);
  ld_window_select_section (f->window, "screening");
  page = LD_SCREENING_PAGE (visible_page (f));
  ld_test_spin_until (screening_ready, page);
  /* When the person leaves, nobody sees the page, and it reads the register
   * again for the person who then sits down. */
  ld_window_set_actor (f->window, NULL);
  ld_test_spin_until (screening_ready, page);
  ld_test_spin_until (widget_unmapped, page);
  g_assert_cmpuint (ld_screening_page_get_n_denials (page), ==, 0);
  ld_window_set_actor (f->window, officer);
  ld_test_spin_until (denials_listed, page);
  /* The embargo table of DOMAIN.md: at least the thirteen regimes listed there. */
  g_assert_cmpuint (ld_screening_page_get_n_embargoes (page), >=, 13);
  /* The list's generation time as people read it; anything else shown as it is. */
  {
    g_autofree char *readable = ld_format_instant ("2026-02-27T00:00:09.554Z");
    g_autofree char *odd = ld_format_instant ("27 Feb");

    g_assert_cmpstr (readable, ==, "2026-02-27 00:00 UTC");
    g_assert_cmpstr (odd, ==, "27 Feb");
  }

  /* A listed name, reordered and in another spelling, is found; nonsense is not. */
  ld_screening_page_check_name (page, "Omar Mohammed Shariff", NULL);
  g_assert_false (ld_screening_page_is_ready (page));
  ld_test_spin_until (screening_ready, page);
  g_assert_cmpuint (ld_screening_page_get_n_results (page), >, 0);
  ld_screening_page_check_name (page, "Zyxwv Qqqq Plonk", NULL);
  ld_test_spin_until (screening_ready, page);
  g_assert_cmpuint (ld_screening_page_get_n_results (page), ==, 0);
  /* A name in the denial register, and on no UN list, is found too. */
  ld_screening_page_check_name (page, "Baltic Arms Brokerage", NULL);
  ld_test_spin_until (screening_ready, page);
  g_assert_cmpuint (ld_screening_page_get_n_results (page), ==, 1);
}

static gboolean
rescreen_finished (gpointer data)
{
  g_main_context_iteration (NULL, FALSE);
  return !ld_screening_page_is_rescreening (data);
}

static gint64
count_where (LdStore    *store,
             const char *sql)
{
  sqlite3 *db = ld_store_open_reader (store, NULL);
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);
  return n;
}

static GtkWidget *find_button (GtkWidget *root, const char *label);

/* An officer screens every undecided case and registered broker again from
 * the Screening page: the work runs in the background with a progress bar
 * and a Stop button, the window goes on answering, and every undecided case
 * ends up screened against the installed list and every registered broker
 * too; decided cases are not touched. */
/* A request to re-export under one of the demo's certificates, pending: the
 * re-screening of undecided cases takes it too (issue 14). */
static void
request_consent (Fixture       *f,
                 const LdActor *officer)
{
  LdEucConsentRequest request = { (char *) "2026-02-01", (char *) "Kenya Ministry of Interior",
                                  (char *) "Uganda Police Force", (char *) "UG", (char *) "Rifles", 40,
                                  (char *) "Regional training" };
  g_autoptr(GError) error = NULL;
  g_autoptr(LdEucRecord) r = NULL;
  sqlite3_stmt *stmt;
  g_autofree char *number = NULL;

  g_assert_true (ld_store_begin_read (f->store, NULL));
  stmt = ld_store_prepare (f->store, "SELECT certificate_number FROM euc WHERE voided_at IS NULL ORDER BY rowid"
                                     " LIMIT 1", NULL);
  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  number = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  ld_store_rollback (f->store);
  r = ld_euc_repo_request_consent (f->store, officer, number, &request, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (r);
}

static void
test_screening_rescreen (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(LdActor) officer = ld_user_repo_find (f->store, "demo.officer", NULL);
  LdScreeningPage *page;
  GtkWidget *button, *stop;
  gint64 undecided = count_where (f->store, "SELECT count(*) FROM application WHERE status IN ('submitted',"
                                            " 'under_assessment', 'information_requested', 'recommended_approval',"
                                            " 'recommended_refusal') AND voided_at IS NULL");
  gint64 registered = count_where (f->store, "SELECT count(*) FROM broker WHERE status IN ('registered',"
                                             " 'suspended') AND voided_at IS NULL");

  g_assert_cmpint (undecided, >, 0);
  g_assert_cmpint (registered, >, 0);
  request_consent (f, officer);
  ld_window_select_section (f->window, "screening");
  page = LD_SCREENING_PAGE (visible_page (f));
  ld_window_set_actor (f->window, officer);
  ld_test_spin_until (screening_ready, page);
  button = find_button (GTK_WIDGET (page), "Screen _Again");
  stop = find_button (GTK_WIDGET (page), "_Stop");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button) && gtk_widget_get_sensitive (button));
  g_assert_false (gtk_widget_get_visible (stop));

  g_signal_emit_by_name (button, "clicked");
  g_assert_true (ld_screening_page_is_rescreening (page));
  g_assert_true (gtk_widget_get_visible (stop));
  g_assert_false (gtk_widget_get_sensitive (button));
  ld_test_spin_until (widget_mapped, stop);
  /* The window answers meanwhile: another section opens and shows its list. */
  ld_window_select_section (f->window, "brokers");
  ld_test_spin_until (page_settled, visible_page (f));
  ld_window_select_section (f->window, "screening");
  ld_test_spin_until (rescreen_finished, page);
  ld_test_spin_until (widget_mapped, button);
  g_assert_nonnull (strstr (ld_screening_page_get_rescreen_status (page), "undecided cases"));
  /* The demo's pending re-export consent requests were screened with them,
   * and the officer is told so. */
  g_assert_cmpint (count_where (f->store, "SELECT count(*) FROM euc_consent_request WHERE status = 'pending'"), >, 0);
  g_assert_nonnull (strstr (ld_screening_page_get_rescreen_status (page), "pending re-export consent request"));
  g_assert_false (gtk_widget_get_visible (stop));
  g_assert_cmpint (count_where (f->store, "SELECT count(DISTINCT application_id) FROM screening_run AS r"
                                          " JOIN application AS a ON a.id = r.application_id WHERE a.status IN"
                                          " ('submitted', 'under_assessment', 'information_requested',"
                                          " 'recommended_approval', 'recommended_refusal')"), ==, undecided);
  g_assert_cmpint (count_where (f->store, "SELECT count(*) FROM screening_run AS r JOIN application AS a"
                                          " ON a.id = r.application_id WHERE a.status IN ('approved', 'refused',"
                                          " 'withdrawn', 'draft')"), ==, 0);
  /* Each registered broker is named in its batch's one audit entry. */
  g_assert_cmpint (count_where (f->store, "SELECT count(*) FROM broker AS b WHERE EXISTS (SELECT 1 FROM audit_log"
                                          " WHERE action = 'rescreen-batch' AND instr (after_json, b.id) > 0)"),
                   ==, registered);
  g_assert_cmpint (count_where (f->store, "SELECT count(*) FROM rescreen_job WHERE status = 'finished'"), ==, 2);
}

/* Serves the real UN list, as the UN feed does, from the test's main context. */
static void
serve_list_cb (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  GBytes *list = user_data;

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/xml", SOUP_MEMORY_COPY, g_bytes_get_data (list, NULL),
                                    g_bytes_get_size (list));
}

static gboolean
list_updated (gpointer data)
{
  return ld_screening_page_is_ready (data) && !ld_screening_page_is_rescreening (data) &&
         strstr (ld_screening_page_get_rescreen_status (data), "undecided cases") != NULL;
}

/* An administrator presses Update Now: the list is downloaded from the
 * address in the settings (a real server on 127.0.0.1), installed, shown,
 * and every undecided case and broker is screened again at once. */
static void
test_screening_update (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(LdActor) admin = ld_user_repo_find (f->store, "demo.admin", NULL);
  g_autofree char *source = ld_test_un_list_path ();
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (source, FALSE, NULL);
  g_autoptr(GBytes) list = g_mapped_file_get_bytes (mapped);
  g_autoptr(SoupServer) server = soup_server_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;
  g_autofree char *url = NULL;
  LdScreeningPage *page;
  GtkWidget *button;

  g_assert_nonnull (admin);
  soup_server_add_handler (server, "/list.xml", serve_list_cb, list, NULL);
  g_assert_true (soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error));
  g_assert_no_error (error);
  uris = soup_server_get_uris (server);
  url = g_strdup_printf ("http://127.0.0.1:%d/list.xml", g_uri_get_port (uris->data));
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  g_settings_set_string (f->settings, "sanctions-list-url", url);

  ld_window_select_section (f->window, "screening");
  page = LD_SCREENING_PAGE (visible_page (f));
  ld_window_set_actor (f->window, admin);
  ld_test_spin_until (screening_ready, page);
  button = find_button (GTK_WIDGET (page), "_Update Now");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button) && gtk_widget_get_sensitive (button));

  g_signal_emit_by_name (button, "clicked");
  /* One download at a time. */
  g_assert_false (gtk_widget_get_sensitive (button));
  ld_test_spin_until (list_updated, page);
  g_assert_true (gtk_widget_get_sensitive (button));
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && gtk_button_get_label (GTK_BUTTON (child)) &&
          strstr (gtk_button_get_label (GTK_BUTTON (child)), label))
        return child;
      if ((found = find_button (child, label)))
        return found;
    }
  return NULL;
}

static gboolean
embargo_version_is (gpointer data)
{
  g_main_context_iteration (NULL, FALSE);
  return ld_screening_page_is_ready (data) &&
         g_strcmp0 (ld_screening_page_get_embargo_version (data), "2026-12-display") == 0;
}

/* The administrator puts a new version of the embargo table in force from the
 * Screening page; the page reads it back off the UI thread and shows it. The
 * Import button is the administrator's only. */
static void
test_screening_embargo_import (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) admin = ld_demo_ensure_profiles (f->store, &error);
  g_autoptr(LdActor) officer = ld_actor_new ("x", "officer", "María Fernández", LD_ROLE_LICENSING_OFFICER);
  g_autofree char *shipped_path = g_build_filename (SOURCE_DIR, "data", "embargoes", "un-arms-embargoes.json", NULL);
  g_autofree char *shipped = NULL, *edited = NULL, *path = NULL;
  g_auto(GStrv) parts = NULL;
  g_autoptr(GFile) file = NULL;
  LdScreeningPage *page;
  GtkWidget *button;

  g_assert_no_error (error);
  ld_window_select_section (f->window, "screening");
  page = LD_SCREENING_PAGE (visible_page (f));
  ld_window_set_actor (f->window, officer);
  ld_test_spin_until (screening_ready, page);
  g_assert_cmpstr (ld_screening_page_get_embargo_version (page), ==, "2026-02-27");
  button = find_button (GTK_WIDGET (page), "Import Table");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_visible (button));

  ld_window_set_actor (f->window, admin);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (g_file_get_contents (shipped_path, &shipped, NULL, NULL));
  /* A new label and a corrected date: a version that changes nothing is refused. */
  parts = g_strsplit (shipped, "\"version\": \"2026-02-27\"", 2);
  edited = g_strjoin ("\"version\": \"2026-12-display\"", parts[0], parts[1], NULL);
  g_strfreev (parts);
  parts = g_strsplit (edited, "\"since\": \"2006-10-14\"", 2);
  g_free (edited);
  edited = g_strjoin ("\"since\": \"2006-10-15\"", parts[0], parts[1], NULL);
  path = g_build_filename (f->dir, "embargoes.json", NULL);
  g_assert_true (g_file_set_contents (path, edited, -1, NULL));
  file = g_file_new_for_path (path);
  ld_screening_page_import_embargoes (page, file);
  ld_test_spin_until (embargo_version_is, page);
  /* The shipped table, stored before the first edit, then the imported one. */
  g_assert_cmpint (count_rows (f->store, "embargo_version"), ==, 2);
}

static gboolean
applications_settled (gpointer data)
{
  g_main_context_iteration (NULL, FALSE);
  return !ld_applications_page_is_busy (data);
}

static void
type_into (LdCaseForm *form,
           const char *field,
           const char *text)
{
  GtkEditable *entry = ld_case_form_get_field (form, field);

  g_assert_nonnull (entry);
  gtk_editable_set_text (entry, text);
}

static gboolean
police_known (gpointer data)
{
  g_main_context_iteration (NULL, FALSE);
  return ld_case_form_use_known_party (data, "end_user", "National Police Service");
}

static void
click_step (LdApplicationsPage *page,
            LdCaseAction        action)
{
  GtkWidget *button = ld_case_page_get_step_button (ld_applications_page_get_case_page (page), action);

  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  ld_test_spin_until (applications_settled, page);
}

static LdCaseStatus
shown_status (LdApplicationsPage *page)
{
  const LdCaseRecord *r = ld_case_page_get_record (ld_applications_page_get_case_page (page));

  g_assert_nonnull (r);
  return r->status;
}

/* The officer completes the diversion-risk assessment, as the assessment
 * page would save it (tests/display/test-assessment-page.c drives the page
 * itself): the record answers what it shows, every other question is
 * answered "no risk found" with a note. The case is then opened again. */
static void
complete_assessment (Fixture            *f,
                     LdApplicationsPage *page,
                     const LdActor      *actor)
{
  LdCasePage *case_page = ld_applications_page_get_case_page (page);
  g_autofree char *id = g_strdup (ld_case_page_get_record (case_page)->id);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdChecklistAssessment) a = ld_checklist_refresh (f->store, actor, id, NULL, NULL, &error);
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_checklist_response_free);
  g_autoptr(LdChecklistAssessment) done = NULL;

  g_assert_no_error (error);
  for (guint i = 0; i < a->template_->questions->len; i++)
    {
      const LdChecklistQuestion *q = g_ptr_array_index (a->template_->questions, i);

      if (!g_hash_table_contains (a->responses, q->id))
        g_ptr_array_add (answers, ld_checklist_response_new (q->id, ld_checklist_is_risk (q, LD_CHECKLIST_ANSWER_NO)
                                                                    ? LD_CHECKLIST_ANSWER_NOT_APPLICABLE
                                                                    : LD_CHECKLIST_ANSWER_NO,
                                                             "Sources checked: nothing found"));
    }
  done = ld_checklist_repo_save (f->store, actor, id, NULL, answers, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (done->gaps->len, ==, 0);
  ld_applications_page_open_case (page, id);
  ld_test_spin_until (applications_settled, page);
}

/* An officer's day: record a case in the guided form, which checks it while
 * it is typed, submit it, and have it approved by a senior officer who took
 * no part in it; the one who assessed it is refused. */
static void
test_record_submit_approve (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) admin = ld_demo_ensure_profiles (f->store, &error);
  g_autoptr(LdActor) olena = ld_user_repo_find (f->store, "demo.senior", &error);
  g_autoptr(LdActor) liwei = ld_user_repo_find (f->store, "demo.senior2", &error);
  LdApplicationsPage *page;
  LdCaseForm *form;
  LdCasePage *case_page;

  g_assert_no_error (error);
  ld_window_set_actor (f->window, olena);
  ld_window_select_section (f->window, "applications");
  page = LD_APPLICATIONS_PAGE (ld_window_get_page (f->window, "applications"));
  ld_applications_page_new_case (page);
  g_assert_cmpstr (ld_applications_page_get_view (page), ==, "form");
  form = ld_applications_page_get_form (page);
  case_page = ld_applications_page_get_case_page (page);

  type_into (form, "destination", "KE");
  ld_case_form_add_transit (form);
  ld_case_form_add_transit (form);
  type_into (form, "transit1", "DE");
  type_into (form, "transit2", "KE");
  g_assert_nonnull (strstr (ld_case_form_get_message (form), "Transit country 2 (KE)"));
  /* The same sentence stands beside the field it is about. */
  g_assert_nonnull (strstr (ld_case_form_get_field_error (form, "transit2"), "Transit country 2 (KE)"));
  g_assert_false (gtk_widget_is_sensitive (ld_case_form_get_save_button (form)));
  type_into (form, "transit2", "EG");
  g_assert_null (ld_case_form_get_field_error (form, "transit2"));
  type_into (form, "applicant.name", "Nordvik Arms AB");
  type_into (form, "applicant.country", "SE");
  type_into (form, "consignee.name", "Ministry of Interior");
  type_into (form, "consignee.country", "KE");
  type_into (form, "end_user.name", "National Police Service");
  type_into (form, "end_user.country", "KE");
  type_into (form, "item1.description", "Rifles 7.62x51 mm");
  type_into (form, "item1.quantity", "-3");
  g_assert_nonnull (strstr (ld_case_form_get_message (form), "Item line 1: quantity"));
  g_assert_false (gtk_widget_is_sensitive (ld_case_form_get_save_button (form)));
  type_into (form, "item1.quantity", "3");
  type_into (form, "item1.unit_value", "1450.00");
  type_into (form, "item1.currency", "EUX");
  g_assert_nonnull (strstr (ld_case_form_get_message (form), "“EUX”"));
  type_into (form, "item1.currency", "EUR");
  ld_case_form_set_temporary (form, TRUE);
  type_into (form, "return_on", "2027-02-30");
  g_assert_nonnull (strstr (ld_case_form_get_message (form), "not a real calendar date"));
  type_into (form, "return_on", "");
  ld_case_form_set_temporary (form, FALSE);
  ld_case_form_paste_serials (form, 1, "NV-1\nNV-2\nNV-1\n");
  g_assert_nonnull (strstr (ld_case_form_get_message (form), "Line 3: serial number “NV-1” repeats line 1."));
  /* The case: two item lines and 5,000 serial numbers, pasted. */
  type_into (form, "item1.quantity", "2500");
  ld_case_form_add_item_line (form);
  type_into (form, "item2.description", "Self-loading pistols 9x19 mm");
  type_into (form, "item2.quantity", "2500");
  type_into (form, "item2.unit_value", "620.00");
  type_into (form, "item2.currency", "EUR");
  for (guint line = 1; line <= 2; line++)
    {
      g_autoptr(GString) serials = g_string_new (NULL);

      for (guint i = 0; i < 2500; i++)
        g_string_append_printf (serials, "NV%u-%05u\n", line, i);
      ld_case_form_paste_serials (form, line, serials->str);
    }
  g_assert_cmpstr (ld_case_form_get_message (form), ==, "Complete: save it and submit it.");
  g_assert_true (gtk_widget_is_sensitive (ld_case_form_get_save_button (form)));
  g_signal_emit_by_name (ld_case_form_get_save_button (form), "clicked");
  ld_test_spin_until (applications_settled, page);
  if (g_strcmp0 (ld_applications_page_get_view (page), "case") != 0)
    g_error ("not saved: %s", ld_case_form_get_message (form));
  g_assert_cmpint (shown_status (page), ==, LD_CASE_STATUS_DRAFT);
  g_assert_cmpuint (ld_case_page_get_record (case_page)->data->transit->len, ==, 2);
  g_assert_cmpuint (ld_case_page_get_record (case_page)->data->parties->len, ==, 3);
  g_assert_cmpuint (ld_case_page_get_record (case_page)->data->items->len, ==, 2);
  {
    const LdCase *saved = ld_case_page_get_record (case_page)->data;
    guint n_serials = 0;

    for (guint i = 0; i < saved->items->len; i++)
      n_serials += ((LdCaseItem *) g_ptr_array_index (saved->items, i))->serials->len;
    g_assert_cmpuint (n_serials, ==, 5000);
  }

  click_step (page, LD_CASE_ACTION_SUBMIT);
  g_assert_cmpint (shown_status (page), ==, LD_CASE_STATUS_SUBMITTED);
  click_step (page, LD_CASE_ACTION_ASSESS);
  complete_assessment (f, page, olena);
  /* Every recommendation and decision says why. */
  ld_case_page_set_refusal (case_page, "", "The record shows no risk of diversion.");
  click_step (page, LD_CASE_ACTION_RECOMMEND_APPROVAL);
  g_assert_cmpint (shown_status (page), ==, LD_CASE_STATUS_RECOMMENDED_APPROVAL);

  /* Olena assessed it herself: refused, and nothing changes. */
  click_step (page, LD_CASE_ACTION_APPROVE);
  g_assert_nonnull (ld_case_page_get_error (case_page));
  g_assert_nonnull (strstr (ld_case_page_get_error (case_page), "may not decide it"));
  g_assert_cmpint (shown_status (page), ==, LD_CASE_STATUS_RECOMMENDED_APPROVAL);

  ld_window_set_actor (f->window, liwei);
  click_step (page, LD_CASE_ACTION_APPROVE);
  g_assert_null (ld_case_page_get_error (case_page));
  g_assert_cmpint (shown_status (page), ==, LD_CASE_STATUS_APPROVED);
  g_assert_cmpstr (ld_case_page_get_record (case_page)->decided_by, ==, liwei->user_id);

  /* The parties of that case can be picked on the next one. */
  ld_test_spin_until (police_known, form);
  g_assert_cmpstr (gtk_editable_get_text (ld_case_form_get_field (form, "end_user.country")), ==, "KE");
  g_assert_false (ld_case_form_use_known_party (form, "end_user", "Nobody Known"));

  /* An amendment makes version 2; the two are shown side by side. */
  {
    g_autoptr(LdCaseRecord) current = ld_case_repo_load (f->store, ld_case_page_get_record (case_page)->id, 0, &error);
    g_autoptr(LdCaseRecord) saved = NULL;
    LdCase *amended = current->data;
    LdCaseItem *it;

    it = amended->items->pdata[0];
    it->quantity = 2501;
    g_ptr_array_add (it->serials, g_strdup ("NV-4"));
    saved = ld_case_repo_save (f->store, liwei, ld_case_page_get_record (case_page)->id, 0, amended,
                               "One more rifle added", &error);
    g_assert_no_error (error);
    g_assert_cmpint (saved->current_version, ==, 2);
    ld_applications_page_open_case (page, saved->id);
    ld_test_spin_until (applications_settled, page);
    ld_applications_page_compare (page);
    ld_test_spin_until (applications_settled, page);
    g_assert_cmpuint (ld_case_page_get_n_compared (case_page), ==, 2);
  }

  /* The list filtered by status finds it. */
  ld_applications_page_set_filter (page, "export", "submitted", NULL, "KE");
  ld_test_spin_until (applications_settled, page);
  g_assert_cmpuint (ld_applications_page_get_n_filtered (page), ==, 1);
  ld_applications_page_set_filter (page, "import", NULL, NULL, NULL);
  ld_test_spin_until (applications_settled, page);
  g_assert_cmpuint (ld_applications_page_get_n_filtered (page), ==, 0);
}

static gboolean
file_mentions (gpointer data)
{
  const char * const *args = data;
  g_autofree char *text = NULL;

  g_main_context_iteration (NULL, FALSE);
  return g_file_get_contents (args[0], &text, NULL, NULL) && strstr (text, args[1]) != NULL;
}

static gboolean
field_restored (gpointer data)
{
  g_main_context_iteration (NULL, FALSE);
  return g_strcmp0 (gtk_editable_get_text (ld_case_form_get_field (data, "applicant.name")), "Sahel Freight") == 0;
}

/* What is typed survives the form going away (a crash, a closed window). */
static void
test_form_keeps_input (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "form-draft", NULL);
  const char *args[] = { path, "Sahel Freight", NULL };
  GtkWidget *form = g_object_ref_sink (ld_case_form_new (f->store));
  LdCaseForm *again;

  ld_case_form_set_autosave_path (LD_CASE_FORM (form), path);
  gtk_editable_set_text (ld_case_form_get_field (LD_CASE_FORM (form), "applicant.name"), "Sahel Freight");
  ld_case_form_paste_serials (LD_CASE_FORM (form), 1, "SF-1\nSF-2\n");
  ld_test_spin_until (file_mentions, args);
  g_object_run_dispose (G_OBJECT (form));
  g_object_unref (form);

  again = LD_CASE_FORM (g_object_ref_sink (ld_case_form_new (f->store)));
  ld_case_form_set_autosave_path (again, path);
  ld_test_spin_until (field_restored, again);
  args[1] = "SF-2";
  g_assert_true (file_mentions (args));
  g_object_run_dispose (G_OBJECT (again));
  g_object_unref (again);
}

static gboolean
store_error_on_screen (gpointer data)
{
  g_main_context_iteration (NULL, FALSE);
  return ld_window_get_store_error (data) != NULL;
}

static gboolean
read_only_notice_on_screen (gpointer data)
{
  g_main_context_iteration (NULL, FALSE);
  return ld_window_get_read_only_notice (data) != NULL;
}

static void
test_store_error_shown (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  LdWindow *window = ld_window_new (NULL, settings);
  g_autoptr(GError) error = g_error_new_literal (LD_STORE_ERROR, LD_STORE_ERROR_TOO_NEW, "store.sqlite was written by a newer release");

  g_assert_null (ld_window_get_store_error (window));
  gtk_window_present (GTK_WINDOW (window));
  ld_window_show_store_error (window, error);
  ld_test_spin_until (store_error_on_screen, window);
  g_assert_cmpstr (ld_window_get_store_error (window), ==, error->message);
  ld_test_save_screenshot (GTK_WIDGET (window), "store-error.png");
  g_assert_null (ld_window_get_page (window, "brokers"));
  gtk_window_destroy (GTK_WINDOW (window));
}

/* A store that cannot be written (here: opened read-only, as one on
 * read-only media is) is shown with its records, says so, and offers no
 * way to change them. */
static void
test_read_only_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("ld-test-window-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.sqlite", NULL);
  g_autoptr(LdStore) writable = ld_store_open_full (path, LD_STORE_OPEN_CREATE, &error);
  g_autoptr(LdActor) admin = ld_demo_ensure_profiles (writable, &error);
  g_autoptr(LdStore) store = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  LdRecordPage *brokers;
  LdWindow *window;
  guint n_windows;

  g_assert_no_error (error);
  g_assert_true (ld_demo_generate (writable, admin, 40, 3, NULL, NULL, NULL, &error));
  g_clear_object (&writable);
  store = ld_store_open_full (path, LD_STORE_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);

  window = ld_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (window));
  ld_window_set_store (window, store);
  ld_window_set_actor (window, admin);
  ld_test_spin_until (widget_mapped, window);
  ld_window_select_section (window, "brokers");
  brokers = LD_RECORD_PAGE (ld_window_get_page (window, "brokers"));
  ld_test_spin_until (page_settled, brokers);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ld_record_page_get_model (brokers))), >, 0);
  ld_test_spin_until (read_only_notice_on_screen, window);
  g_assert_nonnull (strstr (ld_window_get_read_only_notice (window), "Read-only"));
  ld_test_save_screenshot (GTK_WIDGET (window), "read-only-store.png");
  n_windows = g_list_model_get_n_items (gtk_window_get_toplevels ());
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-broker", NULL);
  g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_window_get_toplevels ()), ==, n_windows);
  gtk_window_destroy (GTK_WINDOW (window));
  ld_test_remove_tree (dir);
}

/* A case submitted while no list is installed stays unscreened: the page
 * says so, the recommendation is refused, and Screen Now, once the list is
 * there, screens it and lets the recommendation through. */
static void
test_unscreened_case_screened_from_page (Fixture       *f,
                                         gconstpointer  data)
{
  static const char *json =
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"transit\":[\"DE\"],\"destination\":\"KE\"},"
    "\"end_use\":\"Police service weapons\",\"euc_reference\":\"EUC/KE/7\","
    "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"},"
    "{\"role\":\"end_user\",\"type\":\"police\",\"name\":\"National Police Service\",\"country\":\"KE\"}],"
    "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles\",\"quantity\":10,"
    "\"unit_value\":\"900.00\",\"currency\":\"EUR\",\"serials\":[]}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) admin = ld_demo_ensure_profiles (f->store, &error);
  g_autoptr(LdActor) officer = ld_user_repo_find (f->store, "demo.officer", &error);
  g_autoptr(LdCase) c = ld_case_from_json (json, &error);
  g_autoptr(LdCaseRecord) r = NULL;
  g_autofree char *list_dir = NULL;
  LdApplicationsPage *page;
  LdCasePage *case_page;
  GtkWidget *button;

  g_assert_no_error (error);
  r = ld_case_repo_create (f->store, officer, c, &error);
  g_assert_no_error (error);
  ld_window_set_actor (f->window, officer);
  ld_window_select_section (f->window, "applications");
  page = LD_APPLICATIONS_PAGE (ld_window_get_page (f->window, "applications"));
  case_page = ld_applications_page_get_case_page (page);
  ld_applications_page_open_case (page, r->id);
  ld_test_spin_until (applications_settled, page);
  g_assert_null (ld_case_page_get_screen_button (case_page));

  click_step (page, LD_CASE_ACTION_SUBMIT);
  g_assert_cmpint (shown_status (page), ==, LD_CASE_STATUS_SUBMITTED);
  click_step (page, LD_CASE_ACTION_ASSESS);
  g_assert_nonnull (ld_case_page_get_screen_button (case_page));
  /* The decision gate disables the step and says why; pressed regardless,
   * it is refused. */
  button = ld_case_page_get_step_button (case_page, LD_CASE_ACTION_RECOMMEND_APPROVAL);
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "not been screened"));
  _ld_case_page_take_step (case_page, LD_CASE_ACTION_RECOMMEND_APPROVAL);
  ld_test_spin_until (applications_settled, page);
  g_assert_nonnull (strstr (ld_case_page_get_error (case_page), "not been screened"));
  g_assert_cmpint (shown_status (page), ==, LD_CASE_STATUS_UNDER_ASSESSMENT);

  /* Still no list: Screen Now says why and nothing changes. */
  g_signal_emit_by_name (ld_case_page_get_screen_button (case_page), "clicked");
  ld_test_spin_until (applications_settled, page);
  g_assert_nonnull (ld_case_page_get_screen_button (case_page));

  list_dir = install_list ();
  g_settings_set_string (f->settings, "sanctions-list-dir", list_dir);
  g_signal_emit_by_name (ld_case_page_get_screen_button (case_page), "clicked");
  ld_test_spin_until (applications_settled, page);
  g_assert_null (ld_case_page_get_screen_button (case_page));
  complete_assessment (f, page, officer);
  ld_case_page_set_refusal (case_page, "", "Screened against the list: no risk of diversion.");
  click_step (page, LD_CASE_ACTION_RECOMMEND_APPROVAL);
  g_assert_null (ld_case_page_get_error (case_page));
  g_assert_cmpint (shown_status (page), ==, LD_CASE_STATUS_RECOMMENDED_APPROVAL);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();
  ld_ui_init ();

  g_test_add ("/window/every-section", Fixture, NULL, fixture_setup_demo, test_every_section, fixture_teardown);
  g_test_add ("/window/reports-rows-open", Fixture, NULL, fixture_setup_demo, test_reports_rows_open, fixture_teardown);
  g_test_add ("/window/central-pending-changes", Fixture, NULL, fixture_setup_screening,
              test_central_lists_pending_changes, fixture_teardown);
  g_test_add ("/window/central-column-once-meant-to-sync", Fixture, NULL, fixture_setup_demo,
              test_central_column_once_meant_to_sync, fixture_teardown);
  g_test_add ("/window/keyboard-actions", Fixture, NULL, fixture_setup_demo, test_keyboard_section_actions, fixture_teardown);
  g_test_add ("/window/search", Fixture, NULL, fixture_setup_demo, test_search_from_entry, fixture_teardown);
  g_test_add ("/window/sort-by-header", Fixture, NULL, fixture_setup_demo, test_sort_by_header, fixture_teardown);
  g_test_add ("/window/empty-store", Fixture, NULL, fixture_setup_empty, test_empty_store_guides, fixture_teardown);
  g_test_add ("/window/screening", Fixture, NULL, fixture_setup_screening, test_screening_page, fixture_teardown);
  g_test_add ("/window/screening/embargo-import", Fixture, NULL, fixture_setup_screening, test_screening_embargo_import,
              fixture_teardown);
  g_test_add ("/window/screening/update", Fixture, NULL, fixture_setup_rescreen, test_screening_update,
              fixture_teardown);
  g_test_add ("/window/screening/rescreen", Fixture, NULL, fixture_setup_rescreen, test_screening_rescreen,
              fixture_teardown);
  g_test_add_func ("/window/store-error", test_store_error_shown);
  g_test_add_func ("/window/read-only-store", test_read_only_store);
  g_test_add ("/window/applications/record-submit-approve", Fixture, NULL, fixture_setup_empty_screening,
              test_record_submit_approve, fixture_teardown);
  g_test_add ("/window/applications/unscreened-screen-now", Fixture, NULL, fixture_setup_empty,
              test_unscreened_case_screened_from_page, fixture_teardown);
  g_test_add ("/window/applications/form-keeps-input", Fixture, NULL, fixture_setup_empty,
              test_form_keeps_input, fixture_teardown);

  return g_test_run ();
}
