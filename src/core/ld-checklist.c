/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-checklist"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "ld-case-workflow.h"
#include "ld-checklist.h"

/* The diversion-risk checklist engine (DOMAIN.md, "Diversion-risk checklist"):
 * what a template may say, what makes an assessment complete and how its
 * rating follows from the answers. Templates are data (the store parses and
 * keeps them); the rules that turn answers into a rating are here, once, and
 * documented in README.md ("Diversion-risk assessment"). */

G_DEFINE_QUARK (ld-checklist-error-quark, ld_checklist_error)

static const struct { const char *name; const char *title; } answers[] = {
  [LD_CHECKLIST_ANSWER_NONE] = { "", N_("Not answered") },
  [LD_CHECKLIST_ANSWER_YES] = { "yes", N_("Yes") },
  [LD_CHECKLIST_ANSWER_NO] = { "no", N_("No") },
  [LD_CHECKLIST_ANSWER_UNKNOWN] = { "unknown", N_("Unknown") },
  [LD_CHECKLIST_ANSWER_NOT_APPLICABLE] = { "not_applicable", N_("Not applicable") },
};

static const char *severities[] = {
  [LD_CHECKLIST_SEVERITY_LOW] = "low",
  [LD_CHECKLIST_SEVERITY_MEDIUM] = "medium",
  [LD_CHECKLIST_SEVERITY_HIGH] = "high",
  [LD_CHECKLIST_SEVERITY_PROHIBITS] = "prohibits",
};

static const struct { const char *name; const char *title; } ratings[] = {
  [LD_CHECKLIST_RATING_LOW] = { "low", N_("Low") },
  [LD_CHECKLIST_RATING_MEDIUM] = { "medium", N_("Medium") },
  [LD_CHECKLIST_RATING_HIGH] = { "high", N_("High") },
  [LD_CHECKLIST_RATING_PROHIBITED] = { "prohibited", N_("Prohibited") },
};

static const struct { const char *name; const char *title; } sections[] = {
  { "att-6", N_("ATT Article 6: prohibitions") },
  { "att-7", N_("ATT Article 7: export assessment") },
  { "att-11", N_("ATT Article 11: diversion") },
  { "eu", N_("EU Common Position 2008/944/CFSP, criteria 1–8") },
  { "ecowas", N_("ECOWAS Convention") },
  { "national", N_("National additions") },
};

/* What ld-checklist-indicators.c (src/screening) can read from the record. */
static const char *indicators[] = {
  "embargo", "sanctions", "broker", "euc", "non-state", "refusals", "quantity",
};

const char *
ld_checklist_answer_to_string (LdChecklistAnswer answer)
{
  g_return_val_if_fail (answer < LD_CHECKLIST_N_ANSWERS, "");

  return answers[answer].name;
}

gboolean
ld_checklist_answer_from_string (const char        *text,
                                 LdChecklistAnswer *out_answer)
{
  for (guint i = LD_CHECKLIST_ANSWER_YES; i < G_N_ELEMENTS (answers); i++)
    if (g_strcmp0 (answers[i].name, text) == 0)
      {
        *out_answer = i;
        return TRUE;
      }
  return FALSE;
}

const char *
ld_checklist_answer_get_title (LdChecklistAnswer answer)
{
  g_return_val_if_fail (answer < LD_CHECKLIST_N_ANSWERS, "");

  return _(answers[answer].title);
}

const char *
ld_checklist_severity_to_string (LdChecklistSeverity severity)
{
  return severities[MIN (severity, LD_CHECKLIST_SEVERITY_PROHIBITS)];
}

gboolean
ld_checklist_severity_from_string (const char          *text,
                                   LdChecklistSeverity *out_severity)
{
  for (guint i = 0; i < G_N_ELEMENTS (severities); i++)
    if (g_strcmp0 (severities[i], text) == 0)
      {
        *out_severity = i;
        return TRUE;
      }
  return FALSE;
}

const char *
ld_checklist_rating_to_string (LdChecklistRating rating)
{
  return ratings[MIN (rating, LD_CHECKLIST_RATING_PROHIBITED)].name;
}

const char *
ld_checklist_rating_get_title (LdChecklistRating rating)
{
  return _(ratings[MIN (rating, LD_CHECKLIST_RATING_PROHIBITED)].title);
}

gboolean
ld_checklist_section_is_known (const char *section)
{
  return ld_checklist_section_get_title (section) != NULL;
}

/* Returns: (nullable): the section's heading, or %NULL for an unknown one */
const char *
ld_checklist_section_get_title (const char *section)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_strcmp0 (sections[i].name, section) == 0)
      return _(sections[i].title);
  return NULL;
}

gboolean
ld_checklist_indicator_is_known (const char *code)
{
  return code != NULL && g_strv_contains (indicators, code);
}

void
ld_checklist_question_free (LdChecklistQuestion *q)
{
  if (q == NULL)
    return;
  g_free (q->id);
  g_free (q->section);
  g_free (q->text);
  g_free (q->guidance);
  g_free (q->criterion);
  g_free (q->indicator);
  g_free (q);
}

void
ld_checklist_template_free (LdChecklistTemplate *t)
{
  if (t == NULL)
    return;
  g_free (t->title);
  g_clear_pointer (&t->questions, g_ptr_array_unref);
  g_free (t);
}

const LdChecklistQuestion *
ld_checklist_template_find (const LdChecklistTemplate *t,
                            const char                *question_id)
{
  for (guint i = 0; t->questions && i < t->questions->len; i++)
    {
      const LdChecklistQuestion *q = g_ptr_array_index (t->questions, i);

      if (g_strcmp0 (q->id, question_id) == 0)
        return q;
    }
  return NULL;
}

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, LD_CHECKLIST_ERROR, LD_CHECKLIST_ERROR_INVALID_TEMPLATE, message);
  return FALSE;
}

static gboolean
validate_question (const LdChecklistQuestion  *q,
                   guint                       position,
                   GHashTable                 *seen,
                   GError                    **error)
{
  if (q->id == NULL || q->id[0] == '\0')
    return invalid (error, _("Question %u has no id; give every question a unique id."), position);
  if (g_hash_table_contains (seen, q->id))
    return invalid (error, _("Question id “%s” is used twice; every question needs its own id."), q->id);
  g_hash_table_add (seen, q->id);
  if (!ld_checklist_section_is_known (q->section))
    return invalid (error, _("Question “%s” is in the unknown section “%s”; use att-6, att-7, att-11, eu, ecowas or "
                             "national."), q->id, q->section ? q->section : "");
  if (q->text == NULL || q->text[0] == '\0')
    return invalid (error, _("Question “%s” has no text."), q->id);
  if ((q->answers & ~(1u << LD_CHECKLIST_ANSWER_NONE)) == 0)
    return invalid (error, _("Question “%s” takes no answer; list its answers (yes, no, unknown, not_applicable)."),
                    q->id);
  if ((q->risk & ~q->answers) != 0)
    return invalid (error, _("Question “%s” names a risk answer it does not take."), q->id);
  if (q->criterion && ld_refusal_criterion_lookup (q->criterion) == NULL)
    return invalid (error, _("Question “%s” names the unknown refusal criterion “%s”."), q->id, q->criterion);
  if (q->indicator && !ld_checklist_indicator_is_known (q->indicator))
    return invalid (error, _("Question “%s” names the unknown indicator “%s”; the program fills in embargo, sanctions, "
                             "broker, euc, non-state, refusals and quantity."), q->id, q->indicator);
  if (q->indicator && q->risk == 0)
    return invalid (error, _("Question “%s” is filled in from the record but has no risk answer to fill in."), q->id);
  return TRUE;
}

/**
 * ld_checklist_template_validate:
 *
 * Everything a template must hold before the office may use it: a version, at
 * least one question, unique ids, known sections, answers, criteria and
 * indicators.
 */
gboolean
ld_checklist_template_validate (const LdChecklistTemplate  *t,
                                GError                    **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  if (t->version < 1)
    return invalid (error, _("The template has no version; give it a whole number above the versions already in use."));
  if (t->questions == NULL || t->questions->len == 0)
    return invalid (error, _("The template has no questions."));
  for (guint i = 0; i < t->questions->len; i++)
    if (!validate_question (g_ptr_array_index (t->questions, i), i + 1, seen, error))
      return FALSE;
  return TRUE;
}

LdChecklistResponse *
ld_checklist_response_new (const char        *question_id,
                           LdChecklistAnswer  answer,
                           const char        *notes)
{
  LdChecklistResponse *r = g_new0 (LdChecklistResponse, 1);

  r->question_id = g_strdup (question_id);
  r->answer = answer;
  r->notes = g_strdup (notes);
  return r;
}

void
ld_checklist_response_free (LdChecklistResponse *r)
{
  if (r == NULL)
    return;
  g_free (r->question_id);
  g_free (r->notes);
  g_free (r->evidence);
  g_free (r->link);
  g_free (r->answered_by_login);
  g_free (r->answered_at);
  g_free (r);
}

void
ld_checklist_indicator_free (LdChecklistIndicator *i)
{
  if (i == NULL)
    return;
  g_free (i->code);
  g_free (i->evidence);
  g_free (i->link);
  g_free (i);
}

gboolean
ld_checklist_is_risk (const LdChecklistQuestion *q,
                      LdChecklistAnswer          answer)
{
  return answer != LD_CHECKLIST_ANSWER_NONE && (q->risk & (1u << answer)) != 0;
}

/* The answer an indicator that fired fills in: the first risk answer. */
LdChecklistAnswer
ld_checklist_risk_answer (const LdChecklistQuestion *q)
{
  for (LdChecklistAnswer a = LD_CHECKLIST_ANSWER_YES; a < LD_CHECKLIST_N_ANSWERS; a++)
    if (ld_checklist_is_risk (q, a))
      return a;
  return LD_CHECKLIST_ANSWER_NONE;
}

static gboolean
has_text (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));

  return stripped[0] != '\0';
}

static gboolean
needs_evidence (const LdChecklistQuestion *q,
                LdChecklistAnswer          answer)
{
  return q->evidence_required && (ld_checklist_is_risk (q, answer) || answer == LD_CHECKLIST_ANSWER_UNKNOWN);
}

/**
 * ld_checklist_check_response:
 *
 * Whether an officer may give @answer with @notes to @q: the question must
 * take the answer, and a risk (or unknown) answer to a question that needs
 * evidence must say, in @notes, what it rests on.
 */
gboolean
ld_checklist_check_response (const LdChecklistQuestion  *q,
                             LdChecklistAnswer           answer,
                             const char                 *notes,
                             GError                    **error)
{
  if (answer == LD_CHECKLIST_ANSWER_NONE || (q->answers & (1u << answer)) == 0)
    {
      g_set_error (error, LD_CHECKLIST_ERROR, LD_CHECKLIST_ERROR_ANSWER,
                   _("Question “%s” does not take the answer “%s”."), q->id,
                   answer < LD_CHECKLIST_N_ANSWERS ? ld_checklist_answer_get_title (answer) : "?");
      return FALSE;
    }
  if (needs_evidence (q, answer) && !has_text (notes))
    {
      g_set_error (error, LD_CHECKLIST_ERROR, LD_CHECKLIST_ERROR_EVIDENCE,
                   _("The answer “%s” to question “%s” signals a risk and needs written evidence: say in the notes "
                     "what it rests on."), ld_checklist_answer_get_title (answer), q->id);
      return FALSE;
    }
  return TRUE;
}

/* What one answer does to the rating (README.md, "Rating rules"). */
static LdChecklistRating
rating_of_answer (const LdChecklistQuestion *q,
                  LdChecklistAnswer          answer)
{
  if (ld_checklist_is_risk (q, answer))
    return (LdChecklistRating) q->severity;
  /* An unknown answer has not ruled the risk out: it counts one step lower,
   * and an unknown prohibition counts as high. */
  if (answer == LD_CHECKLIST_ANSWER_UNKNOWN)
    return q->severity == LD_CHECKLIST_SEVERITY_PROHIBITS ? LD_CHECKLIST_RATING_HIGH
           : (LdChecklistRating) MIN (q->severity, LD_CHECKLIST_SEVERITY_MEDIUM);
  return LD_CHECKLIST_RATING_LOW;
}

/**
 * ld_checklist_rate:
 * @responses: (element-type utf8 LdChecklistResponse): by question id
 *
 * The overall rating from the answers given so far: the worst answer counts;
 * two or more medium risks together make a high one; a risk answer to an
 * Article 6 question makes the transfer prohibited.
 */
LdChecklistRating
ld_checklist_rate (const LdChecklistTemplate *t,
                   GHashTable                *responses)
{
  LdChecklistRating worst = LD_CHECKLIST_RATING_LOW;
  guint n_medium = 0;

  for (guint i = 0; i < t->questions->len; i++)
    {
      const LdChecklistQuestion *q = g_ptr_array_index (t->questions, i);
      const LdChecklistResponse *r = responses ? g_hash_table_lookup (responses, q->id) : NULL;
      LdChecklistRating rating;

      if (r == NULL)
        continue;
      rating = rating_of_answer (q, r->answer);
      if (rating == LD_CHECKLIST_RATING_MEDIUM && ld_checklist_is_risk (q, r->answer))
        n_medium++;
      worst = MAX (worst, rating);
    }
  if (n_medium >= 2)
    worst = MAX (worst, LD_CHECKLIST_RATING_HIGH);
  return worst;
}

/**
 * ld_checklist_question_gap:
 * @response: (nullable): the answer given, if any
 *
 * Returns: (transfer full) (nullable): why the question keeps the assessment
 *   incomplete, or %NULL when it does not
 */
char *
ld_checklist_question_gap (const LdChecklistQuestion *q,
                           const LdChecklistResponse *r)
{
  if (r == NULL || r->answer == LD_CHECKLIST_ANSWER_NONE)
    return g_strdup_printf (_("Question “%s” is not answered."), q->id);
  if ((q->answers & (1u << r->answer)) == 0)
    return g_strdup_printf (_("Question “%s” does not take the answer “%s”; answer it again."), q->id,
                            ld_checklist_answer_get_title (r->answer));
  if (!r->from_record && needs_evidence (q, r->answer) && !has_text (r->notes))
    return g_strdup_printf (_("Question “%s” is answered “%s” without the written evidence it needs."), q->id,
                            ld_checklist_answer_get_title (r->answer));
  return NULL;
}

/**
 * ld_checklist_list_gaps:
 *
 * Returns: (transfer full) (element-type utf8): one sentence per question
 *   that keeps the assessment incomplete; empty when it is complete
 */
GPtrArray *
ld_checklist_list_gaps (const LdChecklistTemplate *t,
                        GHashTable                *responses)
{
  GPtrArray *gaps = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < t->questions->len; i++)
    {
      const LdChecklistQuestion *q = g_ptr_array_index (t->questions, i);
      char *gap = ld_checklist_question_gap (q, responses ? g_hash_table_lookup (responses, q->id) : NULL);

      if (gap)
        g_ptr_array_add (gaps, gap);
    }
  return gaps;
}

/**
 * ld_checklist_suggest_criteria:
 *
 * The refusal criteria the risk answers support, each once, in template
 * order: what a refusal's criteria field starts from.
 *
 * Returns: (transfer full): the codes, possibly none
 */
GStrv
ld_checklist_suggest_criteria (const LdChecklistTemplate *t,
                               GHashTable                *responses)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < t->questions->len; i++)
    {
      const LdChecklistQuestion *q = g_ptr_array_index (t->questions, i);
      const LdChecklistResponse *r = responses ? g_hash_table_lookup (responses, q->id) : NULL;

      if (r && q->criterion && ld_checklist_is_risk (q, r->answer) && g_hash_table_add (seen, q->criterion))
        g_strv_builder_add (b, q->criterion);
    }
  return g_strv_builder_end (b);
}
