/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The decision gate on the real case page, under Xvfb (issue 9): the holes
 * the issue found are held back in the window too. A step the gate holds back
 * is disabled, each unmet condition is shown in words beside it, and the
 * store refuses the step even when the button is pressed regardless. The
 * cases are prepared through licence-desk-admin, as officers would. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <adwaita.h>

#include "ld-case-gate.h"
#include "ld-case-page-private.h"
#include "ld-case-repo.h"
#include "ld-test-admin.h"
#include "ld-test-checklist.h"
#include "ld-test-gate.h"
#include "ld-test-list.h"
#include "ld-ui.h"
#include "ld-user-repo.h"

/* gtk_test_init() does not isolate the user's folders, so the test makes
 * its own before GLib reads them: nothing reaches a real desk's data. */
static char *data_home;

typedef struct
{
  char      *dir;
  char      *store_path;
  GtkWidget *window;
  LdCasePage *page;
} Fixture;

static void
close_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  /* The test's own data folder (set in main): the list is installed there,
   * where the window and the tool look for it. */
  ld_test_install_list (data_home);
  f->dir = g_dir_make_tmp ("ld-test-case-gate-XXXXXX", NULL);
  f->store_path = ld_test_gate_new_store (f->dir, "store.sqlite");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_pointer (&f->window, close_window);
  g_assert_cmpint (system (command), ==, 0);
  g_free (f->store_path);
  g_free (f->dir);
}

static gboolean
page_idle (LdCasePage *page)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while ((ld_case_page_is_busy (page) || ld_case_page_get_record (page) == NULL) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  return !ld_case_page_is_busy (page);
}

/* The first label below @root whose text contains @text. */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) &&
          strstr (gtk_label_get_label (GTK_LABEL (child)), text))
        return child;
      if ((found = find_label (child, text)))
        return found;
    }
  return NULL;
}

/* The first button or entry below @root whose label or placeholder contains @text. */
static GtkWidget *
find_control (GtkWidget  *root,
              const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      const char *label = GTK_IS_BUTTON (child) ? gtk_button_get_label (GTK_BUTTON (child))
                        : GTK_IS_ENTRY (child) ? gtk_entry_get_placeholder_text (GTK_ENTRY (child)) : NULL;
      GtkWidget *found;

      if (label && strstr (label, text) && gtk_widget_get_mapped (child))
        return child;
      if ((found = find_control (child, text)))
        return found;
    }
  return NULL;
}

/* Opens the case in a window as @login, as the window does when an officer
 * picks it from the list. */
static void
open_case (Fixture    *f,
           const char *login,
           const char *ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = ld_store_open (f->store_path, &error);
  g_autoptr(LdActor) actor = NULL;

  g_assert_no_error (error);
  actor = ld_user_repo_find (store, login, &error);
  g_assert_no_error (error);
  g_clear_pointer (&f->window, close_window);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 760);
  f->page = LD_CASE_PAGE (ld_case_page_new (store));
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->page));
  gtk_window_present (GTK_WINDOW (f->window));
  ld_case_page_set_actor (f->page, actor);
  ld_case_page_open (f->page, ref, 0);
  g_assert_true (page_idle (f->page));
}

/* A step offered by the case's status, disabled by the gate, with its
 * conditions beside it and on the button itself. */
static void
assert_held (Fixture      *f,
             LdCaseAction  action,
             const char   *condition)
{
  GtkWidget *button = ld_case_page_get_step_button (f->page, action);
  const char *tooltip;

  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), condition));
  tooltip = gtk_widget_get_tooltip_text (button);
  g_assert_nonnull (tooltip);
  g_assert_nonnull (strstr (tooltip, condition));
}

static const char *
status_of (Fixture *f)
{
  return ld_case_status_to_string (ld_case_page_get_record (f->page)->status);
}

/* Pressing a held-back step anyway (a script, a stale window) changes nothing. */
static void
press_anyway (Fixture      *f,
              LdCaseAction  action,
              const char   *message)
{
  const char *before = status_of (f);

  /* The button's action is disabled, so the step is taken as a stale
   * window or a script would. */
  _ld_case_page_take_step (f->page, action);
  g_assert_true (page_idle (f->page));
  g_assert_nonnull (ld_case_page_get_error (f->page));
  g_assert_nonnull (strstr (ld_case_page_get_error (f->page), message));
  g_assert_cmpstr (status_of (f), ==, before);
}

static char *
submitted_case (Fixture    *f,
                const char *file)
{
  char *ref = ld_test_submit_case (f->store_path, file, NULL);

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "assess", ref, "--store", f->store_path, "--as",
                                      "maria", NULL), ==, 0);
  return ref;
}

/* Hole 1: a consignee confirmed as a true UN match and transit through an
 * embargoed country; the window offered Recommend Approval. */
static void
test_true_match_held (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *file = ld_test_gate_write_case (f->dir, "true-match.json", "KP", LD_TEST_GATE_LISTED_CONSIGNEE);
  g_autofree char *ref = submitted_case (f, file);

  ld_test_gate_judge_open_hits (f->store_path, ref, "true", 2);
  g_free (ld_test_checklist_complete (f->store_path, ref, "maria"));
  open_case (f, "maria", ref);
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), "Approval is held back until:"));
  assert_held (f, LD_CASE_ACTION_RECOMMEND_APPROVAL, "can only be refused");
  assert_held (f, LD_CASE_ACTION_RECOMMEND_APPROVAL, "has no exemption");
  g_assert_null (find_label (GTK_WIDGET (f->page), "Refusal is held back until:"));
  g_assert_true (gtk_widget_get_sensitive (ld_case_page_get_step_button (f->page, LD_CASE_ACTION_RECOMMEND_REFUSAL)));
  /* The embargoed transit answers ATT Article 6 from the record, too. */
  assert_held (f, LD_CASE_ACTION_RECOMMEND_APPROVAL, "rated prohibited");
  press_anyway (f, LD_CASE_ACTION_RECOMMEND_APPROVAL, "3 conditions are not met");

  /* Refusal goes ahead from the window, once the officer says why. */
  press_anyway (f, LD_CASE_ACTION_RECOMMEND_REFUSAL, "A recommendation needs a rationale");
  ld_case_page_set_refusal (f->page, "", "The consignee is a confirmed UN sanctions match.");
  g_signal_emit_by_name (ld_case_page_get_step_button (f->page, LD_CASE_ACTION_RECOMMEND_REFUSAL), "clicked");
  g_assert_true (page_idle (f->page));
  g_assert_null (ld_case_page_get_error (f->page));
  g_assert_cmpstr (status_of (f), ==, "recommended_refusal");
}

/* Hole 2: amended after its recommendation, the case stayed recommended and
 * the senior officer's Approve was offered. */
static void
test_amended_case_reopened (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *file = ld_test_gate_write_case (f->dir, "clean.json", "DE", NULL);
  g_autofree char *amended = ld_test_gate_write_case (f->dir, "amended.json", "KP", LD_TEST_GATE_LISTED_CONSIGNEE);
  g_autofree char *ref = submitted_case (f, file);

  g_free (ld_test_checklist_complete (f->store_path, ref, "maria"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "recommend", ref, "--decision", "approval",
                                      "--rationale", "The assessment holds.", "--store", f->store_path, "--as", "maria", NULL), ==, 0);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "amend", ref, "--file", amended, "--reason",
                                      "Consignee and transit added", "--store", f->store_path, "--as", "maria", NULL),
                   ==, 0);
  open_case (f, "olena", ref);
  g_assert_cmpstr (status_of (f), ==, "under_assessment");
  g_assert_false (gtk_widget_get_visible (ld_case_page_get_step_button (f->page, LD_CASE_ACTION_APPROVE)));
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), "the recommendation is void"));
  open_case (f, "maria", ref);
  assert_held (f, LD_CASE_ACTION_RECOMMEND_APPROVAL, "2 open screening hits");
  assert_held (f, LD_CASE_ACTION_RECOMMEND_REFUSAL, "2 open screening hits");
}

/* Holes 3 and 4: an invented authorisation number, and a broker suspended
 * after the recommendation. */
static void
test_broker_held (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *invented = ld_test_gate_write_broker_case (f->dir, "invented.json", "BA-2000-99999");
  g_autofree char *broker = ld_test_gate_broker_number ();
  g_autofree char *ref = NULL, *own = NULL, *file = NULL;

  ld_test_gate_register_broker (f->dir, f->store_path);
  ref = submitted_case (f, invented);
  g_free (ld_test_checklist_complete (f->store_path, ref, "maria"));
  open_case (f, "maria", ref);
  assert_held (f, LD_CASE_ACTION_RECOMMEND_APPROVAL, "“BA-2000-99999” of broker “Kestrel Defence Systems” was never "
                                                     "granted");
  g_assert_true (gtk_widget_get_sensitive (ld_case_page_get_step_button (f->page, LD_CASE_ACTION_RECOMMEND_REFUSAL)));

  own = ld_test_gate_authorise (f->store_path, ref);
  file = ld_test_gate_write_broker_case (f->dir, "own.json", own);
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "amend", ref, "--file", file, "--reason",
                                      "Authorisation number corrected", "--store", f->store_path, "--as", "maria",
                                      NULL), ==, 0);
  g_free (ld_test_checklist_complete (f->store_path, ref, "maria"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "recommend", ref, "--decision", "approval",
                                      "--rationale", "The assessment holds.", "--store", f->store_path, "--as", "maria", NULL), ==, 0);
  open_case (f, "liwei", ref);
  g_assert_true (gtk_widget_get_sensitive (ld_case_page_get_step_button (f->page, LD_CASE_ACTION_APPROVE)));

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "broker", "suspend", broker, "--store", f->store_path, "--as",
                                      "olena", "--reason", "Under investigation", NULL), ==, 0);
  open_case (f, "liwei", ref);
  assert_held (f, LD_CASE_ACTION_APPROVE, "is not registered and in force");
  g_assert_true (gtk_widget_get_sensitive (ld_case_page_get_step_button (f->page, LD_CASE_ACTION_REFUSE)));
  press_anyway (f, LD_CASE_ACTION_APPROVE, "suspended");
}

static guint
count_exemptions (Fixture    *f,
                  const char *ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdStore) store = ld_store_open (f->store_path, &error);
  g_autoptr(GPtrArray) list = NULL;

  g_assert_no_error (error);
  list = ld_case_repo_list_exemptions (store, ref, &error);
  g_assert_no_error (error);
  return list->len;
}

/* A confirmed embargo hit: the officer records the exemption on the case
 * page, a second senior officer confirms it there, and approval opens. */
static void
test_exemption_in_window (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *file = ld_test_gate_write_case (f->dir, "embargo.json", "KP", NULL);
  g_autofree char *ref = submitted_case (f, file);
  GtkWidget *resolution, *paragraph;

  ld_test_gate_judge_open_hits (f->store_path, ref, "true", 1);
  open_case (f, "maria", ref);
  assert_held (f, LD_CASE_ACTION_RECOMMEND_APPROVAL, "has no exemption");

  /* Without the resolution nothing is recorded, and what was typed stays. */
  paragraph = find_control (GTK_WIDGET (f->page), "Paragraph");
  g_assert_nonnull (paragraph);
  gtk_editable_set_text (GTK_EDITABLE (paragraph), "9");
  g_signal_emit_by_name (find_control (GTK_WIDGET (f->page), "Record _Exemption"), "clicked");
  g_assert_true (page_idle (f->page));
  g_assert_nonnull (strstr (ld_case_page_get_error (f->page), "needs the Security Council resolution"));
  g_assert_cmpuint (count_exemptions (f, ref), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (paragraph)), ==, "9");

  resolution = find_control (GTK_WIDGET (f->page), "Exempting resolution");
  gtk_editable_set_text (GTK_EDITABLE (resolution), "2397 (2017)");
  g_signal_emit_by_name (find_control (GTK_WIDGET (f->page), "Record _Exemption"), "clicked");
  g_assert_true (page_idle (f->page));
  g_assert_null (ld_case_page_get_error (f->page));
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), "a second senior officer must confirm it"));
  assert_held (f, LD_CASE_ACTION_RECOMMEND_APPROVAL, "waits for a second senior officer");

  open_case (f, "olena", ref);
  g_signal_emit_by_name (find_control (GTK_WIDGET (f->page), "_Confirm Exemption"), "clicked");
  g_assert_true (page_idle (f->page));
  g_assert_null (ld_case_page_get_error (f->page));
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), "confirmed by olena"));

  /* Exempted, the embargo no longer answers Article 6 from the record. */
  g_clear_pointer (&f->window, close_window);
  g_free (ld_test_checklist_complete (f->store_path, ref, "maria"));
  open_case (f, "maria", ref);
  g_assert_true (gtk_widget_get_sensitive (ld_case_page_get_step_button (f->page, LD_CASE_ACTION_RECOMMEND_APPROVAL)));
  g_assert_false (gtk_widget_get_visible (ld_case_page_get_step_button (f->page, LD_CASE_ACTION_APPROVE)));
}

/* Another list installed since the case was screened: Approve is held back,
 * the page says why and offers Screen Now, and after it approval opens. */
static void
test_stale_screening_in_window (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *file = ld_test_gate_write_case (f->dir, "stale.json", "DE", NULL);
  g_autofree char *ref = submitted_case (f, file);
  g_autofree char *list = g_build_filename (g_get_user_data_dir (), "licence-desk", "sanctions", "consolidated.xml",
                                            NULL);
  g_autofree char *contents = NULL;
  g_autofree char *newer = NULL;
  GtkWidget *screen;

  g_free (ld_test_checklist_complete (f->store_path, ref, "maria"));
  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "recommend", ref, "--decision", "approval",
                                      "--rationale", "The assessment holds.", "--store", f->store_path, "--as", "maria", NULL), ==, 0);
  g_assert_true (g_file_get_contents (list, &contents, NULL, NULL));
  newer = g_strconcat (contents, "\n<!-- re-issued -->\n", NULL);
  g_assert_true (g_file_set_contents (list, newer, -1, NULL));

  open_case (f, "olena", ref);
  assert_held (f, LD_CASE_ACTION_APPROVE, "screened before the latest change to the UN sanctions list");
  g_assert_nonnull (find_label (GTK_WIDGET (f->page), "changed since this version was screened"));
  screen = ld_case_page_get_screen_button (f->page);
  g_assert_nonnull (screen);
  g_signal_emit_by_name (screen, "clicked");
  g_assert_true (page_idle (f->page));
  g_assert_null (ld_case_page_get_error (f->page));
  g_assert_null (ld_case_page_get_screen_button (f->page));
  g_assert_true (gtk_widget_get_sensitive (ld_case_page_get_step_button (f->page, LD_CASE_ACTION_APPROVE)));
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *root = g_dir_make_tmp ("ld-test-case-gate-home-XXXXXX", NULL);
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", root);
  int status;

  data_home = g_build_filename (root, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  ld_ui_init ();
  g_assert_nonnull (g_getenv ("LD_ADMIN"));
  g_assert_cmpstr (g_get_user_data_dir (), ==, data_home);
  g_test_add ("/case-gate/true-match", Fixture, NULL, fixture_set_up, test_true_match_held, fixture_tear_down);
  g_test_add ("/case-gate/amended", Fixture, NULL, fixture_set_up, test_amended_case_reopened, fixture_tear_down);
  g_test_add ("/case-gate/broker", Fixture, NULL, fixture_set_up, test_broker_held, fixture_tear_down);
  g_test_add ("/case-gate/exemption", Fixture, NULL, fixture_set_up, test_exemption_in_window, fixture_tear_down);
  g_test_add ("/case-gate/stale", Fixture, NULL, fixture_set_up, test_stale_screening_in_window, fixture_tear_down);
  status = g_test_run ();
  g_free (data_home);
  if (system (command) != 0)
    status = 1;
  return status;
}
