/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "ld-checklist-repo.h"

G_BEGIN_DECLS

#define LD_TYPE_ASSESSMENT_PAGE (ld_assessment_page_get_type ())
G_DECLARE_FINAL_TYPE (LdAssessmentPage, ld_assessment_page, LD, ASSESSMENT_PAGE, GtkWidget)

GtkWidget        *ld_assessment_page_new           (LdStore          *store,
                                                    const LdActor    *actor,
                                                    const char       *case_id);
void              ld_assessment_page_present       (GtkWidget        *parent,
                                                    LdStore          *store,
                                                    const LdActor    *actor,
                                                    const char       *case_id);
gboolean          ld_assessment_page_is_busy       (LdAssessmentPage *self);
const LdChecklistAssessment *ld_assessment_page_get_assessment (LdAssessmentPage *self);
LdChecklistRating ld_assessment_page_get_rating    (LdAssessmentPage *self);
guint             ld_assessment_page_get_n_gaps    (LdAssessmentPage *self);
const char       *ld_assessment_page_get_error     (LdAssessmentPage *self);
const char       *ld_assessment_page_get_case_status (LdAssessmentPage *self);
GtkDropDown      *ld_assessment_page_get_answer    (LdAssessmentPage *self,
                                                    const char       *question_id);
GtkEditable      *ld_assessment_page_get_notes     (LdAssessmentPage *self,
                                                    const char       *question_id);
GtkWidget        *ld_assessment_page_get_gap_label (LdAssessmentPage *self,
                                                    const char       *question_id);
gboolean          ld_assessment_page_set_answer    (LdAssessmentPage *self,
                                                    const char       *question_id,
                                                    LdChecklistAnswer answer);
GtkWidget        *ld_assessment_page_get_button    (LdAssessmentPage *self,
                                                    const char       *name);
GtkEditable      *ld_assessment_page_get_field     (LdAssessmentPage *self,
                                                    const char       *name);
char             *ld_assessment_page_printable_text (LdAssessmentPage *self);

G_END_DECLS
