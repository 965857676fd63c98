/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "ld-case-page"

#include "config.h"

#include "ld-case-page-private.h"

/* The case page's actions: one per workflow step and one per thing an
 * officer does on the page. update_actions() alone decides what is enabled,
 * and the buttons in ui/ld-case-page.ui follow. */

static const struct
{
  const char   *name;
  LdCaseAction  action;
} steps[] = {
  { "case.submit", LD_CASE_ACTION_SUBMIT },
  { "case.assess", LD_CASE_ACTION_ASSESS },
  { "case.request-info", LD_CASE_ACTION_REQUEST_INFO },
  { "case.answer-info", LD_CASE_ACTION_ANSWER_INFO },
  { "case.recommend-approval", LD_CASE_ACTION_RECOMMEND_APPROVAL },
  { "case.recommend-refusal", LD_CASE_ACTION_RECOMMEND_REFUSAL },
  { "case.approve", LD_CASE_ACTION_APPROVE },
  { "case.refuse", LD_CASE_ACTION_REFUSE },
  { "case.withdraw", LD_CASE_ACTION_WITHDRAW },
};

static void
step_activated (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_str_equal (steps[i].name, action_name))
      _ld_case_page_take_step (LD_CASE_PAGE (widget), steps[i].action);
}

/* Ctrl+I: asks for information while the case is assessed, records the
 * answer while it waits for one; the note field says what. */
static void
information_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  LdCasePage *self = LD_CASE_PAGE (widget);
  LdCaseAction step = self->record != NULL && self->record->status == LD_CASE_STATUS_INFORMATION_REQUESTED
                      ? LD_CASE_ACTION_ANSWER_INFO : LD_CASE_ACTION_REQUEST_INFO;

  _ld_case_page_take_step (self, step);
}

static void
issue_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  _ld_case_page_issue (LD_CASE_PAGE (widget));
}

static void
print_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  ld_case_page_print_refusal (LD_CASE_PAGE (widget), NULL, NULL);
}

static void
screen_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  _ld_case_page_screen (LD_CASE_PAGE (widget));
}

static void
assessment_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  _ld_case_page_open_assessment (LD_CASE_PAGE (widget));
}

static void
amend_activated (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  _ld_case_page_begin_amendment (LD_CASE_PAGE (widget));
}

static void
save_amendment_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  _ld_case_page_save_amendment (LD_CASE_PAGE (widget));
}

static void
cancel_amendment_activated (GtkWidget  *widget,
                            const char *action_name,
                            GVariant   *parameter)
{
  _ld_case_page_cancel_amendment (LD_CASE_PAGE (widget));
}

static void
attach_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  _ld_case_page_choose_document (LD_CASE_PAGE (widget));
}

static void
attach_file_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  _ld_case_page_attach_file (LD_CASE_PAGE (widget), file);
}

static void
open_document_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  _ld_case_page_open_document (LD_CASE_PAGE (widget), g_variant_get_string (parameter, NULL));
}

/* From a hit's row (LdCaseHitRow): the hit, the verdict and the reason. */
static void
review_hit_activated (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  const char *hit_id, *reason;
  gboolean true_match;

  g_variant_get (parameter, "(&sb&s)", &hit_id, &true_match, &reason);
  _ld_case_page_review_hit (LD_CASE_PAGE (widget), hit_id, true_match, reason);
}

static void
write_exemption_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  const char *embargo_id, *resolution, *paragraph;

  g_variant_get (parameter, "(&s&s&s)", &embargo_id, &resolution, &paragraph);
  _ld_case_page_write_exemption (LD_CASE_PAGE (widget), embargo_id, resolution, paragraph);
}

static void
confirm_exemption_activated (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *parameter)
{
  _ld_case_page_write_exemption (LD_CASE_PAGE (widget), g_variant_get_string (parameter, NULL), NULL, NULL);
}

void
_ld_case_page_class_install_actions (GtkWidgetClass *klass)
{
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    gtk_widget_class_install_action (klass, steps[i].name, NULL, step_activated);
  gtk_widget_class_install_action (klass, "case.issue-licence", NULL, issue_activated);
  gtk_widget_class_install_action (klass, "case.print-refusal", NULL, print_activated);
  gtk_widget_class_install_action (klass, "case.screen", NULL, screen_activated);
  gtk_widget_class_install_action (klass, "case.assessment", NULL, assessment_activated);
  gtk_widget_class_install_action (klass, "case.amend", NULL, amend_activated);
  gtk_widget_class_install_action (klass, "case.save-amendment", NULL, save_amendment_activated);
  gtk_widget_class_install_action (klass, "case.cancel-amendment", NULL, cancel_amendment_activated);
  gtk_widget_class_install_action (klass, "case.attach", NULL, attach_activated);
  gtk_widget_class_install_action (klass, "case.attach-file", "s", attach_file_activated);
  gtk_widget_class_install_action (klass, "case.open-document", "s", open_document_activated);
  gtk_widget_class_install_action (klass, "case.information", NULL, information_activated);
  gtk_widget_class_install_action (klass, "hit.review", "(sbs)", review_hit_activated);
  gtk_widget_class_install_action (klass, "hit.write-exemption", "(sss)", write_exemption_activated);
  gtk_widget_class_install_action (klass, "hit.confirm-exemption", "s", confirm_exemption_activated);
  /* The keys officers expect; each is listed in ui/gtk/help-overlay.ui. A
   * disabled action lets the key go on to the window. Withdrawing has no
   * key: it cannot be undone. */
  gtk_widget_class_add_binding_action (klass, GDK_KEY_Escape, 0, "case.cancel-amendment", NULL);
  gtk_widget_class_add_binding_action (klass, GDK_KEY_e, GDK_CONTROL_MASK, "case.amend", NULL);
  gtk_widget_class_add_binding_action (klass, GDK_KEY_s, GDK_CONTROL_MASK, "case.save-amendment", NULL);
  gtk_widget_class_add_binding_action (klass, GDK_KEY_i, GDK_CONTROL_MASK, "case.information", NULL);
  gtk_widget_class_add_binding_action (klass, GDK_KEY_o, GDK_CONTROL_MASK, "case.attach", NULL);
  gtk_widget_class_add_binding_action (klass, GDK_KEY_p, GDK_CONTROL_MASK, "case.print-refusal", NULL);
}

static gboolean
may (LdCasePage   *self,
     LdPermission  permission)
{
  return self->actor != NULL && ld_role_can (self->actor->role, permission);
}

/* A step is enabled when the case's current version allows it, the person
 * holds its permission, nothing is under way and the decision gate does not
 * hold it back (the page lists why beside it). */
static gboolean
step_enabled (LdCasePage   *self,
              LdCaseAction  action)
{
  GPtrArray *unmet = NULL;

  if (action == LD_CASE_ACTION_RECOMMEND_APPROVAL || action == LD_CASE_ACTION_APPROVE)
    unmet = self->unmet_approval;
  else if (action == LD_CASE_ACTION_RECOMMEND_REFUSAL || action == LD_CASE_ACTION_REFUSE)
    unmet = self->unmet_refusal;
  return self->record != NULL && !self->busy && self->record->version == self->record->current_version &&
         ld_case_action_get_target (self->record->status, action, NULL) &&
         may (self, ld_case_action_get_permission (action)) && (unmet == NULL || unmet->len == 0);
}

void
_ld_case_page_update_actions (LdCasePage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  const LdCaseRecord *r = self->record;
  gboolean current = r != NULL && r->version == r->current_version;
  gboolean open = current && ld_case_status_is_open (r->status) && r->status != LD_CASE_STATUS_WITHDRAWN;
  gboolean editor = may (self, LD_PERMISSION_EDIT_APPLICATIONS);

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    gtk_widget_action_set_enabled (widget, steps[i].name, step_enabled (self, steps[i].action));
  gtk_widget_action_set_enabled (widget, "case.issue-licence",
                                 current && r->status == LD_CASE_STATUS_APPROVED && !self->busy &&
                                 self->licence_number == NULL && may (self, LD_PERMISSION_ISSUE_LICENCES));
  gtk_widget_action_set_enabled (widget, "case.print-refusal",
                                 r != NULL && r->status == LD_CASE_STATUS_REFUSED && !self->busy && !self->printing);
  gtk_widget_action_set_enabled (widget, "case.screen", r != NULL && !self->busy && self->actor != NULL);
  gtk_widget_action_set_enabled (widget, "case.assessment", r != NULL);
  gtk_widget_action_set_enabled (widget, "hit.review",
                                 r != NULL && !self->busy && may (self, LD_PERMISSION_ASSESS_APPLICATIONS));
  gtk_widget_action_set_enabled (widget, "hit.write-exemption", r != NULL && !self->busy && self->actor != NULL);
  gtk_widget_action_set_enabled (widget, "hit.confirm-exemption", r != NULL && !self->busy && self->actor != NULL);
  gtk_widget_action_set_enabled (widget, "case.information",
                                 step_enabled (self, LD_CASE_ACTION_REQUEST_INFO) ||
                                 step_enabled (self, LD_CASE_ACTION_ANSWER_INFO));
  gtk_widget_action_set_enabled (widget, "case.amend", open && editor && !self->busy && !self->amending);
  gtk_widget_action_set_enabled (widget, "case.save-amendment", open && editor && !self->busy && self->amending);
  gtk_widget_action_set_enabled (widget, "case.cancel-amendment", self->amending && !self->busy);
  gtk_widget_action_set_enabled (widget, "case.attach", r != NULL && editor && !self->documents_busy);
  gtk_widget_action_set_enabled (widget, "case.attach-file", r != NULL && editor && !self->documents_busy);
  gtk_widget_action_set_enabled (widget, "case.open-document", r != NULL && !self->documents_busy);
}
