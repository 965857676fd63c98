/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-assessment-page"

#include "config.h"

#include <glib/gi18n.h>

#include "ld-assessment-page.h"
#include "ld-question-row.h"
#include "ld-case-screening.h"
#include "ld-checklist-indicators.h"

/* The diversion-risk assessment of a case's current version (issue 15): each
 * question of the template it was made with, what the record shows for it,
 * the officer's answer and notes. Unanswered and unevidenced questions are
 * marked; the rating follows the answers as they change; the officer's
 * recommendation and the senior officer's decision are taken here with their
 * rationale. Every disk read and write runs in a GTask thread. */

struct _LdAssessmentPage
{
  GtkWidget              parent_instance;

  GtkWidget             *scroller;
  GtkLabel              *title_label;
  GtkLabel              *rating_label;
  GtkLabel              *gaps_label;
  GtkBox                *questions_box;
  GtkLabel              *error_label;
  GtkWidget             *save_button;
  GtkWidget             *print_button;
  GtkEntry              *rationale_entry;
  GtkEntry              *criteria_entry;
  GtkWidget             *recommend_approval_button;
  GtkWidget             *recommend_refusal_button;
  GtkWidget             *approve_button;
  GtkWidget             *refuse_button;

  LdStore               *store;
  LdActor               *actor;
  char                  *case_id;
  GCancellable          *cancellable;
  guint                  busy;
  LdCaseRecord          *record;
  LdChecklistAssessment *assessment;
  GPtrArray             *indicators;
  GHashTable            *rows;          /* question id -> Row */
  LdChecklistRating      rating;
  guint                  n_gaps;
  char                  *error;
};

G_DEFINE_FINAL_TYPE (LdAssessmentPage, ld_assessment_page, GTK_TYPE_WIDGET)

/* One question on the page. */
typedef struct
{
  const LdChecklistQuestion *question;   /* owned by the assessment's template */
  GtkWidget                 *box;
  GtkDropDown               *answer;
  GtkEditable               *notes;
  GtkWidget                 *gap;
  LdChecklistAnswer          choices[LD_CHECKLIST_N_ANSWERS];   /* per drop-down position */
  gboolean                   from_record;
} Row;

typedef enum { JOB_LOAD, JOB_SAVE, JOB_ACT } JobKind;

typedef struct
{
  JobKind       kind;
  LdStore      *store;
  LdActor      *actor;
  char         *case_id;
  GPtrArray    *responses;   /* save */
  LdCaseAction  action;      /* act */
  char         *rationale;
  GStrv         criteria;
} Job;

typedef struct
{
  LdCaseRecord          *record;
  LdChecklistAssessment *assessment;
  GPtrArray             *indicators;
} Outcome;

static void
job_free (Job *job)
{
  g_clear_object (&job->store);
  g_clear_pointer (&job->actor, ld_actor_free);
  g_free (job->case_id);
  g_clear_pointer (&job->responses, g_ptr_array_unref);
  g_free (job->rationale);
  g_strfreev (job->criteria);
  g_free (job);
}

static void
outcome_free (Outcome *o)
{
  g_clear_pointer (&o->record, ld_case_record_free);
  g_clear_pointer (&o->assessment, ld_checklist_assessment_free);
  g_clear_pointer (&o->indicators, g_ptr_array_unref);
  g_free (o);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Outcome, outcome_free)

/* ---- The thread ------------------------------------------------------------ */

static gboolean
may_answer (const LdCaseRecord *r)
{
  return r->status == LD_CASE_STATUS_SUBMITTED || r->status == LD_CASE_STATUS_UNDER_ASSESSMENT ||
         r->status == LD_CASE_STATUS_INFORMATION_REQUESTED;
}

/* An officer who may assess an open case refreshes what the record shows;
 * anyone else reads the assessment as it stands. */
static gboolean
read_assessment (LdStore  *store,
                 Job      *job,
                 Outcome  *o,
                 GError  **error)
{
  g_autoptr(GError) local = NULL;

  if (!(o->record = ld_case_repo_load (store, job->case_id, 0, error)))
    return FALSE;
  if (may_answer (o->record) && ld_actor_require (job->actor, LD_PERMISSION_ASSESS_APPLICATIONS, NULL))
    {
      o->assessment = ld_checklist_refresh (store, job->actor, job->case_id, job->responses, &o->indicators, error);
      return o->assessment != NULL;
    }
  if (job->responses && job->responses->len > 0)
    {
      g_set_error (error, LD_CASE_WORKFLOW_ERROR, LD_CASE_WORKFLOW_ERROR_NOT_ALLOWED,
                   _("Only a licensing officer may answer the assessment, and only while the case is assessed."));
      return FALSE;
    }
  if (!(o->indicators = ld_checklist_indicators_read (store, job->case_id, error)))
    return FALSE;
  o->assessment = ld_checklist_repo_get (store, job->case_id, 0, &local);
  if (local)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  return TRUE;
}

static gboolean
take_step (LdStore  *store,
           Job      *job,
           GError  **error)
{
  LdCaseDecision decision = { (const char * const *) job->criteria, job->rationale };
  g_autofree char *list = ld_case_screening_installed_list_sha256 (NULL, NULL);
  g_autoptr(LdCaseRecord) r = ld_case_repo_transition_full (store, job->actor, job->case_id, job->action, &decision,
                                                            job->rationale, list, error);

  return r != NULL;
}

static void
run_job (GTask        *task,
         gpointer      source,
         gpointer      task_data,
         GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(Outcome) o = g_new0 (Outcome, 1);
  GError *error = NULL;

  if ((job->kind == JOB_ACT && !take_step (job->store, job, &error)) ||
      !read_assessment (job->store, job, o, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, g_steal_pointer (&o), (GDestroyNotify) outcome_free);
}

/* ---- Showing the assessment --------------------------------------------------- */

static void
row_free (Row *row)
{
  g_free (row);
}

static void
set_error (LdAssessmentPage *self,
           const char       *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_text (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static LdChecklistAnswer
row_answer (const Row *row)
{
  guint selected = gtk_drop_down_get_selected (row->answer);

  return selected < LD_CHECKLIST_N_ANSWERS ? row->choices[selected] : LD_CHECKLIST_ANSWER_NONE;
}

/* What the page shows now, as responses: the record's answers as stored, the
 * officer's as chosen. */
static GHashTable *
responses_on_page (LdAssessmentPage *self)
{
  GHashTable *responses = ld_checklist_responses_new ();
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Row *row = value;
      const LdChecklistResponse *stored = g_hash_table_lookup (self->assessment->responses, row->question->id);
      LdChecklistResponse *r;

      if (row_answer (row) == LD_CHECKLIST_ANSWER_NONE)
        continue;
      r = ld_checklist_response_new (row->question->id, row_answer (row), gtk_editable_get_text (row->notes));
      r->from_record = row->from_record;
      r->evidence = g_strdup (stored ? stored->evidence : NULL);
      g_hash_table_replace (responses, r->question_id, r);
    }
  return responses;
}

static void
update_rating (LdAssessmentPage *self)
{
  g_autoptr(GHashTable) responses = NULL;
  g_autoptr(GPtrArray) gaps = NULL;
  g_autofree char *rating = NULL;
  GHashTableIter iter;
  gpointer value;

  if (self->assessment == NULL)
    return;
  responses = responses_on_page (self);
  gaps = ld_checklist_list_gaps (self->assessment->template_, responses);
  self->rating = ld_checklist_rate (self->assessment->template_, responses);
  self->n_gaps = gaps->len;
  rating = g_strdup_printf (_("Rating: %s"), ld_checklist_rating_get_title (self->rating));
  gtk_label_set_text (self->rating_label, rating);
  gtk_widget_remove_css_class (GTK_WIDGET (self->rating_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->rating_label), "warning");
  if (self->rating == LD_CHECKLIST_RATING_PROHIBITED)
    gtk_widget_add_css_class (GTK_WIDGET (self->rating_label), "error");
  else if (self->rating == LD_CHECKLIST_RATING_HIGH)
    gtk_widget_add_css_class (GTK_WIDGET (self->rating_label), "warning");
  if (gaps->len == 0)
    gtk_label_set_text (self->gaps_label, _("Every question is answered, with evidence where a risk is signalled."));
  else
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                 "%u question is unanswered or lacks the evidence it needs; the "
                                                 "rating is provisional.",
                                                 "%u questions are unanswered or lack the evidence they need; the "
                                                 "rating is provisional.", gaps->len), gaps->len);
      gtk_label_set_text (self->gaps_label, text);
    }
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Row *row = value;
      g_autofree char *gap = ld_checklist_question_gap (row->question,
                                                         g_hash_table_lookup (responses, row->question->id));

      gtk_label_set_text (GTK_LABEL (row->gap), gap ? gap : "");
      gtk_widget_set_visible (row->gap, gap != NULL);
      if (gap)
        gtk_widget_add_css_class (row->box, "card-gap");
      else
        gtk_widget_remove_css_class (row->box, "card-gap");
    }
}

static void
answer_changed_cb (LdAssessmentPage *self)
{
  update_rating (self);
}

/* The answers a question offers, "not answered" first; @row learns which
 * answer each position stands for. Returns the stored answer's position. */
static guint
answer_choices (Row                       *row,
                const LdChecklistResponse *stored,
                GtkStringList             *names)
{
  guint n = 0, selected = 0;

  row->choices[n++] = LD_CHECKLIST_ANSWER_NONE;
  gtk_string_list_append (names, ld_checklist_answer_get_title (LD_CHECKLIST_ANSWER_NONE));
  for (LdChecklistAnswer a = LD_CHECKLIST_ANSWER_YES; a < LD_CHECKLIST_N_ANSWERS; a++)
    if (row->question->answers & (1u << a))
      {
        if (stored && stored->answer == a)
          selected = n;
        row->choices[n++] = a;
        gtk_string_list_append (names, ld_checklist_answer_get_title (a));
      }
  return selected;
}

/* One question's row (ui/ld-question-row.ui), under its section's heading
 * when it is the first of its section. */
static GtkWidget *
question_row (LdAssessmentPage          *self,
              const LdChecklistQuestion *q,
              const char                *section)
{
  const LdChecklistResponse *stored = g_hash_table_lookup (self->assessment->responses, q->id);
  Row *row = g_new0 (Row, 1);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *title = g_strdup_printf ("%s — %s", q->id, q->text);
  g_autofree char *evidence = NULL;
  guint selected;
  GtkWidget *widget;

  row->question = q;
  row->from_record = stored && stored->from_record;
  /* The record's answer is corrected in the record, not here. */
  if (row->from_record)
    evidence = g_strdup_printf (_("From the record (%s): %s"), stored->link ? stored->link : _("the case"),
                                stored->evidence);
  selected = answer_choices (row, stored, names);
  widget = ld_question_row_new (section, title, q->guidance, evidence, G_LIST_MODEL (names), selected,
                                stored ? stored->notes : NULL);
  row->box = ld_question_row_get_card (LD_QUESTION_ROW (widget));
  row->answer = ld_question_row_get_answer (LD_QUESTION_ROW (widget));
  row->notes = ld_question_row_get_notes (LD_QUESTION_ROW (widget));
  row->gap = ld_question_row_get_gap (LD_QUESTION_ROW (widget));
  g_signal_connect_object (row->answer, "notify::selected", G_CALLBACK (answer_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row->notes, "changed", G_CALLBACK (answer_changed_cb), self, G_CONNECT_SWAPPED);
  g_hash_table_replace (self->rows, q->id, row);
  return widget;
}

static void
clear_questions (LdAssessmentPage *self)
{
  GtkWidget *child;

  g_hash_table_remove_all (self->rows);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->questions_box))))
    gtk_box_remove (self->questions_box, child);
}

static void
show_questions (LdAssessmentPage *self)
{
  const char *section = NULL;

  clear_questions (self);
  for (guint i = 0; i < self->assessment->template_->questions->len; i++)
    {
      const LdChecklistQuestion *q = g_ptr_array_index (self->assessment->template_->questions, i);

      gboolean first = g_strcmp0 (section, q->section) != 0;

      gtk_box_append (self->questions_box,
                      question_row (self, q, first ? ld_checklist_section_get_title (q->section) : NULL));
      section = q->section;
    }
}

static void
update_actions (LdAssessmentPage *self)
{
  gboolean answering = self->record && may_answer (self->record) && self->busy == 0 &&
                       ld_actor_require (self->actor, LD_PERMISSION_ASSESS_APPLICATIONS, NULL);
  LdCaseStatus status = self->record ? self->record->status : LD_CASE_STATUS_DRAFT;
  LdCaseStatus to;

  gtk_widget_set_sensitive (self->save_button, answering && self->assessment != NULL);
  /* Past its assessment the case's answers are read, not changed. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->questions_box),
                            self->record && may_answer (self->record) &&
                            ld_actor_require (self->actor, LD_PERMISSION_ASSESS_APPLICATIONS, NULL));
  gtk_widget_set_sensitive (self->print_button, self->assessment != NULL);
  gtk_widget_set_visible (self->recommend_approval_button,
                          ld_case_action_get_target (status, LD_CASE_ACTION_RECOMMEND_APPROVAL, &to));
  gtk_widget_set_visible (self->recommend_refusal_button,
                          ld_case_action_get_target (status, LD_CASE_ACTION_RECOMMEND_REFUSAL, &to));
  gtk_widget_set_visible (self->approve_button, ld_case_action_get_target (status, LD_CASE_ACTION_APPROVE, &to));
  gtk_widget_set_visible (self->refuse_button, ld_case_action_get_target (status, LD_CASE_ACTION_REFUSE, &to));
}

static void
show_outcome (LdAssessmentPage *self,
              Outcome          *o)
{
  g_autofree char *title = NULL;

  g_clear_pointer (&self->record, ld_case_record_free);
  g_clear_pointer (&self->assessment, ld_checklist_assessment_free);
  g_clear_pointer (&self->indicators, g_ptr_array_unref);
  self->record = g_steal_pointer (&o->record);
  self->assessment = g_steal_pointer (&o->assessment);
  self->indicators = g_steal_pointer (&o->indicators);
  if (self->assessment == NULL)
    {
      title = g_strdup_printf (_("Diversion-risk assessment of %s: none made yet"), self->record->reference);
      gtk_label_set_text (self->title_label, title);
      clear_questions (self);
      return;
    }
  title = g_strdup_printf (_("Diversion-risk assessment of %s, version %d (checklist version %d, %s)"),
                           self->record->reference, self->assessment->case_version,
                           self->assessment->template_->version, ld_case_status_get_title (self->record->status));
  gtk_label_set_text (self->title_label, title);
  show_questions (self);
  update_rating (self);
  if (gtk_editable_get_text (GTK_EDITABLE (self->criteria_entry))[0] == '\0')
    {
      g_auto(GStrv) codes = ld_checklist_suggest_criteria (self->assessment->template_, self->assessment->responses);
      g_autofree char *joined = g_strjoinv (", ", codes);

      gtk_editable_set_text (GTK_EDITABLE (self->criteria_entry), joined);
    }
}

static void
job_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(LdAssessmentPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(Outcome) o = g_task_propagate_pointer (G_TASK (result), &error);

  self->busy--;
  if (o == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error (self, error->message);
      update_actions (self);
      return;
    }
  set_error (self, NULL);
  show_outcome (self, o);
  update_actions (self);
}

static void
start_job (LdAssessmentPage *self,
           Job              *job)
{
  g_autoptr(GTask) task = g_task_new (NULL, self->cancellable, job_done_cb, g_object_ref (self));

  job->store = g_object_ref (self->store);
  job->actor = self->actor ? ld_actor_copy (self->actor) : NULL;
  job->case_id = g_strdup (self->case_id);
  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  self->busy++;
  update_actions (self);
  g_task_run_in_thread (task, run_job);
}

/* ---- Callbacks ---------------------------------------------------------------- */

static void
save_clicked_cb (LdAssessmentPage *self)
{
  Job *job = g_new0 (Job, 1);
  GHashTableIter iter;
  gpointer value;

  job->kind = JOB_SAVE;
  job->responses = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_checklist_response_free);
  g_hash_table_iter_init (&iter, self->rows);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Row *row = value;
      const LdChecklistResponse *stored = g_hash_table_lookup (self->assessment->responses, row->question->id);
      const char *notes = gtk_editable_get_text (row->notes);

      if (row_answer (row) == LD_CHECKLIST_ANSWER_NONE)
        continue;
      /* Only what changed is sent, so the audit trail shows who answered what. */
      if (stored && stored->answer == row_answer (row) && g_strcmp0 (stored->notes ? stored->notes : "", notes) == 0)
        continue;
      g_ptr_array_add (job->responses, ld_checklist_response_new (row->question->id, row_answer (row), notes));
    }
  start_job (self, job);
}

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
act_clicked_cb (GtkButton        *button,
                LdAssessmentPage *self)
{
  g_autofree char *rationale = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->rationale_entry))));
  Job *job;

  if (rationale[0] == '\0')
    {
      set_error (self, _("Write the rationale of the recommendation or decision first: why the answers lead to it."));
      gtk_widget_grab_focus (GTK_WIDGET (self->rationale_entry));
      return;
    }
  job = g_new0 (Job, 1);
  job->kind = JOB_ACT;
  job->rationale = g_steal_pointer (&rationale);
  if (GTK_WIDGET (button) == self->recommend_approval_button)
    job->action = LD_CASE_ACTION_RECOMMEND_APPROVAL;
  else if (GTK_WIDGET (button) == self->recommend_refusal_button)
    job->action = LD_CASE_ACTION_RECOMMEND_REFUSAL;
  else if (GTK_WIDGET (button) == self->approve_button)
    job->action = LD_CASE_ACTION_APPROVE;
  else
    job->action = LD_CASE_ACTION_REFUSE;
  if (job->action == LD_CASE_ACTION_REFUSE)
    job->criteria = split_codes (gtk_editable_get_text (GTK_EDITABLE (self->criteria_entry)));
  start_job (self, job);
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              LdAssessmentPage  *self)
{
  PangoLayout *layout = g_object_get_data (G_OBJECT (operation), "ld-layout");
  int lines_per_page = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (operation), "ld-lines"));
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  int first = page_nr * lines_per_page;
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  int line = 0, top = -1;

  do
    {
      PangoRectangle logical;
      int baseline;

      if (line >= first && line < first + lines_per_page)
        {
          pango_layout_iter_get_line_extents (iter, NULL, &logical);
          baseline = pango_layout_iter_get_baseline (iter);
          if (top < 0)
            top = logical.y;
          cairo_move_to (cr, logical.x / (double) PANGO_SCALE, (baseline - top) / (double) PANGO_SCALE);
          pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
        }
      line++;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                LdAssessmentPage  *self)
{
  g_autofree char *text = ld_assessment_page_printable_text (self);
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string ("Sans 9");
  double height = gtk_print_context_get_height (context);
  int lines, line_height, per_page;
  PangoRectangle logical;

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (gtk_print_context_get_width (context) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);
  lines = pango_layout_get_line_count (layout);
  pango_layout_get_extents (layout, NULL, &logical);
  line_height = MAX (1, logical.height / MAX (lines, 1));
  per_page = MAX (1, (int) (height * PANGO_SCALE / line_height) - 1);
  g_object_set_data_full (G_OBJECT (operation), "ld-layout", layout, g_object_unref);
  g_object_set_data (G_OBJECT (operation), "ld-lines", GINT_TO_POINTER (per_page));
  gtk_print_operation_set_n_pages (operation, (lines + per_page - 1) / per_page);
}

/* The read-only printable view: the whole assessment as text, through GTK's
 * print dialog (page ranges and copies as usual; "Print to File" makes a PDF). */
static void
print_clicked_cb (LdAssessmentPage *self)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GError) error = NULL;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  gtk_print_operation_set_job_name (operation, self->record ? self->record->reference : "assessment");
  g_signal_connect_object (operation, "begin-print", G_CALLBACK (begin_print_cb), self, 0);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (draw_page_cb), self, 0);
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, &error) ==
      GTK_PRINT_OPERATION_RESULT_ERROR)
    set_error (self, error->message);
}

/* ---- GObject -------------------------------------------------------------------- */

static void
ld_assessment_page_dispose (GObject *object)
{
  LdAssessmentPage *self = LD_ASSESSMENT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), LD_TYPE_ASSESSMENT_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->actor, ld_actor_free);
  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->record, ld_case_record_free);
  g_clear_pointer (&self->assessment, ld_checklist_assessment_free);
  g_clear_pointer (&self->indicators, g_ptr_array_unref);
  g_clear_pointer (&self->rows, g_hash_table_unref);
  g_clear_pointer (&self->error, g_free);
  G_OBJECT_CLASS (ld_assessment_page_parent_class)->dispose (object);
}

static void
ld_assessment_page_class_init (LdAssessmentPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_assessment_page_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/licencedesk/LicenceDesk/ld-assessment-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
  gtk_widget_class_bind_template_child (widget_class, LdAssessmentPage, scroller);
  gtk_widget_class_bind_template_child (widget_class, LdAssessmentPage, title_label);
  gtk_widget_class_bind_template_child (widget_class, LdAssessmentPage, rating_label);
  gtk_widget_class_bind_template_child (widget_class, LdAssessmentPage, gaps_label);
  gtk_widget_class_bind_template_child (widget_class, LdAssessmentPage, questions_box);
  gtk_widget_class_bind_template_child (widget_class, LdAssessmentPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, LdAssessmentPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, LdAssessmentPage, print_button);
  gtk_widget_class_bind_template_child (widget_class, LdAssessmentPage, rationale_entry);
  gtk_widget_class_bind_template_child (widget_class, LdAssessmentPage, criteria_entry);
  gtk_widget_class_bind_template_child (widget_class, LdAssessmentPage, recommend_approval_button);
  gtk_widget_class_bind_template_child (widget_class, LdAssessmentPage, recommend_refusal_button);
  gtk_widget_class_bind_template_child (widget_class, LdAssessmentPage, approve_button);
  gtk_widget_class_bind_template_child (widget_class, LdAssessmentPage, refuse_button);
  gtk_widget_class_bind_template_callback (widget_class, save_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, print_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, act_clicked_cb);
}

static void
ld_assessment_page_init (LdAssessmentPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->rows = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) row_free);
}

/* ---- Public API ----------------------------------------------------------------- */

/**
 * ld_assessment_page_new:
 * @actor: (nullable): who is signed in
 *
 * Opens the assessment of the case's current version; an officer who may
 * assess it starts it, or refreshes what the record shows.
 */
GtkWidget *
ld_assessment_page_new (LdStore       *store,
                        const LdActor *actor,
                        const char    *case_id)
{
  LdAssessmentPage *self = g_object_new (LD_TYPE_ASSESSMENT_PAGE, NULL);
  Job *job = g_new0 (Job, 1);

  self->store = g_object_ref (store);
  self->actor = actor ? ld_actor_copy (actor) : NULL;
  self->case_id = g_strdup (case_id);
  gtk_label_set_text (self->title_label, _("Reading the assessment…"));
  job->kind = JOB_LOAD;
  start_job (self, job);
  return GTK_WIDGET (self);
}

/**
 * ld_assessment_page_present:
 *
 * The assessment in a window of its own over @parent's, from the case page.
 */
void
ld_assessment_page_present (GtkWidget     *parent,
                            LdStore       *store,
                            const LdActor *actor,
                            const char    *case_id)
{
  GtkWidget *window = gtk_window_new ();
  GtkRoot *root = parent ? gtk_widget_get_root (parent) : NULL;

  gtk_window_set_title (GTK_WINDOW (window), _("Diversion-Risk Assessment"));
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 760);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_child (GTK_WINDOW (window), ld_assessment_page_new (store, actor, case_id));
  gtk_window_present (GTK_WINDOW (window));
}

gboolean
ld_assessment_page_is_busy (LdAssessmentPage *self)
{
  return self->busy > 0;
}

const LdChecklistAssessment *
ld_assessment_page_get_assessment (LdAssessmentPage *self)
{
  return self->assessment;
}

LdChecklistRating
ld_assessment_page_get_rating (LdAssessmentPage *self)
{
  return self->rating;
}

guint
ld_assessment_page_get_n_gaps (LdAssessmentPage *self)
{
  return self->n_gaps;
}

const char *
ld_assessment_page_get_error (LdAssessmentPage *self)
{
  return self->error;
}

const char *
ld_assessment_page_get_case_status (LdAssessmentPage *self)
{
  return self->record ? ld_case_status_to_string (self->record->status) : NULL;
}

GtkDropDown *
ld_assessment_page_get_answer (LdAssessmentPage *self,
                               const char       *question_id)
{
  Row *row = g_hash_table_lookup (self->rows, question_id);

  return row ? row->answer : NULL;
}

GtkEditable *
ld_assessment_page_get_notes (LdAssessmentPage *self,
                              const char       *question_id)
{
  Row *row = g_hash_table_lookup (self->rows, question_id);

  return row ? row->notes : NULL;
}

GtkWidget *
ld_assessment_page_get_gap_label (LdAssessmentPage *self,
                                  const char       *question_id)
{
  Row *row = g_hash_table_lookup (self->rows, question_id);

  return row ? row->gap : NULL;
}

/**
 * ld_assessment_page_set_answer:
 *
 * Chooses @answer in the question's drop-down, as an officer would.
 *
 * Returns: whether the question takes that answer
 */
gboolean
ld_assessment_page_set_answer (LdAssessmentPage  *self,
                               const char        *question_id,
                               LdChecklistAnswer  answer)
{
  Row *row = g_hash_table_lookup (self->rows, question_id);

  for (guint i = 0; row && i < LD_CHECKLIST_N_ANSWERS; i++)
    if (row->choices[i] == answer && (i == 0 || answer != LD_CHECKLIST_ANSWER_NONE))
      {
        gtk_drop_down_set_selected (row->answer, i);
        return TRUE;
      }
  return FALSE;
}

/* "save", "print", "recommend-approval", "recommend-refusal", "approve", "refuse" */
GtkWidget *
ld_assessment_page_get_button (LdAssessmentPage *self,
                               const char       *name)
{
  if (g_str_equal (name, "save"))
    return self->save_button;
  if (g_str_equal (name, "print"))
    return self->print_button;
  if (g_str_equal (name, "recommend-approval"))
    return self->recommend_approval_button;
  if (g_str_equal (name, "recommend-refusal"))
    return self->recommend_refusal_button;
  if (g_str_equal (name, "approve"))
    return self->approve_button;
  return self->refuse_button;
}

/* "rationale" or "criteria" */
GtkEditable *
ld_assessment_page_get_field (LdAssessmentPage *self,
                              const char       *name)
{
  return GTK_EDITABLE (g_str_equal (name, "rationale") ? self->rationale_entry : self->criteria_entry);
}

/**
 * ld_assessment_page_printable_text:
 *
 * Returns: (transfer full): the assessment as stored, for print and archive:
 *   every question, its answer, the notes and the record's evidence
 */
char *
ld_assessment_page_printable_text (LdAssessmentPage *self)
{
  const LdChecklistAssessment *a = self->assessment;
  GString *text = g_string_new (NULL);

  if (a == NULL)
    return g_string_free (text, FALSE);
  g_string_append_printf (text, _("Diversion-risk assessment of %s, version %d\n"), a->application_reference,
                          a->case_version);
  g_string_append_printf (text, _("Checklist version %d: %s\n"), a->template_->version, a->template_->title);
  g_string_append_printf (text, _("Started by %s on %.10s; indicators read %s\n"), a->assessed_by_login,
                          a->started_at, a->indicators_read_at ? a->indicators_read_at : _("never"));
  g_string_append_printf (text, _("Rating: %s; %u open questions\n\n"), ld_checklist_rating_get_title (a->rating),
                          a->gaps->len);
  for (guint i = 0; i < a->template_->questions->len; i++)
    {
      const LdChecklistQuestion *q = g_ptr_array_index (a->template_->questions, i);
      const LdChecklistResponse *r = g_hash_table_lookup (a->responses, q->id);

      g_string_append_printf (text, "%s [%s] %s\n", q->id, q->criterion ? q->criterion : "-", q->text);
      g_string_append_printf (text, _("    Answer: %s%s%s\n"),
                              ld_checklist_answer_get_title (r ? r->answer : LD_CHECKLIST_ANSWER_NONE),
                              r && r->answered_by_login ? _(" by ") : "",
                              r && r->answered_by_login ? r->answered_by_login : "");
      if (r && r->from_record)
        g_string_append_printf (text, _("    From the record: %s\n"), r->evidence);
      if (r && r->notes && r->notes[0])
        g_string_append_printf (text, _("    Notes: %s\n"), r->notes);
    }
  return g_string_free (text, FALSE);
}
