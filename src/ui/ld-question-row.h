/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define LD_TYPE_QUESTION_ROW (ld_question_row_get_type ())
G_DECLARE_FINAL_TYPE (LdQuestionRow, ld_question_row, LD, QUESTION_ROW, GtkWidget)

GtkWidget   *ld_question_row_new        (const char    *section,
                                         const char    *title,
                                         const char    *guidance,
                                         const char    *evidence,
                                         GListModel    *answers,
                                         guint          selected,
                                         const char    *notes);
GtkDropDown *ld_question_row_get_answer (LdQuestionRow *self);
GtkEditable *ld_question_row_get_notes  (LdQuestionRow *self);
GtkWidget   *ld_question_row_get_card   (LdQuestionRow *self);
GtkWidget   *ld_question_row_get_gap    (LdQuestionRow *self);

G_END_DECLS
