/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The diversion-risk assessment page under Xvfb (issue 15): a case with an
 * embargoed transit country is rated prohibited and cannot be recommended
 * for approval; a clean case is answered in the window, recommended by the
 * officer and approved by a second officer. The cases are prepared through
 * licence-desk-admin, as officers would; the answers are given in the page.
 * Set LD_TEST_SCREENSHOT_DIR to keep pictures of the page. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <adwaita.h>

#include "ld-assessment-page.h"
#include "ld-test-admin.h"
#include "ld-test-gate.h"
#include "ld-test-list.h"
#include "ld-ui.h"
#include "ld-user-repo.h"

static char *data_home;

typedef struct
{
  char             *dir;
  char             *store_path;
  LdStore          *store;
  GtkWidget        *window;
  LdAssessmentPage *page;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  ld_test_install_list (data_home);
  f->dir = g_dir_make_tmp ("ld-test-assessment-XXXXXX", NULL);
  f->store_path = ld_test_gate_new_store (f->dir, "store.sqlite");
  f->store = ld_store_open (f->store_path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", f->dir);

  if (f->window)
    gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->store);
  g_assert_cmpint (system (command), ==, 0);
  g_free (f->store_path);
  g_free (f->dir);
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
wait_idle (Fixture *f)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (ld_assessment_page_is_busy (f->page) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (ld_assessment_page_is_busy (f->page));
}

static void
open_page (Fixture    *f,
           const char *login,
           const char *ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) actor = ld_user_repo_find (f->store, login, &error);

  g_assert_no_error (error);
  if (f->window)
    gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1000, 900);
  f->page = LD_ASSESSMENT_PAGE (ld_assessment_page_new (f->store, actor, ref));
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->page));
  gtk_window_present (GTK_WINDOW (f->window));
  wait_idle (f);
  g_assert_null (ld_assessment_page_get_error (f->page));
}

static void
maybe_screenshot (Fixture    *f,
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
  paintable = gtk_widget_paintable_new (f->window);
  width = gtk_widget_get_width (f->window);
  height = gtk_widget_get_height (f->window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (f->window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static char *
new_case (Fixture    *f,
          const char *name,
          const char *transit)
{
  g_autofree char *file = ld_test_gate_write_case (f->dir, name, transit, NULL);
  char *ref = ld_test_submit_case (f->store_path, file, NULL);

  g_assert_cmpint (ld_test_run_admin (NULL, NULL, "application", "assess", ref, "--store", f->store_path, "--as",
                                      "maria", NULL), ==, 0);
  return ref;
}

/* The officer answers every question the record left open with what a
 * clean case shows, in the page's drop-downs, with a note. */
static void
answer_the_rest (Fixture *f)
{
  const LdChecklistAssessment *a = ld_assessment_page_get_assessment (f->page);

  for (guint i = 0; i < a->template_->questions->len; i++)
    {
      const LdChecklistQuestion *q = g_ptr_array_index (a->template_->questions, i);
      GtkDropDown *answer = ld_assessment_page_get_answer (f->page, q->id);

      if (!gtk_widget_get_sensitive (GTK_WIDGET (answer)))
        continue;   /* the record answered it */
      g_assert_true (ld_assessment_page_set_answer (f->page, q->id, ld_checklist_is_risk (q, LD_CHECKLIST_ANSWER_NO)
                                                                    ? LD_CHECKLIST_ANSWER_NOT_APPLICABLE
                                                                    : LD_CHECKLIST_ANSWER_NO));
      gtk_editable_set_text (ld_assessment_page_get_notes (f->page, q->id), "Sources in the guidance checked");
    }
}

static void
press (Fixture    *f,
       const char *button)
{
  GtkWidget *widget = ld_assessment_page_get_button (f->page, button);

  g_assert_true (gtk_widget_get_visible (widget));
  g_assert_true (gtk_widget_get_sensitive (widget));
  g_signal_emit_by_name (widget, "clicked");
  wait_idle (f);
}

static void
test_embargoed_transit_prohibited (Fixture       *f,
                                   gconstpointer  data)
{
  g_autofree char *ref = new_case (f, "kp.json", "KP");
  g_autofree char *printable = NULL;
  GtkDropDown *embargo;

  ld_test_gate_judge_open_hits (f->store_path, ref, "true", 1);
  open_page (f, "maria", ref);
  /* The record answers the Article 6 question; the officer cannot. */
  embargo = ld_assessment_page_get_answer (f->page, "att6-embargo");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (embargo)));
  g_assert_cmpint (ld_assessment_page_get_rating (f->page), ==, LD_CHECKLIST_RATING_PROHIBITED);
  /* Unanswered questions are marked. */
  g_assert_true (gtk_widget_get_visible (ld_assessment_page_get_gap_label (f->page, "att7-gbv")));
  g_assert_cmpuint (ld_assessment_page_get_n_gaps (f->page), >, 20);

  answer_the_rest (f);
  g_assert_cmpuint (ld_assessment_page_get_n_gaps (f->page), ==, 0);
  press (f, "save");
  g_assert_null (ld_assessment_page_get_error (f->page));
  g_assert_cmpuint (ld_assessment_page_get_assessment (f->page)->gaps->len, ==, 0);
  g_assert_cmpint (ld_assessment_page_get_rating (f->page), ==, LD_CHECKLIST_RATING_PROHIBITED);

  /* A recommendation needs its rationale, and approval is impossible. */
  press (f, "recommend-approval");
  g_assert_nonnull (strstr (ld_assessment_page_get_error (f->page), "Write the rationale"));
  gtk_editable_set_text (ld_assessment_page_get_field (f->page, "rationale"), "The record shows no risk");
  press (f, "recommend-approval");
  g_assert_nonnull (strstr (ld_assessment_page_get_error (f->page), "rated prohibited"));
  g_assert_cmpstr (ld_assessment_page_get_case_status (f->page), ==, "under_assessment");
  maybe_screenshot (f, "assessment-prohibited.png");
  printable = ld_assessment_page_printable_text (f->page);
  g_assert_nonnull (strstr (printable, "att6-embargo [ATT-6.1]"));
  g_assert_nonnull (strstr (printable, "From the record: transit KP"));

  gtk_editable_set_text (ld_assessment_page_get_field (f->page, "rationale"), "Transit through an embargoed state");
  press (f, "recommend-refusal");
  g_assert_null (ld_assessment_page_get_error (f->page));
  g_assert_cmpstr (ld_assessment_page_get_case_status (f->page), ==, "recommended_refusal");

  /* The senior officer refuses, with the criteria the answers support. */
  open_page (f, "olena", ref);
  g_assert_false (gtk_widget_get_visible (ld_assessment_page_get_button (f->page, "approve")));
  g_assert_nonnull (strstr (gtk_editable_get_text (ld_assessment_page_get_field (f->page, "criteria")), "ATT-6.1"));
  gtk_editable_set_text (ld_assessment_page_get_field (f->page, "rationale"), "ATT Article 6 prohibits the transfer");
  press (f, "refuse");
  g_assert_null (ld_assessment_page_get_error (f->page));
  g_assert_cmpstr (ld_assessment_page_get_case_status (f->page), ==, "refused");
}

static void
test_clean_case_approved (Fixture       *f,
                          gconstpointer  data)
{
  g_autofree char *ref = new_case (f, "clean.json", "DE");
  GtkWidget *gap;

  open_page (f, "maria", ref);
  g_assert_cmpint (ld_assessment_page_get_rating (f->page), !=, LD_CHECKLIST_RATING_PROHIBITED);
  answer_the_rest (f);
  g_assert_cmpint (ld_assessment_page_get_rating (f->page), <, LD_CHECKLIST_RATING_HIGH);

  /* The rating follows the answers; a risk answer without evidence is marked. */
  gap = ld_assessment_page_get_gap_label (f->page, "att7-gbv");
  gtk_editable_set_text (ld_assessment_page_get_notes (f->page, "att7-gbv"), "");
  g_assert_true (ld_assessment_page_set_answer (f->page, "att7-gbv", LD_CHECKLIST_ANSWER_YES));
  g_assert_cmpint (ld_assessment_page_get_rating (f->page), ==, LD_CHECKLIST_RATING_HIGH);
  g_assert_true (gtk_widget_get_visible (gap));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (gap)), "without the written evidence"));
  /* Saved so, it is refused with the reason and nothing is stored. */
  press (f, "save");
  g_assert_nonnull (strstr (ld_assessment_page_get_error (f->page), "needs written evidence"));
  g_assert_true (ld_assessment_page_set_answer (f->page, "att7-gbv", LD_CHECKLIST_ANSWER_NO));
  gtk_editable_set_text (ld_assessment_page_get_notes (f->page, "att7-gbv"), "UN and NGO reports checked");
  g_assert_false (gtk_widget_get_visible (gap));
  g_assert_cmpint (ld_assessment_page_get_rating (f->page), <, LD_CHECKLIST_RATING_HIGH);
  press (f, "save");
  g_assert_null (ld_assessment_page_get_error (f->page));
  g_assert_cmpuint (ld_assessment_page_get_assessment (f->page)->gaps->len, ==, 0);

  gtk_editable_set_text (ld_assessment_page_get_field (f->page, "rationale"),
                         "No Article 6 or 7 risk; the diversion indicators are answered");
  press (f, "recommend-approval");
  g_assert_null (ld_assessment_page_get_error (f->page));
  g_assert_cmpstr (ld_assessment_page_get_case_status (f->page), ==, "recommended_approval");

  open_page (f, "olena", ref);
  gtk_editable_set_text (ld_assessment_page_get_field (f->page, "rationale"), "Countersigned: the assessment holds");
  press (f, "approve");
  g_assert_null (ld_assessment_page_get_error (f->page));
  g_assert_cmpstr (ld_assessment_page_get_case_status (f->page), ==, "approved");
  maybe_screenshot (f, "assessment-approved.png");
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *root = g_dir_make_tmp ("ld-test-assessment-home-XXXXXX", NULL);
  g_autofree char *command = g_strdup_printf ("rm -rf '%s'", root);
  int status;

  data_home = g_build_filename (root, "data", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  ld_ui_init ();
  g_assert_nonnull (g_getenv ("LD_ADMIN"));
  g_test_add ("/assessment/embargoed-transit-prohibited", Fixture, NULL, fixture_set_up,
              test_embargoed_transit_prohibited, fixture_tear_down);
  g_test_add ("/assessment/clean-case-approved", Fixture, NULL, fixture_set_up, test_clean_case_approved,
              fixture_tear_down);
  status = g_test_run ();
  g_free (data_home);
  if (system (command) != 0)
    status = 1;
  return status;
}
