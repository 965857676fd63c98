/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An officer judges a screening hit on the case page, under Xvfb. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <adwaita.h>

#include "ld-case-json.h"
#include "ld-case-page.h"
#include "ld-case-repo.h"
#include "ld-case-screening.h"
#include "ld-test-util.h"
#include "ld-ui.h"
#include "ld-user-repo.h"

static const char *case_json =
  "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"transit\":[],\"destination\":\"KE\"},"
  "\"end_use\":\"Police\",\"euc_reference\":\"EUC/9\","
  "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"},"
  "{\"role\":\"end_user\",\"type\":\"commercial\",\"name\":\"Shariff Omar Mohammed\",\"country\":\"KE\"}],"
  "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles\",\"quantity\":10,"
  "\"unit_value\":\"900.00\",\"currency\":\"EUR\",\"serials\":[]}]}";

static const char *broker_case_json =
  "{\"kind\":\"export\",\"route\":{\"origin\":\"SE\",\"export\":\"SE\",\"transit\":[],\"destination\":\"KE\"},"
  "\"end_use\":\"Police\",\"euc_reference\":\"EUC/10\","
  "\"parties\":[{\"role\":\"applicant\",\"type\":\"commercial\",\"name\":\"Nordvik Arms AB\",\"country\":\"SE\"},"
  "{\"role\":\"broker\",\"type\":\"commercial\",\"name\":\"Kestrel Brokers Ltd\",\"country\":\"GB\","
  "\"broker_registration\":\"BR-2026-00001\"}],"
  "\"items\":[{\"category\":\"rifles_carbines\",\"description\":\"Rifles\",\"quantity\":10,"
  "\"unit_value\":\"900.00\",\"currency\":\"EUR\",\"serials\":[]}]}";

static gboolean
page_idle (LdCasePage *page)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while ((ld_case_page_is_busy (page) || ld_case_page_get_record (page) == NULL) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  return !ld_case_page_is_busy (page);
}

/* The first widget below @root whose label or text contains @text. */
static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        {
          const char *label = GTK_IS_LABEL (child) ? gtk_label_get_label (GTK_LABEL (child))
                            : GTK_IS_BUTTON (child) ? gtk_button_get_label (GTK_BUTTON (child))
                            : GTK_IS_ENTRY (child) ? gtk_entry_get_placeholder_text (GTK_ENTRY (child)) : NULL;

          if (text == NULL || (label && strstr (label, text)))
            return child;
        }
      if ((found = find_widget (child, type, text)))
        return found;
    }
  return NULL;
}

/* A submitted case with a party on the list, screened, and a case page on it
 * in a window; nobody is signed in at the page yet. */
typedef struct
{
  char      *dir;
  LdStore   *store;
  LdActor   *officer;
  GtkWidget *window;
  LdCasePage *page;
} ScreenedCase;

static void
screened_case_open (ScreenedCase *f)
{
  g_autofree char *path = NULL;
  g_autofree char *list_path = ld_test_un_list_path ();
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCase) data = ld_case_from_json (case_json, &error);
  g_autoptr(LdCaseRecord) record = NULL;
  g_autoptr(LdCaseRecord) submitted = NULL;
  g_autoptr(LdSanctionsList) list = ld_sanctions_list_new_from_file (list_path, &error);
  g_autoptr(LdNameMatcher) matcher = NULL;
  g_autoptr(LdEmbargoTable) embargoes = NULL;
  LdCaseScreeningSummary summary;

  g_assert_no_error (error);
  matcher = ld_name_matcher_new (list);
  embargoes = ld_embargo_table_new_default (&error);
  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("ld-test-case-screening-XXXXXX", NULL);
  path = g_build_filename (f->dir, "store.sqlite", NULL);
  f->store = ld_store_open (path, &error);
  g_assert_no_error (error);
  f->officer = ld_user_repo_add (f->store, NULL, "maria", "María Fernández", LD_ROLE_LICENSING_OFFICER, &error);
  g_assert_no_error (error);
  record = ld_case_repo_create (f->store, f->officer, data, &error);
  g_assert_no_error (error);
  submitted = ld_case_repo_transition (f->store, f->officer, record->id, LD_CASE_ACTION_SUBMIT, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (ld_case_screening_run (f->store, f->officer, matcher, embargoes, record->id, &summary, &error));
  g_assert_cmpuint (summary.n_open, >=, 1);

  f->window = gtk_window_new ();
  f->page = LD_CASE_PAGE (ld_case_page_new (f->store));
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->page));
  gtk_window_present (GTK_WINDOW (f->window));
  ld_case_page_open (f->page, record->id, 0);
  g_assert_true (page_idle (f->page));
}

static void
screened_case_close (ScreenedCase *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->store);
  ld_actor_free (f->officer);
  ld_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
test_judge_hit_on_case_page (void)
{
  ScreenedCase f = { 0 };
  GtkWidget *page, *reason, *button;

  screened_case_open (&f);
  page = GTK_WIDGET (f.page);
  ld_case_page_set_actor (f.page, f.officer);
  g_assert_true (page_idle (f.page));
  g_assert_nonnull (find_widget (page, GTK_TYPE_LABEL, "Mohammed, Shariff Omar"));
  g_assert_nonnull (find_widget (page, GTK_TYPE_LABEL, "screened on"));

  /* Without a reason the verdict is refused and the hit stays open. */
  button = find_widget (page, GTK_TYPE_BUTTON, "_False Match");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (page_idle (f.page));
  g_assert_nonnull (ld_case_page_get_error (f.page));
  g_assert_nonnull (find_widget (page, GTK_TYPE_BUTTON, "_False Match"));

  reason = find_widget (page, GTK_TYPE_ENTRY, "Reason for the verdict");
  g_assert_nonnull (reason);
  gtk_editable_set_text (GTK_EDITABLE (reason), "Kenyan police buyer, born 1985; not the listed person");
  g_signal_emit_by_name (find_widget (page, GTK_TYPE_BUTTON, "_False Match"), "clicked");
  g_assert_true (page_idle (f.page));
  g_assert_null (ld_case_page_get_error (f.page));
  g_assert_nonnull (find_widget (page, GTK_TYPE_LABEL, "false_match"));

  screened_case_close (&f);
}

/* Nobody signed in: the verdict buttons cannot be pressed and say why; once
 * an officer signs in, they can. GTK follows the page's hit.review action. */
static void
test_verdict_needs_profile (void)
{
  ScreenedCase f = { 0 };
  GtkWidget *page, *button, *reason;

  screened_case_open (&f);
  page = GTK_WIDGET (f.page);
  reason = find_widget (page, GTK_TYPE_ENTRY, "Reason for the verdict");
  g_assert_nonnull (reason);
  gtk_editable_set_text (GTK_EDITABLE (reason), "Typed before anyone signed in");
  for (guint i = 0; i < 2; i++)
    {
      button = find_widget (page, GTK_TYPE_BUTTON, i == 0 ? "_False Match" : "_True Match");
      g_assert_nonnull (button);
      g_assert_false (gtk_widget_is_sensitive (button));
      g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button), "Sign in with a profile"));
    }
  /* Pressed anyway (a key binding, an assistive tool): nothing happens. */
  g_signal_emit_by_name (find_widget (page, GTK_TYPE_BUTTON, "_False Match"), "clicked");
  g_assert_true (page_idle (f.page));
  g_assert_null (ld_case_page_get_error (f.page));
  g_assert_nonnull (find_widget (page, GTK_TYPE_BUTTON, "_False Match"));
  g_assert_null (find_widget (page, GTK_TYPE_LABEL, "false_match"));

  ld_case_page_set_actor (f.page, f.officer);
  button = find_widget (page, GTK_TYPE_BUTTON, "_False Match");
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_null (gtk_widget_get_tooltip_text (button));
  g_assert_true (gtk_widget_is_sensitive (find_widget (page, GTK_TYPE_BUTTON, "_True Match")));
  /* The reason typed is what the verdict carries. */
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (page_idle (f.page));
  g_assert_null (ld_case_page_get_error (f.page));
  g_assert_nonnull (find_widget (page, GTK_TYPE_LABEL, "false_match"));

  screened_case_close (&f);
}

/* A broker suspended after the case was recorded flags the open case. */
static void
test_suspended_broker_flags_case (void)
{
  g_autofree char *dir = g_dir_make_tmp ("ld-test-case-flag-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "store.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = ld_store_open (path, &error);
  g_autoptr(LdActor) officer = ld_user_repo_add (store, NULL, "maria", "María Fernández", LD_ROLE_LICENSING_OFFICER, &error);
  g_autoptr(LdCase) data = ld_case_from_json (broker_case_json, &error);
  g_autoptr(LdCaseRecord) record = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = ld_case_page_new (store);
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO broker (id, registration_number, legal_name, country, status,"
                                     " created_at, updated_at) VALUES ('b1', 'BR-2026-00001', 'Kestrel Brokers Ltd',"
                                     " 'GB', 'registered', '2026-01-01', '2026-01-01')", NULL, NULL, NULL), ==, SQLITE_OK);
  record = ld_case_repo_create (store, officer, data, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE broker SET status = 'suspended' WHERE id = 'b1'", NULL, NULL, NULL),
                   ==, SQLITE_OK);
  sqlite3_close (db);

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  ld_case_page_set_actor (LD_CASE_PAGE (page), officer);
  ld_case_page_open (LD_CASE_PAGE (page), record->id, 0);
  g_assert_true (page_idle (LD_CASE_PAGE (page)));
  g_assert_nonnull (find_widget (page, GTK_TYPE_LABEL, "Flagged: "));
  g_assert_nonnull (find_widget (page, GTK_TYPE_LABEL, "BR-2026-00001"));

  gtk_window_destroy (GTK_WINDOW (window));
  ld_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();
  ld_ui_init ();
  g_test_add_func ("/case-screening/judge-hit", test_judge_hit_on_case_page);
  g_test_add_func ("/case-screening/verdict-needs-profile", test_verdict_needs_profile);
  g_test_add_func ("/case-screening/suspended-broker-flag", test_suspended_broker_flags_case);
  return g_test_run ();
}
