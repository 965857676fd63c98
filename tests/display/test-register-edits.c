/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The registers edited from the Screening page of the real window, under
 * Xvfb (issue 17): a senior officer records a denial (a missing field is said
 * beside the form, nothing is saved) and voids it with a reason; an
 * administrator changes an embargo entry and ends one. Each table edit is a
 * new version checked whole by the store, as the CLI's are. */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "ld-denial-repo.h"
#include "ld-denials-group-private.h"
#include "ld-embargo-repo.h"
#include "ld-embargoes-group-private.h"
#include "ld-import-report-dialog.h"
#include "ld-screening-page-private.h"
#include "ld-test-admin.h"
#include "ld-test-display.h"
#include "ld-test-list.h"
#include "ld-test-util.h"
#include "ld-ui.h"
#include "ld-user-repo.h"
#include "ld-window.h"

typedef struct
{
  char      *dir;
  char      *store_path;
  LdStore   *store;
  LdWindow  *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  static const char *people[][3] = {
    { "admin", "Amina Diallo", "admin" }, { "olena", "Olena Kovalenko", "senior" },
  };
  g_autoptr(GError) error = NULL;

  ld_test_install_list (g_get_user_data_dir ());
  f->dir = g_dir_make_tmp ("ld-test-register-edits-XXXXXX", NULL);
  f->store_path = g_build_filename (f->dir, "store.sqlite", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (people); i++)
    g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", f->store_path, "--login", people[i][0],
                                        "--name", people[i][1], "--role", people[i][2], i ? "--as" : "--create",
                                        i ? "admin" : NULL, NULL), ==, 0);
  f->store = ld_store_open (f->store_path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window)
    gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->store);
  ld_test_remove_tree (f->dir);
  g_free (f->store_path);
  g_free (f->dir);
}

static gboolean
page_ready (gpointer page)
{
  return ld_screening_page_is_ready (page);
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

static LdScreeningPage *
open_screening (Fixture    *f,
                const char *login)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(LdActor) person = actor (f, login);
  LdScreeningPage *page;

  f->window = ld_window_new (NULL, settings);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  ld_window_set_store (f->window, f->store);
  ld_window_set_actor (f->window, person);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.go-to-section", "s", "screening"));
  page = LD_SCREENING_PAGE (ld_window_get_page (f->window, "screening"));
  ld_test_spin_until (page_ready, page);
  return page;
}

static void
type_into (LdDenialsGroup *group,
           const char     *field,
           const char     *text)
{
  gtk_editable_set_text (_ld_denials_group_get_field (group, field), text);
}

static void
act (GtkWidget       *widget,
     const char      *action,
     const char      *target,
     LdScreeningPage *page)
{
  g_assert_true (gtk_widget_activate_action (widget, action, target ? "s" : NULL, target));
  ld_test_spin_until (page_ready, page);
}

static gboolean
laid_out (gpointer widget)
{
  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

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
test_record_and_void_denial (Fixture       *f,
                             gconstpointer  data)
{
  LdScreeningPage *page = open_screening (f, "olena");
  LdDenialsGroup *denials = _ld_screening_page_get_denials_group (page);
  g_autoptr(LdActor) senior = actor (f, "olena");
  g_autoptr(GPtrArray) all = NULL;
  const LdDenial *voided;

  g_assert_cmpuint (ld_screening_page_get_n_denials (page), ==, 0);
  type_into (denials, "reference", "DN-2026-031");
  type_into (denials, "name", "Baltic Arms Brokerage OÜ");
  type_into (denials, "other-names", "Baltic Arms; BAB");
  type_into (denials, "denied-on", "2026-03-02");
  type_into (denials, "reason", "Pistols to an unauthorised end user");
  type_into (denials, "source", "Estonian Strategic Goods Commission");
  /* No country: refused beside the form, with what was typed kept. */
  act (GTK_WIDGET (denials), "denials.record", NULL, page);
  g_assert_nonnull (_ld_denials_group_get_record_error (denials));
  g_assert_cmpuint (ld_screening_page_get_n_denials (page), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (_ld_denials_group_get_field (denials, "name")), ==,
                   "Baltic Arms Brokerage OÜ");

  type_into (denials, "country", "EE");
  act (GTK_WIDGET (denials), "denials.record", NULL, page);
  g_assert_null (_ld_denials_group_get_record_error (denials));
  g_assert_cmpuint (ld_screening_page_get_n_denials (page), ==, 1);
  /* Checked by name at once, as a case's parties are screened. */
  ld_screening_page_check_name (page, "Baltic Arms Brokerage", NULL);
  ld_test_spin_until (page_ready, page);
  g_assert_cmpuint (ld_screening_page_get_n_results (page), >=, 1);
  screenshot (GTK_WIDGET (f->window), "screening-denial-recorded.png");

  /* Voiding needs its reason; then the denial is no longer in force, and stays listed as voided. */
  act (GTK_WIDGET (denials), "denials.void", "DN-2026-031", page);
  g_assert_nonnull (_ld_denials_group_get_void_error (denials));
  g_assert_cmpuint (ld_screening_page_get_n_denials (page), ==, 1);
  gtk_editable_set_text (_ld_denials_group_get_void_reason (denials, "DN-2026-031"),
                         "Recorded against the wrong company");
  act (GTK_WIDGET (denials), "denials.void", "DN-2026-031", page);
  g_assert_null (_ld_denials_group_get_void_error (denials));
  g_assert_cmpuint (ld_screening_page_get_n_denials (page), ==, 0);
  all = ld_denial_repo_list (f->store, senior, TRUE, NULL);
  g_assert_cmpuint (all->len, ==, 1);
  voided = g_ptr_array_index (all, 0);
  g_assert_nonnull (voided->voided_at);
  g_assert_cmpstr (voided->void_reason, ==, "Recorded against the wrong company");
}

static gboolean
embargo_in_force (LdEmbargoTable *table,
                  const char     *id)
{
  for (guint i = 0; i < ld_embargo_table_get_n_embargoes (table); i++)
    if (g_str_equal (ld_embargo_table_get_embargo (table, i)->id, id))
      return TRUE;
  return FALSE;
}

static void
test_change_and_end_embargo (Fixture       *f,
                             gconstpointer  data)
{
  LdScreeningPage *page = open_screening (f, "admin");
  LdEmbargoesGroup *embargoes = _ld_screening_page_get_embargoes_group (page);
  LdEmbargoTable *table = ld_embargoes_group_get_table (embargoes);
  g_autofree char *id = g_strdup (ld_embargo_table_get_embargo (table, 0)->id);
  g_autofree char *first_version = g_strdup (ld_screening_page_get_embargo_version (page));
  guint n = ld_screening_page_get_n_embargoes (page);
  g_autoptr(GPtrArray) versions = NULL;

  /* A change that breaks the table (a date that is none) is refused whole. */
  gtk_editable_set_text (_ld_embargoes_group_get_field (embargoes, id, LD_EMBARGO_FIELD_SINCE), "last spring");
  act (GTK_WIDGET (embargoes), "embargoes.change", id, page);
  g_assert_nonnull (_ld_embargoes_group_get_edit_error (embargoes));
  g_assert_cmpstr (ld_screening_page_get_embargo_version (page), ==, first_version);

  gtk_editable_set_text (_ld_embargoes_group_get_field (embargoes, id, LD_EMBARGO_FIELD_SINCE), "2004-07-31");
  gtk_editable_set_text (_ld_embargoes_group_get_field (embargoes, id, LD_EMBARGO_FIELD_SOURCE),
                         "https://main.un.org/securitycouncil/en/sanctions/information");
  act (GTK_WIDGET (embargoes), "embargoes.change", id, page);
  g_assert_null (_ld_embargoes_group_get_edit_error (embargoes));
  g_assert_cmpstr (ld_screening_page_get_embargo_version (page), !=, first_version);
  g_assert_cmpuint (ld_screening_page_get_n_embargoes (page), ==, n);

  /* Ending needs the reason; then the entry is no longer screened. */
  act (GTK_WIDGET (embargoes), "embargoes.end", id, page);
  g_assert_nonnull (_ld_embargoes_group_get_edit_error (embargoes));
  g_assert_cmpuint (ld_screening_page_get_n_embargoes (page), ==, n);
  gtk_editable_set_text (_ld_embargoes_group_get_field (embargoes, id, LD_EMBARGO_FIELD_END_REASON),
                         "Terminated by the Security Council");
  act (GTK_WIDGET (embargoes), "embargoes.end", id, page);
  g_assert_null (_ld_embargoes_group_get_edit_error (embargoes));
  g_assert_cmpuint (ld_screening_page_get_n_embargoes (page), ==, n - 1);
  g_assert_false (embargo_in_force (ld_embargoes_group_get_table (embargoes), id));
  /* The shipped table, then the change, then the ending. */
  versions = ld_embargo_repo_list_versions (f->store, NULL);
  g_assert_cmpuint (versions->len, ==, 3);
  screenshot (GTK_WIDGET (f->window), "screening-embargo-ended.png");
}

/* Officers see the registers, not the forms. */
static void
test_officer_sees_no_forms (Fixture       *f,
                            gconstpointer  data)
{
  LdScreeningPage *page;
  LdDenialsGroup *denials;
  LdEmbargoesGroup *embargoes;

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", f->store_path, "--login", "maria",
                                      "--name", "María Fernández", "--role", "officer", "--as", "admin", NULL), ==, 0);
  page = open_screening (f, "maria");
  denials = _ld_screening_page_get_denials_group (page);
  embargoes = _ld_screening_page_get_embargoes_group (page);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (denials->record_row)));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (embargoes->add_row)));
  g_assert_false (gtk_widget_get_visible (embargoes->import_button));
}

static LdImportReportDialog *
report_of (LdWindow *parent)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (LD_IS_IMPORT_REPORT_DIALOG (window) && gtk_window_get_transient_for (GTK_WINDOW (window)) == GTK_WINDOW (parent))
        return LD_IMPORT_REPORT_DIALOG (window);
    }
  return NULL;
}

static gboolean
report_shown (gpointer window)
{
  return report_of (window) != NULL;
}

/* A clerk imports brokers from a CSV file: the good rows become drafts, and
 * the dialog says, row by row, which were saved and why the others were not. */
static void
test_import_brokers (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->dir, "brokers.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(LdActor) clerk = NULL;
  LdImportReportDialog *report;

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "user", "add", "--store", f->store_path, "--login", "jonas",
                                      "--name", "Jonas Berg", "--role", "clerk", "--as", "admin", NULL), ==, 0);
  g_assert_true (g_file_set_contents (csv,
    "legal_name,other_names,legal_form,company_number,tax_number,country,registered_address,business_sites,"
    "records_address,activities,declares_convictions,declares_indictments,declares_denials,declaration_details\n"
    "Kestrel Defence Systems,Kestrel DS,Ltd,KE-0042,P051234567X,KE,\"Moi Avenue 1, Nairobi\",,"
    "Moi Avenue 1,\"negotiating,transport\",no,no,no,\n"
    "Nordvik Brokerage AB,,AB,SE-5566,SE556600,SE,Storgatan 2,,Storgatan 2,negotiating,maybe,no,no,\n"
    "Baltic Transit OU,,OU,EE-1234,EE1234,EE,Narva mnt 5,,Narva mnt 5,transport,no,no,no,\n", -1, NULL));
  clerk = actor (f, "jonas");
  f->window = ld_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (f->window));
  ld_window_set_store (f->window, f->store);
  ld_window_set_actor (f->window, clerk);
  /* What Import Brokers from CSV… does with the file chosen. */
  ld_window_import_brokers (f->window, file);
  ld_test_spin_until (report_shown, f->window);
  report = report_of (f->window);
  g_assert_cmpuint (ld_import_report_dialog_get_n_saved (report), ==, 2);
  g_assert_cmpuint (ld_import_report_dialog_get_n_rejected (report), ==, 1);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (report)), "rejected 1 rows"));
  gtk_window_destroy (GTK_WINDOW (report));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();
  ld_ui_init ();
  g_assert_nonnull (g_getenv ("LD_ADMIN"));
  g_test_add ("/register-edits/denial", Fixture, NULL, fixture_set_up, test_record_and_void_denial,
              fixture_tear_down);
  g_test_add ("/register-edits/embargo", Fixture, NULL, fixture_set_up, test_change_and_end_embargo,
              fixture_tear_down);
  g_test_add ("/register-edits/import-brokers", Fixture, NULL, fixture_set_up, test_import_brokers, fixture_tear_down);
  g_test_add ("/register-edits/officer", Fixture, NULL, fixture_set_up, test_officer_sees_no_forms,
              fixture_tear_down);
  return g_test_run ();
}
