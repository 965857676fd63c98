/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define LD_CHECKLIST_ERROR (ld_checklist_error_quark ())

typedef enum
{
  LD_CHECKLIST_ERROR_INVALID_TEMPLATE,   /* a template file the office cannot use */
  LD_CHECKLIST_ERROR_UNKNOWN_QUESTION,
  LD_CHECKLIST_ERROR_ANSWER,             /* an answer the question does not take */
  LD_CHECKLIST_ERROR_EVIDENCE,           /* a risk answer without the written evidence it needs */
  LD_CHECKLIST_ERROR_FROM_RECORD,        /* an answer the record gives, which no officer overrides */
} LdChecklistError;

/* Stored by name (ld_checklist_answer_to_string), never by number. */
typedef enum
{
  LD_CHECKLIST_ANSWER_NONE,
  LD_CHECKLIST_ANSWER_YES,
  LD_CHECKLIST_ANSWER_NO,
  LD_CHECKLIST_ANSWER_UNKNOWN,
  LD_CHECKLIST_ANSWER_NOT_APPLICABLE,
  LD_CHECKLIST_N_ANSWERS
} LdChecklistAnswer;

/* What a risk answer to a question does to the overall rating. */
typedef enum
{
  LD_CHECKLIST_SEVERITY_LOW,
  LD_CHECKLIST_SEVERITY_MEDIUM,
  LD_CHECKLIST_SEVERITY_HIGH,
  LD_CHECKLIST_SEVERITY_PROHIBITS,   /* ATT Art 6: the transfer may not be authorised */
} LdChecklistSeverity;

/* Ordered: a higher rating is a worse one. */
typedef enum
{
  LD_CHECKLIST_RATING_LOW,
  LD_CHECKLIST_RATING_MEDIUM,
  LD_CHECKLIST_RATING_HIGH,
  LD_CHECKLIST_RATING_PROHIBITED,
} LdChecklistRating;

typedef struct
{
  char                *id;          /* unique in its template, e.g. "att6-embargo" */
  char                *section;     /* att-6, att-7, att-11, eu, ecowas, national */
  char                *text;
  char                *guidance;
  guint                answers;     /* bit (1 << LdChecklistAnswer) per answer it takes */
  guint                risk;        /* the answers that signal risk */
  LdChecklistSeverity  severity;
  gboolean             evidence_required;   /* a risk or unknown answer needs written evidence */
  char                *criterion;   /* (nullable) the refusal criterion code a risk answer supports */
  char                *indicator;   /* (nullable) the indicator the program fills the answer from */
} LdChecklistQuestion;

typedef struct
{
  int        version;
  char      *title;
  GPtrArray *questions;   /* (element-type LdChecklistQuestion) in order */
} LdChecklistTemplate;

/* An answer as the assessment holds it. An answer "from the record" was
 * filled in by an indicator that fired; @evidence then says what was found. */
typedef struct
{
  char              *question_id;
  LdChecklistAnswer  answer;
  char              *notes;
  gboolean           from_record;
  char              *evidence;   /* (nullable) */
  char              *link;       /* (nullable) the record the evidence comes from */
  char              *answered_by_login;
  char              *answered_at;
} LdChecklistResponse;

/* What the program found in the record for one indicator. */
typedef struct
{
  char     *code;       /* embargo, sanctions, broker, euc, non-state, refusals, quantity */
  gboolean  fired;
  char     *evidence;   /* what was found, or what was looked at when nothing was */
  char     *link;       /* (nullable) the record: "application:REF", "euc:NUMBER", "screening-hit:ID", ... */
} LdChecklistIndicator;

GQuark               ld_checklist_error_quark        (void);

const char          *ld_checklist_answer_to_string   (LdChecklistAnswer     answer);
gboolean             ld_checklist_answer_from_string (const char           *text,
                                                      LdChecklistAnswer    *out_answer);
const char          *ld_checklist_answer_get_title   (LdChecklistAnswer     answer);
const char          *ld_checklist_severity_to_string (LdChecklistSeverity   severity);
gboolean             ld_checklist_severity_from_string (const char         *text,
                                                      LdChecklistSeverity  *out_severity);
const char          *ld_checklist_rating_to_string   (LdChecklistRating     rating);
const char          *ld_checklist_rating_get_title   (LdChecklistRating     rating);
gboolean             ld_checklist_section_is_known   (const char           *section);
const char          *ld_checklist_section_get_title  (const char           *section);
gboolean             ld_checklist_indicator_is_known (const char           *code);

void                 ld_checklist_question_free      (LdChecklistQuestion  *question);
void                 ld_checklist_template_free      (LdChecklistTemplate  *template_);
const LdChecklistQuestion *ld_checklist_template_find (const LdChecklistTemplate *template_,
                                                      const char           *question_id);
gboolean             ld_checklist_template_validate  (const LdChecklistTemplate *template_,
                                                      GError              **error);

LdChecklistResponse *ld_checklist_response_new       (const char           *question_id,
                                                      LdChecklistAnswer     answer,
                                                      const char           *notes);
void                 ld_checklist_response_free      (LdChecklistResponse  *response);
void                 ld_checklist_indicator_free     (LdChecklistIndicator *indicator);
gboolean             ld_checklist_is_risk            (const LdChecklistQuestion *question,
                                                      LdChecklistAnswer     answer);
LdChecklistAnswer    ld_checklist_risk_answer        (const LdChecklistQuestion *question);
gboolean             ld_checklist_check_response     (const LdChecklistQuestion *question,
                                                      LdChecklistAnswer     answer,
                                                      const char           *notes,
                                                      GError              **error);

LdChecklistRating    ld_checklist_rate               (const LdChecklistTemplate *template_,
                                                      GHashTable           *responses);
GPtrArray           *ld_checklist_list_gaps          (const LdChecklistTemplate *template_,
                                                      GHashTable           *responses);
char                *ld_checklist_question_gap       (const LdChecklistQuestion *question,
                                                      const LdChecklistResponse *response);
GStrv                ld_checklist_suggest_criteria   (const LdChecklistTemplate *template_,
                                                      GHashTable           *responses);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdChecklistTemplate, ld_checklist_template_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdChecklistResponse, ld_checklist_response_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (LdChecklistIndicator, ld_checklist_indicator_free)

G_END_DECLS
