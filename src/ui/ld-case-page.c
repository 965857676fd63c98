/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-page"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <adwaita.h>

#include "ld-case-gate.h"
#include "ld-case-page.h"
#include "ld-assessment-page.h"
#include "ld-case-task.h"
#include "ld-print.h"
#include "ld-country.h"

/* One transfer application: its route in order, parties, items with their
 * serial counts, documents and history; the workflow steps the signed-in
 * person may take; and two versions side by side. */
struct _LdCasePage
{
  GtkWidget      parent_instance;

  GtkWidget     *scroller;
  GtkWidget     *content;
  GtkLabel      *title;
  GtkLabel      *subtitle;
  GtkLabel      *error_label;
  GtkWidget     *steps_box;
  GtkWidget     *gate_box;     /* next to the steps: why a step is held back */
  GPtrArray     *unmet_approval;  /* (nullable) what the decision gate still waits for */
  GPtrArray     *unmet_refusal;
  GtkWidget     *step_buttons[LD_CASE_N_ACTIONS];
  GtkEntry      *criteria_entry;
  GtkEntry      *rationale_entry;
  GtkWidget     *details;      /* rebuilt on every load */
  GtkWidget     *screen_button; /* in details, while the current version is unscreened */
  GtkWidget     *print_button;  /* refused cases: the refusal notice */
  GtkWidget     *issue_button;  /* an approved case becomes a licence */
  GtkWidget     *issue_terms;   /* validity and conditions, beside the button */
  GtkEditable   *issue_fields[4];  /* valid from, valid until, condition codes, a written condition */
  GtkLabel      *licence_label;
  char          *licence_number; /* (nullable) the licence issued for the case */

  LdStore       *store;
  LdActor       *actor;
  LdCaseRecord  *record;
  GCancellable  *cancellable;
  char          *error;
  guint          n_compared;
  gboolean       busy;
  gboolean       printing;
};

G_DEFINE_FINAL_TYPE (LdCasePage, ld_case_page, GTK_TYPE_WIDGET)

static const char *step_titles[] = {
  [LD_CASE_ACTION_SUBMIT] = N_("Submit"),
  [LD_CASE_ACTION_ASSESS] = N_("Start Assessment"),
  [LD_CASE_ACTION_REQUEST_INFO] = N_("Request Information"),
  [LD_CASE_ACTION_ANSWER_INFO] = N_("Information Answered"),
  [LD_CASE_ACTION_RECOMMEND_APPROVAL] = N_("Recommend Approval"),
  [LD_CASE_ACTION_RECOMMEND_REFUSAL] = N_("Recommend Refusal"),
  [LD_CASE_ACTION_APPROVE] = N_("Approve"),
  [LD_CASE_ACTION_REFUSE] = N_("Refuse"),
  [LD_CASE_ACTION_WITHDRAW] = N_("Withdraw"),
};

static void load (LdCasePage *self, LdCaseTaskInput *input);

/* Submission screens against the list the Screening page shows: the folder
 * in the settings, read here on the UI thread. */
static char *
installed_list_dir (void)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *dir = g_settings_get_string (settings, "sanctions-list-dir");

  return dir[0] ? g_steal_pointer (&dir) : NULL;
}

static void
set_error (LdCasePage *self,
           const char *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

/* Steps towards a licence, and steps towards a refusal, each held back by
 * the decision gate until its conditions are met. */
static GPtrArray *
unmet_for (LdCasePage   *self,
           LdCaseAction  action)
{
  if (action == LD_CASE_ACTION_RECOMMEND_APPROVAL || action == LD_CASE_ACTION_APPROVE)
    return self->unmet_approval;
  if (action == LD_CASE_ACTION_RECOMMEND_REFUSAL || action == LD_CASE_ACTION_REFUSE)
    return self->unmet_refusal;
  return NULL;
}

/* A held-back button says why, for a pointer and for a screen reader. */
static void
explain_button (GtkWidget *button,
                GPtrArray *unmet)
{
  g_autofree char *why = NULL;

  if (unmet && unmet->len > 0)
    {
      g_ptr_array_add (unmet, NULL);
      why = g_strjoinv ("\n", (char **) unmet->pdata);
      g_ptr_array_remove_index (unmet, unmet->len - 1);
    }
  gtk_widget_set_tooltip_text (button, why);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, why ? why : "", -1);
}

/* An approved case is issued once, by a senior officer or the issuance
 * desk; the decision gate is read again by the store when it is. */
static void
update_issue (LdCasePage *self)
{
  gboolean approved = self->record && self->record->status == LD_CASE_STATUS_APPROVED &&
                      self->record->version == self->record->current_version;
  g_autofree char *text = self->licence_number ? g_strdup_printf (_("Issued as licence %s"), self->licence_number)
                                               : NULL;

  gtk_widget_set_visible (self->issue_button, approved && self->licence_number == NULL);
  gtk_widget_set_visible (self->issue_terms, approved && self->licence_number == NULL);
  gtk_widget_set_sensitive (self->issue_button, approved && !self->busy && self->licence_number == NULL &&
                            self->actor && ld_role_can (self->actor->role, LD_PERMISSION_ISSUE_LICENCES));
  gtk_label_set_text (self->licence_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->licence_label), text != NULL);
}

/* Only the steps the case allows now; permission and four-eyes are decided in
 * core when the step is taken, and a refusal is shown, not hidden. A step the
 * decision gate holds back is disabled, its conditions listed beside it. */
static void
update_steps (LdCasePage *self)
{
  for (LdCaseAction a = 0; a < LD_CASE_N_ACTIONS; a++)
    {
      gboolean possible = self->record && ld_case_action_get_target (self->record->status, a, NULL) &&
                          self->record->version == self->record->current_version;
      GPtrArray *unmet = unmet_for (self, a);
      gboolean held = unmet != NULL && unmet->len > 0;

      gtk_widget_set_visible (self->step_buttons[a], possible);
      /* The flow box wraps each button in a child of its own: hide that too,
       * or the hidden steps leave gaps between the others. */
      gtk_widget_set_visible (gtk_widget_get_parent (self->step_buttons[a]), possible);
      gtk_widget_set_sensitive (self->step_buttons[a], possible && !self->busy && !held &&
                                self->actor && ld_role_can (self->actor->role, ld_case_action_get_permission (a)));
      explain_button (self->step_buttons[a], possible ? unmet : NULL);
    }
  gtk_widget_set_visible (self->print_button, self->record && self->record->status == LD_CASE_STATUS_REFUSED);
  gtk_widget_set_sensitive (self->print_button, !self->busy && !self->printing);
  update_issue (self);
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  return label;
}

static GtkWidget *
line (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  return label;
}

static char *
country_text (const char *code)
{
  const LdCountry *c = code ? ld_country_lookup (code) : NULL;

  return c ? g_strdup_printf ("%s (%s)", ld_country_get_name (c), c->alpha2) : g_strdup (code ? code : "—");
}

static void
add_leg (GPtrArray  *legs,
         const char *what,
         const char *code)
{
  g_autofree char *where = country_text (code);

  g_ptr_array_add (legs, g_strdup_printf ("%s %s", what, where));
}

static char *
route_text (const LdCase *c)
{
  g_autoptr(GPtrArray) legs = g_ptr_array_new_with_free_func (g_free);

  if (c->origin_country)
    add_leg (legs, _("origin"), c->origin_country);
  if (c->export_country)
    add_leg (legs, _("export"), c->export_country);
  for (guint i = 0; i < c->transit->len; i++)
    {
      g_autofree char *what = g_strdup_printf (_("transit %u"), i + 1);

      add_leg (legs, what, c->transit->pdata[i]);
    }
  add_leg (legs, _("destination"), c->destination_country);
  g_ptr_array_add (legs, NULL);
  return g_strjoinv (" → ", (char **) legs->pdata);
}

static void
add_parties (GtkBox       *box,
             const LdCase *c)
{
  guint n_roles;
  const LdCaseCode *roles = ld_case_party_roles (&n_roles);

  gtk_box_append (box, heading (_("Parties")));
  for (guint i = 0; i < c->parties->len; i++)
    {
      LdCaseParty *p = c->parties->pdata[i];
      g_autofree char *where = country_text (p->country);
      /* A broker's per-deal authorisation is what the decision gate checks:
       * the officer sees which number the case names. */
      g_autofree char *text = g_strdup_printf ("%s: %s%s%s — %s%s%s%s%s", ld_case_code_title (roles, n_roles, p->role),
                                               p->name, p->other_names ? " / " : "", p->other_names ? p->other_names : "",
                                               where, p->broker_registration ? _(" — registration ") : "",
                                               p->broker_registration ? p->broker_registration : "",
                                               p->broker_authorisation ? _(" — authorisation ") : "",
                                               p->broker_authorisation ? p->broker_authorisation : "");

      gtk_box_append (box, line (text));
    }
}

static void
add_items (GtkBox       *box,
           const LdCase *c)
{
  guint n_categories;
  const LdCaseCode *categories = ld_case_item_categories (&n_categories);

  gtk_box_append (box, heading (_("Items")));
  for (guint i = 0; i < c->items->len; i++)
    {
      LdCaseItem *it = c->items->pdata[i];
      g_autofree char *text = g_strdup_printf (_("Line %u: %s — %s — quantity %lld — %s %s — %s %s — "
                                                 "%u serial numbers"),
                                               i + 1, ld_case_code_title (categories, n_categories, it->category),
                                               it->description ? it->description : "", (long long) it->quantity,
                                               it->unit_value ? it->unit_value : "", it->currency ? it->currency : "",
                                               it->control_entry ? it->control_entry : "", it->hs_code ? it->hs_code : "",
                                               it->serials->len);

      gtk_box_append (box, line (text));
    }
}

static void
add_history (GtkBox    *box,
             GPtrArray *history,
             GStrv      documents)
{
  gtk_box_append (box, heading (_("Documents")));
  if (documents == NULL || documents[0] == NULL)
    gtk_box_append (box, line (_("No documents attached.")));
  for (guint i = 0; documents && documents[i]; i++)
    gtk_box_append (box, line (documents[i]));
  gtk_box_append (box, heading (_("History")));
  for (guint i = 0; history && i < history->len; i++)
    {
      LdCaseEvent *e = history->pdata[i];
      g_autofree char *text = g_strdup_printf ("%.16s  %s → %s  %s (%s)%s%s", e->at, e->action, e->to_status,
                                               e->actor_login, e->role, e->note ? " — " : "", e->note ? e->note : "");

      gtk_box_append (box, line (text));
    }
}

/* Two versions side by side: only the fields that differ, old left, new right. */
static void
add_comparison (LdCasePage         *self,
                GtkBox             *box,
                const LdCaseRecord *older)
{
  g_autoptr(GPtrArray) changes = ld_case_diff (older->data, self->record->data);
  g_autofree char *title = g_strdup_printf (_("Version %d and version %d side by side"), older->version,
                                            self->record->version);
  g_autofree char *left = g_strdup_printf (_("Version %d"), older->version);
  g_autofree char *right = g_strdup_printf (_("Version %d"), self->record->version);
  GtkGrid *grid = GTK_GRID (gtk_grid_new ());

  gtk_grid_set_column_spacing (grid, 18);
  gtk_grid_set_row_spacing (grid, 6);
  gtk_box_append (box, heading (title));
  gtk_grid_attach (grid, heading (_("Field")), 0, 0, 1, 1);
  gtk_grid_attach (grid, heading (left), 1, 0, 1, 1);
  gtk_grid_attach (grid, heading (right), 2, 0, 1, 1);
  for (guint i = 0; i < changes->len; i++)
    {
      LdCaseChange *c = changes->pdata[i];

      gtk_grid_attach (grid, line (c->field), 0, i + 1, 1, 1);
      gtk_grid_attach (grid, line (c->before ? c->before : "—"), 1, i + 1, 1, 1);
      gtk_grid_attach (grid, line (c->after ? c->after : "—"), 2, i + 1, 1, 1);
    }
  self->n_compared = changes->len;
  gtk_box_append (box, GTK_WIDGET (grid));
}

static void
review_clicked_cb (GtkButton  *button,
                   LdCasePage *self)
{
  GtkEditable *reason = g_object_get_data (G_OBJECT (button), "ld-reason");
  LdCaseTaskInput *input;

  if (self->record == NULL || self->busy)
    return;
  input = ld_case_task_input_new (LD_CASE_TASK_REVIEW_HIT);
  input->actor = self->actor ? ld_actor_copy (self->actor) : NULL;
  input->id = g_strdup (self->record->id);
  input->hit_id = g_strdup (g_object_get_data (G_OBJECT (button), "ld-hit"));
  input->true_match = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "ld-true-match"));
  input->note = g_strdup (gtk_editable_get_text (reason));
  load (self, input);
}

/* Screens the case against the installed list now, for a case submitted
 * while no list could be read or amended since. */
static void
screen_clicked_cb (GtkButton  *button,
                   LdCasePage *self)
{
  LdCaseTaskInput *input;

  if (self->record == NULL || self->busy)
    return;
  input = ld_case_task_input_new (LD_CASE_TASK_SCREEN);
  input->actor = self->actor ? ld_actor_copy (self->actor) : NULL;
  input->id = g_strdup (self->record->id);
  input->list_dir = installed_list_dir ();
  load (self, input);
}

static GtkWidget *
verdict_button (LdCasePage *self,
                const char *label,
                const char *hit_id,
                gboolean    true_match,
                GtkWidget  *reason)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_object_set_data_full (G_OBJECT (button), "ld-hit", g_strdup (hit_id), g_free);
  g_object_set_data (G_OBJECT (button), "ld-true-match", GINT_TO_POINTER (true_match));
  g_object_set_data (G_OBJECT (button), "ld-reason", reason);
  g_signal_connect (button, "clicked", G_CALLBACK (review_clicked_cb), self);
  return button;
}

/* One hit: what matched, on which list, and for an open hit the verdict
 * buttons with the reason the officer must give. */
static void
add_hit (LdCasePage *self,
         GtkBox     *box,
         JsonObject *hit)
{
  const char *status = json_object_get_string_member (hit, "status");
  g_autofree char *text = g_strdup_printf ("%s · %s (%s) — %s %s · %s · %s", json_object_get_string_member (hit, "band"),
                                           json_object_get_string_member (hit, "party_name"),
                                           json_object_get_string_member (hit, "party_role"),
                                           json_object_get_string_member_with_default (hit, "matched_name", ""),
                                           json_object_get_string_member (hit, "entry_ref"),
                                           json_object_get_string_member (hit, "reason"), status);
  GtkWidget *row, *reason;

  gtk_box_append (box, line (text));
  if (!g_str_equal (status, "open"))
    return;
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  reason = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (reason), _("Reason for the verdict (required)"));
  gtk_widget_set_hexpand (reason, TRUE);
  gtk_box_append (GTK_BOX (row), reason);
  gtk_box_append (GTK_BOX (row), verdict_button (self, _("_False Match"), json_object_get_string_member (hit, "id"),
                                                 FALSE, reason));
  gtk_box_append (GTK_BOX (row), verdict_button (self, _("_True Match"), json_object_get_string_member (hit, "id"),
                                                 TRUE, reason));
  gtk_box_append (box, row);
}

static void
exemption_clicked_cb (GtkButton  *button,
                      LdCasePage *self)
{
  GtkEditable *resolution = g_object_get_data (G_OBJECT (button), "ld-resolution");
  GtkEditable *paragraph = g_object_get_data (G_OBJECT (button), "ld-paragraph");
  LdCaseTaskInput *input;

  if (self->record == NULL || self->busy)
    return;
  input = ld_case_task_input_new (resolution ? LD_CASE_TASK_WRITE_EXEMPTION : LD_CASE_TASK_CONFIRM_EXEMPTION);
  input->actor = self->actor ? ld_actor_copy (self->actor) : NULL;
  input->id = g_strdup (self->record->id);
  input->embargo_id = g_strdup (g_object_get_data (G_OBJECT (button), "ld-embargo"));
  if (resolution)
    {
      input->resolution = g_strdup (gtk_editable_get_text (resolution));
      input->paragraph = g_strdup (gtk_editable_get_text (paragraph));
    }
  load (self, input);
}

static GtkWidget *
exemption_button (LdCasePage *self,
                  const char *label,
                  const char *embargo_id,
                  GtkWidget  *resolution,
                  GtkWidget  *paragraph)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  g_object_set_data_full (G_OBJECT (button), "ld-embargo", g_strdup (embargo_id), g_free);
  g_object_set_data (G_OBJECT (button), "ld-resolution", resolution);
  g_object_set_data (G_OBJECT (button), "ld-paragraph", paragraph);
  gtk_widget_set_sensitive (button, self->actor != NULL);
  g_signal_connect (button, "clicked", G_CALLBACK (exemption_clicked_cb), self);
  return button;
}

static GtkWidget *
labelled_entry (const char *placeholder,
                const char *label)
{
  GtkWidget *entry = gtk_entry_new ();

  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  return entry;
}

static const LdCaseExemption *
find_exemption (GPtrArray  *exemptions,
                const char *embargo_id)
{
  for (guint i = 0; exemptions && i < exemptions->len; i++)
    {
      const LdCaseExemption *e = exemptions->pdata[i];

      if (g_strcmp0 (e->embargo_id, embargo_id) == 0)
        return e;
    }
  return NULL;
}

/* Under a confirmed embargo hit: the exemption that allows an approval, as
 * far as it has got. The officer writes the resolution and paragraph; a
 * second senior officer confirms. */
static void
add_exemption (LdCasePage *self,
               GtkBox     *box,
               JsonObject *hit,
               GPtrArray  *exemptions)
{
  const char *embargo_id = json_object_get_string_member (hit, "entry_ref");
  const LdCaseExemption *e = find_exemption (exemptions, embargo_id);
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  g_autofree char *text = NULL;
  GtkWidget *label;

  gtk_widget_set_margin_start (row, 18);
  if (e == NULL)
    {
      GtkWidget *resolution = labelled_entry (_("Exempting resolution, e.g. 2397 (2017)"), _("Exempting resolution"));
      GtkWidget *paragraph = labelled_entry (_("Paragraph"), _("Exempting paragraph"));

      gtk_widget_set_hexpand (resolution, TRUE);
      gtk_editable_set_width_chars (GTK_EDITABLE (paragraph), 10);
      gtk_box_append (GTK_BOX (row), resolution);
      gtk_box_append (GTK_BOX (row), paragraph);
      gtk_box_append (GTK_BOX (row), exemption_button (self, _("Record _Exemption"), embargo_id, resolution, paragraph));
      gtk_box_append (box, row);
      return;
    }
  text = e->confirmed_by_login
         ? g_strdup_printf (_("Exemption: resolution %s, paragraph %s, written by %s, confirmed by %s."), e->resolution,
                            e->paragraph, e->written_by_login, e->confirmed_by_login)
         : g_strdup_printf (_("Exemption: resolution %s, paragraph %s, written by %s; a second senior officer must "
                              "confirm it."), e->resolution, e->paragraph, e->written_by_login);
  label = line (text);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (row), label);
  if (e->confirmed_by_login == NULL)
    gtk_box_append (GTK_BOX (row), exemption_button (self, _("_Confirm Exemption"), embargo_id, NULL, NULL));
  gtk_box_append (box, row);
}

static void
add_screening (LdCasePage       *self,
               GtkBox           *box,
               LdCaseTaskResult *result)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) exempted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonArray *hits = NULL;

  gtk_box_append (box, heading (_("Screening")));
  if (result->screening_note)
    {
      GtkWidget *note = line (result->screening_note);

      gtk_widget_add_css_class (note, "error");
      gtk_box_append (box, note);
    }
  if (result->screening_run)
    gtk_box_append (box, line (result->screening_run));
  else if (!result->needs_screening)
    gtk_box_append (box, line (_("Not screened yet: a case is screened when it is submitted.")));
  self->screen_button = NULL;
  if (result->needs_screening)
    {
      GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *why = line (result->screening_stale
                             ? _("The sanctions list, the embargo table or the denial register changed since this "
                                 "version was screened, so it cannot be decided until it is screened again.")
                             : result->screening_run
                             ? _("This version has not been screened, so it cannot be recommended yet.")
                             : _("Not screened: no sanctions list could be read when the case was submitted, "
                                 "so it cannot be recommended yet."));

      gtk_widget_add_css_class (why, "warning");
      gtk_widget_set_hexpand (why, TRUE);
      self->screen_button = gtk_button_new_with_mnemonic (_("_Screen Now"));
      gtk_widget_set_sensitive (self->screen_button, self->actor != NULL);
      g_signal_connect (self->screen_button, "clicked", G_CALLBACK (screen_clicked_cb), self);
      gtk_box_append (GTK_BOX (row), why);
      gtk_box_append (GTK_BOX (row), self->screen_button);
      gtk_box_append (box, row);
    }
  if (result->screening_json && json_parser_load_from_data (parser, result->screening_json, -1, NULL))
    hits = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; hits && i < json_array_get_length (hits); i++)
    {
      JsonObject *hit = json_array_get_object_element (hits, i);

      add_hit (self, box, hit);
      /* Once per embargo, however many legs of the route it hit. */
      if (g_str_equal (json_object_get_string_member (hit, "kind"), "embargo") &&
          g_str_equal (json_object_get_string_member (hit, "status"), "true_match") &&
          self->record->version == self->record->current_version &&
          g_hash_table_add (exempted, g_strdup (json_object_get_string_member (hit, "entry_ref"))))
        add_exemption (self, box, hit, result->exemptions);
    }
}

/* Is any step that @unmet would hold back offered in the case's status? */
static gboolean
offers_step (LdCasePage   *self,
             LdCaseAction  first,
             LdCaseAction  second)
{
  return ld_case_action_get_target (self->record->status, first, NULL) ||
         ld_case_action_get_target (self->record->status, second, NULL);
}

static void
add_unmet (GtkBox     *box,
           const char *title,
           GPtrArray  *unmet)
{
  GtkWidget *label = line (title);

  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (box, label);
  for (guint i = 0; i < unmet->len; i++)
    {
      g_autofree char *text = g_strdup_printf ("• %s", (const char *) unmet->pdata[i]);
      GtkWidget *condition = line (text);

      gtk_widget_add_css_class (condition, "warning");
      gtk_box_append (box, condition);
    }
}

/* Beside the step buttons: each condition the decision gate still waits for,
 * in words, for the steps the case's status offers. */
static void
show_unmet (LdCasePage       *self,
            LdCaseTaskResult *result)
{
  GtkWidget *child;
  gboolean any = FALSE;

  g_clear_pointer (&self->unmet_approval, g_ptr_array_unref);
  g_clear_pointer (&self->unmet_refusal, g_ptr_array_unref);
  self->unmet_approval = g_steal_pointer (&result->unmet_approval);
  self->unmet_refusal = g_steal_pointer (&result->unmet_refusal);
  g_free (self->licence_number);
  self->licence_number = g_steal_pointer (&result->licence_number);
  while ((child = gtk_widget_get_first_child (self->gate_box)))
    gtk_box_remove (GTK_BOX (self->gate_box), child);
  if (self->record->version != self->record->current_version)
    {
      gtk_widget_set_visible (self->gate_box, FALSE);
      return;
    }
  if (self->unmet_approval && self->unmet_approval->len > 0 &&
      offers_step (self, LD_CASE_ACTION_RECOMMEND_APPROVAL, LD_CASE_ACTION_APPROVE))
    {
      add_unmet (GTK_BOX (self->gate_box), _("Approval is held back until:"), self->unmet_approval);
      any = TRUE;
    }
  if (self->unmet_refusal && self->unmet_refusal->len > 0 &&
      offers_step (self, LD_CASE_ACTION_RECOMMEND_REFUSAL, LD_CASE_ACTION_REFUSE))
    {
      add_unmet (GTK_BOX (self->gate_box), _("Refusal is held back until:"), self->unmet_refusal);
      any = TRUE;
    }
  gtk_widget_set_visible (self->gate_box, any);
}

static void
show_result (LdCasePage       *self,
             LdCaseTaskResult *result)
{
  GtkBox *box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_VERTICAL, 6));
  guint n_kinds;
  const LdCaseCode *kinds = ld_case_kinds (&n_kinds);
  g_autofree char *route = route_text (result->record->data);
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s · version %d of %d · officer %s"),
                                               ld_case_code_title (kinds, n_kinds, result->record->data->kind),
                                               ld_case_status_get_title (result->record->status),
                                               result->record->version, result->record->current_version,
                                               result->record->officer_login ? result->record->officer_login : "—");

  g_clear_pointer (&self->record, ld_case_record_free);
  self->record = g_steal_pointer (&result->record);
  gtk_label_set_text (self->title, self->record->reference);
  gtk_label_set_text (self->subtitle, subtitle);
  show_unmet (self, result);
  gtk_box_append (box, heading (_("Route")));
  gtk_box_append (box, line (route));
  for (guint i = 0; result->flags && i < result->flags->len; i++)
    {
      g_autofree char *text = g_strdup_printf (_("Flagged: %s"), (char *) g_ptr_array_index (result->flags, i));
      GtkWidget *flag = line (text);

      gtk_widget_add_css_class (flag, "error");
      gtk_box_append (box, flag);
    }
  add_parties (box, self->record->data);
  add_items (box, self->record->data);
  add_screening (self, box, result);
  add_history (box, result->history, result->documents);
  self->n_compared = 0;
  if (result->other)
    add_comparison (self, box, result->other);
  if (self->details)
    gtk_box_remove (GTK_BOX (self->content), self->details);
  self->details = GTK_WIDGET (box);
  gtk_box_append (GTK_BOX (self->content), self->details);
}

static void
rationale_changed_cb (LdCasePage *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->rationale_entry), "error");
}

static void
loaded_cb (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(LdCasePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCaseTaskResult) result = ld_case_task_run_finish (res, &error);

  self->busy = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (result)
    show_result (self, result);
  /* The sentence is shown above the steps; the field it is about is marked. */
  if (g_error_matches (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_NO_RATIONALE))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->rationale_entry), "error");
      gtk_widget_grab_focus (GTK_WIDGET (self->rationale_entry));
    }
  /* A refused step leaves the case as it was, with the reason shown. */
  set_error (self, error ? error->message : result ? result->archive_problem : NULL);
  update_steps (self);
}

static void
load (LdCasePage      *self,
      LdCaseTaskInput *input)
{
  /* The gate compares the case's screening with the list installed here. */
  if (input->list_dir == NULL)
    input->list_dir = installed_list_dir ();
  self->busy = TRUE;
  update_steps (self);
  ld_case_task_run_async (self->store, input, self->cancellable, loaded_cb, g_object_ref (self));
}



static void
step_clicked_cb (GtkButton  *button,
                 LdCasePage *self)
{
  LdCaseTaskInput *input;
  const char *criteria = gtk_editable_get_text (GTK_EDITABLE (self->criteria_entry));

  if (self->record == NULL)
    return;
  input = ld_case_task_input_new (LD_CASE_TASK_STEP);
  input->action = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "ld-action"));
  input->list_dir = installed_list_dir ();
  input->actor = self->actor ? ld_actor_copy (self->actor) : NULL;
  input->id = g_strdup (self->record->id);
  input->criteria = criteria[0] ? g_strsplit_set (criteria, ", ", -1) : NULL;
  if (input->criteria)
    {
      /* "ATT-11, EU-7" splits into empty pieces too. */
      GStrvBuilder *b = g_strv_builder_new ();

      for (guint i = 0; input->criteria[i]; i++)
        if (input->criteria[i][0])
          g_strv_builder_add (b, input->criteria[i]);
      g_strfreev (input->criteria);
      input->criteria = g_strv_builder_end (b);
      g_strv_builder_unref (b);
    }
  input->rationale = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->rationale_entry)));
  load (self, input);
}

/* What was typed, or NULL for the policy's default. */
static char *
field_or_null (GtkEditable *field)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (field)));

  return text[0] ? g_steal_pointer (&text) : NULL;
}

/* "no-reexport, dvc-90" */
static GStrv
split_codes (const char *text)
{
  g_auto(GStrv) parts = g_strsplit_set (text, ", ", -1);
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint i = 0; parts[i]; i++)
    if (parts[i][0])
      g_strv_builder_add (b, parts[i]);
  return g_strv_builder_end (b);
}

static void
issue_clicked_cb (GtkButton  *button,
                  LdCasePage *self)
{
  LdCaseTaskInput *input;
  char *text;

  if (self->record == NULL)
    return;
  input = ld_case_task_input_new (LD_CASE_TASK_ISSUE_LICENCE);
  input->list_dir = installed_list_dir ();
  input->valid_from = field_or_null (self->issue_fields[0]);
  input->valid_until = field_or_null (self->issue_fields[1]);
  input->condition_codes = split_codes (gtk_editable_get_text (self->issue_fields[2]));
  if ((text = field_or_null (self->issue_fields[3])))
    {
      input->conditions = g_new0 (char *, 2);
      input->conditions[0] = text;
    }
  input->actor = self->actor ? ld_actor_copy (self->actor) : NULL;
  input->id = g_strdup (self->record->id);
  load (self, input);
}

static void
build_issue_terms (LdCasePage *self)
{
  static const char *placeholders[] = {
    N_("Valid from (YYYY-MM-DD; default: the day of issue)"),
    N_("Valid until (YYYY-MM-DD; default: by licence type)"),
    N_("Conditions from the office's list, by code (e.g. no-reexport, dvc-90)"),
    N_("A condition or proviso written for this licence"),
  };

  self->issue_terms = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  for (guint i = 0; i < G_N_ELEMENTS (placeholders); i++)
    {
      GtkWidget *entry = gtk_entry_new ();

      gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _(placeholders[i]));
      gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _(placeholders[i]), -1);
      gtk_box_append (GTK_BOX (self->issue_terms), entry);
      self->issue_fields[i] = GTK_EDITABLE (entry);
    }
  gtk_widget_set_visible (self->issue_terms, FALSE);
  gtk_box_append (GTK_BOX (self->content), self->issue_terms);
}

static void
printed_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(LdCasePage) self = user_data;
  g_autoptr(GError) error = NULL;

  ld_print_document_finish (result, &error);
  self->printing = FALSE;
  set_error (self, error ? error->message : NULL);
  update_steps (self);
}

/**
 * ld_case_page_print_refusal:
 * @settings: (nullable): print settings to start from
 * @export_path: (nullable): write the printed pages there instead of asking
 *
 * Prints a refused case's refusal notice through the print dialog.
 */
void
ld_case_page_print_refusal (LdCasePage       *self,
                            GtkPrintSettings *settings,
                            const char       *export_path)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_return_if_fail (LD_IS_CASE_PAGE (self));

  if (self->record == NULL || self->record->status != LD_CASE_STATUS_REFUSED || self->printing)
    return;
  self->printing = TRUE;
  update_steps (self);
  ld_print_document_async (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store, ld_documents_refusal,
                           self->record->reference, settings, export_path, self->cancellable, printed_cb,
                           g_object_ref (self));
}

gboolean
ld_case_page_get_printing (LdCasePage *self)
{
  return self->printing;
}

GtkWidget *
ld_case_page_get_print_button (LdCasePage *self)
{
  return self->print_button;
}

static void
print_clicked_cb (LdCasePage *self)
{
  ld_case_page_print_refusal (self, NULL, NULL);
}

/* The diversion-risk assessment of the case's current version (issue 15),
 * in a window of its own (src/ui/ld-assessment-page.c). */
static void
assessment_clicked_cb (LdCasePage *self)
{
  if (self->record)
    ld_assessment_page_present (GTK_WIDGET (self), self->store, self->actor, self->record->id);
}

static void
build_steps (LdCasePage *self)
{
  GtkWidget *assessment = gtk_button_new_with_mnemonic (_("_Diversion-Risk Assessment…"));

  GtkWidget *refusal = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->steps_box = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (self->steps_box), GTK_SELECTION_NONE);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (self->steps_box), 6);
  for (LdCaseAction a = 0; a < LD_CASE_N_ACTIONS; a++)
    {
      self->step_buttons[a] = gtk_button_new_with_label (_(step_titles[a]));
      g_object_set_data (G_OBJECT (self->step_buttons[a]), "ld-action", GUINT_TO_POINTER (a));
      if (a == LD_CASE_ACTION_APPROVE)
        gtk_widget_add_css_class (self->step_buttons[a], "suggested-action");
      if (a == LD_CASE_ACTION_REFUSE)
        gtk_widget_add_css_class (self->step_buttons[a], "destructive-action");
      g_signal_connect (self->step_buttons[a], "clicked", G_CALLBACK (step_clicked_cb), self);
      gtk_flow_box_append (GTK_FLOW_BOX (self->steps_box), self->step_buttons[a]);
    }
  self->issue_button = gtk_button_new_with_mnemonic (_("_Issue Licence"));
  gtk_widget_add_css_class (self->issue_button, "suggested-action");
  g_signal_connect (self->issue_button, "clicked", G_CALLBACK (issue_clicked_cb), self);
  gtk_flow_box_append (GTK_FLOW_BOX (self->steps_box), self->issue_button);
  self->licence_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->licence_label, 0);
  gtk_label_set_selectable (self->licence_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->licence_label), "heading");
  gtk_widget_set_visible (GTK_WIDGET (self->licence_label), FALSE);
  self->criteria_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->criteria_entry, _("Refusal criteria, e.g. ATT-11, EU-7"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->criteria_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Refusal criteria"), -1);
  self->rationale_entry = GTK_ENTRY (gtk_entry_new ());
  /* Every recommendation and decision says why (the core refuses it otherwise). */
  gtk_entry_set_placeholder_text (self->rationale_entry, _("Rationale of the recommendation or decision"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->rationale_entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Rationale"), -1);
  g_signal_connect_swapped (self->rationale_entry, "changed", G_CALLBACK (rationale_changed_cb), self);
  gtk_widget_set_hexpand (GTK_WIDGET (self->rationale_entry), TRUE);
  gtk_box_append (GTK_BOX (refusal), GTK_WIDGET (self->criteria_entry));
  gtk_box_append (GTK_BOX (refusal), GTK_WIDGET (self->rationale_entry));
  self->gate_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_margin_bottom (self->gate_box, 6);
  gtk_widget_set_visible (self->gate_box, FALSE);
  gtk_widget_set_halign (assessment, GTK_ALIGN_START);
  g_signal_connect_swapped (assessment, "clicked", G_CALLBACK (assessment_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->content), assessment);
  gtk_box_append (GTK_BOX (self->content), self->steps_box);
  gtk_box_append (GTK_BOX (self->content), GTK_WIDGET (self->licence_label));
  build_issue_terms (self);
  gtk_box_append (GTK_BOX (self->content), self->gate_box);
  gtk_box_append (GTK_BOX (self->content), refusal);
  self->print_button = gtk_button_new_with_mnemonic (_("_Print Refusal Notice…"));
  gtk_widget_set_halign (self->print_button, GTK_ALIGN_START);
  gtk_widget_set_visible (self->print_button, FALSE);
  g_signal_connect_swapped (self->print_button, "clicked", G_CALLBACK (print_clicked_cb), self);
  gtk_box_append (GTK_BOX (self->content), self->print_button);
}

static void
ld_case_page_dispose (GObject *object)
{
  LdCasePage *self = LD_CASE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, ld_actor_free);
  g_clear_pointer (&self->record, ld_case_record_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->unmet_approval, g_ptr_array_unref);
  g_clear_pointer (&self->licence_number, g_free);
  g_clear_pointer (&self->unmet_refusal, g_ptr_array_unref);
  G_OBJECT_CLASS (ld_case_page_parent_class)->dispose (object);
}

static void
ld_case_page_class_init (LdCasePageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = ld_case_page_dispose;
  gtk_widget_class_set_layout_manager_type (GTK_WIDGET_CLASS (klass), GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (GTK_WIDGET_CLASS (klass), GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
ld_case_page_init (LdCasePage *self)
{
  self->cancellable = g_cancellable_new ();
  self->scroller = gtk_scrolled_window_new ();
  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  g_object_set (self->content, "margin-start", 18, "margin-end", 18, "margin-top", 12, "margin-bottom", 18, NULL);
  self->title = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->title), "title-2");
  gtk_label_set_xalign (self->title, 0);
  self->subtitle = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->subtitle, 0);
  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_label_set_xalign (self->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (self->content), GTK_WIDGET (self->title));
  gtk_box_append (GTK_BOX (self->content), GTK_WIDGET (self->subtitle));
  gtk_box_append (GTK_BOX (self->content), GTK_WIDGET (self->error_label));
  build_steps (self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->content);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
}

GtkWidget *
ld_case_page_new (LdStore *store)
{
  LdCasePage *self = g_object_new (LD_TYPE_CASE_PAGE, NULL);

  self->store = g_object_ref (store);
  return GTK_WIDGET (self);
}

void
ld_case_page_set_actor (LdCasePage    *self,
                        const LdActor *actor)
{
  g_return_if_fail (LD_IS_CASE_PAGE (self));

  g_clear_pointer (&self->actor, ld_actor_free);
  self->actor = actor ? ld_actor_copy (actor) : NULL;
  update_steps (self);
}

/**
 * ld_case_page_open:
 * @compare_version: a version to show side by side with the current one, or 0
 */
void
ld_case_page_open (LdCasePage *self,
                   const char *id,
                   int         compare_version)
{
  LdCaseTaskInput *input = ld_case_task_input_new (LD_CASE_TASK_LOAD);

  g_return_if_fail (LD_IS_CASE_PAGE (self));

  input->id = g_strdup (id);
  input->other_version = compare_version;
  set_error (self, NULL);
  load (self, input);
}

const LdCaseRecord *
ld_case_page_get_record (LdCasePage *self)
{
  return self->record;
}

gboolean
ld_case_page_is_busy (LdCasePage *self)
{
  return self->busy;
}

const char *
ld_case_page_get_error (LdCasePage *self)
{
  return self->error;
}

/**
 * ld_case_page_get_screen_button:
 *
 * Returns: (transfer none) (nullable): the Screen Now button, shown while the
 *   case's current version is open and unscreened
 */
GtkWidget *
ld_case_page_get_screen_button (LdCasePage *self)
{
  return self->screen_button;
}

GtkWidget *
ld_case_page_get_step_button (LdCasePage   *self,
                              LdCaseAction  action)
{
  g_return_val_if_fail (action < LD_CASE_N_ACTIONS, NULL);

  return self->step_buttons[action];
}

/* Fills the refusal criteria and the rationale, as a person would type them. */
void
ld_case_page_set_refusal (LdCasePage *self,
                          const char *criteria,
                          const char *rationale)
{
  gtk_editable_set_text (GTK_EDITABLE (self->criteria_entry), criteria);
  gtk_editable_set_text (GTK_EDITABLE (self->rationale_entry), rationale);
}

guint
ld_case_page_get_n_compared (LdCasePage *self)
{
  return self->n_compared;
}

/**
 * ld_case_page_get_issue_button:
 *
 * Returns: (transfer none): Issue Licence, shown on an approved case without a licence
 */
GtkWidget *
ld_case_page_get_issue_button (LdCasePage *self)
{
  return self->issue_button;
}

/**
 * ld_case_page_get_licence_number:
 *
 * Returns: (nullable): the number of the licence the case was issued as
 */
const char *
ld_case_page_get_licence_number (LdCasePage *self)
{
  return self->licence_number;
}
