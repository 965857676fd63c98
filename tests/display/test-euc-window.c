/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The end-use certificate page on a real store, under Xvfb: an officer
 * registers a certificate (a bad date is shown next to its field and nothing
 * is written), links it to an application, records it as confirmed; linking
 * it to a second application is refused and the attempt shows on the page;
 * a row of the EUC list opens the page. */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "ld-case-json.h"
#include "ld-case-page.h"
#include "ld-case-repo.h"
#include "ld-euc-window.h"
#include "ld-record-page.h"
#include "ld-test-display.h"
#include "ld-test-util.h"
#include "ld-ui.h"
#include "ld-user-repo.h"
#include "ld-window.h"

typedef struct
{
  char      *dir;
  LdStore   *store;
  LdActor   *officer;
  char      *first;
  char      *second;
} Fixture;

static char *
add_application (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCase) c = ld_case_from_json (
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"destination\":\"KE\"},"
    "\"euc_reference\":\"EUC/KE/2026/0042\",\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\","
    "\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"}],"
    "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles\",\"quantity\":600}]}", &error);
  g_autoptr(LdCaseRecord) r = NULL;

  g_assert_no_error (error);
  r = ld_case_repo_create (f->store, f->officer, c, &error);
  g_assert_no_error (error);
  return g_strdup (r->reference);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) admin = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("ld-test-euc-window-XXXXXX", NULL);
  path = g_build_filename (f->dir, "store.sqlite", NULL);
  f->store = ld_store_open (path, &error);
  g_assert_no_error (error);
  admin = ld_user_repo_add (f->store, NULL, "admin", "Admin", LD_ROLE_ADMINISTRATOR, &error);
  f->officer = ld_user_repo_add (f->store, admin, "maria", "María Fernández", LD_ROLE_LICENSING_OFFICER, &error);
  g_assert_no_error (error);
  f->first = add_application (f);
  f->second = add_application (f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  ld_actor_free (f->officer);
  ld_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->first);
  g_free (f->second);
}

static void
wait_idle (LdEucWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  do
    g_main_context_iteration (NULL, FALSE);
  while (ld_euc_window_is_busy (window) && g_get_monotonic_time () < deadline);
  g_assert_false (ld_euc_window_is_busy (window));
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
type (LdEucWindow *window,
      const char  *key,
      const char  *text)
{
  GtkEditable *field = ld_euc_window_get_field (window, key);

  g_assert_nonnull (field);
  gtk_editable_set_text (field, text);
}

static void
act (LdEucWindow *window,
     const char  *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  wait_idle (window);
}

/* The subtitle of the shown row titled @title, looked for in what is mapped. */
static const char *
row_subtitle (GtkWidget  *widget,
              const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return adw_action_row_get_subtitle (ADW_ACTION_ROW (widget));
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *found = row_subtitle (child, title);

      if (found)
        return found;
    }
  return NULL;
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  gint64 n = -1;

  g_assert_true (ld_store_query_int64 (f->store, sql, &n, NULL));
  return n;
}

static void assert_case_flagged (Fixture *f, const char *reference, const char *flag);

static void
test_register_link_verify (Fixture       *f,
                           gconstpointer  data)
{
  LdEucWindow *window = ld_euc_window_new (NULL, f->store, f->officer, NULL);
  g_autofree char *refused = NULL;
  const LdEucRecord *r;

  gtk_window_present (GTK_WINDOW (window));
  type (window, "certificate_number", "EUC/KE/2026/0042");
  type (window, "issuing_country", "KE");
  type (window, "issuing_authority", "Ministry of Interior and National Administration");
  type (window, "signatory", "P. Otieno");
  type (window, "issued_on", "2026-01-10");
  type (window, "expires_on", "2025-01-10");
  type (window, "destination_country", "KE");
  type (window, "end_user_name", "National Police Service");
  type (window, "item_description", "Rifles 7.62x51 mm");
  type (window, "quantity", "6000");

  /* Expiry before issue: said next to the expiry date, nothing written, the typing stays. */
  act (window, "euc.register");
  g_assert_nonnull (strstr (ld_euc_window_get_field_message (window, "expires_on"), "Expiry date is not after"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM euc"), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (ld_euc_window_get_field (window, "signatory")), ==, "P. Otieno");
  spin_for (400);
  ld_test_save_screenshot (GTK_WIDGET (window), "euc-register-error.png");

  type (window, "expires_on", "2027-01-10");
  act (window, "euc.register");
  g_assert_null (ld_euc_window_get_field_message (window, "expires_on"));
  r = ld_euc_window_get_record (window);
  g_assert_nonnull (r);
  g_assert_cmpint (r->status, ==, LD_EUC_UNVERIFIED);
  g_assert_cmpint (r->euc->quantity, ==, 6000);
  spin_for (200);
  g_assert_cmpstr (row_subtitle (GTK_WIDGET (window), "Issuing authority"), ==,
                   "Ministry of Interior and National Administration");
  g_assert_cmpstr (row_subtitle (GTK_WIDGET (window), "Covers application"), ==, "Not linked to an application");
  g_assert_nonnull (row_subtitle (GTK_WIDGET (window), "The certificate covers no application yet."));

  /* Linked to the first application, confirmed with the issuing authority. */
  type (window, "application", f->first);
  act (window, "euc.link");
  g_assert_cmpstr (ld_euc_record_linked_application (ld_euc_window_get_record (window)), ==, f->first);
  /* The application asks for 600 rifles; the certificate says 6000: flagged on the page. */
  spin_for (100);
  g_assert_nonnull (row_subtitle (GTK_WIDGET (window),
                                  "The certificate covers 6000 items; the application asks for 600."));
  type (window, "method", "");
  act (window, "euc.verify");
  g_assert_nonnull (strstr (ld_euc_window_get_field_message (window, "method"), "is required"));
  type (window, "method", "Letter to the embassy of Kenya, answer of 1 February");
  type (window, "verified_on", "2026-02-01");
  act (window, "euc.verify");
  r = ld_euc_window_get_record (window);
  g_assert_cmpint (r->status, ==, LD_EUC_CONFIRMED);
  g_assert_cmpuint (r->verifications->len, ==, 1);
  spin_for (200);
  g_assert_cmpstr (row_subtitle (GTK_WIDGET (window), "Status"), ==, "Confirmed with the issuing authority");
  g_assert_cmpstr (row_subtitle (GTK_WIDGET (window), "Covers application"), ==, f->first);

  /* A second application: refused, and the attempt shows on the page. */
  type (window, "application", f->second);
  act (window, "euc.link");
  wait_idle (window);
  spin_for (200);
  wait_idle (window);
  r = ld_euc_window_get_record (window);
  g_assert_cmpuint (r->reuse_attempts->len, ==, 1);
  g_assert_cmpuint (r->links->len, ==, 1);
  g_assert_nonnull (strstr (ld_euc_window_get_field_message (window, "application"), "already covers application"));
  refused = g_strdup_printf ("Reuse refused: application %s", f->second);
  g_assert_nonnull (row_subtitle (GTK_WIDGET (window), refused));
  /* A scan that is not an image is refused; an image shows beside the fields. */
  {
    g_autofree char *text = g_build_filename (f->dir, "letter.txt", NULL);
    g_autofree char *png = g_build_filename (f->dir, "scan.png", NULL);
    g_autoptr(GBytes) pixels = g_bytes_new_take (g_malloc0 (64 * 48 * 4), 64 * 48 * 4);
    g_autoptr(GdkTexture) image = gdk_memory_texture_new (64, 48, GDK_MEMORY_R8G8B8A8, pixels, 64 * 4);

    g_assert_true (g_file_set_contents (text, "not a scan\n", -1, NULL));
    g_assert_true (gdk_texture_save_to_png (image, png));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "euc.attach-scan", "s", text));
    wait_idle (window);
    g_assert_cmpuint (ld_euc_window_get_record (window)->scans->len, ==, 0);
    g_assert_null (ld_euc_window_get_scan (window));
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "euc.attach-scan", "s", png));
    wait_idle (window);
    g_assert_cmpuint (ld_euc_window_get_record (window)->scans->len, ==, 1);
    g_assert_nonnull (ld_euc_window_get_scan (window));
    g_assert_cmpint (gdk_texture_get_width (ld_euc_window_get_scan (window)), ==, 64);
  }
  spin_for (400);
  ld_test_save_screenshot (GTK_WIDGET (window), "euc-page.png");
  gtk_window_destroy (GTK_WINDOW (window));

  {
    g_autofree char *flag = g_strdup_printf ("Flagged: End-use certificate EUC/KE/2026/0042 covers application %s, "
                                             "not this one.", f->first);

    assert_case_flagged (f, f->second, flag);
  }
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

/* The case page of the second application flags the certificate its
 * reference names: it covers the first application. */
static void
assert_case_flagged (Fixture    *f,
                     const char *reference,
                     const char *flag)
{
  GtkWidget *holder = gtk_window_new ();
  GtkWidget *page = GTK_WIDGET (ld_case_page_new (f->store));
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  gtk_window_set_child (GTK_WINDOW (holder), page);
  gtk_window_present (GTK_WINDOW (holder));
  ld_case_page_set_actor (LD_CASE_PAGE (page), f->officer);
  ld_case_page_open (LD_CASE_PAGE (page), reference, 0);
  while ((ld_case_page_is_busy (LD_CASE_PAGE (page)) || !has_label (page, flag)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  if (!has_label (page, flag))
    g_error ("the case page of %s does not show “%s”", reference, flag);
  gtk_window_destroy (GTK_WINDOW (holder));
}

/* What an officer typed into a new registration comes back after the window
 * is closed (or the program crashed); once registered, the next form is empty. */
static void
test_typed_form_survives (Fixture       *f,
                          gconstpointer  data)
{
  LdEucWindow *window = ld_euc_window_new (NULL, f->store, f->officer, NULL);

  gtk_window_present (GTK_WINDOW (window));
  spin_for (200);
  type (window, "certificate_number", "EUC/KE/2026/0077");
  type (window, "end_user_name", "Kenya Wildlife Service");
  gtk_window_destroy (GTK_WINDOW (window));
  /* Closing writes the draft in the background. */
  spin_for (300);

  window = ld_euc_window_new (NULL, f->store, f->officer, NULL);
  gtk_window_present (GTK_WINDOW (window));
  spin_for (500);
  g_assert_cmpstr (gtk_editable_get_text (ld_euc_window_get_field (window, "end_user_name")), ==,
                   "Kenya Wildlife Service");
  type (window, "issuing_country", "KE");
  type (window, "destination_country", "KE");
  type (window, "issued_on", "2026-01-10");
  act (window, "euc.register");
  g_assert_nonnull (ld_euc_window_get_record (window));
  gtk_window_destroy (GTK_WINDOW (window));

  window = ld_euc_window_new (NULL, f->store, f->officer, NULL);
  spin_for (500);
  g_assert_cmpstr (gtk_editable_get_text (ld_euc_window_get_field (window, "certificate_number")), ==, "");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
page_settled (LdRecordPage *page)
{
  LdPagedModel *model = ld_record_page_get_model (page);

  return ld_paged_model_get_counted (model) && !ld_paged_model_get_loading (model) &&
         g_strcmp0 (ld_record_page_get_state (page), "loading") != 0;
}

static LdEucWindow *
find_euc_window (GtkWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (LD_IS_EUC_WINDOW (window) && gtk_window_get_transient_for (GTK_WINDOW (window)) == parent)
        return LD_EUC_WINDOW (window);
    }
  return NULL;
}

/* Enter on a row of the EUC list opens that certificate's page. */
static void
test_open_from_list (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(LdEuc) e = ld_euc_new ();
  g_autoptr(LdEucRecord) registered = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  LdWindow *main_window = ld_window_new (NULL, settings);
  LdEucWindow *page_window;
  GtkWidget *page;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  e->certificate_number = g_strdup ("EUC/GH/2026/7");
  e->issuing_country = g_strdup ("GH");
  e->destination_country = g_strdup ("GH");
  e->issued_on = g_strdup ("2026-01-05");
  e->end_user_name = g_strdup ("Ghana Police Service");
  registered = ld_euc_repo_register (f->store, f->officer, e, NULL, &error);
  g_assert_no_error (error);

  gtk_window_present (GTK_WINDOW (main_window));
  ld_window_set_store (main_window, f->store);
  ld_window_set_actor (main_window, f->officer);
  ld_window_select_section (main_window, "eucs");
  page = ld_window_get_page (main_window, "eucs");
  while ((!gtk_widget_get_mapped (page) || !page_settled (LD_RECORD_PAGE (page))) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (page_settled (LD_RECORD_PAGE (page)));
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (main_window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (main_window)));
  spin_for (300);
  ld_test_save_screenshot (GTK_WIDGET (main_window), "euc-list.png");
  g_signal_emit_by_name (ld_record_page_get_column_view (LD_RECORD_PAGE (page)), "activate", 0);
  deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (!(page_window = find_euc_window (GTK_WINDOW (main_window))) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (page_window);
  wait_idle (page_window);
  g_assert_cmpstr (ld_euc_window_get_euc_id (page_window), ==, registered->id);
  g_assert_cmpstr (ld_euc_window_get_record (page_window)->euc->end_user_name, ==, "Ghana Police Service");
  gtk_window_destroy (GTK_WINDOW (page_window));

  /* The header's button opens the registration form. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (main_window), "win.new-euc", NULL));
  page_window = find_euc_window (GTK_WINDOW (main_window));
  g_assert_nonnull (page_window);
  g_assert_null (ld_euc_window_get_euc_id (page_window));
  gtk_window_destroy (GTK_WINDOW (page_window));
  gtk_window_destroy (GTK_WINDOW (main_window));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();
  ld_ui_init ();

  g_test_add ("/euc-window/register-link-verify", Fixture, NULL, fixture_setup, test_register_link_verify,
              fixture_teardown);
  g_test_add ("/euc-window/typed-form-survives", Fixture, NULL, fixture_setup, test_typed_form_survives,
              fixture_teardown);
  g_test_add ("/euc-window/open-from-list", Fixture, NULL, fixture_setup, test_open_from_list, fixture_teardown);
  return g_test_run ();
}
