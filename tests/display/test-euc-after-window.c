/* SPDX-License-Identifier: GPL-3.0-or-later */
/* End-use certificates after shipment, in the windows, on a real store under
 * Xvfb: a PDF scan is rendered beside the fields; the delivery verification
 * certificate is recorded expected (overdue: flagged) and then received with
 * its scan; a re-export consent request is recorded (a missing field is said
 * under it) and screened at once, refused to the person who recorded it
 * (four-eyes, said under the reason) and granted by another senior officer;
 * a request naming a listed end user in an embargoed country shows its hits,
 * is held by the decision gate until an officer judges them, and can then
 * only be refused; the issuing-authorities
 * window shows the signatories and the specimen beside the certificate's
 * scan, and says the signatory was not in office; the EUC list shows each
 * certificate's findings. */
#include "config.h"

#include <string.h>
#include <adwaita.h>
#include <cairo-pdf.h>

#include "ld-euc-authorities-window.h"
#include "ld-euc-authority-repo.h"
#include "ld-euc-consent-form.h"
#include "ld-euc-decide-form.h"
#include "ld-euc-dvc-form.h"
#include "ld-euc-window.h"
#include "ld-record-page.h"
#include "ld-record-row.h"
#include "ld-test-display.h"
#include "ld-test-list.h"
#include "ld-test-util.h"
#include "ld-ui.h"
#include "ld-user-repo.h"
#include "ld-window.h"

typedef struct
{
  char      *dir;
  LdStore   *store;
  LdActor   *admin;
  LdActor   *officer;
  LdActor   *senior;
  LdActor   *second_senior;
  char      *euc_id;
} Fixture;

/* A one-page PDF with a heading, as a scanner would give a certificate. */
static char *
write_pdf (const char *dir,
           const char *name,
           const char *text)
{
  char *path = g_build_filename (dir, name, NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.1, 0.2, 0.6);
  cairo_rectangle (cr, 40, 40, 515, 120);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_select_font_face (cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, 28);
  cairo_move_to (cr, 50, 220);
  cairo_show_text (cr, text);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return path;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdEuc) e = ld_euc_new ();
  g_autoptr(LdEucRecord) r = NULL;
  g_autofree char *path = NULL;

  /* The list in this test's own data folder (G_TEST_OPTION_ISOLATE_DIRS),
   * where the window screens consent requests against it. */
  ld_test_install_list (g_get_user_data_dir ());
  f->dir = g_dir_make_tmp ("ld-test-euc-after-XXXXXX", NULL);
  path = g_build_filename (f->dir, "store.sqlite", NULL);
  f->store = ld_store_open (path, &error);
  g_assert_no_error (error);
  f->admin = ld_user_repo_add (f->store, NULL, "admin", "Admin", LD_ROLE_ADMINISTRATOR, &error);
  f->officer = ld_user_repo_add (f->store, f->admin, "maria", "María Fernández", LD_ROLE_LICENSING_OFFICER, &error);
  f->senior = ld_user_repo_add (f->store, f->admin, "olena", "Olena Kovalenko", LD_ROLE_SENIOR_OFFICER, &error);
  f->second_senior = ld_user_repo_add (f->store, f->admin, "sam", "Samuel Okafor", LD_ROLE_SENIOR_OFFICER, &error);
  g_assert_no_error (error);
  e->certificate_number = g_strdup ("EUC/KE/2026/0300");
  e->issuing_country = g_strdup ("KE");
  e->issuing_authority = g_strdup ("Ministry of Interior");
  e->signatory = g_strdup ("P. Otieno");
  e->destination_country = g_strdup ("KE");
  e->issued_on = g_strdup ("2026-01-10");
  e->end_user_name = g_strdup ("Kenya Police Service");
  e->undertakes_no_reexport = TRUE;
  r = ld_euc_repo_register (f->store, f->officer, e, NULL, &error);
  g_assert_no_error (error);
  f->euc_id = g_strdup (r->id);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  ld_actor_free (f->admin);
  ld_actor_free (f->officer);
  ld_actor_free (f->senior);
  ld_actor_free (f->second_senior);
  ld_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->euc_id);
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
wait_idle (LdEucWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  do
    g_main_context_iteration (NULL, FALSE);
  while (ld_euc_window_is_busy (window) && g_get_monotonic_time () < deadline);
  g_assert_false (ld_euc_window_is_busy (window));
}

static LdEucWindow *
open_page (Fixture       *f,
           const LdActor *actor)
{
  LdEucWindow *window = ld_euc_window_new (NULL, f->store, actor, f->euc_id);

  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 900);
  gtk_window_present (GTK_WINDOW (window));
  wait_idle (window);
  return window;
}

static void
type (LdEucWindow *window,
      const char  *key,
      const char  *text)
{
  GtkEditable *field = ld_euc_window_get_field (window, key);

  if (field == NULL)
    g_error ("the page has no field %s", key);
  gtk_editable_set_text (field, text);
}

static void
act (LdEucWindow *window,
     const char  *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  wait_idle (window);
  spin_for (150);
}

/* The labels below @widget, depth first. */
static void
collect_labels (GtkWidget *widget,
                GPtrArray *labels)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child))
        g_ptr_array_add (labels, child);
      collect_labels (child, labels);
    }
}

/* A row made from a row template (LdDetailRow): its first label is its
 * title, the next one its subtitle. */
static const char *
template_row_subtitle (GtkWidget  *row,
                       const char *title)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  collect_labels (row, labels);
  if (labels->len < 2 || g_strcmp0 (gtk_label_get_text (g_ptr_array_index (labels, 0)), title) != 0)
    return NULL;
  return gtk_label_get_text (g_ptr_array_index (labels, 1));
}

/* The subtitle of the shown row titled @title. */
static const char *
row_subtitle (GtkWidget  *widget,
              const char *title)
{
  if (ADW_IS_ACTION_ROW (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0)
    return adw_action_row_get_subtitle (ADW_ACTION_ROW (widget));
  if (GTK_IS_LIST_BOX_ROW (widget) && !ADW_IS_PREFERENCES_ROW (widget) && gtk_widget_get_mapped (widget) &&
      template_row_subtitle (widget, title))
    return template_row_subtitle (widget, title);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *found = row_subtitle (child, title);

      if (found)
        return found;
    }
  return NULL;
}

static gboolean
shows_picture_of (GtkWidget  *widget,
                  GdkTexture *texture)
{
  if (GTK_IS_PICTURE (widget) && gtk_widget_get_mapped (widget) &&
      gtk_picture_get_paintable (GTK_PICTURE (widget)) == GDK_PAINTABLE (texture))
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    if (shows_picture_of (child, texture))
      return TRUE;
  return FALSE;
}

static const char *
message (LdEucWindow *window,
         const char  *key)
{
  const char *text = ld_euc_window_get_field_message (window, key);

  if (text == NULL)
    g_error ("no message under %s", key);
  return text;
}

/* A PDF scan shows rendered beside the fields; the DVC is recorded from the page. */
static void
test_pdf_scan_and_dvc (Fixture       *f,
                       gconstpointer  data)
{
  LdEucWindow *window = open_page (f, f->officer);
  g_autofree char *scan = write_pdf (f->dir, "certificate.pdf", "END-USER CERTIFICATE EUC/KE/2026/0300");
  g_autofree char *dvc = write_pdf (f->dir, "dvc.pdf", "DELIVERY VERIFICATION CERTIFICATE");
  const LdEucRecord *r;

  g_assert_null (ld_euc_window_get_scan (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "euc.attach-scan", "s", scan));
  wait_idle (window);
  g_assert_nonnull (ld_euc_window_get_scan (window));
  /* The first page, rendered 900 pixels wide, A4 high. */
  g_assert_cmpint (gdk_texture_get_width (ld_euc_window_get_scan (window)), ==, 900);
  g_assert_cmpint (gdk_texture_get_height (ld_euc_window_get_scan (window)), ==, 1273);
  spin_for (300);
  g_assert_true (shows_picture_of (GTK_WIDGET (window), ld_euc_window_get_scan (window)));

  /* The form comes from its template (ui/ld-euc-dvc-form.ui). */
  g_assert_nonnull (gtk_widget_get_ancestor (GTK_WIDGET (ld_euc_window_get_field (window, "dvc_expected_by")),
                                             LD_TYPE_EUC_DVC_FORM));
  /* A day that is not a date is said under its field; nothing is written. */
  type (window, "dvc_expected_by", "next week");
  act (window, "euc.dvc");
  g_assert_nonnull (strstr (message (window, "dvc_expected_by"), "DVC expected by"));
  g_assert_null (ld_euc_window_get_record (window)->dvc_expected_by);
  type (window, "dvc_expected_by", "2026-03-01");
  act (window, "euc.dvc");
  r = ld_euc_window_get_record (window);
  g_assert_cmpstr (r->dvc_expected_by, ==, "2026-03-01");
  g_assert_cmpstr (row_subtitle (GTK_WIDGET (window), "DVC status"), ==, "Overdue since 2026-03-01");
  g_assert_nonnull (row_subtitle (GTK_WIDGET (window),
                                  "The delivery verification certificate expected by 2026-03-01 has not been "
                                  "received."));
  /* Scrolled to the DVC group for the screenshot. */
  gtk_widget_grab_focus (GTK_WIDGET (ld_euc_window_get_field (window, "dvc_received_on")));
  spin_for (300);
  ld_test_save_screenshot (GTK_WIDGET (window), "euc-dvc-overdue.png");

  type (window, "dvc_received_on", "2026-03-04");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "euc.dvc-scan", "s", dvc));
  wait_idle (window);
  spin_for (150);
  r = ld_euc_window_get_record (window);
  g_assert_cmpstr (r->dvc_received_on, ==, "2026-03-04");
  g_assert_cmpuint (r->scans->len, ==, 2);
  g_assert_cmpstr (row_subtitle (GTK_WIDGET (window), "DVC status"), ==, "Received on 2026-03-04");
  g_assert_null (row_subtitle (GTK_WIDGET (window),
                               "The delivery verification certificate expected by 2026-03-01 has not been "
                               "received."));
  spin_for (300);
  ld_test_save_screenshot (GTK_WIDGET (window), "euc-scan-beside-fields.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  gint64 n = -1;

  g_assert_true (ld_store_query_int64 (f->store, sql, &n, NULL));
  return n;
}

/* A re-export consent request, recorded and decided like a case. */
static void
test_consent (Fixture       *f,
              gconstpointer  data)
{
  LdEucWindow *window = open_page (f, f->senior);
  const LdEucRecord *r;
  const LdEucConsent *c;

  g_assert_nonnull (gtk_widget_get_ancestor (GTK_WIDGET (ld_euc_window_get_field (window, "consent_purpose")),
                                             LD_TYPE_EUC_CONSENT_FORM));
  type (window, "consent_received_on", "2026-02-01");
  type (window, "consent_requested_by", "Kenya Ministry of Interior");
  type (window, "consent_new_end_user", "Uganda Police Force");
  type (window, "consent_new_destination", "UG");
  act (window, "euc.consent-request");
  g_assert_nonnull (strstr (message (window, "consent_purpose"), "Purpose of the re-export"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM euc_consent_request"), ==, 0);
  /* The typing stays. */
  g_assert_cmpstr (gtk_editable_get_text (ld_euc_window_get_field (window, "consent_new_end_user")), ==,
                   "Uganda Police Force");
  type (window, "consent_purpose", "Regional training");
  type (window, "consent_quantity", "4");
  act (window, "euc.consent-request");
  r = ld_euc_window_get_record (window);
  g_assert_cmpuint (r->consents->len, ==, 1);
  g_assert_nonnull (row_subtitle (GTK_WIDGET (window),
                                  "Request 1: to Uganda Police Force in UG — Awaiting a decision"));
  g_assert_nonnull (row_subtitle (GTK_WIDGET (window), "1 request to re-export under this certificate awaits a "
                                                       "decision."));
  /* Screened at once, as a submitted case is: nobody on it is listed. */
  c = g_ptr_array_index (r->consents, 0);
  g_assert_nonnull (c->screened);
  g_assert_cmpuint (c->hits->len, ==, 0);
  g_assert_nonnull (row_subtitle (GTK_WIDGET (window), "No hits"));

  /* Four-eyes: who recorded it may not decide it; said under the reason. */
  g_assert_nonnull (gtk_widget_get_ancestor (GTK_WIDGET (ld_euc_window_get_field (window, "decision_reason")),
                                             LD_TYPE_EUC_DECIDE_FORM));
  type (window, "decision_reason", "Same ministry as before");
  act (window, "euc.consent-grant");
  g_assert_nonnull (strstr (message (window, "decision_reason"), "recorded this request and so may not decide it"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM euc_consent_request WHERE status = 'pending'"), ==, 1);
  gtk_widget_grab_focus (GTK_WIDGET (ld_euc_window_get_field (window, "decision_reason")));
  spin_for (300);
  ld_test_save_screenshot (GTK_WIDGET (window), "euc-consent-four-eyes.png");
  gtk_window_destroy (GTK_WINDOW (window));

  window = open_page (f, f->second_senior);
  type (window, "decision_reason", "");
  act (window, "euc.consent-grant");
  g_assert_nonnull (strstr (message (window, "decision_reason"), "Reason for the decision"));
  type (window, "decision_reason", "Uganda Police Force is a recognised end user; training only");
  act (window, "euc.consent-grant");
  r = ld_euc_window_get_record (window);
  c = g_ptr_array_index (r->consents, 0);
  g_assert_cmpint (c->status, ==, LD_EUC_CONSENT_GRANTED);
  g_assert_cmpstr (c->decided_by_login, ==, "sam");
  g_assert_nonnull (row_subtitle (GTK_WIDGET (window), "Request 1: to Uganda Police Force in UG — Consent granted"));
  /* Decided: no decision form any more. */
  g_assert_null (ld_euc_window_get_field (window, "decision_reason"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'euc_consent_grant'"), ==, 1);
  spin_for (300);
  ld_test_save_screenshot (GTK_WIDGET (window), "euc-consent-granted.png");
  gtk_window_destroy (GTK_WINDOW (window));
}

static const LdEucConsentHit *
first_open_hit (LdEucWindow *window)
{
  const LdEucConsent *c = g_ptr_array_index (ld_euc_window_get_record (window)->consents, 0);

  for (guint i = 0; i < c->hits->len; i++)
    if (g_str_equal (((const LdEucConsentHit *) g_ptr_array_index (c->hits, i))->status, "open"))
      return g_ptr_array_index (c->hits, i);
  return NULL;
}

/* The shown row whose title starts with @prefix, or NULL. */
static GtkWidget *
find_row (GtkWidget  *widget,
          const char *prefix)
{
  if (ADW_IS_ACTION_ROW (widget) && gtk_widget_get_mapped (widget) &&
      g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), prefix))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, prefix);

      if (found)
        return found;
    }
  return NULL;
}

/* A request to re-export to a listed end user in an embargoed country: its
 * hits are shown, they hold back every decision until an officer judges
 * them, and once confirmed only a refusal goes through. */
static void
test_consent_hits (Fixture       *f,
                   gconstpointer  data)
{
  LdEucWindow *window = open_page (f, f->senior);
  const LdEucConsentHit *hit;
  const LdEucConsent *c;
  g_autofree char *hit_id = NULL;

  type (window, "consent_received_on", "2026-02-01");
  type (window, "consent_requested_by", "Kenya Ministry of Interior");
  type (window, "consent_new_end_user", "Shariff Omar Mohammed");
  type (window, "consent_new_destination", "KP");
  type (window, "consent_purpose", "Onward sale");
  act (window, "euc.consent-request");
  hit = first_open_hit (window);
  g_assert_nonnull (hit);
  g_assert_nonnull (find_row (GTK_WIDGET (window), "UN sanctions list: “Shariff Omar Mohammed”"));
  g_assert_nonnull (find_row (GTK_WIDGET (window), "Arms embargo: "));
  gtk_window_destroy (GTK_WINDOW (window));

  /* The gate's sentences are shown before the decision is tried, and said
   * under the reason when it is. */
  window = open_page (f, f->second_senior);
  g_assert_nonnull (find_row (GTK_WIDGET (window), "Before a refusal"));
  type (window, "decision_reason", "Listed end user");
  act (window, "euc.consent-refuse");
  g_assert_nonnull (strstr (message (window, "decision_reason"), "open screening hit"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM euc_consent_request WHERE status = 'pending'"), ==, 1);
  gtk_widget_grab_focus (GTK_WIDGET (ld_euc_window_get_field (window, "decision_reason")));
  spin_for (300);
  ld_test_save_screenshot (GTK_WIDGET (window), "euc-consent-held-by-gate.png");
  gtk_window_destroy (GTK_WINDOW (window));

  /* An officer judges each hit, with a reason said under its field when missing. */
  window = open_page (f, f->officer);
  hit_id = g_strdup (first_open_hit (window)->id);
  gtk_widget_grab_focus (GTK_WIDGET (ld_euc_window_get_field (window, "consent_hit_reason_1")));
  spin_for (300);
  /* Laid out before the picture: the machine may be busy. */
  for (int i = 0; i < 50 && gtk_widget_get_width (GTK_WIDGET (window)) == 0; i++)
    spin_for (100);
  ld_test_save_screenshot (GTK_WIDGET (window), "euc-consent-hits.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "euc.consent-confirm-hit", "s", hit_id));
  wait_idle (window);
  g_assert_nonnull (strstr (message (window, "consent_hit_reason_1"), "reason for the verdict"));
  while ((hit = first_open_hit (window)))
    {
      g_free (hit_id);
      hit_id = g_strdup (hit->id);
      type (window, "consent_hit_reason_1", "Same person and the destination is under embargo");
      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "euc.consent-confirm-hit", "s", hit_id));
      wait_idle (window);
      spin_for (100);
    }
  g_assert_cmpint (count (f, "SELECT count(*) FROM consent_screening_hit WHERE status = 'open'"), ==, 0);
  g_assert_nonnull (find_row (GTK_WIDGET (window), "UN sanctions list: “Shariff Omar Mohammed”"));
  gtk_window_destroy (GTK_WINDOW (window));

  /* Confirmed: a grant is refused, a refusal goes through. */
  window = open_page (f, f->second_senior);
  type (window, "decision_reason", "Fine");
  act (window, "euc.consent-grant");
  g_assert_nonnull (strstr (message (window, "decision_reason"), "can only be refused"));
  type (window, "decision_reason", "The new end user is on the UN list and KP is under embargo");
  act (window, "euc.consent-refuse");
  c = g_ptr_array_index (ld_euc_window_get_record (window)->consents, 0);
  g_assert_cmpint (c->status, ==, LD_EUC_CONSENT_REFUSED);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit_log WHERE action = 'review-consent-hit'"), >=, 2);
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
wait_authorities (LdEucAuthoritiesWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  /* The list, the comparison and the specimen are three jobs. */
  for (int settled = 0; settled < 20 && g_get_monotonic_time () < deadline;)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
      settled = ld_euc_authorities_window_is_busy (window) ? 0 : settled + 1;
    }
  g_assert_false (ld_euc_authorities_window_is_busy (window));
}

/* The specimen beside the certificate, with the signatory's time in office. */
static void
test_authorities_window (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdEucRecord) r = NULL;
  g_autofree char *specimen = write_pdf (f->dir, "specimen.pdf", "SPECIMEN - MINISTRY OF INTERIOR");
  g_autofree char *scan = write_pdf (f->dir, "certificate.pdf", "END-USER CERTIFICATE EUC/KE/2026/0300");
  g_autoptr(GFile) specimen_file = g_file_new_for_path (specimen);
  g_autoptr(GFile) scan_file = g_file_new_for_path (scan);
  LdEucSignatory otieno = { (char *) "P. Otieno", (char *) "Director", (char *) "2024-01-01",
                            (char *) "2025-06-30" };
  LdEucSignatory wanjiru = { (char *) "A. Wanjiru", (char *) "Director", (char *) "2025-07-01", NULL };
  LdEucAuthoritiesWindow *window;

  g_assert_true (ld_euc_authority_repo_add (f->store, f->admin, "KE", "Ministry of Interior", &error));
  g_assert_true (ld_euc_authority_repo_add (f->store, f->admin, "GH", "Ministry of Defence", &error));
  g_assert_true (ld_euc_authority_repo_add_signatory (f->store, f->admin, "KE", "Ministry of Interior", &otieno,
                                                      &error));
  g_assert_true (ld_euc_authority_repo_add_signatory (f->store, f->admin, "KE", "Ministry of Interior", &wanjiru,
                                                      &error));
  g_assert_true (ld_euc_authority_repo_add_specimen (f->store, f->admin, "KE", "Ministry of Interior", specimen_file,
                                                     &error));
  g_assert_no_error (error);
  r = ld_euc_repo_attach_scan (f->store, f->officer, f->euc_id, scan_file, &error);
  g_assert_no_error (error);

  window = ld_euc_authorities_window_new (NULL, f->store, "EUC/KE/2026/0300");
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 900);
  gtk_window_present (GTK_WINDOW (window));
  wait_authorities (window);
  g_assert_cmpuint (ld_euc_authorities_window_get_n_authorities (window), ==, 2);
  g_assert_cmpstr (ld_euc_authorities_window_get_selected (window), ==, "KE · Ministry of Interior");
  g_assert_cmpstr (ld_euc_authorities_window_get_verdict (window), ==,
                   "P. Otieno was not in office on the date of issue 2026-01-10 (in office 2024-01-01 to "
                   "2025-06-30).");
  g_assert_nonnull (ld_euc_authorities_window_get_specimen (window));
  g_assert_nonnull (ld_euc_authorities_window_get_certificate_scan (window));
  spin_for (300);
  g_assert_true (shows_picture_of (GTK_WIDGET (window), ld_euc_authorities_window_get_specimen (window)));
  g_assert_true (shows_picture_of (GTK_WIDGET (window), ld_euc_authorities_window_get_certificate_scan (window)));
  g_assert_cmpstr (row_subtitle (GTK_WIDGET (window), "A. Wanjiru"), ==, "In office 2025-07-01 to now · Director");
  ld_test_save_screenshot (GTK_WIDGET (window), "euc-authorities-compare.png");

  /* An unknown number is said under the field. */
  gtk_widget_activate_action (GTK_WIDGET (window), "authorities.compare", NULL);
  ld_euc_authorities_window_compare (window, "EUC/NOPE");
  wait_authorities (window);
  gtk_window_destroy (GTK_WINDOW (window));
}

static gboolean
page_settled (LdRecordPage *page)
{
  LdPagedModel *model = ld_record_page_get_model (page);

  return ld_paged_model_get_counted (model) && !ld_paged_model_get_loading (model) &&
         g_strcmp0 (ld_record_page_get_state (page), "loading") != 0;
}

/* The EUC list says each certificate's findings. */
static void
test_list_findings (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  LdWindow *main_window = ld_window_new (NULL, settings);
  GtkWidget *page;
  g_autoptr(LdRecordRow) row = NULL;
  LdPagedModel *model;
  int column;
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  gtk_window_set_default_size (GTK_WINDOW (main_window), 1300, 700);
  gtk_window_present (GTK_WINDOW (main_window));
  ld_window_set_store (main_window, f->store);
  ld_window_set_actor (main_window, f->officer);
  ld_window_select_section (main_window, "eucs");
  page = ld_window_get_page (main_window, "eucs");
  while ((!gtk_widget_get_mapped (page) || !page_settled (LD_RECORD_PAGE (page))) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  model = ld_record_page_get_model (LD_RECORD_PAGE (page));
  row = g_list_model_get_item (G_LIST_MODEL (model), 0);
  while (!ld_record_row_get_loaded (row) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  column = ld_section_find_column (ld_paged_model_get_section (model), "findings");
  g_assert_cmpint (column, >=, 0);
  g_assert_cmpstr (ld_record_row_get_value (row, column), ==, "2: unverified, not linked");
  spin_for (300);
  ld_test_save_screenshot (GTK_WIDGET (main_window), "euc-list-findings.png");
  /* The menu opens the issuing authorities. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (main_window), "win.euc-authorities", NULL));
  spin_for (300);
  gtk_window_destroy (GTK_WINDOW (main_window));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();
  ld_ui_init ();
  g_test_add ("/euc-after/pdf-scan-and-dvc", Fixture, NULL, fixture_setup, test_pdf_scan_and_dvc, fixture_teardown);
  g_test_add ("/euc-after/consent", Fixture, NULL, fixture_setup, test_consent, fixture_teardown);
  g_test_add ("/euc-after/consent-hits", Fixture, NULL, fixture_setup, test_consent_hits, fixture_teardown);
  g_test_add ("/euc-after/authorities-window", Fixture, NULL, fixture_setup, test_authorities_window,
              fixture_teardown);
  g_test_add ("/euc-after/list-findings", Fixture, NULL, fixture_setup, test_list_findings, fixture_teardown);
  return g_test_run ();
}
