/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The case form in the real window: an officer records a whole export case
 * (parties of four roles, a route, two item lines with their ITI marking and
 * 500 serial numbers), sees bad input refused beside the field with the
 * words licence-desk-admin uses, and submits it; then, still in the window,
 * assesses it, amends it, attaches the scanned end-use certificate, answers
 * the diversion-risk assessment, recommends it, and a senior officer
 * approves it (issue 17). */
#include "config.h"

#include <string.h>
#include <adwaita.h>

#include "ld-applications-page.h"
#include "ld-assessment-page.h"
#include "ld-broker.h"
#include "ld-brokering-authorisation.h"
#include "ld-case-form-private.h"
#include "ld-case-intake.h"
#include "ld-case-json.h"
#include "ld-case-page-private.h"
#include "ld-demo.h"
#include "ld-test-display.h"
#include "ld-test-list.h"
#include "ld-test-util.h"
#include "ld-ui.h"
#include "ld-user-repo.h"
#include "ld-window.h"

typedef struct
{
  char               *dir;
  LdStore            *store;
  GSettings          *settings;
  LdWindow           *window;
  LdApplicationsPage *page;
  LdCaseForm         *form;
  char               *broker_name;
  char               *broker_number;
  char               *authorisation;
} Fixture;

static void
spin_for (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
settled (gpointer data)
{
  g_main_context_iteration (NULL, FALSE);
  return !ld_applications_page_is_busy (data);
}

/* A registered broker of the demonstration data with an authorisation for a
 * deal that no case names yet, granted by a senior officer. */
static void
authorise_a_broker (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) senior = ld_user_repo_find (f->store, "demo.senior", &error);
  g_autoptr(GPtrArray) brokers = ld_case_intake_broker_candidates (f->store, "", 200, &error);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) later = g_date_time_add_days (now, 30);
  g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
  g_autofree char *until = g_date_time_format (later, "%Y-%m-%d");

  g_assert_no_error (error);
  for (guint i = 0; i < brokers->len && f->authorisation == NULL; i++)
    {
      LdBrokerCandidate *c = brokers->pdata[i];

      if (g_strcmp0 (c->status, ld_broker_status_get_title (LD_BROKER_STATUS_REGISTERED)) != 0)
        continue;
      f->authorisation = ld_broker_repo_authorise (f->store, senior, c->id, "negotiating", "Rifles to Kenya", NULL,
                                                   today, until, NULL, &error);
      /* One whose registration ends within the month cannot take it: the next one. */
      g_clear_error (&error);
      f->broker_name = g_strdup (c->name);
      f->broker_number = g_strdup (c->registration_number);
    }
  g_assert_nonnull (f->authorisation);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(LdActor) admin = NULL;
  g_autoptr(LdActor) officer = NULL;

  /* Submitting screens against the list the desk has installed. */
  ld_test_install_list (g_get_user_data_dir ());
  f->dir = g_dir_make_tmp ("ld-test-case-form-XXXXXX", NULL);
  path = g_build_filename (f->dir, "store.sqlite", NULL);
  f->store = ld_store_open (path, &error);
  g_assert_no_error (error);
  admin = ld_demo_ensure_profiles (f->store, &error);
  g_assert_no_error (error);
  g_assert_true (ld_demo_generate (f->store, admin, 60, 3, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  authorise_a_broker (f);
  officer = ld_user_repo_find (f->store, "demo.officer", &error);
  g_assert_no_error (error);

  f->settings = g_settings_new (APP_ID);
  f->window = ld_window_new (NULL, f->settings);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  ld_window_set_store (f->window, f->store);
  ld_window_set_actor (f->window, officer);
  ld_window_select_section (f->window, "applications");
  f->page = LD_APPLICATIONS_PAGE (ld_window_get_page (f->window, "applications"));
  /* Ctrl+N: a new record of the section on screen, here an application. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-record", NULL));
  g_assert_cmpstr (ld_applications_page_get_view (f->page), ==, "form");
  f->form = ld_applications_page_get_form (f->page);
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
  g_free (f->broker_name);
  g_free (f->broker_number);
  g_free (f->authorisation);
}

static void
type_into (LdCaseForm *form,
           const char *field,
           const char *text)
{
  LdFormField *entry = ld_case_form_get_form_field (form, field);

  if (entry == NULL)
    g_error ("no field %s in the case form", field);
  ld_form_field_set_text (entry, text);
}

/* What licence-desk-admin application import --json says of @json. */
static char *
cli_message (const char *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCase) c = ld_case_from_json_data (json, -1, &error);

  if (c != NULL)
    ld_case_validate (c, FALSE, &error);
  g_assert_nonnull (error);
  return g_strdup (error->message);
}

/* Typing @bad into @field shows, beside it, exactly what the CLI says of the
 * same value in @json, and Save is off until it is corrected to @good. */
static void
assert_refused_like_cli (Fixture    *f,
                         const char *field,
                         const char *bad,
                         const char *good,
                         const char *json)
{
  g_autofree char *expected = cli_message (json);

  type_into (f->form, field, bad);
  g_assert_cmpstr (ld_case_form_get_field_error (f->form, field), ==, expected);
  if (g_str_equal (field, "item1.quantity"))
    {
      spin_for (300);
      ld_case_form_scroll_to (f->form, GTK_WIDGET (ld_case_form_get_item_editor (f->form, 1)));
      spin_for (300);
      ld_test_save_screenshot (GTK_WIDGET (f->window), "case-form-refused-quantity.png");
    }
  g_assert_false (ld_case_form_is_valid (f->form));
  g_assert_false (gtk_widget_get_sensitive (ld_case_form_get_save_button (f->form)));
  type_into (f->form, field, good);
  g_assert_null (ld_case_form_get_field_error (f->form, field));
}

static void
fill_parties (Fixture *f)
{
  LdCasePartyEditor *broker;

  type_into (f->form, "applicant.name", "Nordvik Arms AB");
  /* A country is found by its name as well as by its code. */
  type_into (f->form, "applicant.country", "Sweden");
  type_into (f->form, "applicant.address", "Industrigatan 4\n891 33 Örnsköldsvik");
  type_into (f->form, "applicant.identifiers", "Org. nr 556123-4567");
  type_into (f->form, "consignee.name", "Ministry of Interior, Republic of Kenya");
  type_into (f->form, "consignee.country", "KE");
  type_into (f->form, "consignee.address", "Harambee House, Nairobi");
  type_into (f->form, "end_user.name", "National Police Service");
  type_into (f->form, "end_user.country", "KE");
  type_into (f->form, "end_user.address", "Vigilance House, Nairobi");

  /* The broker is picked from the register: number and authorisation come with it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.add-party", "s", "broker"));
  g_assert_cmpuint (ld_case_form_get_n_parties (f->form), ==, 4);
  broker = ld_case_form_get_party_editor (f->form, 4);
  ld_case_party_editor_search_brokers (broker, f->broker_name);
  while (ld_case_party_editor_get_n_brokers (broker) == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (ld_case_party_editor_pick_broker (broker, 0));
  g_assert_cmpstr (gtk_editable_get_text (ld_case_form_get_field (f->form, "broker.name")), ==, f->broker_name);
  g_assert_cmpstr (gtk_editable_get_text (ld_case_form_get_field (f->form, "broker.broker_registration")), ==,
                   f->broker_number);
  g_assert_cmpstr (gtk_editable_get_text (ld_case_form_get_field (f->form, "broker.broker_authorisation")), ==,
                   f->authorisation);
}

static void
fill_route_and_case (Fixture *f)
{
  type_into (f->form, "applicant_reference", "NV-EXP-2026-117");
  type_into (f->form, "contract_reference", "NV/KE/2026/04");
  type_into (f->form, "contract_date", "2026-01-15");
  type_into (f->form, "euc_reference", "EUC-KE-2026-0042");
  type_into (f->form, "end_use", "Service rifles and pistols for the National Police Service.");
  type_into (f->form, "origin", "SE");
  type_into (f->form, "export", "SE");
  type_into (f->form, "destination", "Kenya");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.add-transit", NULL));
  type_into (f->form, "transit1", "DE");
}

static void
fill_item (Fixture    *f,
           guint       line,
           const char *category,
           const char *description,
           const char *quantity,
           const char *model,
           const char *calibre)
{
  const char *values[][2] = {
    { "description", description }, { "quantity", quantity }, { "manufacturer", "Nordvik Vapen AB" },
    { "model", model }, { "calibre", calibre }, { "unit_value", "1450.00" }, { "currency", "eur" },
    { "control_entry", "ML1" }, { "hs_code", "930190" }, { "manufacturer_marking", "NORDVIK ÖVIK SWEDEN" },
    { "manufacture_country", "SE" }, { "manufacture_year", "2025" }, { "import_marking_country", "KE" },
    { "import_marking_year", "2026" }, { "control_component", "lower receiver" },
  };

  g_assert_true (ld_case_item_editor_set_category (ld_case_form_get_item_editor (f->form, line), category));
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *field = g_strdup_printf ("item%u.%s", line, values[i][0]);

      type_into (f->form, field, values[i][1]);
    }
}

static char *
serials (const char *prefix,
         guint       n)
{
  GString *text = g_string_new (NULL);

  for (guint i = 1; i <= n; i++)
    g_string_append_printf (text, "%s-%05u\n", prefix, i);
  return g_string_free (text, FALSE);
}

static void
check_bad_input (Fixture *f)
{
  assert_refused_like_cli (f, "party2.country", "XK1", "KE",
    "{\"kind\":\"export\",\"parties\":[{\"role\":\"applicant\",\"name\":\"A\"},"
    "{\"role\":\"consignee\",\"name\":\"B\",\"country\":\"XK1\"}]}");
  assert_refused_like_cli (f, "item1.currency", "EUX", "EUR",
    "{\"kind\":\"export\",\"items\":[{\"category\":\"rifles_carbines\",\"quantity\":3,\"unit_value\":\"1.00\","
    "\"currency\":\"EUX\"}]}");
  assert_refused_like_cli (f, "item2.manufacture_year", "20244", "2025",
    "{\"kind\":\"export\",\"items\":[{\"category\":\"rifles_carbines\",\"quantity\":3},"
    "{\"category\":\"rifles_carbines\",\"quantity\":3,\"manufacture_year\":\"20244\"}]}");
  assert_refused_like_cli (f, "contract_date", "2026-02-30", "2026-01-15",
    "{\"kind\":\"export\",\"contract_date\":\"2026-02-30\"}");
  assert_refused_like_cli (f, "item1.quantity", "-3", "300",
    "{\"kind\":\"export\",\"items\":[{\"category\":\"rifles_carbines\",\"quantity\":-3}]}");
  /* A rule across fields is shown beside the field it names too. */
  assert_refused_like_cli (f, "transit1", "KE", "DE",
    "{\"kind\":\"export\",\"route\":{\"destination\":\"KE\",\"transit\":[\"KE\"]}}");
}

/* Bad lines of a paste are listed; choosing one selects it, to be corrected. */
static void
check_serial_problems (Fixture *f)
{
  LdCaseItemEditor *line = ld_case_form_get_item_editor (f->form, 1);
  g_autofree char *good = serials ("NV1", 298);
  g_autofree char *pasted = g_strconcat (good, "NV1-00001\nNV1 00299 ??\n", NULL);

  ld_case_form_paste_serials (f->form, 1, pasted);
  g_assert_cmpuint (ld_case_item_editor_get_n_problems (line), ==, 2);
  g_assert_false (ld_case_form_is_valid (f->form));
  g_assert_true (ld_case_item_editor_show_problem (line, 0));
  spin_for (300);
  ld_case_form_scroll_to (f->form, GTK_WIDGET (ld_case_form_get_form_field (f->form, "item1.manufacturer_marking")));
  spin_for (300);
  ld_test_save_screenshot (GTK_WIDGET (f->window), "case-form-bad-serial-lines.png");
  {
    g_autofree char *fixed = g_strconcat (good, "NV1-00299\nNV1-00300\n", NULL);

    ld_case_form_paste_serials (f->form, 1, fixed);
  }
  g_assert_cmpuint (ld_case_item_editor_get_n_problems (line), ==, 0);
}

/* The form at the top, at its parties, its route and its item lines. */
static void
screenshot_at (Fixture *f,
               int      width,
               int      height)
{
  GtkWidget *parts[] = { NULL, GTK_WIDGET (ld_case_form_get_party_editor (f->form, 3)),
                         GTK_WIDGET (ld_case_form_get_form_field (f->form, "origin")),
                         GTK_WIDGET (ld_case_form_get_item_editor (f->form, 1)),
                         GTK_WIDGET (ld_case_form_get_item_editor (f->form, 2)) };
  const char *names[] = { "top", "parties", "route", "item1", "item2" };

  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  while (ABS (gtk_widget_get_width (GTK_WIDGET (f->window)) - width) > 40 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  spin_for (400);
  g_assert_cmpint (ABS (gtk_widget_get_width (GTK_WIDGET (f->window)) - width), <=, 40);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *name = g_strdup_printf ("case-form-%dx%d-%s.png", width, height, names[i]);

      ld_case_form_scroll_to (f->form, parts[i]);
      spin_for (200);
      ld_test_save_screenshot (GTK_WIDGET (f->window), name);
    }
}

/* The decided case's page at the top and at each of its lists, as the
 * officer scrolls to them. */
static void
case_page_screenshots (Fixture    *f,
                       LdCasePage *page,
                       int         width,
                       int         height)
{
  GtkWidget *parts[] = { GTK_WIDGET (page->title), page->route_group, page->items_group, page->screening_group,
                         page->history_group };
  const char *names[] = { "top", "route", "items", "screening", "history" };
  GtkAdjustment *scroll = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (page->scroller));
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  while (ABS (gtk_widget_get_width (GTK_WIDGET (f->window)) - width) > 40 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  spin_for (400);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      g_autofree char *name = g_strdup_printf ("case-page-%dx%d-%s.png", width, height, names[i]);
      graphene_point_t at;

      g_assert_true (gtk_widget_compute_point (parts[i], page->content, &GRAPHENE_POINT_INIT (0, 0), &at));
      gtk_adjustment_set_value (scroll, at.y - 12);
      spin_for (200);
      ld_test_save_screenshot (GTK_WIDGET (f->window), name);
    }
}

static gboolean
case_page_idle (gpointer page)
{
  g_main_context_iteration (NULL, FALSE);
  return !ld_case_page_is_busy (page) && ld_case_page_get_record (page) != NULL;
}

static gboolean
one_document (gpointer page)
{
  g_main_context_iteration (NULL, FALSE);
  return _ld_case_page_get_n_documents (page) == 1 || _ld_case_page_get_documents_error (page) != NULL;
}

/* Presses a step's button as the officer does, with the rationale a
 * recommendation or decision needs; the step must be offered and enabled. */
static void
take_step (LdCasePage   *page,
           LdCaseAction  step,
           const char   *action)
{
  GtkWidget *button = ld_case_page_get_step_button (page, step);

  if (!gtk_widget_is_sensitive (button))
    g_error ("%s is held back: %s", action, gtk_widget_get_tooltip_text (button));
  g_assert_true (gtk_widget_get_visible (button));
  ld_case_page_set_refusal (page, "ATT-11", "The broker holds no authorisation for this deal; risk of diversion.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), action, NULL));
  ld_test_spin_until (case_page_idle, page);
  g_assert_null (ld_case_page_get_error (page));
}

/* After assessment the end use changes: a second version, with its reason,
 * shown beside the first. */
static void
amend_in_window (LdCasePage *page)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.amend", NULL));
  gtk_editable_set_text (_ld_case_page_get_amend_field (page, 0), "Service rifles and pistols for the border police");
  gtk_editable_set_text (_ld_case_page_get_amend_reason (page), "The end user named the units in its letter");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.save-amendment", NULL));
  ld_test_spin_until (case_page_idle, page);
  g_assert_null (_ld_case_page_get_amend_error (page));
  g_assert_null (ld_case_page_get_error (page));
  g_assert_cmpint (ld_case_page_get_record (page)->current_version, ==, 2);
  g_assert_cmpint (ld_case_page_get_record (page)->status, ==, LD_CASE_STATUS_UNDER_ASSESSMENT);
  g_assert_cmpuint (ld_case_page_get_n_compared (page), >=, 1);
  /* Screened again at once with the amendment. */
  g_assert_null (ld_case_page_get_screen_button (page));
}

/* The scanned end-use certificate, through the action the file chooser
 * hands its path to. */
static void
attach_certificate (Fixture    *f,
                    LdCasePage *page)
{
  g_autofree char *path = g_build_filename (f->dir, "euc-scan.pdf", NULL);
  static const char pdf[] = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

  g_assert_true (g_file_set_contents (path, pdf, sizeof pdf - 1, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.attach-file", "s", path));
  ld_test_spin_until (one_document, page);
  g_assert_null (_ld_case_page_get_documents_error (page));
  g_assert_cmpuint (_ld_case_page_get_n_documents (page), ==, 1);
}

static LdAssessmentPage *
assessment_window_page (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);
      GtkWidget *child = GTK_IS_WINDOW (window) ? gtk_window_get_child (GTK_WINDOW (window)) : NULL;

      if (child && LD_IS_ASSESSMENT_PAGE (child))
        return LD_ASSESSMENT_PAGE (child);
    }
  return NULL;
}

static gboolean
assessment_idle (gpointer data)
{
  LdAssessmentPage *page = assessment_window_page ();

  g_main_context_iteration (NULL, FALSE);
  return page != NULL && !ld_assessment_page_is_busy (page) && ld_assessment_page_get_assessment (page) != NULL;
}

/* The diversion-risk assessment in its window, opened from the case page:
 * every question the record left open answered with a note, and saved. */
static void
assess_in_window (LdCasePage *page)
{
  LdAssessmentPage *assessment;
  const LdChecklistAssessment *a;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "case.assessment", NULL));
  ld_test_spin_until (assessment_idle, NULL);
  assessment = assessment_window_page ();
  a = ld_assessment_page_get_assessment (assessment);
  for (guint i = 0; i < a->template_->questions->len; i++)
    {
      const LdChecklistQuestion *q = g_ptr_array_index (a->template_->questions, i);

      if (!gtk_widget_get_sensitive (GTK_WIDGET (ld_assessment_page_get_answer (assessment, q->id))))
        continue;   /* the record answered it */
      g_assert_true (ld_assessment_page_set_answer (assessment, q->id, ld_checklist_is_risk (q, LD_CHECKLIST_ANSWER_NO)
                                                                       ? LD_CHECKLIST_ANSWER_NOT_APPLICABLE
                                                                       : LD_CHECKLIST_ANSWER_NO));
      gtk_editable_set_text (ld_assessment_page_get_notes (assessment, q->id), "Sources in the guidance checked");
    }
  g_signal_emit_by_name (ld_assessment_page_get_button (assessment, "save"), "clicked");
  ld_test_spin_until (assessment_idle, NULL);
  g_assert_null (ld_assessment_page_get_error (assessment));
  g_assert_cmpuint (ld_assessment_page_get_assessment (assessment)->gaps->len, ==, 0);
  gtk_window_destroy (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (assessment))));
}

/* From submitted to a decision on the case page, as the officer and then a
 * senior officer do it. The broker's authorisation was granted before the
 * case existed, so it names no case: the page holds approval back and says
 * why, and the case is refused for it. */
static void
decide_in_window (Fixture    *f,
                  LdCasePage *page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(LdActor) senior = ld_user_repo_find (f->store, "demo.senior", &error);
  g_autofree char *id = g_strdup (ld_case_page_get_record (page)->reference);
  GtkWidget *approval;

  g_assert_no_error (error);
  take_step (page, LD_CASE_ACTION_ASSESS, "case.assess");
  g_assert_cmpint (ld_case_page_get_record (page)->status, ==, LD_CASE_STATUS_UNDER_ASSESSMENT);
  amend_in_window (page);
  attach_certificate (f, page);
  assess_in_window (page);
  ld_case_page_open (page, id, 0);
  ld_test_spin_until (case_page_idle, page);
  approval = ld_case_page_get_step_button (page, LD_CASE_ACTION_RECOMMEND_APPROVAL);
  g_assert_false (gtk_widget_is_sensitive (approval));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (approval), "not for this case"));
  g_assert_null (strstr (gtk_widget_get_tooltip_text (approval), "No diversion-risk assessment"));
  take_step (page, LD_CASE_ACTION_RECOMMEND_REFUSAL, "case.recommend-refusal");
  g_assert_cmpint (ld_case_page_get_record (page)->status, ==, LD_CASE_STATUS_RECOMMENDED_REFUSAL);
  ld_window_set_actor (f->window, senior);
  ld_case_page_open (page, id, 0);
  ld_test_spin_until (case_page_idle, page);
  take_step (page, LD_CASE_ACTION_REFUSE, "case.refuse");
  g_assert_cmpint (ld_case_page_get_record (page)->status, ==, LD_CASE_STATUS_REFUSED);
  g_assert_cmpint (ld_case_page_get_record (page)->version, ==, 2);
  g_assert_cmpint (ld_case_count_serials (ld_case_page_get_record (page)->data), ==, 500);
  case_page_screenshots (f, page, 1280, 800);
  case_page_screenshots (f, page, 1920, 1080);
}

static void
test_full_export_case (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *second = serials ("NV2", 200);
  LdCasePage *case_page = ld_applications_page_get_case_page (f->page);
  const LdCase *saved;
  const LdCaseItem *it;
  const LdCaseParty *broker;

  fill_route_and_case (f);
  fill_parties (f);
  fill_item (f, 1, "rifles_carbines", "Self-loading rifles 7.62x51 mm", "300", "NV-16", "7.62x51 mm");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.add-item", NULL));
  fill_item (f, 2, "revolvers_pistols", "Self-loading pistols 9x19 mm", "200", "NV-P9", "9x19 mm");
  /* A polymer-framed pistol: its marking is on a metal insert. */
  gtk_check_button_set_active (ld_case_item_editor_get_check (ld_case_form_get_item_editor (f->form, 2),
                                                              "polymer_insert"), TRUE);
  check_serial_problems (f);
  ld_case_form_paste_serials (f->form, 2, second);
  screenshot_at (f, 1280, 800);
  screenshot_at (f, 1920, 1080);
  check_bad_input (f);

  g_assert_cmpstr (ld_case_form_get_message (f->form), ==, "Complete: save it and submit it.");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.save", NULL));
  ld_test_spin_until (settled, f->page);
  if (g_strcmp0 (ld_applications_page_get_view (f->page), "case") != 0)
    g_error ("not saved: %s", ld_case_form_get_message (f->form));

  saved = ld_case_page_get_record (case_page)->data;
  g_assert_cmpstr (saved->destination_country, ==, "KE");
  g_assert_cmpuint (saved->transit->len, ==, 1);
  g_assert_cmpstr (saved->contract_date, ==, "2026-01-15");
  g_assert_cmpuint (saved->parties->len, ==, 4);
  g_assert_cmpstr (((LdCaseParty *) saved->parties->pdata[0])->country, ==, "SE");
  g_assert_cmpstr (((LdCaseParty *) saved->parties->pdata[0])->address, ==, "Industrigatan 4\n891 33 Örnsköldsvik");
  broker = ld_case_find_party (saved, "broker");
  g_assert_cmpstr (broker->broker_registration, ==, f->broker_number);
  g_assert_cmpstr (broker->broker_authorisation, ==, f->authorisation);
  g_assert_cmpuint (saved->items->len, ==, 2);
  g_assert_cmpint (ld_case_count_serials (saved), ==, 500);
  it = saved->items->pdata[1];
  g_assert_cmpstr (it->manufacturer_marking, ==, "NORDVIK ÖVIK SWEDEN");
  g_assert_cmpint (it->manufacture_year, ==, 2025);
  g_assert_cmpstr (it->import_marking_country, ==, "KE");
  g_assert_cmpint (it->import_marking_year, ==, 2026);
  g_assert_cmpstr (it->control_component, ==, "lower receiver");
  g_assert_cmpstr (it->marking_method, ==, "metal insert");
  g_assert_cmpstr (it->currency, ==, "EUR");
  g_assert_cmpstr (((LdCaseItem *) saved->items->pdata[0])->category, ==, "rifles_carbines");

  /* The stored case read back into a form is the same case, every field. */
  {
    g_autoptr(GError) error = NULL;
    LdCaseForm *again = LD_CASE_FORM (g_object_ref_sink (ld_case_form_new (f->store)));
    g_autoptr(LdCase) shown = NULL;
    g_autoptr(GPtrArray) changes = NULL;

    ld_case_form_load_case (again, saved);
    shown = ld_case_form_get_case (again, &error);
    g_assert_no_error (error);
    changes = ld_case_diff (saved, shown);
    for (guint i = 0; i < changes->len; i++)
      g_printerr ("# differs: %s\n", ((LdCaseChange *) changes->pdata[i])->field);
    g_assert_cmpuint (changes->len, ==, 0);
    g_object_run_dispose (G_OBJECT (again));
    g_object_unref (again);
  }

  {
    GtkWidget *submit = ld_case_page_get_step_button (case_page, LD_CASE_ACTION_SUBMIT);

    g_assert_true (gtk_widget_is_sensitive (submit));
    g_signal_emit_by_name (submit, "clicked");
    ld_test_spin_until (settled, f->page);
    g_assert_cmpint (ld_case_page_get_record (case_page)->status, ==, LD_CASE_STATUS_SUBMITTED);
  }
  decide_in_window (f, case_page);
}

static gboolean
known_party_found (gpointer data)
{
  g_main_context_iteration (NULL, FALSE);
  return ld_case_form_use_known_party (data, "end_user", "National Police Service");
}

/* A party of an earlier case is offered again with its address. */
static void
test_known_party (Fixture       *f,
                  gconstpointer  data)
{
  fill_route_and_case (f);
  fill_parties (f);
  fill_item (f, 1, "rifles_carbines", "Self-loading rifles", "2", "NV-16", "7.62x51 mm");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.save", NULL));
  ld_test_spin_until (settled, f->page);
  g_assert_cmpstr (ld_applications_page_get_view (f->page), ==, "case");

  ld_applications_page_new_case (f->page);
  type_into (f->form, "end_user.name", "Na");
  ld_test_spin_until (known_party_found, f->form);
  g_assert_cmpstr (gtk_editable_get_text (ld_case_form_get_field (f->form, "end_user.country")), ==, "KE");
  {
    g_autofree char *address = ld_form_field_get_text (ld_case_form_get_form_field (f->form, "end_user.address"));

    g_assert_cmpstr (address, ==, "Vigilance House, Nairobi");
  }
  g_assert_false (ld_case_form_use_known_party (f->form, "end_user", "Nobody Known"));
}

static gboolean
serials_imported (gpointer data)
{
  g_main_context_iteration (NULL, FALSE);
  return ld_case_item_editor_get_n_problems (data) > 0;
}

/* Serial numbers from a file: its bad lines are listed like a paste's. */
static void
test_serials_from_file (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = g_build_filename (f->dir, "serials.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  LdCaseItemEditor *line = ld_case_form_get_item_editor (f->form, 1);

  g_assert_true (g_file_set_contents (path, "NV-1\nNV-2\nNV-1\n", -1, NULL));
  type_into (f->form, "item1.quantity", "3");
  _ld_case_form_import_serials_file (f->form, 1, file);
  ld_test_spin_until (serials_imported, line);
  g_assert_cmpuint (ld_case_item_editor_get_n_problems (line), ==, 1);
  g_assert_nonnull (strstr (ld_case_form_get_message (f->form), "Line 3: serial number “NV-1” repeats line 1."));
}

/* Transit countries and parties taken out: the rest are numbered again,
 * and the messages name them by their new numbers. */
static void
test_lines_come_and_go (Fixture       *f,
                        gconstpointer  data)
{
  const char *route[] = { "DE", "FR", "IT" };

  for (guint i = 0; i < G_N_ELEMENTS (route); i++)
    {
      g_autofree char *field = g_strdup_printf ("transit%u", i + 1);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.add-transit", NULL));
      type_into (f->form, field, route[i]);
    }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.remove-transit", "u", 2));
  g_assert_null (ld_case_form_get_form_field (f->form, "transit3"));
  g_assert_cmpstr (gtk_editable_get_text (ld_case_form_get_field (f->form, "transit2")), ==, "IT");
  type_into (f->form, "destination", "IT");
  g_assert_cmpstr (ld_case_form_get_field_error (f->form, "transit2"), ==,
                   "Transit country 2 (IT) is the final destination; the transit list names only countries "
                   "crossed on the way.");

  type_into (f->form, "end_user.name", "National Police Service");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.add-party", "s", "carrier"));
  g_assert_cmpuint (ld_case_form_get_n_parties (f->form), ==, 4);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->form), "form.remove-party", "u", 2));
  g_assert_cmpuint (ld_case_form_get_n_parties (f->form), ==, 3);
  g_assert_null (ld_case_form_get_form_field (f->form, "consignee.name"));
  g_assert_cmpstr (gtk_editable_get_text (ld_case_form_get_field (f->form, "party2.name")), ==,
                   "National Police Service");
  g_assert_cmpstr (ld_form_field_get_message_name (ld_case_form_get_form_field (f->form, "carrier.country")), ==,
                   "Party 3: country");
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();
  ld_ui_init ();

  g_test_add ("/case-form/full-export-case", Fixture, NULL, fixture_setup, test_full_export_case, fixture_teardown);
  g_test_add ("/case-form/lines-come-and-go", Fixture, NULL, fixture_setup, test_lines_come_and_go,
              fixture_teardown);
  g_test_add ("/case-form/known-party", Fixture, NULL, fixture_setup, test_known_party, fixture_teardown);
  g_test_add ("/case-form/serials-from-file", Fixture, NULL, fixture_setup, test_serials_from_file,
              fixture_teardown);
  return g_test_run ();
}
