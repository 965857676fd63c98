/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Licences in the real window under Xvfb (issue 11): the issuance desk issues
 * an approved case from its page; on the licence page a senior officer
 * records a shipment, suspends (a shipment is then refused), reinstates,
 * ships the rest until the licence is exhausted, sees a third shipment
 * refused with its reason beside the form, and revokes. The case is prepared
 * through licence-desk-admin, as officers would. */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "ld-case-page-private.h"
#include "ld-documents.h"
#include "ld-euc-repo.h"
#include "ld-licence-window.h"
#include "ld-paged-model.h"
#include "ld-print-day.h"
#include "ld-record-page.h"
#include "ld-test-admin.h"
#include "ld-test-checklist.h"
#include "ld-test-display.h"
#include "ld-test-list.h"
#include "ld-test-util.h"
#include "ld-trace-window.h"
#include "ld-ui.h"
#include "ld-user-repo.h"
#include "ld-window.h"

typedef struct
{
  char      *dir;
  char      *store_path;
  LdStore   *store;
  GtkWidget *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char *people[][3] = {
    { "admin", "Amina Diallo", "admin" }, { "maria", "María Fernández", "officer" },
    { "olena", "Olena Kovalenko", "senior" }, { "samir", "Samir Haddad", "issuance" },
  };

  ld_test_install_list (g_get_user_data_dir ());
  f->dir = g_dir_make_tmp ("ld-test-licence-window-XXXXXX", NULL);
  f->store_path = g_build_filename (f->dir, "store.sqlite", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", f->store_path, "--login", people[i][0],
                                        "--name", people[i][1], "--role", people[i][2], i ? "--as" : "--create",
                                        i ? "admin" : NULL, NULL), ==, 0);
  /* The office's signing key, where the desk keeps it (this test's own
   * config folder): issuance makes the licence's PDF with it. */
  {
    g_autofree char *key = ld_signing_key_default_path ();
    g_autofree char *err = NULL;

    /* The config folder is this test program's, shared by its cases. */
    if (!g_file_test (key, G_FILE_TEST_EXISTS) &&
        ld_test_run_admin (NULL, &err, "signing-key", "generate", "--key-file", key, NULL) != 0)
      g_error ("signing-key generate %s: %s", key, err);
  }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  ld_test_destroy_all_windows ();
  g_clear_object (&f->store);
  ld_test_remove_tree (f->dir);
  g_free (f->store_path);
  g_free (f->dir);
}

static char *
approved_case (Fixture *f)
{
  g_autofree char *file = g_build_filename (f->dir, "case.json", NULL);
  const char *json =
    "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"transit\":[\"DE\"],\"destination\":\"KE\"},"
    "\"end_use\":\"Police service weapons\",\"euc_reference\":\"EUC/7\","
    "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"},"
    "{\"role\":\"end_user\",\"type\":\"police\",\"name\":\"Kenya Police Service\",\"country\":\"KE\"}],"
    "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles\",\"quantity\":10,"
    "\"manufacturer_marking\":\"NORDVIK AB SE\",\"import_marking_country\":\"KE\",\"import_marking_year\":2026,"
    "\"unit_value\":\"900.00\",\"currency\":\"EUR\",\"serials\":[\"NV-0001\",\"NV-0002\"]}]}";
  char *ref;

  g_assert_true (g_file_set_contents (file, json, -1, NULL));
  ref = ld_test_submit_case (f->store_path, file, NULL);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "assess", ref, "--store", f->store_path, "--as",
                                      "maria", NULL), ==, 0);
  g_free (ld_test_checklist_complete (f->store_path, ref, "maria"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "recommend", ref, "--decision", "approval",
                                      "--rationale", "The assessment shows no risk.", "--store", f->store_path, "--as", "maria", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "approve", ref, "--store", f->store_path, "--as",
                                      "olena", "--rationale", "The assessment holds.", NULL), ==, 0);
  return ref;
}

static LdActor *
actor (Fixture    *f,
       const char *login)
{
  g_autoptr(GError) error = NULL;
  LdActor *a = ld_user_repo_find (f->store, login, &error);

  g_assert_no_error (error);
  return a;
}

static gboolean
case_page_loaded (gpointer page)
{
  return !ld_case_page_is_busy (page) && ld_case_page_get_record (page) != NULL;
}

static gboolean
licence_window_idle (gpointer window)
{
  return !ld_licence_window_is_busy (window) &&
         (ld_licence_window_get_licence (window) != NULL || ld_licence_window_get_message (window) != NULL);
}

/* The first entry below @root whose placeholder contains @text. */
static GtkWidget *
find_entry (GtkWidget  *root,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_ENTRY (child) && gtk_entry_get_placeholder_text (GTK_ENTRY (child)) &&
          strstr (gtk_entry_get_placeholder_text (GTK_ENTRY (child)), text))
        return child;
      if ((found = find_entry (child, text)))
        return found;
    }
  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)))
        return found;
    }
  return NULL;
}

/* A label on the page, shown, that contains @text. */
static gboolean
shows (GtkWidget  *root,
       const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_widget_get_visible (child) && strstr (gtk_label_get_text (GTK_LABEL (child)), text))
        return TRUE;
      if (shows (child, text))
        return TRUE;
    }
  return FALSE;
}

static void screenshot (GtkWidget *window, const char *name);
static char *pdf_text (const char *pdf);

static char *
issue_from_case_page (Fixture    *f,
                      const char *ref)
{
  g_autoptr(LdActor) desk = actor (f, "samir");
  GtkWidget *window = gtk_window_new ();
  LdCasePage *page = LD_CASE_PAGE (ld_case_page_new (f->store));
  GtkWidget *issue;
  char *number;

  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 760);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (page));
  gtk_window_present (GTK_WINDOW (window));
  ld_case_page_set_actor (page, desk);
  ld_case_page_open (page, ref, 0);
  ld_test_spin_until (case_page_loaded, page);
  issue = ld_case_page_get_issue_button (page);
  g_assert_true (gtk_widget_get_visible (issue));
  g_assert_true (gtk_widget_get_sensitive (issue));
  /* A validity beyond the policy is refused beside the button; the terms stay. */
  gtk_editable_set_text (GTK_EDITABLE (find_entry (window, "Valid until")), "2099-01-01");
  gtk_editable_set_text (GTK_EDITABLE (find_entry (window, "Conditions from the office's list")), "no-reexport, dvc-90");
  g_signal_emit_by_name (issue, "clicked");
  ld_test_spin_until (case_page_loaded, page);
  g_assert_nonnull (strstr (ld_case_page_get_error (page), "at most 36 months"));
  g_assert_null (ld_case_page_get_licence_number (page));
  screenshot (window, "case-issue-refused.png");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_entry (window, "Conditions from"))), ==,
                   "no-reexport, dvc-90");
  gtk_editable_set_text (GTK_EDITABLE (find_entry (window, "Valid until")), "");
  g_signal_emit_by_name (issue, "clicked");
  ld_test_spin_until (case_page_loaded, page);
  g_assert_cmpstr (ld_case_page_get_error (page), ==, NULL);
  g_assert_nonnull (ld_case_page_get_licence_number (page));
  g_assert_false (gtk_widget_get_visible (issue));
  g_assert_true (shows (GTK_WIDGET (page), "Issued as licence LIC/EX/"));
  number = g_strdup (ld_case_page_get_licence_number (page));
  /* Issuing from the window stored the licence's PDF with it too. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *archived = ld_documents_licence_archived (f->store, number, &error);

    g_assert_no_error (error);
    g_assert_nonnull (archived);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  return number;
}

static gboolean
laid_out (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

/* Lets the window lay itself out and draw before a picture is taken. */
static void
screenshot (GtkWidget  *window,
            const char *name)
{
  gint64 settle = g_get_monotonic_time () + G_USEC_PER_SEC / 2;

  ld_test_spin_until (laid_out, window);
  while (g_get_monotonic_time () < settle)
    g_main_context_iteration (NULL, FALSE);
  ld_test_save_screenshot (window, name);
}

static void
ship (LdLicenceWindow *window,
      const char      *customs,
      const char      *quantity,
      const char      *serials)
{
  GtkWidget *root = GTK_WIDGET (window);

  gtk_editable_set_text (GTK_EDITABLE (find_entry (root, "Customs reference")), customs);
  gtk_editable_set_text (GTK_EDITABLE (find_entry (root, "Quantity of line 1")), quantity);
  gtk_editable_set_text (GTK_EDITABLE (find_entry (root, "Serial numbers shipped")), serials);
  /* Emitted even when the button is disabled: the store must refuse too. */
  g_signal_emit_by_name (find_button (root, "Record _Shipment"), "clicked");
  ld_test_spin_until (licence_window_idle, window);
}

static void
act (LdLicenceWindow *window,
     const char      *button,
     const char      *reason)
{
  gtk_editable_set_text (GTK_EDITABLE (find_entry (GTK_WIDGET (window), "Reason")), reason);
  g_signal_emit_by_name (find_button (GTK_WIDGET (window), button), "clicked");
  ld_test_spin_until (licence_window_idle, window);
}

static LdLicenceStatus
status_of (LdLicenceWindow *window)
{
  return ld_licence_window_get_licence (window)->effective;
}

static gint64
left_on_line_1 (LdLicenceWindow *window)
{
  const LdLicenceLine *line = ld_licence_window_get_licence (window)->lines->pdata[0];

  return line->quantity - line->shipped;
}

static void
test_issue_ship_suspend_revoke (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *ref = approved_case (f);
  g_autofree char *number = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) senior = NULL;
  LdLicenceWindow *window;
  GtkWidget *root;

  f->store = ld_store_open (f->store_path, &error);
  g_assert_no_error (error);
  number = issue_from_case_page (f, ref);
  senior = actor (f, "olena");
  window = ld_licence_window_new (NULL, f->store, senior, number);
  f->window = GTK_WIDGET (window);
  root = f->window;
  gtk_window_present (GTK_WINDOW (window));
  ld_test_spin_until (licence_window_idle, window);
  g_assert_cmpint (status_of (window), ==, LD_LICENCE_STATUS_ISSUED);
  g_assert_true (shows (root, ref));                   /* the case it came from */
  g_assert_true (shows (root, "10 left"));
  g_assert_cmpuint (g_strv_length (ld_licence_window_get_licence (window)->conditions), ==, 2);
  /* No certificate linked: the page says why no DVC is followed. */
  g_assert_nonnull (strstr (ld_licence_window_get_dvc (window), "No end-use certificate is linked"));

  ship (window, "CD-1", "4", "nv0001");
  g_assert_null (ld_licence_window_get_message (window));
  g_assert_cmpint (status_of (window), ==, LD_LICENCE_STATUS_PARTLY_USED);
  g_assert_cmpint (left_on_line_1 (window), ==, 6);
  g_assert_true (shows (root, "customs CD-1"));

  act (window, "_Suspend", "End user under investigation");
  g_assert_cmpint (status_of (window), ==, LD_LICENCE_STATUS_SUSPENDED);
  g_assert_false (gtk_widget_get_sensitive (find_button (root, "Record _Shipment")));
  ship (window, "CD-2", "6", "");
  g_assert_nonnull (strstr (ld_licence_window_get_message (window), "suspended"));
  g_assert_true (shows (root, "The licence is suspended"));
  /* What was typed stays for the next try. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_entry (root, "Customs reference"))), ==, "CD-2");

  act (window, "Re_instate", "Investigation closed");
  g_assert_cmpint (status_of (window), ==, LD_LICENCE_STATUS_PARTLY_USED);
  ship (window, "CD-2", "6", "NV-0002");
  g_assert_null (ld_licence_window_get_message (window));
  g_assert_cmpint (status_of (window), ==, LD_LICENCE_STATUS_EXHAUSTED);
  g_assert_cmpint (left_on_line_1 (window), ==, 0);
  screenshot (root, "licence-exhausted.png");

  ship (window, "CD-3", "1", "");
  g_assert_nonnull (strstr (ld_licence_window_get_message (window), "exhausted"));
  g_assert_true (shows (root, "The licence is exhausted"));
  g_assert_cmpuint (ld_licence_window_get_licence (window)->shipments->len, ==, 2);

  act (window, "Re_voke", "Diversion found");
  g_assert_cmpint (status_of (window), ==, LD_LICENCE_STATUS_REVOKED);
  g_assert_true (shows (root, "Diversion found"));
  screenshot (root, "licence-revoked.png");
}

static char *
day_from_today (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* A shipment recorded by mistake is voided from the page with a reason, and
 * the holder's surrender is recorded there: nothing more may ship. The page
 * warns of a licence about to expire. */
/* A certificate of Kenya covering @ref, its DVC due by @dvc_expected_by.
 * Returns: (transfer full): its id */
static char *
register_linked_euc (Fixture    *f,
                     const char *ref,
                     const char *dvc_expected_by)
{
  g_autoptr(LdActor) officer = actor (f, "maria");
  g_autoptr(LdEuc) e = ld_euc_new ();
  g_autoptr(LdEucRecord) r = NULL;
  g_autoptr(LdEucRecord) linked = NULL;
  g_autoptr(LdEucRecord) due = NULL;
  g_autoptr(GError) error = NULL;

  e->certificate_number = g_strdup ("EUC/7");
  e->issuing_country = g_strdup ("KE");
  e->issued_on = g_strdup ("2026-01-10");
  e->destination_country = g_strdup ("KE");
  e->end_user_name = g_strdup ("Kenya Police Service");
  e->undertakes_dvc = TRUE;
  r = ld_euc_repo_register (f->store, officer, e, NULL, &error);
  g_assert_no_error (error);
  linked = ld_euc_repo_link (f->store, officer, r->id, ref, NULL, &error);
  g_assert_no_error (error);
  due = ld_euc_repo_record_dvc (f->store, officer, r->id, dvc_expected_by, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_strdup (r->id);
}

static void
test_void_and_surrender (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *ref = approved_case (f);
  g_autofree char *euc_id = NULL;
  g_autofree char *until = day_from_today (12);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) senior = NULL;
  g_autoptr(GPtrArray) licences = NULL;
  LdLicenceWindow *window;
  GtkWidget *root;

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "licence", "issue", ref, "--store", f->store_path, "--as", "samir",
                                      "--valid-until", until, NULL), ==, 0);
  f->store = ld_store_open (f->store_path, &error);
  g_assert_no_error (error);
  licences = ld_licence_repo_list (f->store, 0, 1, &error);
  g_assert_no_error (error);
  senior = actor (f, "olena");
  /* The end-use certificate covering the case, its DVC due and overdue
   * (in-process: this test is among the slowest). */
  euc_id = register_linked_euc (f, ref, "2026-02-01");
  window = ld_licence_window_new (NULL, f->store, senior, ((LdLicence *) licences->pdata[0])->number);
  f->window = root = GTK_WIDGET (window);
  gtk_window_present (GTK_WINDOW (window));
  ld_test_spin_until (licence_window_idle, window);
  g_assert_true (shows (root, "Expires within 30 days"));
  g_assert_true (shows (root, until));
  /* The shipments' delivery verification, flagged when overdue. */
  g_assert_true (shows (root, "Delivery verification certificate of end-use certificate EUC/7: Overdue since "
                              "2026-02-01."));
  screenshot (root, "licence-dvc-overdue.png");
  {
    g_autoptr(LdActor) officer = actor (f, "maria");
    g_autoptr(LdEucRecord) received = ld_euc_repo_record_dvc (f->store, officer, euc_id, NULL, "2026-02-03", NULL,
                                                              &error);

    g_assert_no_error (error);
  }

  ship (window, "CD-9", "4", "NV-0001");
  /* Read again with the shipment. */
  g_assert_nonnull (strstr (ld_licence_window_get_dvc (window), "Received on 2026-02-03"));
  g_assert_cmpint (left_on_line_1 (window), ==, 6);
  /* No reason: refused beside the void form, what was typed kept. */
  gtk_editable_set_text (GTK_EDITABLE (find_entry (root, "shipment to void")), "CD-9");
  g_signal_emit_by_name (find_button (root, "_Void Shipment"), "clicked");
  ld_test_spin_until (licence_window_idle, window);
  g_assert_true (shows (root, "Say why the shipment was recorded by mistake"));
  g_assert_cmpint (left_on_line_1 (window), ==, 6);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_entry (root, "shipment to void"))), ==, "CD-9");
  gtk_editable_set_text (GTK_EDITABLE (find_entry (root, "Why it was a mistake")), "Declared under another licence");
  g_signal_emit_by_name (find_button (root, "_Void Shipment"), "clicked");
  ld_test_spin_until (licence_window_idle, window);
  g_assert_null (ld_licence_window_get_message (window));
  g_assert_cmpint (left_on_line_1 (window), ==, 10);
  g_assert_cmpint (status_of (window), ==, LD_LICENCE_STATUS_ISSUED);
  g_assert_cmpuint (ld_licence_window_get_licence (window)->voided_shipments->len, ==, 1);
  g_assert_true (shows (root, "Declared under another licence"));
  g_assert_false (gtk_widget_get_sensitive (find_button (root, "_Void Shipment")));
  screenshot (root, "licence-voided-shipment.png");

  g_assert_true (gtk_widget_get_sensitive (find_button (root, "Record Su_rrender")));
  act (window, "Record Su_rrender", "Contract cancelled by the buyer");
  g_assert_cmpint (status_of (window), ==, LD_LICENCE_STATUS_SURRENDERED);
  g_assert_false (gtk_widget_get_sensitive (find_button (root, "Record _Shipment")));
  g_assert_false (gtk_widget_get_sensitive (find_button (root, "Record Su_rrender")));
  g_assert_false (shows (root, "Expires within 30 days"));
  g_assert_true (shows (root, "Contract cancelled by the buyer"));
  screenshot (root, "licence-surrendered.png");
}

static gboolean
list_settled (gpointer data)
{
  LdRecordPage *page = data;
  LdPagedModel *model = ld_record_page_get_model (page);

  return ld_paged_model_get_counted (model) && !ld_paged_model_get_loading (model) &&
         g_strcmp0 (ld_record_page_get_state (page), "loading") != 0;
}

/* The licence page the main window opened, once it has loaded. */
static gboolean
licence_window_opened (gpointer data)
{
  LdLicenceWindow **found = data;
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && *found == NULL; i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (LD_IS_LICENCE_WINDOW (w))
        *found = LD_LICENCE_WINDOW (w);
    }
  return *found != NULL && licence_window_idle (*found);
}

static gboolean
list_warns (gpointer page)
{
  return shows (GTK_WIDGET (page), "Expires within 30 days");
}

/* In the main window: the Licences list shows the issued licence with its
 * status and what is left, and Enter on it opens the licence's page. */
static void
test_opened_from_list (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *ref = approved_case (f);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) senior = NULL;
  LdLicenceWindow *licence = NULL;
  LdWindow *window;
  LdRecordPage *page;

  g_autofree char *until = day_from_today (20);

  /* Ending within 30 days: the list warns of it. */
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "licence", "issue", ref, "--store", f->store_path, "--as", "samir",
                                      "--valid-until", until, NULL), ==, 0);
  f->store = ld_store_open (f->store_path, &error);
  g_assert_no_error (error);
  senior = actor (f, "olena");
  window = ld_window_new (NULL, settings);
  f->window = GTK_WIDGET (window);
  gtk_window_present (GTK_WINDOW (window));
  ld_window_set_store (window, f->store);
  ld_window_set_actor (window, senior);
  g_assert_true (gtk_widget_activate_action (f->window, "win.go-to-section", "s", "licences"));
  page = LD_RECORD_PAGE (ld_window_get_page (window, "licences"));
  ld_test_spin_until (laid_out, page);
  ld_test_spin_until (list_settled, page);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (
                      ld_record_page_get_column_view (page)))), ==, 1);
  ld_test_spin_until (list_warns, page);
  g_signal_emit_by_name (ld_record_page_get_column_view (page), "activate", 0);
  ld_test_spin_until (licence_window_opened, &licence);
  g_assert_cmpstr (ld_licence_window_get_licence (licence)->application_reference, ==, ref);
  g_assert_cmpint (ld_licence_window_get_licence (licence)->effective, ==, LD_LICENCE_STATUS_ISSUED);
  screenshot (f->window, "licences-list.png");
  gtk_window_destroy (GTK_WINDOW (licence));
}

static gboolean
trace_window_opened (gpointer data)
{
  LdTraceWindow **found = data;
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels) && *found == NULL; i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (LD_IS_TRACE_WINDOW (w))
        *found = LD_TRACE_WINDOW (w);
    }
  return *found != NULL;
}

static gboolean
trace_done (gpointer window)
{
  return !ld_trace_window_is_busy (window);
}

/* Trace from the window's menu: the marking written another way finds the
 * case, the licence and the shipment it left in. */
static void
test_trace_from_window (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *ref = approved_case (f);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *number = g_strdup_printf ("LIC/EX/%04d/000001", g_date_time_get_year (now));
  LdTraceWindow *trace = NULL;
  LdWindow *window;

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "licence", "issue", ref, "--store", f->store_path, "--as", "samir",
                                      NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "licence", "ship", number, "--store", f->store_path, "--as", "maria",
                                      "--date", today, "--customs-reference", "CD-77", "--line", "1:1", "--serial",
                                      "NV-0002", NULL), ==, 0);
  f->store = ld_store_open (f->store_path, &error);
  g_assert_no_error (error);
  window = ld_window_new (NULL, settings);
  f->window = GTK_WIDGET (window);
  gtk_window_present (GTK_WINDOW (window));
  ld_window_set_store (window, f->store);
  g_assert_true (gtk_widget_activate_action (f->window, "win.trace", NULL));
  ld_test_spin_until (trace_window_opened, &trace);
  ld_trace_window_search (trace, "nv/0002");
  ld_test_spin_until (trace_done, trace);
  g_assert_cmpuint (ld_trace_window_get_n_chains (trace), ==, 1);
  g_assert_true (shows (GTK_WIDGET (trace), ref));
  g_assert_true (shows (GTK_WIDGET (trace), number));
  g_assert_true (shows (GTK_WIDGET (trace), "customs reference CD-77"));
  g_assert_true (shows (GTK_WIDGET (trace), "Kenya Police Service"));
  screenshot (GTK_WIDGET (trace), "trace.png");
  /* The manufacturer's marking, written another way; the reply saved for the
   * requesting state as CSV and PDF. */
  ld_trace_window_search (trace, "Nordvik-AB-se");
  ld_test_spin_until (trace_done, trace);
  g_assert_cmpuint (ld_trace_window_get_n_chains (trace), ==, 1);
  g_assert_true (shows (GTK_WIDGET (trace), "NORDVIK AB SE in application"));
  g_assert_true (shows (GTK_WIDGET (trace), "Shipments under the licence: "));
  g_assert_true (gtk_widget_get_sensitive (find_button (GTK_WIDGET (trace), "Save as _CSV…")));
  {
    g_autofree char *csv_path = g_build_filename (f->dir, "trace.csv", NULL);
    g_autofree char *pdf_path = g_build_filename (f->dir, "trace.pdf", NULL);
    g_autofree char *csv = NULL;
    g_autofree char *text = NULL;

    ld_trace_window_export (trace, LD_TRACE_EXPORT_CSV, csv_path);
    ld_test_spin_until (trace_done, trace);
    g_assert_nonnull (strstr (ld_trace_window_get_export_status (trace), "saved to"));
    g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
    g_assert_nonnull (strstr (csv, number));
    g_assert_nonnull (strstr (csv, "manufacturer_marking"));
    ld_trace_window_export (trace, LD_TRACE_EXPORT_PDF, pdf_path);
    ld_test_spin_until (trace_done, trace);
    g_assert_nonnull (strstr (ld_trace_window_get_export_status (trace), "saved to"));
    text = pdf_text (pdf_path);
    g_assert_nonnull (strstr (text, number));
    g_assert_nonnull (strstr (text, "CD-77"));
    screenshot (GTK_WIDGET (trace), "trace-marking.png");
    /* An unwritable place is said under the search box. */
    ld_trace_window_export (trace, LD_TRACE_EXPORT_CSV, "/nonexistent-folder/trace.csv");
    ld_test_spin_until (trace_done, trace);
    g_assert_nonnull (strstr (ld_trace_window_get_export_status (trace), "could not be saved"));
  }
  ld_trace_window_search (trace, "ke 2026");
  ld_test_spin_until (trace_done, trace);
  g_assert_cmpuint (ld_trace_window_get_n_chains (trace), ==, 1);
  ld_trace_window_search (trace, "ZZ-1");
  ld_test_spin_until (trace_done, trace);
  g_assert_cmpuint (ld_trace_window_get_n_chains (trace), ==, 0);
  g_assert_true (shows (GTK_WIDGET (trace), "No application, licence or shipment"));
  gtk_window_destroy (GTK_WINDOW (trace));
}

/* ---- printing from the licence page ---- */

static gboolean
print_dialog_shown (gpointer data)
{
  GtkWidget **found = data;
  GListModel *toplevels = gtk_window_get_toplevels ();   /* (transfer none) */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (g_str_equal (G_OBJECT_TYPE_NAME (w), "GtkPrintUnixDialog") && gtk_widget_get_visible (w))
        *found = w;
    }
  return *found != NULL;
}

static gboolean
licence_printed (gpointer window)
{
  return !ld_licence_window_get_printing (window);
}

static gboolean
file_written (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_IS_REGULAR);
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *out = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return g_steal_pointer (&out);
}

/* Prints as an officer does, through the print dialog, to GTK's "Print to
 * File" printer; returns what the printed pages say. */
static char *
print_through_dialog (Fixture         *f,
                      LdLicenceWindow *window,
                      const char      *name)
{
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  GtkWidget *dialog = NULL;
  gint64 settle;

  gtk_print_settings_set_printer (settings, "Print to File");
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  ld_licence_window_print (window, settings, NULL);
  g_assert_true (ld_licence_window_get_printing (window));
  ld_test_spin_until (print_dialog_shown, &dialog);
  settle = g_get_monotonic_time () + 3 * G_USEC_PER_SEC / 2;   /* the printer list fills in */
  while (g_get_monotonic_time () < settle)
    g_main_context_iteration (NULL, FALSE);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  ld_test_spin_until (licence_printed, window);
  g_assert_null (ld_licence_window_get_message (window));
  ld_test_spin_until (file_written, path);
  settle = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < settle)
    g_main_context_iteration (NULL, FALSE);
  return pdf_text (path);
}

/* The licence page's Print opens GTK's print dialog once the PDF is made off
 * the UI thread; the printed licence is a COPY (the original was stored at
 * issuance) and, once revoked, says so. */
static void
test_print_from_licence_page (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *ref = approved_case (f);
  g_autofree char *key = ld_signing_key_default_path ();
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) senior = NULL;
  const char *number;
  LdLicenceWindow *window;
  GtkWidget *dialog = NULL;

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "licence", "issue", ref, "--store", f->store_path, "--as", "samir",
                                      "--key-file", key, NULL), ==, 0);
  f->store = ld_store_open (f->store_path, &error);
  g_assert_no_error (error);
  senior = actor (f, "olena");
  {
    g_autoptr(GPtrArray) licences = ld_licence_repo_list (f->store, 0, 1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (licences->len, ==, 1);
    window = ld_licence_window_new (NULL, f->store, senior, ((LdLicence *) licences->pdata[0])->number);
  }
  f->window = GTK_WIDGET (window);
  gtk_window_present (GTK_WINDOW (window));
  ld_test_spin_until (licence_window_idle, window);
  g_assert_nonnull (ld_licence_window_get_licence (window));
  number = ld_licence_window_get_licence (window)->number;
  g_assert_nonnull (find_button (f->window, "_Print Licence…"));

  /* The header's Print: the dialog opens; cancelling prints nothing. */
  g_assert_true (gtk_widget_activate_action (f->window, "licence.print", NULL));
  g_assert_true (ld_licence_window_get_printing (window));
  ld_test_spin_until (print_dialog_shown, &dialog);
  screenshot (dialog, "licence-print-dialog.png");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  ld_test_spin_until (licence_printed, window);

  text = print_through_dialog (f, window, "licence.pdf");
  g_assert_nonnull (strstr (text, number));
  g_assert_nonnull (strstr (text, "Nordvik Arms AB"));
  g_assert_nonnull (strstr (text, "NV-0002"));
  g_assert_nonnull (strstr (text, "COPY"));
  g_assert_null (strstr (text, "REVOKED"));
  g_clear_pointer (&text, g_free);

  act (window, "Re_voke", "Diversion found");
  g_assert_cmpint (status_of (window), ==, LD_LICENCE_STATUS_REVOKED);
  text = print_through_dialog (f, window, "revoked.pdf");
  g_assert_nonnull (strstr (text, "REVOKED"));
}

/* ---- a day's licences in one print job ---- */

typedef struct
{
  gboolean  done;
  gboolean  printed;
  GError   *error;
} DayPrint;

static void
day_printed_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DayPrint *p = user_data;

  p->printed = ld_print_day_finish (result, &p->error);
  p->done = TRUE;
}

static gboolean
day_print_done (gpointer data)
{
  return ((DayPrint *) data)->done;
}

static gboolean
day_dialog_says (gpointer data)
{
  GtkWidget *dialog = ld_print_day_get_dialog (GTK_WINDOW (((Fixture *) data)->window));

  return dialog != NULL && shows (dialog, "No licence was issued through the desk on 2001-01-01");
}

static gboolean
dialog_gone (gpointer window)
{
  return ld_print_day_get_dialog (window) == NULL;
}

/* Two licences issued today print as one job, one after the other; from the
 * main window's menu the dialog asks for the day, and a day without licences
 * comes back to it with the reason under the day as typed. */
static void
test_print_day (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *first = approved_case (f);
  g_autofree char *file = g_build_filename (f->dir, "case.json", NULL);
  g_autofree char *json = NULL;
  g_autofree char *second = NULL;
  g_autofree char *key = ld_signing_key_default_path ();
  g_autofree char *path = g_build_filename (f->dir, "day.pdf", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *number1 = g_strdup_printf ("LIC/EX/%04d/000001", g_date_time_get_year (now));
  g_autofree char *number2 = g_strdup_printf ("LIC/EX/%04d/000002", g_date_time_get_year (now));
  g_autoptr(GError) error = NULL;
  DayPrint p = { FALSE, FALSE, NULL };
  GtkWidget *dialog;
  LdWindow *window;

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "licence", "issue", first, "--store", f->store_path, "--as", "samir",
                                      "--key-file", key, NULL), ==, 0);
  g_assert_true (g_file_get_contents (file, &json, NULL, NULL));
  {
    g_auto(GStrv) parts = g_strsplit (json, "NV-", -1);
    g_autofree char *other = g_strjoinv ("NW-", parts);

    g_assert_true (g_file_set_contents (file, other, -1, NULL));
  }
  second = ld_test_submit_case (f->store_path, file, NULL);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "assess", second, "--store", f->store_path, "--as",
                                      "maria", NULL), ==, 0);
  g_free (ld_test_checklist_complete (f->store_path, second, "maria"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "recommend", second, "--decision", "approval",
                                      "--rationale", "The assessment shows no risk.", "--store", f->store_path, "--as", "maria", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "approve", second, "--store", f->store_path, "--as",
                                      "olena", "--rationale", "The assessment holds.", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "licence", "issue", second, "--store", f->store_path, "--as", "samir",
                                      "--key-file", key, NULL), ==, 0);
  f->store = ld_store_open (f->store_path, &error);
  g_assert_no_error (error);
  window = ld_window_new (NULL, settings);
  f->window = GTK_WIDGET (window);
  gtk_window_present (GTK_WINDOW (window));
  ld_window_set_store (window, f->store);

  ld_print_day_async (GTK_WINDOW (window), f->store, today, NULL, path, day_printed_cb, &p);
  ld_test_spin_until (day_print_done, &p);
  g_assert_no_error (p.error);
  g_assert_true (p.printed);
  ld_test_spin_until (file_written, path);
  text = pdf_text (path);
  g_assert_nonnull (strstr (text, number1));
  g_assert_nonnull (strstr (text, number2));
  g_assert_nonnull (strstr (text, "NV-0001"));
  g_assert_nonnull (strstr (text, "NW-0001"));
  g_assert_true (strstr (text, number1) < strstr (text, number2));

  g_assert_true (gtk_widget_activate_action (f->window, "win.print-day", NULL));
  dialog = ld_print_day_get_dialog (GTK_WINDOW (window));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_entry (dialog, "Day of issue"))), ==, today);
  screenshot (dialog, "print-day-dialog.png");
  gtk_editable_set_text (GTK_EDITABLE (find_entry (dialog, "Day of issue")), "2001-01-01");
  /* Enter in the field, as an officer presses it: the default response, Print,
   * closes the dialog and prints. (adw_message_dialog_response () alone would
   * leave the dialog open, which no person can do.) */
  g_signal_emit_by_name (gtk_editable_get_delegate (GTK_EDITABLE (find_entry (dialog, "Day of issue"))), "activate");
  ld_test_spin_until (dialog_gone, window);
  ld_test_spin_until (day_dialog_says, f);
  dialog = ld_print_day_get_dialog (GTK_WINDOW (window));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_entry (dialog, "Day of issue"))), ==, "2001-01-01");
  screenshot (dialog, "print-day-refused.png");
  /* Escape or the window's close button: the close response, which is Cancel. */
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_null (ld_print_day_get_dialog (GTK_WINDOW (window)));
}

/* An officer closes the licence page while its work is still running (a
 * shipment being recorded): when the work ends, nothing of the closed page
 * is touched. A finished task used to refresh widgets the closed window had
 * already freed, which GTK reported, now and then, as a critical. */
static void
test_closed_while_busy (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *ref = approved_case (f);
  g_autofree char *number = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) senior = NULL;
  g_autoptr(LdLicence) licence = NULL;

  f->store = ld_store_open (f->store_path, &error);
  g_assert_no_error (error);
  number = issue_from_case_page (f, ref);
  senior = actor (f, "olena");
  for (guint round = 0; round < 5; round++)
    {
      LdLicenceWindow *window = ld_licence_window_new (NULL, f->store, senior, number);
      GtkWidget *root = GTK_WIDGET (window);
      g_autofree char *customs = g_strdup_printf ("CD-%u", round);
      g_autoptr(GObject) kept = g_object_ref (G_OBJECT (window));

      gtk_window_present (GTK_WINDOW (window));
      ld_test_spin_until (licence_window_idle, window);
      gtk_editable_set_text (GTK_EDITABLE (find_entry (root, "Customs reference")), customs);
      gtk_editable_set_text (GTK_EDITABLE (find_entry (root, "Quantity of line 1")), "1");
      g_signal_emit_by_name (find_button (root, "Record _Shipment"), "clicked");
      g_assert_true (ld_licence_window_is_busy (window));
      gtk_window_destroy (GTK_WINDOW (window));
      ld_test_destroy_all_windows ();
      /* The work itself was not undone: the shipment is recorded. */
      licence = ld_licence_repo_load (f->store, number, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (licence->shipments->len, ==, round + 1);
      g_clear_pointer (&licence, ld_licence_free);
    }
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();
  ld_ui_init ();
  ld_test_print_to_file_only ();
  g_assert_nonnull (g_getenv ("LD_ADMIN"));
  g_test_add ("/licence-window/issue-ship-suspend-revoke", Fixture, NULL, fixture_set_up,
              test_issue_ship_suspend_revoke, fixture_tear_down);
  g_test_add ("/licence-window/closed-while-busy", Fixture, NULL, fixture_set_up, test_closed_while_busy,
              fixture_tear_down);
  g_test_add ("/licence-window/opened-from-list", Fixture, NULL, fixture_set_up, test_opened_from_list,
              fixture_tear_down);
  g_test_add ("/licence-window/trace", Fixture, NULL, fixture_set_up, test_trace_from_window, fixture_tear_down);
  g_test_add ("/licence-window/void-and-surrender", Fixture, NULL, fixture_set_up, test_void_and_surrender,
              fixture_tear_down);
  g_test_add ("/licence-window/print-day", Fixture, NULL, fixture_set_up, test_print_day, fixture_tear_down);
  g_test_add ("/licence-window/print", Fixture, NULL, fixture_set_up, test_print_from_licence_page,
              fixture_tear_down);
  return g_test_run ();
}
