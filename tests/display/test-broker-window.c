/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The broker file window on a real store, under Xvfb: a clerk registers a
 * broker, a senior officer grants it and the number appears, then suspends it
 * and a new authorisation is refused. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <adwaita.h>

#include "ld-broker-repo.h"
#include "ld-broker-screening.h"
#include "ld-embargo-table.h"
#include "ld-rescreen.h"
#include "ld-broker-window.h"
#include "ld-case-form-private.h"
#include "ld-record-page.h"
#include "ld-section.h"
#include "ld-test-util.h"
#include "ld-ui.h"
#include "ld-user-repo.h"
#include "ld-window.h"

typedef struct
{
  char      *dir;
  LdStore   *store;
  LdActor   *clerk;
  LdActor   *senior;
  LdActor   *officer;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) admin = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("ld-test-broker-window-XXXXXX", NULL);
  path = g_build_filename (f->dir, "store.sqlite", NULL);
  f->store = ld_store_open (path, &error);
  g_assert_no_error (error);
  admin = ld_user_repo_add (f->store, NULL, "admin", "Admin", LD_ROLE_ADMINISTRATOR, &error);
  f->clerk = ld_user_repo_add (f->store, admin, "clerk", "Jonas Berg", LD_ROLE_CLERK, &error);
  f->senior = ld_user_repo_add (f->store, admin, "senior", "Li Wei", LD_ROLE_SENIOR_OFFICER, &error);
  f->officer = ld_user_repo_add (f->store, admin, "officer", "Amina Diallo", LD_ROLE_LICENSING_OFFICER, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  ld_actor_free (f->clerk);
  ld_actor_free (f->senior);
  ld_actor_free (f->officer);
  ld_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
wait_idle (LdBrokerWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  do
    g_main_context_iteration (NULL, FALSE);
  while (ld_broker_window_get_busy (window) && g_get_monotonic_time () < deadline);
  g_assert_false (ld_broker_window_get_busy (window));
}

static void
spin_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
type (LdBrokerWindow *window,
      const char     *key,
      const char     *text)
{
  GtkEditable *field = ld_broker_window_get_field (window, key);

  g_assert_nonnull (field);
  gtk_editable_set_text (field, text);
}

static void
act (LdBrokerWindow *window,
     const char     *verb)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "broker.act", "s", verb));
  wait_idle (window);
}

static char *
clerk_registers (Fixture *f)
{
  LdBrokerWindow *window = ld_broker_window_new (NULL, f->store, f->clerk, NULL);
  char *id;

  gtk_window_present (GTK_WINDOW (window));
  /* Messages next to fields as the clerk types; the text stays. */
  g_assert_nonnull (ld_broker_window_get_field_message (window, "legal_name"));
  type (window, "legal_name", "Kestrel Defence Systems");
  g_assert_null (ld_broker_window_get_field_message (window, "legal_name"));
  type (window, "country", "XX");
  g_assert_nonnull (strstr (ld_broker_window_get_field_message (window, "country"), "“XX”"));
  type (window, "country", "KE");
  g_assert_null (ld_broker_window_get_field_message (window, "country"));
  type (window, "tax_number", "P051234567X");
  type (window, "registered_address", "Moi Avenue 1, Nairobi");
  type (window, "records_address", "Moi Avenue 1, Nairobi");
  type (window, "activities", "smuggling");
  g_assert_nonnull (ld_broker_window_get_field_message (window, "activities"));
  type (window, "activities", "negotiating, transport");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "broker.save", NULL));
  wait_idle (window);
  g_assert_nonnull (ld_broker_window_get_broker_id (window));
  g_assert_cmpstr (ld_broker_window_get_status (window), ==, "draft");

  /* Submitting without the empowered official is refused, with the reason. */
  act (window, "submit");
  g_assert_cmpstr (ld_broker_window_get_status (window), ==, "draft");
  g_assert_nonnull (strstr (ld_broker_window_get_message (window), "empowered official"));
  type (window, "person_name", "Wanjiru Kamau");
  type (window, "person_nationality", "KE");
  type (window, "person_document_type", "passport");
  type (window, "person_document_number", "AK123456");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "broker.add-person", NULL));
  wait_idle (window);
  g_assert_cmpuint (ld_broker_window_count_rows (window, "people"), ==, 1);

  /* A document that is not a readable file is refused; a real one is listed. */
  type (window, "document_description", "Certificate of incorporation");
  type (window, "document_expires", "2030-01-01");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "broker.attach-file", "s", "/nonexistent/scan.pdf"));
  wait_idle (window);
  g_assert_cmpuint (ld_broker_window_count_rows (window, "documents"), ==, 0);
  g_assert_cmpstr (ld_broker_window_get_message (window), !=, "Saved.");
  {
    g_autofree char *doc = g_build_filename (f->dir, "certificate.pdf", NULL);

    g_assert_true (g_file_set_contents (doc, "%PDF-1.4 certificate", -1, NULL));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "broker.attach-file", "s", doc));
    wait_idle (window);
  }
  g_assert_cmpuint (ld_broker_window_count_rows (window, "documents"), ==, 1);
  act (window, "submit");
  g_assert_cmpstr (ld_broker_window_get_status (window), ==, "submitted");

  /* The clerk's window does not grant, even if the action is forced. */
  act (window, "register");
  g_assert_cmpstr (ld_broker_window_get_status (window), ==, "submitted");
  g_assert_nonnull (strstr (ld_broker_window_get_message (window), "may not"));
  g_assert_cmpstr (gtk_editable_get_text (ld_broker_window_get_field (window, "legal_name")), ==,
                   "Kestrel Defence Systems");
  id = g_strdup (ld_broker_window_get_broker_id (window));
  gtk_window_destroy (GTK_WINDOW (window));
  return id;
}

static gboolean history_mentions (LdBrokerWindow *window,
                                  const char     *text);

static void
test_register_grant_suspend (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *id = clerk_registers (f);
  LdBrokerWindow *window = ld_broker_window_new (NULL, f->store, f->senior, id);
  g_autofree char *year = g_date_time_format (g_date_time_new_now_utc (), "BR-%Y-00001");
  g_autofree char *today = g_date_time_format (g_date_time_new_now_utc (), "%Y-%m-%d");
  g_autoptr(GDateTime) later = g_date_time_add_days (g_date_time_new_now_utc (), 30);
  g_autofree char *until = g_date_time_format (later, "%Y-%m-%d");

  gtk_window_present (GTK_WINDOW (window));
  wait_idle (window);
  g_assert_cmpstr (ld_broker_window_get_status (window), ==, "submitted");
  g_assert_cmpstr (gtk_editable_get_text (ld_broker_window_get_field (window, "legal_name")), ==,
                   "Kestrel Defence Systems");
  g_assert_null (ld_broker_window_get_number (window));

  act (window, "register");
  g_assert_cmpstr (ld_broker_window_get_status (window), ==, "registered");
  g_assert_cmpstr (ld_broker_window_get_number (window), ==, year);

  type (window, "auth_activity", "negotiating");
  type (window, "auth_description", "Rifles for the Kenya Police");
  type (window, "auth_application", "EXP-2026-0000042");
  type (window, "auth_from", today);
  type (window, "auth_until", until);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "broker.authorise", NULL));
  wait_idle (window);
  g_assert_cmpuint (ld_broker_window_count_rows (window, "authorisations"), ==, 1);

  /* Suspension needs a reason; once suspended, a new authorisation is refused. */
  act (window, "suspend");
  g_assert_cmpstr (ld_broker_window_get_status (window), ==, "registered");
  type (window, "reason", "Under police investigation");
  act (window, "suspend");
  g_assert_cmpstr (ld_broker_window_get_status (window), ==, "suspended");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "broker.authorise", NULL));
  wait_idle (window);
  g_assert_nonnull (strstr (ld_broker_window_get_message (window), "Suspended, so it cannot be authorised"));
  g_assert_cmpuint (ld_broker_window_count_rows (window, "authorisations"), ==, 1);
  g_assert_cmpuint (ld_broker_window_count_rows (window, "history"), ==, 3);
  /* The history names officers as the licence page does, and the time to
   * the minute: "Li Wei", not "senior", and no seconds. */
  g_assert_true (history_mentions (window, "Li Wei"));
  g_assert_true (history_mentions (window, "Jonas Berg"));
  g_assert_true (history_mentions (window, " UTC"));
  g_assert_false (history_mentions (window, "senior"));
  g_assert_false (history_mentions (window, "Z ·"));
  /* Acts are named as people name them, not by their keys. */
  g_assert_true (history_mentions (window, "Submitted for registration"));
  g_assert_true (history_mentions (window, "Registered"));
  g_assert_false (history_mentions (window, "submit"));
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
page_settled (gpointer data)
{
  LdRecordPage *page = data;
  LdPagedModel *model = ld_record_page_get_model (page);

  return ld_paged_model_get_counted (model) && !ld_paged_model_get_loading (model) &&
         g_strcmp0 (ld_record_page_get_state (page), "loading") != 0;
}

static LdBrokerWindow *
find_broker_window (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (LD_IS_BROKER_WINDOW (window) && gtk_window_get_transient_for (GTK_WINDOW (window)) == parent)
        return LD_BROKER_WINDOW (window);
    }
  return NULL;
}

/* Activating a row of the brokers list (Enter) opens that broker's file. */
static void
test_open_from_list (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = clerk_registers (f);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  LdWindow *main_window = ld_window_new (NULL, settings);
  LdBrokerWindow *file;
  GtkWidget *page;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  gtk_window_present (GTK_WINDOW (main_window));
  ld_window_set_store (main_window, f->store);
  ld_window_set_actor (main_window, f->senior);
  ld_window_select_section (main_window, "brokers");
  page = ld_window_get_page (main_window, "brokers");
  /* A page lists its rows only once it is shown. */
  while ((!gtk_widget_get_mapped (page) || !page_settled (page)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_true (page_settled (page));
  g_signal_emit_by_name (ld_record_page_get_column_view (LD_RECORD_PAGE (page)), "activate", 0);
  /* The broker's id is looked up off the UI thread, then its file opens. */
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!(file = find_broker_window (GTK_WINDOW (main_window))) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (file);
  wait_idle (file);
  g_assert_cmpstr (ld_broker_window_get_broker_id (file), ==, id);
  g_assert_cmpstr (gtk_editable_get_text (ld_broker_window_get_field (file, "legal_name")), ==,
                   "Kestrel Defence Systems");
  gtk_window_destroy (GTK_WINDOW (file));
  gtk_window_destroy (GTK_WINDOW (main_window));
}

/* What a clerk typed into a new registration survives closing the window
 * (or a crash) and comes back in the next new registration. */
static void
test_typed_form_survives (Fixture       *f,
                          gconstpointer  data)
{
  LdBrokerWindow *window = ld_broker_window_new (NULL, f->store, f->clerk, NULL);
  gint64 deadline;

  gtk_window_present (GTK_WINDOW (window));
  type (window, "legal_name", "Half Typed Trading");
  type (window, "country", "K");
  type (window, "tax_number", "HT-1");
  gtk_window_destroy (GTK_WINDOW (window));

  /* Closing writes the form in the background; let that finish. */
  spin_for (500);
  window = ld_broker_window_new (NULL, f->store, f->clerk, NULL);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (ld_broker_window_get_message (window) == NULL && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (gtk_editable_get_text (ld_broker_window_get_field (window, "legal_name")), ==, "Half Typed Trading");
  g_assert_nonnull (window);
  g_assert_cmpstr (gtk_editable_get_text (ld_broker_window_get_field (window, "tax_number")), ==, "HT-1");
  g_assert_nonnull (ld_broker_window_get_field_message (window, "country"));
  g_assert_cmpstr (ld_broker_window_get_message (window), ==, "The form you were typing has been restored.");

  /* Once saved in the store, the kept copy is gone: the next form is empty. */
  type (window, "country", "KE");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "broker.save", NULL));
  wait_idle (window);
  g_assert_nonnull (ld_broker_window_get_broker_id (window));
  gtk_window_destroy (GTK_WINDOW (window));
  window = ld_broker_window_new (NULL, f->store, f->clerk, NULL);
  spin_for (500);
  g_assert_null (ld_broker_window_get_message (window));
  g_assert_cmpstr (gtk_editable_get_text (ld_broker_window_get_field (window, "legal_name")), ==, "");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Saves what @window shows as a PNG when LD_TEST_SCREENSHOT_DIR is set, so a
 * person can look at it; the test asserts on the widgets either way. */
static void
maybe_screenshot (GtkWidget  *window,
                  const char *name)
{
  const char *dir = g_getenv ("LD_TEST_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;
  spin_for (300);
  paintable = gtk_widget_paintable_new (window);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* The next widget after @w in a depth-first walk of @root, or NULL. */
static GtkWidget *
next_widget (GtkWidget *root,
             GtkWidget *w)
{
  if (gtk_widget_get_first_child (w))
    return gtk_widget_get_first_child (w);
  while (w && w != root && !gtk_widget_get_next_sibling (w))
    w = gtk_widget_get_parent (w);
  return w && w != root ? gtk_widget_get_next_sibling (w) : NULL;
}

/* Whether a label in a row of the History list says @text. */
static gboolean
history_mentions (LdBrokerWindow *window,
                  const char     *text)
{
  GtkWidget *root = GTK_WIDGET (window), *history = NULL;

  for (GtkWidget *w = gtk_widget_get_first_child (root); w && history == NULL; w = next_widget (root, w))
    if (ADW_IS_PREFERENCES_GROUP (w) && g_strcmp0 (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (w)),
                                                   "History") == 0)
      history = w;
  g_assert_nonnull (history);
  for (GtkWidget *w = gtk_widget_get_first_child (history); w; w = next_widget (history, w))
    if (GTK_IS_LABEL (w) && gtk_widget_get_ancestor (w, GTK_TYPE_LIST_BOX_ROW) &&
        strstr (gtk_label_get_text (GTK_LABEL (w)), text))
      return TRUE;
  return FALSE;
}

/* Issue 9 in the window: a date more than a few days back is refused next to
 * the field until a reason is given, by a senior officer only, and the grant
 * of 2019 then keeps its date. */
static void
test_back_dated_act (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = clerk_registers (f);
  LdBrokerWindow *window = ld_broker_window_new (NULL, f->store, f->clerk, id);
  GtkWidget *grant;

  gtk_window_present (GTK_WINDOW (window));
  wait_idle (window);
  type (window, "act_date", "2019-02-01");
  type (window, "reason", "Reviewed on paper");
  g_assert_nonnull (strstr (ld_broker_window_get_field_message (window, "act_date"),
                            "only a senior licensing officer"));
  gtk_window_destroy (GTK_WINDOW (window));

  window = ld_broker_window_new (NULL, f->store, f->senior, id);
  gtk_window_present (GTK_WINDOW (window));
  wait_idle (window);
  grant = g_object_get_data (G_OBJECT (window), "act-register");
  g_assert_null (ld_broker_window_get_field_message (window, "act_date"));
  g_assert_true (gtk_widget_get_sensitive (grant));
  type (window, "act_date", "1 March 2019");
  g_assert_nonnull (strstr (ld_broker_window_get_field_message (window, "act_date"), "is not a date"));
  type (window, "act_date", "2019-03-01");
  g_assert_nonnull (strstr (ld_broker_window_get_field_message (window, "act_date"), "needs a written reason"));
  g_assert_false (gtk_widget_get_sensitive (grant));
  maybe_screenshot (GTK_WIDGET (window), "broker-back-dated.png");

  /* Forced past the disabled button, the store refuses it the same way. */
  act (window, "register");
  g_assert_cmpstr (ld_broker_window_get_status (window), ==, "submitted");
  g_assert_nonnull (strstr (ld_broker_window_get_field_message (window, "act_date"), "needs a written reason"));
  g_assert_cmpstr (gtk_editable_get_text (ld_broker_window_get_field (window, "act_date")), ==, "2019-03-01");

  type (window, "reason", "Granted on paper in 2019; recorded late");
  g_assert_null (ld_broker_window_get_field_message (window, "act_date"));
  g_assert_true (gtk_widget_get_sensitive (grant));
  act (window, "register");
  g_assert_cmpstr (ld_broker_window_get_status (window), ==, "registered");
  g_assert_cmpstr (ld_broker_window_get_number (window), ==, "BR-2019-00001");
  g_assert_true (history_mentions (window, "took effect 2019-03-01"));
  /* The next act does not inherit this one's date and reason. */
  g_assert_cmpstr (gtk_editable_get_text (ld_broker_window_get_field (window, "act_date")), ==, "");
  g_assert_cmpstr (gtk_editable_get_text (ld_broker_window_get_field (window, "reason")), ==, "");
  maybe_screenshot (GTK_WIDGET (window), "broker-back-dated-granted.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Issue 10 in the windows: the same limits and the same refusal of control
 * characters as the CSV and JSON imports, said as the officer types. */
static void
test_text_limits (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *name_500 = g_strnfill (500, 'B');
  g_autofree char *name_501 = g_strnfill (501, 'B');
  g_autofree char *autosave = g_build_filename (f->dir, "form-draft", NULL);
  LdBrokerWindow *window = ld_broker_window_new (NULL, f->store, f->clerk, NULL);
  GtkWidget *holder = gtk_window_new ();
  LdCaseForm *form;

  gtk_window_present (GTK_WINDOW (window));
  type (window, "country", "SE");
  type (window, "legal_name", name_501);
  g_assert_nonnull (strstr (ld_broker_window_get_field_message (window, "legal_name"),
                            "Legal name is 501 characters long; it may have at most 500."));
  /* Save waits for the form to be right: nothing reaches the store. */
  gtk_widget_activate_action (GTK_WIDGET (window), "broker.save", NULL);
  wait_idle (window);
  g_assert_null (ld_broker_window_get_broker_id (window));
  type (window, "legal_name", "Nordvik\a Arms AB");
  g_assert_nonnull (strstr (ld_broker_window_get_field_message (window, "legal_name"),
                            "control character (U+0007)"));
  maybe_screenshot (GTK_WIDGET (window), "broker-control-character.png");
  type (window, "legal_name", name_500);
  g_assert_null (ld_broker_window_get_field_message (window, "legal_name"));
  gtk_window_destroy (GTK_WINDOW (window));

  form = LD_CASE_FORM (ld_case_form_new (f->store));
  ld_case_form_set_autosave_path (form, autosave);
  ld_case_form_set_actor (form, f->clerk);
  gtk_window_set_child (GTK_WINDOW (holder), GTK_WIDGET (form));
  gtk_window_set_default_size (GTK_WINDOW (holder), 900, 700);
  gtk_window_present (GTK_WINDOW (holder));
  gtk_editable_set_text (ld_case_form_get_field (form, "applicant.name"), name_501);
  gtk_editable_set_text (ld_case_form_get_field (form, "applicant.country"), "SE");
  g_assert_nonnull (strstr (ld_case_form_get_message (form), "Party 1: name is 501 characters long; it may have at "
                                                             "most 500."));
  g_assert_false (ld_case_form_is_valid (form));
  maybe_screenshot (holder, "case-form-too-long.png");
  gtk_editable_set_text (ld_case_form_get_field (form, "applicant.name"), "Nordvik\x1b Arms AB");
  g_assert_nonnull (strstr (ld_case_form_get_message (form), "Party 1: name holds a control character (U+001B)"));
  g_assert_false (ld_case_form_is_valid (form));
  gtk_editable_set_text (ld_case_form_get_field (form, "applicant.name"), name_500);
  g_assert_true (ld_case_form_is_valid (form));
  gtk_window_destroy (GTK_WINDOW (holder));
}

/* The first button labelled @label under @widget, depth first. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  if (GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
find_entry_with_placeholder (GtkWidget  *widget,
                             const char *placeholder)
{
  if (GTK_IS_ENTRY (widget) && g_strcmp0 (gtk_entry_get_placeholder_text (GTK_ENTRY (widget)), placeholder) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_entry_with_placeholder (child, placeholder);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Scrolls the window's page so that @widget is near the top. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  graphene_point_t at;

  g_assert_nonnull (scrolled);
  spin_for (300);
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  g_assert_true (gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled)),
                                           &GRAPHENE_POINT_INIT (0, 0), &at));
  gtk_adjustment_set_value (adjustment, at.y - 200);
}

/*
 * A registered broker whose other name is on the UN list is re-screened; an officer
 * opens its file and finds the hit in its Sanctions Screening section, as a case
 * shows its hits, and judges it there with a reason.
 */
static void
test_screening_hits (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(LdBrokerDraft) draft = ld_broker_draft_new ();
  g_autoptr(GError) error = NULL;
  const LdActor *officer = f->officer;
  g_autofree char *list_path = ld_test_un_list_path ();
  g_autoptr(LdSanctionsList) list = ld_sanctions_list_new_from_file (list_path, &error);
  g_autoptr(LdNameMatcher) matcher = NULL;
  g_autoptr(LdEmbargoTable) embargoes = ld_embargo_table_new_default (NULL);
  LdBrokerPerson official = { LD_BROKER_PERSON_OFFICIAL, "Jean Mukendi", "CD", "passport", "OP123456" };
  LdRescreenOptions options = { 0, 2 };
  g_auto(LdRescreenProgress) progress = { 0 };
  g_autofree char *person = NULL;
  g_autofree char *id = NULL;
  g_autofree char *hits = NULL;
  LdBrokerWindow *window;
  GtkWidget *reason, *button;

  g_assert_no_error (error);
  draft->legal_name = g_strdup ("Great Lakes Metals SARL");
  draft->other_names = g_strdup ("Korea Mining Development Trading Corporation");
  draft->country = g_strdup ("CD");
  draft->tax_number = g_strdup ("CD-1001");
  draft->registered_address = g_strdup ("4 Boulevard du 30 Juin, Kinshasa");
  draft->records_address = g_strdup ("4 Boulevard du 30 Juin, Kinshasa");
  draft->activities = g_strdup ("negotiating");
  id = ld_broker_repo_create (f->store, f->clerk, draft, FALSE, &error);
  g_assert_no_error (error);
  person = ld_broker_repo_add_person (f->store, f->clerk, id, &official, &error);
  g_assert_no_error (error);
  ld_broker_repo_act (f->store, f->clerk, id, LD_BROKER_ACTION_SUBMIT, NULL, NULL, &error);
  g_assert_no_error (error);
  ld_broker_repo_act (f->store, f->senior, id, LD_BROKER_ACTION_REGISTER, NULL, NULL, &error);
  g_assert_no_error (error);
  matcher = ld_name_matcher_new (list);
  g_assert_true (ld_rescreen_run (f->store, officer, matcher, embargoes, LD_RESCREEN_BROKERS, &options, NULL, NULL,
                                  NULL, &progress, &error));
  g_assert_no_error (error);
  g_assert_cmpint (progress.n_with_hits, ==, 1);

  /* Opened with nobody signed in, the hit shows but its verdicts cannot be
   * pressed, and say why. */
  window = ld_broker_window_new (NULL, f->store, NULL, id);
  gtk_window_present (GTK_WINDOW (window));
  wait_idle (window);
  g_assert_cmpuint (ld_broker_window_count_rows (window, "screening"), >=, 1);
  button = find_button (GTK_WIDGET (window), "_True Match");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "Sign in with a profile"));
  g_assert_false (gtk_widget_is_sensitive (find_button (GTK_WIDGET (window), "_False Match")));
  gtk_window_destroy (GTK_WINDOW (window));

  window = ld_broker_window_new (NULL, f->store, officer, id);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 900);
  gtk_window_present (GTK_WINDOW (window));
  wait_idle (window);
  g_assert_cmpuint (ld_broker_window_count_rows (window, "screening"), >=, 1);
  /* Scrolled to the hits, as an officer would. */
  scroll_to (find_entry_with_placeholder (GTK_WIDGET (window), "Reason for the verdict (required)"));
  maybe_screenshot (GTK_WIDGET (window), "broker-screening-hits.png");

  /* A verdict needs its reason; with one, the hit is judged and stays listed. */
  button = find_button (GTK_WIDGET (window), "_False Match");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_null (gtk_widget_get_tooltip_text (button));
  g_signal_emit_by_name (button, "clicked");
  wait_idle (window);
  g_assert_nonnull (strstr (ld_broker_window_get_message (window), "reason"));
  reason = find_entry_with_placeholder (GTK_WIDGET (window), "Reason for the verdict (required)");
  gtk_editable_set_text (GTK_EDITABLE (reason), "Great Lakes Metals is a Congolese refiner, not KOMID.");
  button = find_button (GTK_WIDGET (window), "_False Match");
  g_signal_emit_by_name (button, "clicked");
  wait_idle (window);
  hits = ld_broker_screening_to_json (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (hits, "false_match"));
  g_assert_nonnull (strstr (hits, "not KOMID"));
  g_assert_cmpuint (ld_broker_window_count_rows (window, "screening"), >=, 1);
  maybe_screenshot (GTK_WIDGET (window), "broker-screening-judged.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* Waits for the name check that runs after a pause in typing. */
static const char *
wait_duplicates (LdBrokerWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  spin_for (500);
  while (ld_broker_window_get_duplicates (window) == NULL
         && ld_broker_window_get_field_message (window, "legal_name") == NULL
         && g_get_monotonic_time () < deadline)
    spin_for (20);
  return ld_broker_window_get_duplicates (window);
}

/*
 * The clerk types a company already registered under another script: the possible
 * duplicate is named under the legal name field as they type, before saving. A name
 * the name module cannot read gets its sentence there, and nothing is saved.
 */
static void
test_name_check (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(LdBrokerDraft) draft = ld_broker_draft_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *noor = NULL;
  LdBrokerWindow *window;
  const char *shown;

  draft->legal_name = g_strdup ("Al-Noor Trading Company LLC");
  draft->country = g_strdup ("AE");
  draft->registered_address = g_strdup ("Deira 4, Dubai");
  draft->records_address = g_strdup ("Deira 4, Dubai");
  draft->activities = g_strdup ("negotiating");
  noor = ld_broker_repo_create (f->store, f->clerk, draft, FALSE, &error);
  g_assert_no_error (error);

  window = ld_broker_window_new (NULL, f->store, f->clerk, NULL);
  gtk_window_set_default_size (GTK_WINDOW (window), 800, 900);
  gtk_window_present (GTK_WINDOW (window));
  type (window, "legal_name", "شركة النور للتجارة");
  shown = wait_duplicates (window);
  g_assert_nonnull (shown);
  g_assert_nonnull (strstr (shown, "Al-Noor Trading Company LLC"));
  maybe_screenshot (GTK_WIDGET (window), "broker-possible-duplicate.png");

  /* A company registered in Latin letters, typed in Thai as RTGS reads it. */
  g_free (draft->legal_name);
  draft->legal_name = g_strdup ("Chai Charoen Trading");
  g_free (draft->country);
  draft->country = g_strdup ("TH");
  g_clear_pointer (&noor, g_free);
  noor = ld_broker_repo_create (f->store, f->clerk, draft, FALSE, &error);
  g_assert_no_error (error);
  type (window, "legal_name", "ไชยเจริญ Trading");
  shown = wait_duplicates (window);
  g_assert_nonnull (shown);
  g_assert_nonnull (strstr (shown, "Chai Charoen Trading"));
  maybe_screenshot (GTK_WIDGET (window), "broker-possible-duplicate-thai.png");

  /* A company registered in Latin letters, typed in unvowelled Hebrew: found by the
   * consonants both write, as screening reads Hebrew. */
  g_free (draft->legal_name);
  draft->legal_name = g_strdup ("Shalom Logistics Ltd");
  g_free (draft->country);
  draft->country = g_strdup ("IL");
  g_clear_pointer (&noor, g_free);
  noor = ld_broker_repo_create (f->store, f->clerk, draft, FALSE, &error);
  g_assert_no_error (error);
  type (window, "legal_name", "שלום לוגיסטיקס בע\"מ");
  shown = wait_duplicates (window);
  g_assert_nonnull (shown);
  g_assert_nonnull (strstr (shown, "Shalom Logistics Ltd"));
  maybe_screenshot (GTK_WIDGET (window), "broker-possible-duplicate-hebrew.png");

  /* A different company: nothing shown. */
  type (window, "legal_name", "Kestrel Defence Systems");
  g_assert_null (wait_duplicates (window));

  /* Only punctuation: the name module's sentence, next to the field, and no save. */
  type (window, "legal_name", "!!! ???");
  wait_duplicates (window);
  g_assert_nonnull (strstr (ld_broker_window_get_field_message (window, "legal_name"), "no letters or digits"));
  maybe_screenshot (GTK_WIDGET (window), "broker-name-unreadable.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "broker.save", NULL);
  wait_idle (window);
  g_assert_null (ld_broker_window_get_broker_id (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();
  ld_ui_init ();

  g_test_add ("/broker-window/register-grant-suspend", Fixture, NULL, fixture_setup, test_register_grant_suspend,
              fixture_teardown);
  g_test_add ("/broker-window/typed-form-survives", Fixture, NULL, fixture_setup, test_typed_form_survives,
              fixture_teardown);
  g_test_add ("/broker-window/back-dated-act", Fixture, NULL, fixture_setup, test_back_dated_act, fixture_teardown);
  g_test_add ("/broker-window/text-limits", Fixture, NULL, fixture_setup, test_text_limits, fixture_teardown);
  g_test_add ("/broker-window/screening-hits", Fixture, NULL, fixture_setup, test_screening_hits, fixture_teardown);
  g_test_add ("/broker-window/name-check", Fixture, NULL, fixture_setup, test_name_check, fixture_teardown);
  g_test_add ("/broker-window/open-from-list", Fixture, NULL, fixture_setup, test_open_from_list, fixture_teardown);
  return g_test_run ();
}
