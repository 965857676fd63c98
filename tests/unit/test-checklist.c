/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The checklist engine (src/core/ld-checklist.c): what a template must hold,
 * what keeps an assessment incomplete, and the rating rules of README.md. */
#include "config.h"

#include <string.h>

#include "ld-checklist.h"

#define BIT(a) (1u << LD_CHECKLIST_ANSWER_##a)

static LdChecklistQuestion *
question (const char          *id,
          const char          *section,
          LdChecklistSeverity  severity,
          const char          *criterion)
{
  LdChecklistQuestion *q = g_new0 (LdChecklistQuestion, 1);

  q->id = g_strdup (id);
  q->section = g_strdup (section);
  q->text = g_strdup ("Is there a risk?");
  q->answers = BIT (YES) | BIT (NO) | BIT (UNKNOWN);
  q->risk = BIT (YES);
  q->severity = severity;
  q->evidence_required = TRUE;
  q->criterion = g_strdup (criterion);
  return q;
}

static LdChecklistTemplate *
template_new (void)
{
  LdChecklistTemplate *t = g_new0 (LdChecklistTemplate, 1);

  t->version = 1;
  t->title = g_strdup ("Test");
  t->questions = g_ptr_array_new_with_free_func ((GDestroyNotify) ld_checklist_question_free);
  g_ptr_array_add (t->questions, question ("art6", "att-6", LD_CHECKLIST_SEVERITY_PROHIBITS, "ATT-6.1"));
  g_ptr_array_add (t->questions, question ("gbv", "att-7", LD_CHECKLIST_SEVERITY_HIGH, "ATT-7.4"));
  g_ptr_array_add (t->questions, question ("route", "att-11", LD_CHECKLIST_SEVERITY_MEDIUM, "ATT-11"));
  g_ptr_array_add (t->questions, question ("qty", "att-11", LD_CHECKLIST_SEVERITY_MEDIUM, "EU-7"));
  return t;
}

static void
answer (GHashTable        *responses,
        const char        *id,
        LdChecklistAnswer  a,
        const char        *notes)
{
  LdChecklistResponse *r = ld_checklist_response_new (id, a, notes);

  g_hash_table_replace (responses, r->question_id, r);
}

static GHashTable *
all_no (void)
{
  GHashTable *responses = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                 (GDestroyNotify) ld_checklist_response_free);

  answer (responses, "art6", LD_CHECKLIST_ANSWER_NO, NULL);
  answer (responses, "gbv", LD_CHECKLIST_ANSWER_NO, NULL);
  answer (responses, "route", LD_CHECKLIST_ANSWER_NO, NULL);
  answer (responses, "qty", LD_CHECKLIST_ANSWER_NO, NULL);
  return responses;
}

static void
test_rating_rules (void)
{
  g_autoptr(LdChecklistTemplate) t = template_new ();
  g_autoptr(GHashTable) r = all_no ();
  g_autoptr(GPtrArray) gaps = NULL;
  g_auto(GStrv) criteria = NULL;

  g_assert_cmpint (ld_checklist_rate (t, r), ==, LD_CHECKLIST_RATING_LOW);
  answer (r, "route", LD_CHECKLIST_ANSWER_YES, "Transit through a known trafficking hub");
  g_assert_cmpint (ld_checklist_rate (t, r), ==, LD_CHECKLIST_RATING_MEDIUM);
  /* Two medium risks together are a high one. */
  answer (r, "qty", LD_CHECKLIST_ANSWER_YES, "Ten times last year's order");
  g_assert_cmpint (ld_checklist_rate (t, r), ==, LD_CHECKLIST_RATING_HIGH);
  criteria = ld_checklist_suggest_criteria (t, r);
  g_assert_cmpstrv (criteria, ((const char *[]) { "ATT-11", "EU-7", NULL }));
  /* An unknown Article 6 answer has not ruled the prohibition out. */
  answer (r, "route", LD_CHECKLIST_ANSWER_NO, NULL);
  answer (r, "qty", LD_CHECKLIST_ANSWER_NO, NULL);
  answer (r, "art6", LD_CHECKLIST_ANSWER_UNKNOWN, "No answer from the embassy yet");
  g_assert_cmpint (ld_checklist_rate (t, r), ==, LD_CHECKLIST_RATING_HIGH);
  /* Any Article 6 "yes" prohibits the transfer. */
  answer (r, "art6", LD_CHECKLIST_ANSWER_YES, "Embargoed destination");
  g_assert_cmpint (ld_checklist_rate (t, r), ==, LD_CHECKLIST_RATING_PROHIBITED);
  gaps = ld_checklist_list_gaps (t, r);
  g_assert_cmpuint (gaps->len, ==, 0);
}

static void
test_gaps (void)
{
  g_autoptr(LdChecklistTemplate) t = template_new ();
  g_autoptr(GHashTable) r = all_no ();
  g_autoptr(GPtrArray) gaps = NULL;
  g_autoptr(GError) error = NULL;

  g_hash_table_remove (r, "gbv");
  answer (r, "route", LD_CHECKLIST_ANSWER_YES, "  ");
  gaps = ld_checklist_list_gaps (t, r);
  g_assert_cmpuint (gaps->len, ==, 2);
  g_assert_nonnull (strstr (gaps->pdata[0], "“gbv” is not answered"));
  g_assert_nonnull (strstr (gaps->pdata[1], "without the written evidence"));
  /* The same answer is refused when it is given. */
  g_assert_false (ld_checklist_check_response (t->questions->pdata[2], LD_CHECKLIST_ANSWER_YES, " ", &error));
  g_assert_error (error, LD_CHECKLIST_ERROR, LD_CHECKLIST_ERROR_EVIDENCE);
  g_clear_error (&error);
  g_assert_false (ld_checklist_check_response (t->questions->pdata[2], LD_CHECKLIST_ANSWER_NOT_APPLICABLE, NULL,
                                               &error));
  g_assert_error (error, LD_CHECKLIST_ERROR, LD_CHECKLIST_ERROR_ANSWER);
  g_clear_error (&error);
  g_assert_true (ld_checklist_check_response (t->questions->pdata[2], LD_CHECKLIST_ANSWER_NO, NULL, &error));
}

static void
test_validate (void)
{
  g_autoptr(LdChecklistTemplate) t = template_new ();
  LdChecklistQuestion *q;
  g_autoptr(GError) error = NULL;

  g_assert_true (ld_checklist_template_validate (t, &error));
  q = t->questions->pdata[3];
  g_free (q->id);
  q->id = g_strdup ("route");
  g_assert_false (ld_checklist_template_validate (t, &error));
  g_assert_error (error, LD_CHECKLIST_ERROR, LD_CHECKLIST_ERROR_INVALID_TEMPLATE);
  g_assert_nonnull (strstr (error->message, "“route” is used twice"));
  g_clear_error (&error);
  g_free (q->id);
  q->id = g_strdup ("qty");
  q->criterion = g_strdup ("EU-99");
  g_assert_false (ld_checklist_template_validate (t, &error));
  g_assert_nonnull (strstr (error->message, "EU-99"));
  g_clear_error (&error);
  t->version = 0;
  g_assert_false (ld_checklist_template_validate (t, &error));
  g_assert_nonnull (strstr (error->message, "no version"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/checklist/rating-rules", test_rating_rules);
  g_test_add_func ("/checklist/gaps", test_gaps);
  g_test_add_func ("/checklist/validate", test_validate);
  return g_test_run ();
}
