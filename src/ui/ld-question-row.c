/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-question-row"

#include "config.h"

#include "ld-question-row.h"
#include "ld-ui.h"

/* One question of the diversion-risk assessment (ui/ld-question-row.ui):
 * the section heading above the first question of a section, then a card
 * with the question, its guidance, what the record already answers, the
 * answer and the notes, and under them what is still missing. The
 * assessment page fills it and reads the answer back. */
struct _LdQuestionRow
{
  GtkWidget    parent_instance;

  GtkLabel    *section;
  GtkWidget   *card;
  GtkLabel    *title;
  GtkLabel    *guidance;
  GtkLabel    *evidence;
  GtkDropDown *answer;
  GtkEditable *notes;
  GtkWidget   *gap;
};

G_DEFINE_FINAL_TYPE (LdQuestionRow, ld_question_row, GTK_TYPE_WIDGET)

static void
ld_question_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), LD_TYPE_QUESTION_ROW);
  G_OBJECT_CLASS (ld_question_row_parent_class)->dispose (object);
}

static void
ld_question_row_class_init (LdQuestionRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = ld_question_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/licencedesk/LicenceDesk/ld-question-row.ui");
  gtk_widget_class_bind_template_child (widget_class, LdQuestionRow, section);
  gtk_widget_class_bind_template_child (widget_class, LdQuestionRow, card);
  gtk_widget_class_bind_template_child (widget_class, LdQuestionRow, title);
  gtk_widget_class_bind_template_child (widget_class, LdQuestionRow, guidance);
  gtk_widget_class_bind_template_child (widget_class, LdQuestionRow, evidence);
  gtk_widget_class_bind_template_child (widget_class, LdQuestionRow, answer);
  gtk_widget_class_bind_template_child (widget_class, LdQuestionRow, notes);
  gtk_widget_class_bind_template_child (widget_class, LdQuestionRow, gap);
}

static void
ld_question_row_init (LdQuestionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * ld_question_row_new:
 * @section: (nullable): the section's title, above its first question only
 * @title: the question
 * @guidance: (nullable): how to answer it
 * @evidence: (nullable): what the record says, when the record answers it;
 *   such an answer is corrected in the record, so the drop-down is insensitive
 * @answers: (element-type GtkStringObject): the answers offered, in order
 * @selected: the position of the stored answer
 * @notes: (nullable): the notes stored with it
 *
 * Returns: (transfer floating): the question's row
 */
GtkWidget *
ld_question_row_new (const char *section,
                     const char *title,
                     const char *guidance,
                     const char *evidence,
                     GListModel *answers,
                     guint       selected,
                     const char *notes)
{
  LdQuestionRow *self = g_object_new (LD_TYPE_QUESTION_ROW, NULL);

  ld_ui_label_say (self->section, section);
  ld_ui_label_say (self->title, title);
  ld_ui_label_say (self->guidance, guidance);
  ld_ui_label_say (self->evidence, evidence);
  gtk_drop_down_set_model (self->answer, answers);
  gtk_drop_down_set_selected (self->answer, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (self->answer), evidence == NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->answer), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gtk_editable_set_text (self->notes, notes ? notes : "");
  return GTK_WIDGET (self);
}

GtkDropDown *
ld_question_row_get_answer (LdQuestionRow *self)
{
  g_return_val_if_fail (LD_IS_QUESTION_ROW (self), NULL);
  return self->answer;
}

GtkEditable *
ld_question_row_get_notes (LdQuestionRow *self)
{
  g_return_val_if_fail (LD_IS_QUESTION_ROW (self), NULL);
  return self->notes;
}

/* The card, which the page marks while the answer is incomplete. */
GtkWidget *
ld_question_row_get_card (LdQuestionRow *self)
{
  g_return_val_if_fail (LD_IS_QUESTION_ROW (self), NULL);
  return self->card;
}

GtkWidget *
ld_question_row_get_gap (LdQuestionRow *self)
{
  g_return_val_if_fail (LD_IS_QUESTION_ROW (self), NULL);
  return self->gap;
}
