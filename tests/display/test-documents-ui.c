/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Printed documents in the windows, under Xvfb: the broker window prints a
 * registered broker's certificate through GtkPrintOperation (page ranges and
 * copies as the print settings say; exported to a file instead of a
 * printer), and "Verify a Licence" checks a scanned QR payload. Set
 * LD_SCREENSHOT_DIR to keep PNGs of the windows. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <adwaita.h>

#include "ld-broker-repo.h"
#include "ld-broker-window.h"
#include "ld-case-page-private.h"
#include "ld-case-repo.h"
#include "ld-demo.h"
#include "ld-qr-signature.h"
#include "ld-test-display.h"
#include "ld-ui.h"
#include "ld-user-repo.h"
#include "ld-verify-dialog.h"

static char *dir;

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
screenshot (GtkWidget  *window,
            const char *name)
{
  const char *folder = g_getenv ("LD_SCREENSHOT_DIR");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;

  if (folder == NULL)
    return;
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, gtk_widget_get_width (window), gtk_widget_get_height (window));
  node = gtk_snapshot_to_node (snapshot);
  if (node == NULL)
    return;
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node, NULL);
  path = g_build_filename (folder, name, NULL);
  gdk_texture_save_to_png (texture, path);
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *out = NULL;
  const char *argv[] = { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, NULL, NULL));
  return g_steal_pointer (&out);
}

static guint
count (const char *text,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p; p = strstr (p + 1, needle))
    n++;
  return n;
}

/* ---- Verify a Licence ---- */

static gboolean
dialog_idle (gpointer data)
{
  return !ld_verify_dialog_is_busy (data);
}

static void
verify (LdVerifyDialog *dialog,
        const char     *payload,
        const char     *expected)
{
  ld_verify_dialog_set_payload (dialog, payload);
  ld_verify_dialog_verify (dialog);
  ld_test_spin_until (dialog_idle, dialog);
  g_assert_cmpstr (ld_verify_dialog_get_verdict (dialog), ==, expected);
}

static void
test_verify_dialog (void)
{
  g_autofree char *public_path = g_build_filename (dir, "office.pub", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdSigningKey) key = ld_signing_key_generate (&error);
  g_autofree char *public_text = ld_public_key_to_text (ld_signing_key_get_public (key));
  LdQrData data = { "EXP-L-2026-000123", "export", "2026-03-01", "2027-02-28", "I23dmVZIi9e2TVRd75298g", NULL };
  g_autofree char *payload = ld_qr_payload_sign (&data, key, &error);
  g_autofree char *altered = g_strdup (payload);
  LdVerifyDialog *dialog = ld_verify_dialog_new (NULL);

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (public_path, public_text, -1, NULL));
  gtk_window_present (GTK_WINDOW (dialog));
  /* No key on this desk yet: said so, nothing claimed. */
  verify (dialog, payload, "no-key");
  g_assert_nonnull (strstr (ld_verify_dialog_get_message (dialog), "signing-key generate"));

  /* As the key chooser hands over the chosen file. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "verify.key-file", "s", public_path));
  verify (dialog, payload, "genuine");
  g_assert_cmpstr (ld_verify_dialog_get_fact (dialog, "licence_number"), ==, "EXP-L-2026-000123");
  g_assert_cmpstr (ld_verify_dialog_get_fact (dialog, "valid_until"), ==, "2027-02-28");
  spin_for (300);
  screenshot (GTK_WIDGET (dialog), "verify-genuine.png");

  memcpy (strstr (altered, "export"), "import", 6);
  verify (dialog, altered, "altered");
  g_assert_cmpstr (ld_verify_dialog_get_fact (dialog, "licence_type"), ==, "import");
  spin_for (300);
  screenshot (GTK_WIDGET (dialog), "verify-altered.png");
  verify (dialog, "LD1;EXP-L-2026", "damaged");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* ---- printing the certificate ---- */

static char *
registered_broker (LdStore *store,
                   LdActor *clerk,
                   LdActor *senior)
{
  g_autoptr(LdBrokerDraft) d = ld_broker_draft_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) sites = g_string_new (NULL);
  LdBrokerPerson official = { LD_BROKER_PERSON_OFFICIAL, "Wanjiru Kamau", "KE", "passport", "AK123456" };
  g_autofree char *person = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  char *id;

  /* Enough business sites for the certificate to run over several pages. */
  for (guint i = 1; i <= 60; i++)
    g_string_append_printf (sites, "Site %u: Warehouse %u, Nairobi\n", i, i);
  d->legal_name = g_strdup ("Kestrel Defence Systems Ltd");
  d->country = g_strdup ("KE");
  d->tax_number = g_strdup ("P051234567X");
  d->registered_address = g_strdup (sites->str);
  d->records_address = g_strdup (sites->str);
  d->business_sites = g_strdup (sites->str);
  d->activities = g_strdup ("negotiating,transport");
  id = ld_broker_repo_create (store, clerk, d, FALSE, &error);
  g_assert_no_error (error);
  person = ld_broker_repo_add_person (store, clerk, id, &official, &error);
  g_assert_no_error (error);
  /* Dated today: an act dated weeks back needs a reason (broker act dates). */
  g_assert_true (ld_broker_repo_act (store, clerk, id, LD_BROKER_ACTION_SUBMIT, NULL, today, &error));
  g_assert_true (ld_broker_repo_act (store, senior, id, LD_BROKER_ACTION_REGISTER, NULL, today, &error));
  g_assert_no_error (error);
  return id;
}

static gboolean
window_loaded (gpointer data)
{
  return !ld_broker_window_get_busy (data) && ld_broker_window_get_number (data) != NULL;
}

static gboolean
print_dialog_shown (gpointer data)
{
  GtkWidget **found = data;
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (g_str_equal (G_OBJECT_TYPE_NAME (window), "GtkPrintUnixDialog") && gtk_widget_get_visible (window))
        *found = window;
    }
  return *found != NULL;
}

static gboolean
window_printed (gpointer data)
{
  return !ld_broker_window_get_printing (data);
}

static gboolean
file_written (gpointer data)
{
  return g_file_test (data, G_FILE_TEST_IS_REGULAR);
}

/* Prints as an officer does, through the print dialog, to GTK's "Print to
 * File" printer; @ranges and @copies are what the officer set in it. */
static char *
print_pages (LdBrokerWindow *window,
             const char     *name,
             gboolean        second_page_only,
             int             copies)
{
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  char *path = g_build_filename (dir, name, NULL);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  GtkWidget *dialog = NULL;

  gtk_print_settings_set_printer (settings, "Print to File");
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  if (second_page_only)
    {
      GtkPageRange range = { 1, 1 };   /* counted from 0 */

      gtk_print_settings_set_print_pages (settings, GTK_PRINT_PAGES_RANGES);
      gtk_print_settings_set_page_ranges (settings, &range, 1);
    }
  gtk_print_settings_set_n_copies (settings, copies);
  gtk_print_settings_set_collate (settings, TRUE);
  ld_broker_window_print (window, settings, NULL);
  g_assert_true (ld_broker_window_get_printing (window));
  ld_test_spin_until (print_dialog_shown, &dialog);
  spin_for (1500);   /* the printer list fills in */
  if (second_page_only && copies > 1)
    screenshot (dialog, "print-dialog-range-copies.png");
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  ld_test_spin_until (window_printed, window);
  ld_test_spin_until (file_written, path);
  spin_for (500);
  if (g_getenv ("LD_SCREENSHOT_DIR"))
    {
      g_autofree char *keep = g_build_filename (g_getenv ("LD_SCREENSHOT_DIR"), name, NULL);
      g_autofree char *contents = NULL;
      gsize length = 0;

      if (g_file_get_contents (path, &contents, &length, NULL))
        g_file_set_contents (keep, contents, length, NULL);
    }
  return path;
}

static void
test_print_certificate (void)
{
  g_autofree char *store_path = g_build_filename (dir, "store.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = ld_store_open (store_path, &error);
  g_autoptr(LdActor) admin = ld_user_repo_add (store, NULL, "admin", "Admin", LD_ROLE_ADMINISTRATOR, &error);
  g_autoptr(LdActor) clerk = ld_user_repo_add (store, admin, "clerk", "Jonas Berg", LD_ROLE_CLERK, &error);
  g_autoptr(LdActor) senior = ld_user_repo_add (store, admin, "senior", "Li Wei", LD_ROLE_SENIOR_OFFICER, &error);
  g_autoptr(LdActor) desk = ld_user_repo_add (store, admin, "desk", "Ana Costa", LD_ROLE_ISSUANCE_DESK, &error);
  g_autofree char *id = registered_broker (store, clerk, senior);
  LdBrokerWindow *window = ld_broker_window_new (NULL, store, desk, id);
  g_autofree char *all = NULL, *second = NULL, *twice = NULL;
  g_autofree char *text = NULL;
  GtkWidget *print_dialog = NULL;
  guint n_pages;

  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  ld_test_spin_until (window_loaded, window);
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (window)));
  spin_for (300);
  screenshot (GTK_WIDGET (window), "broker-window.png");
  /* The officer's Print button opens GTK's print dialog once the PDF is made;
   * cancelling it prints nothing and leaves the window ready. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "broker.print", NULL));
  g_assert_true (ld_broker_window_get_printing (window));
  ld_test_spin_until (print_dialog_shown, &print_dialog);
  spin_for (500);
  screenshot (print_dialog, "print-dialog.png");
  gtk_dialog_response (GTK_DIALOG (print_dialog), GTK_RESPONSE_CANCEL);
  ld_test_spin_until (window_printed, window);

  /* Every page. */
  all = print_pages (window, "all.pdf", FALSE, 1);
  text = pdf_text (all);
  g_assert_nonnull (strstr (text, "BR-2026-00001"));
  g_assert_nonnull (strstr (text, "Kestrel Defence Systems Ltd"));
  n_pages = count (text, "\f");
  g_assert_cmpuint (n_pages, >=, 3);
  g_free (text);

  /* Page range "2": only the second page. */
  second = print_pages (window, "second.pdf", TRUE, 1);
  text = pdf_text (second);
  g_assert_cmpuint (count (text, "\f"), ==, 1);
  {
    g_autofree char *page_of = g_strdup_printf ("Page 2 of %u", n_pages);

    g_assert_nonnull (strstr (text, page_of));
  }
  g_free (text);

  /* Two copies of the second page. */
  twice = print_pages (window, "twice.pdf", TRUE, 2);
  text = pdf_text (twice);
  g_assert_cmpuint (count (text, "\f"), ==, 2);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* ---- the refusal notice from the case page ---- */

static gboolean
page_loaded (gpointer data)
{
  return !ld_case_page_is_busy (data) && ld_case_page_get_record (data) != NULL;
}

static gboolean
page_printed (gpointer data)
{
  return !ld_case_page_get_printing (data);
}

static char *
first_case (LdStore    *store,
            const char *status)
{
  LdCaseFilter filter = { NULL, status, NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = ld_case_repo_list (store, &filter, 0, 1, NULL, &error);
  LdCaseSummary *row;

  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  row = g_ptr_array_index (rows, 0);
  return g_strdup (row->id);
}

static void
test_print_refusal_notice (void)
{
  g_autofree char *store_path = g_build_filename (dir, "cases.sqlite", NULL);
  g_autofree char *pdf = g_build_filename (dir, "refusal.pdf", NULL);
  g_autofree char *uri = g_filename_to_uri (pdf, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = ld_store_open (store_path, &error);
  g_autoptr(LdActor) admin = ld_user_repo_add (store, NULL, "admin", "Admin", LD_ROLE_ADMINISTRATOR, &error);
  g_autoptr(LdActor) desk = ld_user_repo_add (store, admin, "desk", "Ana Costa", LD_ROLE_ISSUANCE_DESK, &error);
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autofree char *refused = NULL, *submitted = NULL, *text = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = ld_case_page_new (store);
  GtkWidget *dialog = NULL;

  g_assert_true (ld_demo_generate (store, admin, 300, 7, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  refused = first_case (store, "refused");
  submitted = first_case (store, "submitted");
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 700);
  gtk_window_present (GTK_WINDOW (window));
  ld_case_page_set_actor (LD_CASE_PAGE (page), desk);

  /* Only a refused case offers its notice. */
  ld_case_page_open (LD_CASE_PAGE (page), submitted, 0);
  ld_test_spin_until (page_loaded, page);
  g_assert_false (gtk_widget_get_visible (ld_case_page_get_print_button (LD_CASE_PAGE (page))));
  ld_case_page_open (LD_CASE_PAGE (page), refused, 0);
  spin_for (200);
  ld_test_spin_until (page_loaded, page);
  g_assert_cmpstr (ld_case_page_get_record (LD_CASE_PAGE (page))->id, ==, refused);
  g_assert_true (gtk_widget_get_visible (ld_case_page_get_print_button (LD_CASE_PAGE (page))));
  spin_for (300);
  screenshot (window, "case-page-refused.png");

  gtk_print_settings_set_printer (settings, "Print to File");
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_URI, uri);
  gtk_print_settings_set (settings, GTK_PRINT_SETTINGS_OUTPUT_FILE_FORMAT, "pdf");
  ld_case_page_print_refusal (LD_CASE_PAGE (page), settings, NULL);
  g_assert_true (ld_case_page_get_printing (LD_CASE_PAGE (page)));
  ld_test_spin_until (print_dialog_shown, &dialog);
  spin_for (1500);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_OK);
  ld_test_spin_until (page_printed, page);
  ld_test_spin_until (file_written, pdf);
  spin_for (500);
  g_assert_null (ld_case_page_get_error (LD_CASE_PAGE (page)));
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Notice of refusal"));
  g_assert_nonnull (strstr (text, ld_case_page_get_record (LD_CASE_PAGE (page))->reference));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *command = NULL;
  int status;

  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();
  ld_ui_init ();
  ld_test_print_to_file_only ();
  dir = g_dir_make_tmp ("ld-test-documents-ui-XXXXXX", NULL);
  g_test_add_func ("/documents-ui/verify-dialog", test_verify_dialog);
  g_test_add_func ("/documents-ui/print-certificate", test_print_certificate);
  g_test_add_func ("/documents-ui/print-refusal-notice", test_print_refusal_notice);
  status = g_test_run ();
  command = g_strdup_printf ("rm -rf '%s'", dir);
  g_assert_cmpint (system (command), ==, 0);
  return status;
}
