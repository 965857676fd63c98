/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "ld-case-page.h"

G_BEGIN_DECLS

/* Shared by ld-case-page.c and ld-case-page-actions.c. */
struct _LdCasePage
{
  GtkWidget      parent_instance;

  /* template children */
  GtkWidget     *scroller;
  GtkWidget     *content;
  GtkLabel      *title;
  GtkLabel      *subtitle;
  GtkLabel      *amendment_label;
  GtkLabel      *error_label;
  GtkWidget     *steps_box;
  GtkWidget     *step_buttons[LD_CASE_N_ACTIONS];
  GtkWidget     *issue_button;  /* an approved case becomes a licence */
  GtkWidget     *amend_button;
  GtkLabel      *licence_label;
  GtkWidget     *issue_terms;   /* validity and conditions, beside the button */
  GtkEditable   *issue_fields[4];  /* valid from, valid until, condition codes, a written condition */
  GtkWidget     *gate_box;      /* next to the steps: why a step is held back */
  GtkLabel      *gate_titles[2];
  GtkLabel      *gate_lists[2];
  GtkEditable   *note_entry;    /* a step's note: the information asked for or answered, why withdrawn */
  GtkEditable   *criteria_entry;
  GtkEditable   *rationale_entry;
  GtkWidget     *print_button;  /* refused cases: the refusal notice */
  GtkWidget     *amend_group;
  GtkEditable   *amend_fields[5]; /* end use, EUC reference, contract reference, delivery schedule, validity */
  GtkEditable   *amend_reason;
  GtkLabel      *amend_error;
  GtkDropDown   *document_kind;
  GtkLabel      *documents_error;
  GtkListBox    *documents_list;
  GtkWidget     *no_documents;
  GListStore    *document_lines; /* (element-type LdDetailLine) the documents, with their ids as targets */
  GtkWidget     *compare_group;  /* two versions side by side, after Compare */
  GtkWidget     *route_group;
  GtkWidget     *items_group;
  GtkWidget     *screening_group;
  GtkWidget     *history_group;
  GtkLabel      *compare_older;
  GtkLabel      *compare_newer;
  GtkLabel      *route_label;
  GtkLabel      *flags_label;
  GtkLabel      *screening_note;
  GtkLabel      *screening_run;
  GtkWidget     *screen_row;     /* while the current version is unscreened */
  GtkLabel      *screen_why;
  GtkWidget     *screen_button;
  GtkListBox    *hits_list;
  GtkListBox    *changes_list;
  GtkListBox    *parties_list;
  GtkListBox    *items_list;
  GtkListBox    *history_list;
  /* The lists under the steps, refilled on every load; their rows are
   * templates (LdDetailRow, LdCaseHitRow). */
  GListStore    *changes;        /* (element-type LdDetailLine) */
  GListStore    *parties;        /* (element-type LdDetailLine) */
  GListStore    *items;          /* (element-type LdDetailLine) */
  GListStore    *history;        /* (element-type LdDetailLine) */
  GListStore    *hits;           /* (element-type LdCaseHit) */

  GPtrArray     *unmet_approval;  /* (nullable) what the decision gate still waits for */
  GPtrArray     *unmet_refusal;
  char          *licence_number; /* (nullable) the licence issued for the case */
  gboolean       licence_pending; /* its issue waits for the central database's number */
  GPtrArray     *documents;      /* (element-type LdCaseDocument) (nullable) */
  char          *opened_document; /* the copy last handed to a viewer */

  LdStore       *store;
  LdActor       *actor;
  LdCaseRecord  *record;
  GCancellable  *cancellable;
  char          *error;
  guint          n_compared;
  gboolean       busy;
  gboolean       documents_busy;
  gboolean       printing;
  gboolean       amending;
  gboolean       step_pending;   /* the load under way takes a step */
};

void         _ld_case_page_class_install_actions (GtkWidgetClass *klass);
void         _ld_case_page_update_actions        (LdCasePage     *self);
void         _ld_case_page_take_step             (LdCasePage     *self,
                                                  LdCaseAction    action);
void         _ld_case_page_issue                 (LdCasePage     *self);
void         _ld_case_page_screen                (LdCasePage     *self);
void         _ld_case_page_open_assessment       (LdCasePage     *self);
void         _ld_case_page_begin_amendment       (LdCasePage     *self);
void         _ld_case_page_cancel_amendment      (LdCasePage     *self);
void         _ld_case_page_save_amendment        (LdCasePage     *self);
void         _ld_case_page_choose_document       (LdCasePage     *self);
void         _ld_case_page_review_hit            (LdCasePage     *self,
                                                  const char     *hit_id,
                                                  gboolean        true_match,
                                                  const char     *reason);
void         _ld_case_page_write_exemption       (LdCasePage     *self,
                                                  const char     *embargo_id,
                                                  const char     *resolution,
                                                  const char     *paragraph);
void         _ld_case_page_open_document         (LdCasePage     *self,
                                                  const char     *attachment_id);

/* For the tests: what a person does through a dialog or a button. */
void         _ld_case_page_attach_file           (LdCasePage     *self,
                                                  GFile          *file);
const char  *_ld_case_page_get_opened_document   (LdCasePage     *self);
guint        _ld_case_page_get_n_documents       (LdCasePage     *self);
const char  *_ld_case_page_get_documents_error   (LdCasePage     *self);
const char  *_ld_case_page_get_amend_error       (LdCasePage     *self);
GtkEditable *_ld_case_page_get_amend_field       (LdCasePage     *self,
                                                  guint           index);
GtkEditable *_ld_case_page_get_amend_reason      (LdCasePage     *self);
GtkEditable *_ld_case_page_get_note_entry        (LdCasePage     *self);

GtkWidget   *ld_case_page_get_screen_button      (LdCasePage     *self);
GtkWidget   *ld_case_page_get_issue_button       (LdCasePage     *self);
GtkWidget   *ld_case_page_get_step_button        (LdCasePage     *self,
                                                  LdCaseAction    action);
void         ld_case_page_set_refusal            (LdCasePage     *self,
                                                  const char     *criteria,
                                                  const char     *rationale);
guint        ld_case_page_get_n_compared         (LdCasePage     *self);
GtkWidget   *ld_case_page_get_print_button       (LdCasePage     *self);

G_END_DECLS
