/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-page"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <adwaita.h>

#include "ld-case-gate.h"
#include "ld-case-documents.h"
#include "ld-case-json.h"
#include "ld-case-page-private.h"
#include "ld-assessment-page.h"
#include "ld-case-task.h"
#include "ld-print.h"
#include "ld-country.h"
#include "ld-case-hit-row.h"
#include "ld-detail-line.h"
#include "ld-detail-row.h"
#include "ld-format.h"
#include "ld-ui.h"

/* One transfer application: its route in order, parties, items with their
 * serial counts, documents and history; the workflow steps the signed-in
 * person may take; and two versions side by side. The page is declared in
 * ui/ld-case-page.ui, its actions live in ld-case-page-actions.c. */
G_DEFINE_FINAL_TYPE (LdCasePage, ld_case_page, GTK_TYPE_WIDGET)

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
  g_autofree char *text = self->licence_pending
                          ? g_strdup (_("Issue pending: the central database gives the licence number"))
                          : self->licence_number ? g_strdup_printf (_("Issued as licence %s"), self->licence_number)
                          : NULL;

  gtk_widget_set_visible (self->issue_button, approved && self->licence_number == NULL);
  gtk_widget_set_visible (gtk_widget_get_parent (self->issue_button), approved && self->licence_number == NULL);
  gtk_widget_set_visible (self->issue_terms, approved && self->licence_number == NULL);
  gtk_label_set_text (self->licence_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->licence_label), text != NULL);
}

/* Only the steps the case allows now are shown; whether each may be taken is
 * the actions' business (ld-case-page-actions.c). A step the decision gate
 * holds back says why beside it and on the button. */
static void
update_steps (LdCasePage *self)
{
  gboolean current = self->record && self->record->version == self->record->current_version;
  gboolean open = current && ld_case_status_is_open (self->record->status) &&
                  self->record->status != LD_CASE_STATUS_WITHDRAWN;

  for (LdCaseAction a = 0; a < LD_CASE_N_ACTIONS; a++)
    {
      gboolean possible = current && ld_case_action_get_target (self->record->status, a, NULL);

      gtk_widget_set_visible (self->step_buttons[a], possible);
      /* The flow box wraps each button in a child of its own: hide that too,
       * or the hidden steps leave gaps between the others. */
      gtk_widget_set_visible (gtk_widget_get_parent (self->step_buttons[a]), possible);
      explain_button (self->step_buttons[a], possible ? unmet_for (self, a) : NULL);
    }
  gtk_widget_set_visible (self->amend_button, open);
  gtk_widget_set_visible (gtk_widget_get_parent (self->amend_button), open);
  gtk_widget_set_visible (GTK_WIDGET (self->note_entry), open);
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->criteria_entry)),
                          current && (ld_case_action_get_target (self->record->status, LD_CASE_ACTION_REFUSE, NULL) ||
                                      ld_case_action_get_target (self->record->status,
                                                                 LD_CASE_ACTION_RECOMMEND_REFUSAL, NULL)));
  gtk_widget_set_visible (self->amend_group, self->amending && open);
  gtk_widget_set_visible (self->print_button, self->record && self->record->status == LD_CASE_STATUS_REFUSED);
  update_issue (self);
  _ld_case_page_update_actions (self);
}

/* A verdict on one hit, with the officer's reason; the store refuses one
 * without a reason and the page says so. */
void
_ld_case_page_review_hit (LdCasePage *self,
                          const char *hit_id,
                          gboolean    true_match,
                          const char *reason)
{
  LdCaseTaskInput *input;

  if (self->record == NULL || self->busy)
    return;
  input = ld_case_task_input_new (LD_CASE_TASK_REVIEW_HIT);
  input->actor = self->actor ? ld_actor_copy (self->actor) : NULL;
  input->id = g_strdup (self->record->id);
  input->hit_id = g_strdup (hit_id);
  input->true_match = true_match;
  input->note = g_strdup (reason);
  load (self, input);
}

/* Writes the exemption of a confirmed embargo hit (@resolution given) or
 * confirms the one written (@resolution NULL). */
void
_ld_case_page_write_exemption (LdCasePage *self,
                               const char *embargo_id,
                               const char *resolution,
                               const char *paragraph)
{
  LdCaseTaskInput *input;

  if (self->record == NULL || self->busy)
    return;
  input = ld_case_task_input_new (resolution ? LD_CASE_TASK_WRITE_EXEMPTION : LD_CASE_TASK_CONFIRM_EXEMPTION);
  input->actor = self->actor ? ld_actor_copy (self->actor) : NULL;
  input->id = g_strdup (self->record->id);
  input->embargo_id = g_strdup (embargo_id);
  input->resolution = g_strdup (resolution);
  input->paragraph = g_strdup (paragraph);
  load (self, input);
}

/* Screens the case against the installed list now, for a case submitted
 * while no list could be read or amended since. */
void
_ld_case_page_screen (LdCasePage *self)
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

/* The diversion-risk assessment of the case's current version (issue 15),
 * in a window of its own (src/ui/ld-assessment-page.c). */
void
_ld_case_page_open_assessment (LdCasePage *self)
{
  if (self->record != NULL)
    ld_assessment_page_present (GTK_WIDGET (self), self->store, self->actor, self->record->id);
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

/* Replaces what @store lists with @lines, in one change, so a list view
 * redraws once. */
static void
take_lines (GListStore *store,
            GPtrArray  *lines)
{
  g_list_store_splice (store, 0, g_list_model_get_n_items (G_LIST_MODEL (store)), lines->pdata, lines->len);
}

static void
add_line (GPtrArray  *lines,
          const char *title,
          const char *subtitle,
          const char *extra)
{
  g_ptr_array_add (lines, ld_detail_line_new (title, subtitle, extra));
}

/* A party: its role and names above; where it is and, for a broker, the
 * registration and the per-deal authorisation the decision gate checks. */
static void
show_parties (LdCasePage   *self,
              const LdCase *c)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_roles;
  const LdCaseCode *roles = ld_case_party_roles (&n_roles);

  for (guint i = 0; i < c->parties->len; i++)
    {
      LdCaseParty *p = c->parties->pdata[i];
      g_autofree char *where = country_text (p->country);
      g_autofree char *title = g_strdup_printf ("%s: %s%s%s", ld_case_code_title (roles, n_roles, p->role), p->name,
                                                p->other_names ? " / " : "", p->other_names ? p->other_names : "");
      g_autofree char *subtitle = g_strdup_printf ("%s%s%s%s%s", where,
                                                   p->broker_registration ? _(" — registration ") : "",
                                                   p->broker_registration ? p->broker_registration : "",
                                                   p->broker_authorisation ? _(" — authorisation ") : "",
                                                   p->broker_authorisation ? p->broker_authorisation : "");

      add_line (lines, title, subtitle, p->address);
    }
  take_lines (self->parties, lines);
}

/* Under a line: how many, its value, the control list entry and HS code
 * only when the application gave them, and the serial count. */
static char *
item_terms (const LdCaseItem *it)
{
  GString *text = g_string_new (NULL);
  g_autofree char *serials = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u serial number", "%u serial numbers",
                                                           it->serials->len), it->serials->len);

  g_string_append_printf (text, _("quantity %lld — %s %s"), (long long) it->quantity,
                          it->unit_value ? it->unit_value : "", it->currency ? it->currency : "");
  if (it->control_entry && it->control_entry[0])
    g_string_append_printf (text, _(" — control entry %s"), it->control_entry);
  if (it->hs_code && it->hs_code[0])
    g_string_append_printf (text, _(" — HS %s"), it->hs_code);
  g_string_append_printf (text, " — %s", serials);
  return g_string_free (text, FALSE);
}

static void
append_part (GString    *text,
             const char *part)
{
  if (part && part[0])
    g_string_append_printf (text, "%s%s", text->len ? " · " : "", part);
}

/* The marking data of the International Tracing Instrument, as far as the
 * application gave it: who made it, what, and how it is marked. */
static char *
item_marking (const LdCaseItem *it)
{
  GString *text = g_string_new (NULL);
  g_autofree char *made = NULL;

  append_part (text, it->manufacturer);
  append_part (text, it->model);
  append_part (text, it->calibre);
  if (it->manufacturer_marking && it->manufacturer_marking[0])
    {
      g_autofree char *marked = g_strdup_printf (_("marked “%s”"), it->manufacturer_marking);

      append_part (text, marked);
    }
  if (it->manufacture_year > 0)
    made = g_strdup_printf (_("made %d"), it->manufacture_year);
  append_part (text, made);
  append_part (text, it->marking_method);
  return g_string_free (text, FALSE);
}

static void
show_items (LdCasePage   *self,
            const LdCase *c)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_categories;
  const LdCaseCode *categories = ld_case_item_categories (&n_categories);

  for (guint i = 0; i < c->items->len; i++)
    {
      LdCaseItem *it = c->items->pdata[i];
      g_autofree char *title = g_strdup_printf (_("Line %u: %s — %s"), i + 1,
                                                ld_case_code_title (categories, n_categories, it->category),
                                                it->description ? it->description : "");
      g_autofree char *terms = item_terms (it);
      g_autofree char *marking = item_marking (it);

      add_line (lines, title, terms, marking);
    }
  take_lines (self->items, lines);
}

static void
show_history (LdCasePage *self,
              GPtrArray  *history)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; history && i < history->len; i++)
    {
      LdCaseEvent *e = history->pdata[i];
      g_autofree char *when = ld_format_instant (e->at);
      /* People by name, as the licence page names them; a login only for a
       * profile not on this desk. Each step by its title, not the store's key. */
      g_autofree char *title = g_strdup_printf ("%s · %s", when, ld_case_event_get_title (e->action));
      g_autofree char *who = g_strdup_printf ("%s (%s)", e->actor_name && e->actor_name[0] ? e->actor_name
                                                                                           : e->actor_login, e->role);

      add_line (lines, title, who, e->note);
    }
  take_lines (self->history, lines);
}

/* Two versions side by side: only the fields that differ, old left, new right. */
static void
show_comparison (LdCasePage         *self,
                 const LdCaseRecord *older)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) changes = older ? ld_case_diff (older->data, self->record->data) : NULL;
  g_autofree char *title = NULL, *left = NULL, *right = NULL;

  gtk_widget_set_visible (self->compare_group, older != NULL);
  self->n_compared = changes ? changes->len : 0;
  for (guint i = 0; changes && i < changes->len; i++)
    {
      LdCaseChange *c = changes->pdata[i];
      g_autofree char *field = ld_case_field_get_title (c->field);

      add_line (lines, field, c->before ? c->before : "—", c->after ? c->after : "—");
    }
  take_lines (self->changes, lines);
  if (older == NULL)
    return;
  title = g_strdup_printf (_("Version %d and version %d side by side"), older->version, self->record->version);
  left = g_strdup_printf (_("Version %d"), older->version);
  right = g_strdup_printf (_("Version %d"), self->record->version);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self->compare_group), title);
  gtk_label_set_text (self->compare_older, left);
  gtk_label_set_text (self->compare_newer, right);
}

/* Each hit once, and under a confirmed embargo hit its exemption once per
 * embargo, however many legs of the route it hit. */
static void
show_hits (LdCasePage       *self,
           LdCaseTaskResult *result)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GHashTable) exempted = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean current = self->record->version == self->record->current_version;
  JsonArray *hits = NULL;

  if (result->screening_json && json_parser_load_from_data (parser, result->screening_json, -1, NULL))
    hits = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; hits && i < json_array_get_length (hits); i++)
    {
      LdCaseHit *hit = ld_case_hit_new (json_array_get_object_element (hits, i), current);
      const char *embargo = ld_case_hit_get_embargo_id (hit);

      if (embargo && g_hash_table_add (exempted, (gpointer) embargo))
        ld_case_hit_set_exemption (hit, find_exemption (result->exemptions, embargo));
      else if (embargo)
        {
          g_object_unref (hit);
          hit = ld_case_hit_new (json_array_get_object_element (hits, i), FALSE);
        }
      g_ptr_array_add (rows, hit);
    }
  g_list_store_splice (self->hits, 0, g_list_model_get_n_items (G_LIST_MODEL (self->hits)), rows->pdata, rows->len);
  gtk_widget_set_visible (GTK_WIDGET (self->hits_list), rows->len > 0);
}

/* What the screening of the version shown says, and when it must be
 * screened (again) before it can be decided. */
static void
show_screening (LdCasePage       *self,
                LdCaseTaskResult *result)
{
  const char *why = result->screening_stale
                    ? _("The sanctions list, the embargo table or the denial register changed since this version was "
                        "screened, so it cannot be decided until it is screened again.")
                    : result->screening_run ? _("This version has not been screened, so it cannot be recommended yet.")
                    : _("Not screened: no sanctions list could be read when the case was submitted, so it cannot be "
                        "recommended yet.");
  const char *run = result->screening_run ? result->screening_run
                    : !result->needs_screening ? _("Not screened yet: a case is screened when it is submitted.")
                    : NULL;

  gtk_label_set_text (self->screening_note, result->screening_note ? result->screening_note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->screening_note), result->screening_note != NULL);
  gtk_label_set_text (self->screening_run, run ? run : "");
  gtk_widget_set_visible (GTK_WIDGET (self->screening_run), run != NULL);
  gtk_label_set_text (self->screen_why, why);
  gtk_widget_set_visible (self->screen_row, result->needs_screening);
  show_hits (self, result);
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

static gboolean
same_conditions (GPtrArray *a,
                 GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
      return FALSE;
  return TRUE;
}

/* One of the two places beside the steps: a title and each condition on a
 * line of its own; NULL @unmet hides it. */
static void
set_unmet (GtkLabel   *title_label,
           GtkLabel   *list_label,
           const char *title,
           GPtrArray  *unmet)
{
  g_autoptr(GString) list = g_string_new (NULL);

  for (guint i = 0; unmet && i < unmet->len; i++)
    g_string_append_printf (list, "%s• %s", list->len ? "\n" : "", (const char *) unmet->pdata[i]);
  gtk_label_set_text (title_label, title ? title : "");
  gtk_label_set_text (list_label, list->str);
  gtk_widget_set_visible (GTK_WIDGET (title_label), unmet != NULL);
  gtk_widget_set_visible (GTK_WIDGET (list_label), unmet != NULL);
}

/* Beside the step buttons: each condition the decision gate still waits for,
 * in words, for the steps the case's status offers. */
static void
show_unmet (LdCasePage       *self,
            LdCaseTaskResult *result)
{
  gboolean held_approval, held_refusal;

  g_clear_pointer (&self->unmet_approval, g_ptr_array_unref);
  g_clear_pointer (&self->unmet_refusal, g_ptr_array_unref);
  self->unmet_approval = g_steal_pointer (&result->unmet_approval);
  self->unmet_refusal = g_steal_pointer (&result->unmet_refusal);
  g_free (self->licence_number);
  self->licence_number = g_steal_pointer (&result->licence_number);
  self->licence_pending = result->licence_pending;
  held_approval = self->record->version == self->record->current_version && self->unmet_approval &&
                  self->unmet_approval->len > 0 &&
                  offers_step (self, LD_CASE_ACTION_RECOMMEND_APPROVAL, LD_CASE_ACTION_APPROVE);
  held_refusal = self->record->version == self->record->current_version && self->unmet_refusal &&
                 self->unmet_refusal->len > 0 &&
                 offers_step (self, LD_CASE_ACTION_RECOMMEND_REFUSAL, LD_CASE_ACTION_REFUSE);
  /* The same conditions for both (an assessment not made yet) are said once. */
  if (held_approval && held_refusal && same_conditions (self->unmet_approval, self->unmet_refusal))
    {
      set_unmet (self->gate_titles[0], self->gate_lists[0], _("Approval and refusal are held back until:"),
                 self->unmet_approval);
      set_unmet (self->gate_titles[1], self->gate_lists[1], NULL, NULL);
    }
  else
    {
      set_unmet (self->gate_titles[0], self->gate_lists[0], _("Approval is held back until:"),
                 held_approval ? self->unmet_approval : NULL);
      set_unmet (self->gate_titles[1], self->gate_lists[1], _("Refusal is held back until:"),
                 held_refusal ? self->unmet_refusal : NULL);
    }
  gtk_widget_set_visible (self->gate_box, held_approval || held_refusal);
}

/* Why the version shown was made, when it amends an earlier one. */
static void
show_amendment (LdCasePage *self)
{
  g_autofree char *text = NULL;

  if (self->record->version > 1 && self->record->amendment_reason)
    text = g_strdup_printf (_("Version %d amends version %d: %s"), self->record->version, self->record->version - 1,
                            self->record->amendment_reason);
  gtk_label_set_text (self->amendment_label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->amendment_label), text != NULL);
}

/* The route in order, and under it what the desk flagged on the case. */
static void
show_route (LdCasePage       *self,
            LdCaseTaskResult *result)
{
  g_autofree char *route = route_text (self->record->data);
  g_autoptr(GString) flags = g_string_new (NULL);

  for (guint i = 0; result->flags && i < result->flags->len; i++)
    {
      g_string_append_printf (flags, "%s", flags->len ? "\n" : "");
      g_string_append_printf (flags, _("Flagged: %s"), (char *) g_ptr_array_index (result->flags, i));
    }
  gtk_label_set_text (self->route_label, route);
  gtk_label_set_text (self->flags_label, flags->str);
  gtk_widget_set_visible (GTK_WIDGET (self->flags_label), flags->len > 0);
}

static void
show_result (LdCasePage       *self,
             LdCaseTaskResult *result)
{
  guint n_kinds;
  const LdCaseCode *kinds = ld_case_kinds (&n_kinds);
  g_autofree char *subtitle = g_strdup_printf (_("%s · %s · version %d of %d · officer %s"),
                                               ld_case_code_title (kinds, n_kinds, result->record->data->kind),
                                               ld_case_status_get_title (result->record->status),
                                               result->record->version, result->record->current_version,
                                               result->record->officer_name ? result->record->officer_name
                                               : result->record->officer_login ? result->record->officer_login
                                               : "—");

  g_clear_pointer (&self->record, ld_case_record_free);
  self->record = g_steal_pointer (&result->record);
  gtk_label_set_text (self->title, self->record->reference);
  gtk_label_set_text (self->subtitle, subtitle);
  show_amendment (self);
  show_unmet (self, result);
  /* Right after an amendment the comparison is what the officer checks. */
  show_comparison (self, result->other);
  show_route (self, result);
  show_parties (self, self->record->data);
  show_items (self, self->record->data);
  show_screening (self, result);
  show_history (self, result->history);
}

static void
documents_loaded_cb (GObject      *source,
                     GAsyncResult *res,
                     gpointer      user_data);

/* The documents list is read after every load, on its own: a slow read of
 * many scans never holds the steps back. */
static void
load_documents (LdCasePage *self)
{
  if (self->record == NULL)
    return;
  self->documents_busy = TRUE;
  ld_case_documents_list_async (self->store, self->record->id, self->cancellable, documents_loaded_cb,
                                g_object_ref (self));
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
  /* A step taken: its note belongs to it and is not offered for the next. */
  if (self->step_pending && error == NULL)
    gtk_editable_set_text (self->note_entry, "");
  self->step_pending = FALSE;
  update_steps (self);
  load_documents (self);
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

/* "ATT-11, EU-7", "no-reexport, dvc-90": the pieces, without the empty ones
 * the separators leave. */
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

/* What was typed, or NULL for the policy's default. */
static char *
field_or_null (GtkEditable *field)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (field)));

  return text[0] ? g_steal_pointer (&text) : NULL;
}

/* Takes a workflow step as the person at the desk; permission, four-eyes and
 * the decision gate are decided by the store, and a refusal is shown. */
void
_ld_case_page_take_step (LdCasePage   *self,
                         LdCaseAction  action)
{
  LdCaseTaskInput *input;
  g_auto(GStrv) criteria = NULL;

  if (self->record == NULL || self->busy)
    return;
  criteria = split_codes (gtk_editable_get_text (self->criteria_entry));
  input = ld_case_task_input_new (LD_CASE_TASK_STEP);
  input->action = action;
  input->list_dir = installed_list_dir ();
  input->actor = self->actor ? ld_actor_copy (self->actor) : NULL;
  input->id = g_strdup (self->record->id);
  input->criteria = criteria[0] ? g_steal_pointer (&criteria) : NULL;
  input->rationale = g_strdup (gtk_editable_get_text (self->rationale_entry));
  input->note = field_or_null (self->note_entry);
  self->step_pending = TRUE;
  load (self, input);
}

void
_ld_case_page_issue (LdCasePage *self)
{
  LdCaseTaskInput *input;
  char *text;

  if (self->record == NULL || self->busy)
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

/* ---- amending ------------------------------------------------------------ */

static char **
amend_targets (LdCase *c,
               guint   index)
{
  char **targets[] = { &c->end_use, &c->euc_reference, &c->contract_reference, &c->delivery_schedule,
                       &c->valid_until };

  return targets[index];
}

static void
set_amend_error (LdCasePage *self,
                 const char *message)
{
  gtk_label_set_text (self->amend_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->amend_error), message != NULL);
}

/* Opens the amendment form with the case as it stands. */
void
_ld_case_page_begin_amendment (LdCasePage *self)
{
  if (self->record == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (self->amend_fields); i++)
    {
      char *value = *amend_targets (self->record->data, i);

      gtk_editable_set_text (self->amend_fields[i], value ? value : "");
    }
  gtk_editable_set_text (self->amend_reason, "");
  set_amend_error (self, NULL);
  self->amending = TRUE;
  update_steps (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->amend_fields[0]));
}

void
_ld_case_page_cancel_amendment (LdCasePage *self)
{
  self->amending = FALSE;
  set_amend_error (self, NULL);
  update_steps (self);
}

static void
amendment_saved_cb (GObject      *source,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  g_autoptr(LdCasePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(LdCaseRecord) saved = ld_case_repo_save_finish (res, &error);
  LdCaseTaskInput *input;

  self->busy = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (saved == NULL)
    {
      /* The form stays open with what was typed, the reason beside it. */
      set_amend_error (self, error->message);
      update_steps (self);
      return;
    }
  self->amending = FALSE;
  /* A new version of a submitted case is screened at once, as the CLI does,
   * and shown beside the version it replaces. */
  input = ld_case_task_input_new (ld_case_status_is_submitted (saved->status) ? LD_CASE_TASK_SCREEN
                                                                              : LD_CASE_TASK_LOAD);
  input->actor = self->actor ? ld_actor_copy (self->actor) : NULL;
  input->id = g_strdup (saved->id);
  input->other_version = saved->current_version > 1 ? saved->current_version - 1 : 0;
  load (self, input);
}

/* Saves the amended fields as a new version of the case, with the reason. */
void
_ld_case_page_save_amendment (LdCasePage *self)
{
  g_autofree char *json = NULL;
  g_autoptr(LdCase) data = NULL;
  g_autofree char *reason = NULL;

  if (self->record == NULL || self->busy || !self->amending)
    return;
  json = ld_case_to_json (self->record->data, TRUE);
  data = ld_case_from_json (json, NULL);
  g_return_if_fail (data != NULL);
  for (guint i = 0; i < G_N_ELEMENTS (self->amend_fields); i++)
    {
      char **target = amend_targets (data, i);

      g_free (*target);
      *target = field_or_null (self->amend_fields[i]);
    }
  reason = field_or_null (self->amend_reason);
  set_amend_error (self, NULL);
  self->busy = TRUE;
  update_steps (self);
  ld_case_repo_save_async (self->store, self->actor, self->record->id, self->record->row_version, data, reason,
                           self->cancellable, amendment_saved_cb, g_object_ref (self));
}

/* ---- documents ----------------------------------------------------------- */

static void
set_documents_error (LdCasePage *self,
                     const char *message)
{
  gtk_label_set_text (self->documents_error, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->documents_error), message != NULL);
}

static char *
document_subtitle (const LdCaseDocument *d)
{
  g_autofree char *size = g_format_size (d->size);

  return g_strdup_printf (_("%s · %s · %s · added by %s on %.10s"), d->description ? d->description : "—",
                          d->media_type, size, d->added_by_name ? d->added_by_name : d->added_by,
                          d->added_at);
}

static void
documents_loaded_cb (GObject      *source,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  g_autoptr(LdCasePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) documents = ld_case_documents_list_finish (res, &error);
  g_autoptr(GPtrArray) lines = NULL;

  self->documents_busy = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (documents == NULL)
    {
      set_documents_error (self, error->message);
      return;
    }
  lines = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < documents->len; i++)
    {
      const LdCaseDocument *d = documents->pdata[i];
      g_autofree char *subtitle = document_subtitle (d);
      LdDetailLine *line = ld_detail_line_new (d->file_name, subtitle, NULL);

      /* The line's Open button hands the id to case.open-document. */
      ld_detail_line_set_target (line, g_variant_new_string (d->id));
      g_ptr_array_add (lines, line);
    }
  take_lines (self->document_lines, lines);
  gtk_widget_set_visible (GTK_WIDGET (self->documents_list), documents->len > 0);
  gtk_widget_set_visible (self->no_documents, documents->len == 0);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  self->documents = g_steal_pointer (&documents);
  _ld_case_page_update_actions (self);
}

static void
attached_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(LdCasePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = ld_case_documents_attach_finish (res, &error);

  self->documents_busy = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A refused file says why beside the list; nothing is stored. */
  set_documents_error (self, error ? error->message : NULL);
  load_documents (self);
  _ld_case_page_update_actions (self);
}

/* Attaches @file as the kind of document chosen beside the button. */
void
_ld_case_page_attach_file (LdCasePage *self,
                           GFile      *file)
{
  GtkStringObject *kind = gtk_drop_down_get_selected_item (self->document_kind);

  if (self->record == NULL || self->documents_busy)
    return;
  set_documents_error (self, NULL);
  self->documents_busy = TRUE;
  _ld_case_page_update_actions (self);
  ld_case_documents_attach_async (self->store, self->actor, self->record->id, file,
                                  kind ? gtk_string_object_get_string (kind) : _("Other document"),
                                  self->cancellable, attached_cb, g_object_ref (self));
}

/* The chooser hands the file's path to case.attach-file. */
void
_ld_case_page_choose_document (LdCasePage *self)
{
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("PDFs and images"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_mime_type (filter, "image/*");
  ld_ui_choose_file_for_action (GTK_WIDGET (self), _("Attach a Document to the Case"), _("_Attach"), filter,
                                "case.attach-file");
}

static void
launched_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(LdCasePage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (res, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_autofree char *name = g_path_get_basename (self->opened_document);
      g_autofree char *message = g_strdup_printf (_("No application on this desk could open %s (%s). A copy checked "
                                                    "against its SHA-256 is kept at %s."),
                                                  name, error->message, self->opened_document);

      set_documents_error (self, message);
    }
}

static void
exported_cb (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(LdCasePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) copy = ld_case_documents_export_finish (res, &error);
  g_autofree char *uri = NULL;
  g_autoptr(GdkAppLaunchContext) context = NULL;

  self->documents_busy = FALSE;
  _ld_case_page_update_actions (self);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (copy == NULL)
    {
      set_documents_error (self, error->message);
      return;
    }
  g_free (self->opened_document);
  self->opened_document = g_file_get_path (copy);
  uri = g_file_get_uri (copy);
  context = gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self)));
  g_app_info_launch_default_for_uri_async (uri, G_APP_LAUNCH_CONTEXT (context), self->cancellable, launched_cb,
                                           g_object_ref (self));
}

/* Opens a document in the desk's viewer, from a copy checked against its
 * SHA-256 in the user's cache folder. */
void
_ld_case_page_open_document (LdCasePage *self,
                             const char *attachment_id)
{
  g_autofree char *folder = g_build_filename (g_get_user_cache_dir (), "licence-desk", "documents", NULL);

  if (self->documents_busy)
    return;
  set_documents_error (self, NULL);
  self->documents_busy = TRUE;
  _ld_case_page_update_actions (self);
  ld_case_documents_export_async (self->store, attachment_id, folder, self->cancellable, exported_cb,
                                  g_object_ref (self));
}

/* ---- printing ------------------------------------------------------------ */

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

/* ---- the widget ---------------------------------------------------------- */

/* A list box makes a row for every item (a list view outside a scrolled
 * window of its own would show only the first 200 lines of a large case). */
static void
bind_lists (LdCasePage *self)
{
  gtk_list_box_bind_model (self->documents_list, G_LIST_MODEL (self->document_lines), ld_detail_row_new_action,
                           (gpointer) "case.open-document", NULL);
  gtk_list_box_bind_model (self->changes_list, G_LIST_MODEL (self->changes), ld_detail_row_new_columns, NULL, NULL);
  gtk_list_box_bind_model (self->parties_list, G_LIST_MODEL (self->parties), ld_detail_row_new, NULL, NULL);
  gtk_list_box_bind_model (self->items_list, G_LIST_MODEL (self->items), ld_detail_row_new, NULL, NULL);
  gtk_list_box_bind_model (self->history_list, G_LIST_MODEL (self->history), ld_detail_row_new, NULL, NULL);
  gtk_list_box_bind_model (self->hits_list, G_LIST_MODEL (self->hits), ld_case_hit_row_new_for, NULL, NULL);
}

static void
ld_case_page_dispose (GObject *object)
{
  LdCasePage *self = LD_CASE_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_CASE_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, ld_actor_free);
  g_clear_pointer (&self->record, ld_case_record_free);
  g_clear_pointer (&self->error, g_free);
  g_clear_pointer (&self->unmet_approval, g_ptr_array_unref);
  g_clear_pointer (&self->unmet_refusal, g_ptr_array_unref);
  g_clear_pointer (&self->licence_number, g_free);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_clear_pointer (&self->opened_document, g_free);
  G_OBJECT_CLASS (ld_case_page_parent_class)->dispose (object);
}

static void
ld_case_page_class_init (LdCasePageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char *steps[] = {
    [LD_CASE_ACTION_SUBMIT] = "step_submit",
    [LD_CASE_ACTION_ASSESS] = "step_assess",
    [LD_CASE_ACTION_REQUEST_INFO] = "step_request_info",
    [LD_CASE_ACTION_ANSWER_INFO] = "step_answer_info",
    [LD_CASE_ACTION_RECOMMEND_APPROVAL] = "step_recommend_approval",
    [LD_CASE_ACTION_RECOMMEND_REFUSAL] = "step_recommend_refusal",
    [LD_CASE_ACTION_APPROVE] = "step_approve",
    [LD_CASE_ACTION_REFUSE] = "step_refuse",
    [LD_CASE_ACTION_WITHDRAW] = "step_withdraw",
  };
  static const char *issue[] = { "issue_from", "issue_until", "issue_codes", "issue_written" };
  static const char *gate[] = { "gate_title_first", "gate_title_second" };
  static const char *gate_lists[] = { "gate_list_first", "gate_list_second" };
  static const char *amend[] = { "amend_end_use", "amend_euc_reference", "amend_contract_reference",
                                 "amend_delivery_schedule", "amend_valid_until" };

  G_OBJECT_CLASS (klass)->dispose = ld_case_page_dispose;
  /* The lists' items are declared in the .ui by type name. */
  g_type_ensure (LD_TYPE_DETAIL_LINE);
  g_type_ensure (LD_TYPE_CASE_HIT);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/licencedesk/LicenceDesk/ld-case-page.ui");
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, content);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, title);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, subtitle);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, amendment_label);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, steps_box);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    gtk_widget_class_bind_template_child_full (widget_class, steps[i], FALSE,
                                               G_STRUCT_OFFSET (LdCasePage, step_buttons) + i * sizeof (GtkWidget *));
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, issue_button);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, amend_button);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, licence_label);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, issue_terms);
  for (guint i = 0; i < G_N_ELEMENTS (issue); i++)
    gtk_widget_class_bind_template_child_full (widget_class, issue[i], FALSE,
                                               G_STRUCT_OFFSET (LdCasePage, issue_fields) + i * sizeof (GtkEditable *));
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, gate_box);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, note_entry);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, criteria_entry);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, rationale_entry);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, print_button);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, amend_group);
  for (guint i = 0; i < G_N_ELEMENTS (amend); i++)
    gtk_widget_class_bind_template_child_full (widget_class, amend[i], FALSE,
                                               G_STRUCT_OFFSET (LdCasePage, amend_fields) + i * sizeof (GtkEditable *));
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, amend_reason);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, amend_error);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, document_kind);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, documents_error);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, documents_list);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, no_documents);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, document_lines);
  for (guint i = 0; i < G_N_ELEMENTS (gate); i++)
    gtk_widget_class_bind_template_child_full (widget_class, gate[i], FALSE,
                                               G_STRUCT_OFFSET (LdCasePage, gate_titles) + i * sizeof (GtkLabel *));
  for (guint i = 0; i < G_N_ELEMENTS (gate_lists); i++)
    gtk_widget_class_bind_template_child_full (widget_class, gate_lists[i], FALSE,
                                               G_STRUCT_OFFSET (LdCasePage, gate_lists) + i * sizeof (GtkLabel *));
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, compare_group);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, route_group);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, items_group);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, screening_group);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, history_group);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, compare_older);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, compare_newer);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, route_label);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, flags_label);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, screening_note);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, screening_run);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, screen_row);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, screen_why);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, screen_button);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, hits_list);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, changes_list);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, parties_list);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, items_list);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, history_list);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, changes);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, parties);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, items);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, history);
  gtk_widget_class_bind_template_child (widget_class, LdCasePage, hits);
  _ld_case_page_class_install_actions (widget_class);
}

static void
ld_case_page_init (LdCasePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  bind_lists (self);
  self->cancellable = g_cancellable_new ();
  /* A rationale marked as missing is unmarked as soon as one is typed. */
  g_signal_connect_swapped (self->rationale_entry, "changed", G_CALLBACK (rationale_changed_cb), self);
  update_steps (self);
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
  self->amending = FALSE;
  set_error (self, NULL);
  set_documents_error (self, NULL);
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
  return self->busy || self->documents_busy;
}

const char *
ld_case_page_get_error (LdCasePage *self)
{
  return self->error;
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

/* ---- for the tests (ld-case-page-private.h) ------------------------------ */

/**
 * ld_case_page_get_screen_button:
 *
 * Returns: (transfer none) (nullable): the Screen Now button, shown while the
 *   case's current version is open and unscreened
 */
GtkWidget *
ld_case_page_get_screen_button (LdCasePage *self)
{
  if (!gtk_widget_get_visible (self->screen_row))
    return NULL;
  return self->screen_button;
}

GtkWidget *
ld_case_page_get_step_button (LdCasePage   *self,
                              LdCaseAction  action)
{
  g_return_val_if_fail (action < LD_CASE_N_ACTIONS, NULL);

  return self->step_buttons[action];
}

GtkWidget *
ld_case_page_get_issue_button (LdCasePage *self)
{
  return self->issue_button;
}

GtkWidget *
ld_case_page_get_print_button (LdCasePage *self)
{
  return self->print_button;
}

/* Fills the refusal fields, as a person would type them. */
void
ld_case_page_set_refusal (LdCasePage *self,
                          const char *criteria,
                          const char *rationale)
{
  gtk_editable_set_text (self->criteria_entry, criteria);
  gtk_editable_set_text (self->rationale_entry, rationale);
}

guint
ld_case_page_get_n_compared (LdCasePage *self)
{
  return self->n_compared;
}

const char *
_ld_case_page_get_opened_document (LdCasePage *self)
{
  return self->opened_document;
}

guint
_ld_case_page_get_n_documents (LdCasePage *self)
{
  return self->documents ? self->documents->len : 0;
}

const char *
_ld_case_page_get_documents_error (LdCasePage *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->documents_error)) ? gtk_label_get_text (self->documents_error)
                                                                       : NULL;
}

const char *
_ld_case_page_get_amend_error (LdCasePage *self)
{
  return gtk_widget_get_visible (GTK_WIDGET (self->amend_error)) ? gtk_label_get_text (self->amend_error) : NULL;
}

GtkEditable *
_ld_case_page_get_amend_field (LdCasePage *self,
                               guint       index)
{
  g_return_val_if_fail (index < G_N_ELEMENTS (self->amend_fields), NULL);

  return self->amend_fields[index];
}

GtkEditable *
_ld_case_page_get_amend_reason (LdCasePage *self)
{
  return self->amend_reason;
}

GtkEditable *
_ld_case_page_get_note_entry (LdCasePage *self)
{
  return self->note_entry;
}
